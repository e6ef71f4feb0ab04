"""R2 recruitment specs: the criteria a pipeline hires against.

An R2 file is YAML::

    pipeline: ai-engineer
    title: AI Engineer (LLM applications)
    hiring_manager: {name: Ken Morita, email: ken.morita@example.com}
    recruiter: {name: Lena Brandt, email: lena.brandt@example.com}
    criteria:
      - {key: python_years, text: 3+ years of Python., kind: must}

``load_r2(path)`` returns an :class:`R2Spec`; errors name the file and the field.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mailagent.errors import ImportDataError
from mailagent.files import read_text

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class CriterionKind(StrEnum):
    MUST = "must"
    NICE = "nice"


class Criterion(BaseModel):
    """One R2 criterion, e.g. ``Criterion(key="terraform", text="Infrastructure as code
    with Terraform.", kind="must")``."""

    model_config = ConfigDict(frozen=True)

    key: str
    text: str = Field(min_length=1)
    kind: CriterionKind = CriterionKind.MUST

    @field_validator("key")
    @classmethod
    def _key_is_slug(cls, value: str) -> str:
        if not KEY_RE.match(value):
            raise ValueError(f"criterion key {value!r} must be lower_snake_case")
        return value


class Person(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    email: str

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        value = value.strip().lower()
        if not EMAIL_RE.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value


class R2Spec(BaseModel):
    """A pipeline and its current criteria, as imported or as amended."""

    model_config = ConfigDict(frozen=True)

    pipeline: str
    title: str
    hiring_manager: Person
    recruiter: Person
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("pipeline")
    @classmethod
    def _pipeline_is_slug(cls, value: str) -> str:
        if not re.match(r"^[a-z0-9][a-z0-9_-]*$", value):
            raise ValueError(f"pipeline id {value!r} must be a lower-case slug")
        return value

    @field_validator("criteria")
    @classmethod
    def _unique_keys(cls, value: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        keys = [c.key for c in value]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate criterion keys: {', '.join(dupes)}")
        return value

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)


def parse_r2(data: Any, *, source: str) -> R2Spec:
    """Validate already-loaded YAML data; errors read ``source: field: reason``."""
    try:
        return R2Spec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise ImportDataError(f"{source}: {where}: {first['msg']}") from exc


def load_r2(path: Path) -> R2Spec:
    """Read one R2 YAML file."""
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise ImportDataError(f"{where}: invalid YAML") from exc
    if not isinstance(data, dict):
        raise ImportDataError(f"{path}: expected a mapping at the top level")
    return parse_r2(data, source=str(path))
