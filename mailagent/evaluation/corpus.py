"""Load a labelled feedback corpus: R2s, resumes, single-reply cases and scenarios.

The layout is the one of ``../shared/eval`` (see its README)::

    r2/*.yaml  resumes/*.txt  cases.yaml  scenarios.yaml

>>> corpus = load_corpus(Path("tests/data/corpora/data-eng"))  # doctest: +SKIP
>>> corpus.cases[0].id, corpus.cases[0].expect.action
('de01', 'follow_up')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mailagent.dialogue.brain import BrainContext, Decision, Issue
from mailagent.errors import ImportDataError
from mailagent.r2.resume import read_resume_file
from mailagent.r2.spec import R2Spec, load_r2

ACTIONS = ("follow_up", "push_back", "escalate", "complete")


class Expect(BaseModel):
    """What a case should produce."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issues: tuple[Issue, ...] = ()
    criteria: tuple[str, ...] = ()
    action: str
    off_r2: str | None = None
    evidence: tuple[str, ...] = ()

    @field_validator("evidence", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("action")
    @classmethod
    def _known_action(cls, value: str) -> str:
        if value not in ACTIONS:
            raise ValueError(f"action {value!r} is not one of {', '.join(ACTIONS)}")
        return value


class Case(BaseModel):
    """One labelled hiring-manager reply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    pipeline: str
    candidate: str
    decision: Decision
    message: str
    expect: Expect


class Scenario(BaseModel):
    """A scripted conversation; played through the engine by the engine's tests."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    title: str = ""
    pipeline: str
    candidate: str
    decision: Decision
    replies: tuple[str, ...] = Field(min_length=1)
    expect: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class Corpus:
    """Everything in one corpus directory."""

    root: Path
    as_of: date
    r2s: dict[str, R2Spec]
    resumes: dict[str, str]
    cases: tuple[Case, ...]
    scenarios: tuple[Scenario, ...] = field(default_factory=tuple)

    def context(self, case: Case) -> BrainContext:
        """What a brain is given for one case's reply, on a fresh thread."""
        spec = self.r2s[case.pipeline]
        return BrainContext(
            pipeline_title=spec.title,
            criteria=spec.criteria,
            candidate_name=case.candidate,
            resume_text=self.resumes[case.candidate],
            reply_text=case.message,
            as_of=self.as_of,
            stated_decision=case.decision,
        )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ImportDataError(f"{where}: invalid YAML") from exc
    if not isinstance(data, dict):
        raise ImportDataError(f"{path}: expected a mapping at the top level")
    return data


def _as_of(data: dict[str, Any], path: Path) -> date:
    value = data.get("as_of")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ImportDataError(f"{path}: as_of: expected a date like 2025-06-01") from exc


def _items(data: dict[str, Any], key: str, model: type[BaseModel], path: Path) -> list[Any]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise ImportDataError(f"{path}: {key}: expected a list")
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            ident = item.get("id", i) if isinstance(item, dict) else i
            raise ImportDataError(f"{path}: {key}[{ident}].{where}: {first['msg']}") from exc
    return out


def load_corpus(root: Path) -> Corpus:
    """Load and cross-check one corpus directory; errors name the file."""
    r2s: dict[str, R2Spec] = {}
    for path in sorted((root / "r2").glob("*.yaml")):
        spec = load_r2(path)
        r2s[spec.pipeline] = spec
    resumes = {
        p.stem: read_resume_file(p)
        for p in sorted((root / "resumes").iterdir())
        if p.suffix.lower() in (".txt", ".pdf", ".docx")
    } if (root / "resumes").is_dir() else {}
    cases_path = root / "cases.yaml"
    data = _read_yaml(cases_path)
    as_of = _as_of(data, cases_path)
    cases: list[Case] = _items(data, "cases", Case, cases_path)
    for case in cases:
        found = r2s.get(case.pipeline)
        if found is None:
            raise ImportDataError(f"{cases_path}: case {case.id}: unknown pipeline {case.pipeline}")
        if case.candidate not in resumes:
            raise ImportDataError(f"{cases_path}: case {case.id}: no resume {case.candidate}")
        unknown = [k for k in case.expect.criteria if k not in found.keys]
        if unknown:
            raise ImportDataError(
                f"{cases_path}: case {case.id}: criteria not in {case.pipeline}: {unknown}"
            )
    scenarios: list[Scenario] = []
    scenarios_path = root / "scenarios.yaml"
    if scenarios_path.exists():
        scenarios = _items(_read_yaml(scenarios_path), "scenarios", Scenario, scenarios_path)
    return Corpus(root=root, as_of=as_of, r2s=r2s, resumes=resumes, cases=tuple(cases),
                  scenarios=tuple(scenarios))
