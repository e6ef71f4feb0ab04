"""Candidate manifests: who each candidate is, the one address mail to them may go to, and
their resume. A CSV with the header ``id,name,email,resume``, or a YAML list of mappings
with exactly those keys::

    id,name,email,resume
    ann-lee,Ann Lee,ann.lee@home.example,resumes/ann-lee.pdf

A resume path is relative to the manifest and must stay inside its folder. ``email`` may
be blank (the recruiter is asked when there is mail to send); ``name`` may be blank (the
resume's first line is used). A row with a field too many or too few fails the import
with ``file:line: reason``. :func:`read_manifest` turns the row above into
``Entry(id="ann-lee", resume=Path(".../resumes/ann-lee.pdf"), where="candidates.csv:2",
name="Ann Lee", email="ann.lee@home.example")``.

>>> clean_address(" Ann.Lee@Home.Example ", "x.csv:2")
'ann.lee@home.example'
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mailagent.errors import ImportDataError
from mailagent.files import read_text

FIELDS = ("id", "name", "email", "resume")
SUFFIXES = (".csv", ".yaml", ".yml")

# An RFC 5322 dot-atom address in ASCII: nothing a header could be smuggled through.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
ADDRESS_RE = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$")


@dataclass(frozen=True)
class Entry:
    """One candidate to import: ``where`` is ``file:line`` for errors."""

    id: str
    resume: Path
    where: str
    name: str | None = None
    email: str | None = None


def is_manifest(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def clean_address(value: str, where: str) -> str:
    """The address lower-cased, or ``ImportDataError`` naming ``where``."""
    address = value.strip().lower()
    if not ADDRESS_RE.match(address) or len(address) > 320:
        raise ImportDataError(f"{where}: email {value.strip()!r} is not one plain address")
    return address


def _resume_path(manifest: Path, value: str, where: str) -> Path:
    """``value`` relative to the manifest's folder, refused if it leaves that folder."""
    if not value:
        raise ImportDataError(f"{where}: resume is empty")
    if "\x00" in value:
        raise ImportDataError(f"{where}: resume {value!r} is not a file name")
    relative = Path(value)
    if relative.is_absolute():
        raise ImportDataError(f"{where}: resume {value!r} must be relative to the manifest")
    folder = manifest.parent
    path = folder / relative
    inside = os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)
    if not inside:
        raise ImportDataError(f"{where}: resume {value!r} is outside the manifest's folder")
    return path


def _entry(manifest: Path, values: dict[str, str], where: str) -> Entry:
    cid = values["id"]
    if not cid:
        raise ImportDataError(f"{where}: id is empty")
    email = clean_address(values["email"], where) if values["email"] else None
    return Entry(
        id=cid,
        resume=_resume_path(manifest, values["resume"], where),
        where=where,
        name=values["name"][:200] or None,
        email=email,
    )


def _read_csv(path: Path, text: str) -> list[Entry]:
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise ImportDataError(f"{path}:1: missing column(s): {', '.join(missing)}")
    unknown = [h for h in header if h not in FIELDS]
    if unknown or len(header) != len(FIELDS):
        raise ImportDataError(
            f"{path}:1: the header must be exactly {','.join(FIELDS)}, got {','.join(header)}"
        )
    entries = []
    for row in reader:
        where = f"{path}:{reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ImportDataError(f"{where}: {len(row)} fields, expected {len(header)}")
        entries.append(
            _entry(path, dict(zip(header, (c.strip() for c in row), strict=True)), where)
        )
    return entries


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise TypeError("a list or mapping")
    return str(value).strip()


def _read_yaml(path: Path, text: str) -> list[Entry]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ImportDataError(f"{where}: invalid YAML") from exc
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise ImportDataError(f"{path}:1: expected a list of candidates ({', '.join(FIELDS)})")
    entries = []
    for node, item in zip(root.value, data, strict=True):
        where = f"{path}:{node.start_mark.line + 1}"
        if not isinstance(item, dict):
            raise ImportDataError(f"{where}: expected a mapping with {', '.join(FIELDS)}")
        keys = [str(k) for k in item]
        missing = [f for f in FIELDS if f not in keys]
        extra = [k for k in keys if k not in FIELDS]
        if missing or extra:
            problem = "missing " + ", ".join(missing) if missing else "unknown " + ", ".join(extra)
            raise ImportDataError(f"{where}: {problem} (fields are {', '.join(FIELDS)})")
        try:
            values = {k: _scalar(item[k]) for k in FIELDS}
        except TypeError as exc:
            raise ImportDataError(f"{where}: every field is one value, not {exc}") from exc
        entries.append(_entry(path, values, where))
    return entries


def read_manifest(path: Path) -> list[Entry]:
    """The manifest's candidates, in file order; any bad row fails the whole file."""
    text = read_text(path, encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return _read_csv(path, text)
    return _read_yaml(path, text)
