"""``mailagent import r2|candidates|interviews``: all or nothing, idempotent.

Every import runs in one transaction: a bad row fails the whole import with
``file:line: reason`` and nothing is written. Importing the same data again changes
nothing (the counts say so).

``import_interviews(session, Path("interviews.csv"))`` → ``3 created, 0 updated, 0 unchanged``
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from mailagent.errors import ImportDataError
from mailagent.models import Candidate, Interview, InterviewState, Pipeline
from mailagent.r2.resume import read_resume_file
from mailagent.r2.spec import EMAIL_RE, load_r2
from mailagent.r2.store import import_r2

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
REQUIRED = ("interview_id", "pipeline", "candidate", "interviewer_email", "held_at")
OPTIONAL = ("decision", "interviewer_name")


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def import_r2_files(session: Session, paths: Sequence[Path]) -> ImportCounts:
    counts = ImportCounts()
    specs = [load_r2(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, spec in zip(paths, specs, strict=True):
        if spec.pipeline in seen:
            raise ImportDataError(
                f"{path}: pipeline {spec.pipeline!r} also in {seen[spec.pipeline]}"
            )
        seen[spec.pipeline] = path
        existed = session.get(Pipeline, spec.pipeline) is not None
        _, _, changed = import_r2(session, spec, source=path.name)
        if not existed:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _name_from_resume(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return fallback


def _resume_paths(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".docx"))
            )
        elif path.exists():
            out.append(path)
        else:
            raise ImportDataError(f"{path}: no such file")
    return out


def import_candidates(
    session: Session, paths: Sequence[Path], *, candidate_id: str | None = None
) -> ImportCounts:
    """Resumes (.txt, .pdf, .docx, or folders of them); the id is the file stem."""
    files = _resume_paths(paths)
    if candidate_id is not None and len(files) != 1:
        raise ImportDataError("--id names one candidate: give exactly one resume file")
    counts = ImportCounts()
    for path in files:
        cid = candidate_id or path.stem
        if not ID_RE.match(cid):
            raise ImportDataError(f"{path}: candidate id {cid!r} must be letters, digits, -_.")
        text = read_resume_file(path)
        if not text.strip():
            raise ImportDataError(f"{path}: the resume has no text")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = session.get(Candidate, cid)
        if row is None:
            session.add(
                Candidate(
                    id=cid,
                    name=_name_from_resume(text, cid),
                    resume_text=text,
                    resume_file=path.name,
                    resume_sha256=digest,
                )
            )
            counts.created += 1
        elif row.resume_sha256 != digest:
            row.resume_text, row.resume_file, row.resume_sha256 = text, path.name, digest
            row.name = _name_from_resume(text, cid)
            counts.updated += 1
        else:
            counts.unchanged += 1
        session.flush()
    return counts


def _parse_time(value: str, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ImportDataError(f"{where}: held_at {value!r} is not ISO 8601") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def import_interviews(session: Session, path: Path) -> ImportCounts:
    """CSV with interview_id,pipeline,candidate,interviewer_email,held_at (ISO 8601) and
    optional decision, interviewer_name columns."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportDataError(f"{path}: cannot read: {exc.strerror}") from exc
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportDataError(f"{path}:1: missing column(s): {', '.join(missing)}")
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise ImportDataError(f"{path}:1: unknown column(s): {', '.join(unknown)}")
    counts = ImportCounts()
    seen: set[str] = set()
    for raw in reader:
        where = f"{path}:{reader.line_num}"
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        iid = row["interview_id"]
        if not ID_RE.match(iid):
            raise ImportDataError(f"{where}: interview_id {iid!r} must be letters, digits, -_.")
        if iid in seen:
            raise ImportDataError(f"{where}: interview_id {iid!r} appears twice")
        seen.add(iid)
        if session.get(Pipeline, row["pipeline"]) is None:
            raise ImportDataError(f"{where}: unknown pipeline {row['pipeline']!r} (import its R2)")
        if session.get(Candidate, row["candidate"]) is None:
            raise ImportDataError(f"{where}: unknown candidate {row['candidate']!r}")
        email = row["interviewer_email"].lower()
        if not EMAIL_RE.match(email):
            raise ImportDataError(f"{where}: interviewer_email {email!r} is not an address")
        held_at = _parse_time(row["held_at"], where)
        decision = row.get("decision", "").lower() or None
        if decision not in (None, "advance", "reject"):
            raise ImportDataError(f"{where}: decision must be advance or reject, not {decision!r}")
        values = {
            "pipeline_id": row["pipeline"],
            "candidate_id": row["candidate"],
            "interviewer_email": email,
            "interviewer_name": row.get("interviewer_name", ""),
            "held_at": held_at,
            "stated_decision": decision,
        }
        existing = session.get(Interview, iid)
        if existing is None:
            session.add(Interview(id=iid, state=InterviewState.SCHEDULED, **values))
            counts.created += 1
        elif all(getattr(existing, k) == v for k, v in values.items()):
            counts.unchanged += 1
        elif existing.state is not InterviewState.SCHEDULED and (
            existing.interviewer_email != email or existing.candidate_id != row["candidate"]
        ):
            raise ImportDataError(
                f"{where}: interview {iid!r} is already under way; its interviewer and "
                "candidate can no longer change"
            )
        else:
            for k, v in values.items():
                setattr(existing, k, v)
            counts.updated += 1
        session.flush()
    return counts
