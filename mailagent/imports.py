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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.errors import ImportDataError
from mailagent.files import check_not_link, read_text
from mailagent.manifest import Entry, clean_address, is_manifest, read_manifest
from mailagent.models import Candidate, Interview, InterviewState, Pipeline
from mailagent.r2.resume import read_resume_file
from mailagent.r2.spec import EMAIL_RE, load_r2
from mailagent.r2.store import import_r2
from mailagent.staff import refused_address, staff_addresses

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
        check_not_link(path)
        if path.is_dir():
            out.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".docx"))
            )
        elif path.exists():
            out.append(path)
        else:
            raise ImportDataError(f"{path}: no such file")
    return out


def _entries(paths: Sequence[Path], *, candidate_id: str | None, email: str | None) -> list[Entry]:
    """Every candidate named by the arguments: resumes, folders of them, and manifests."""
    manifests = [p for p in paths if is_manifest(p)]
    resumes = _resume_paths([p for p in paths if not is_manifest(p)])
    if (candidate_id is not None or email is not None) and (manifests or len(resumes) != 1):
        option = "--id" if candidate_id is not None else "--email"
        raise ImportDataError(f"{option} names one candidate: give exactly one resume file")
    entries = [
        Entry(
            id=candidate_id or path.stem,
            resume=path,
            where=str(path),
            email=clean_address(email, "--email") if email is not None else None,
        )
        for path in resumes
    ]
    for manifest in manifests:
        entries.extend(read_manifest(manifest))
    return entries


def import_candidates(
    session: Session,
    paths: Sequence[Path],
    *,
    candidate_id: str | None = None,
    email: str | None = None,
    agent_address: str | None = None,
    delegates: Mapping[str, Sequence[str]] | None = None,
) -> ImportCounts:
    """Resumes (.txt, .pdf, .docx, or folders of them; the id is the file stem) and
    manifests (.csv, .yaml: ``id,name,email,resume``). The address of record comes from a
    manifest or ``email``, never from the resume; a resume imported again without one
    keeps the address on record."""
    entries = _entries(paths, candidate_id=candidate_id, email=email)
    staff = staff_addresses(session, agent_address=agent_address, delegates=delegates or {})
    counts = ImportCounts()
    ids: dict[str, str] = {}
    owners: dict[str, str] = {}
    for entry in entries:
        cid = entry.id
        if not ID_RE.match(cid):
            raise ImportDataError(
                f"{entry.where}: candidate id {cid!r} must be letters, digits, -_."
            )
        if cid in ids:
            raise ImportDataError(f"{entry.where}: candidate id {cid!r} also in {ids[cid]}")
        ids[cid] = entry.where
        if entry.email is not None:
            _check_address(session, entry, staff, owners, agent_address)
        text = read_resume_file(entry.resume)
        if not text.strip():
            raise ImportDataError(f"{entry.resume}: the resume has no text")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        row = session.get(Candidate, cid)
        if row is None:
            session.add(
                Candidate(
                    id=cid,
                    name=entry.name or _name_from_resume(text, cid),
                    email=entry.email,
                    resume_text=text,
                    resume_file=entry.resume.name,
                    resume_sha256=digest,
                )
            )
            counts.created += 1
            session.flush()
            continue
        values: dict[str, object] = {}
        if row.resume_sha256 != digest:
            values.update(resume_text=text, resume_file=entry.resume.name, resume_sha256=digest)
            values["name"] = entry.name or _name_from_resume(text, cid)
        elif entry.name:
            values["name"] = entry.name
        if entry.email is not None:
            values["email"] = entry.email
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        for key, value in changed.items():
            setattr(row, key, value)
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
        session.flush()
    return counts


def _check_address(
    session: Session,
    entry: Entry,
    staff: Mapping[str, str],
    owners: dict[str, str],
    agent_address: str | None,
) -> None:
    """A candidate's address is theirs alone: not ours, not staff, not another candidate's."""
    assert entry.email is not None
    refused = refused_address(entry.email, staff, agent_address)
    if refused is not None:
        raise ImportDataError(f"{entry.where}: email {entry.email} is {refused}, not a candidate's")
    other = owners.get(entry.email) or session.scalar(
        select(Candidate.id).where(Candidate.email == entry.email, Candidate.id != entry.id)
    )
    if other is not None and other != entry.id:
        raise ImportDataError(
            f"{entry.where}: email {entry.email} is also candidate {other}'s "
            "(an agency's address is not the candidate's)"
        )
    owners[entry.email] = entry.id


def _parse_time(value: str, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ImportDataError(f"{where}: held_at {value!r} is not ISO 8601") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def import_interviews(session: Session, path: Path) -> ImportCounts:
    """CSV with interview_id,pipeline,candidate,interviewer_email,held_at (ISO 8601) and
    optional decision, interviewer_name columns."""
    text = read_text(path, encoding="utf-8-sig")
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
        # A name with an unquoted comma ("Obi, Grace") makes an extra field: refuse it
        # rather than store half a name; a short row is refused too.
        if None in raw:
            raise ImportDataError(
                f"{where}: {len(header) + len(raw[None])} fields, but the header has "
                f"{len(header)} (quote a value that holds a comma)"
            )
        short = [k for k, v in raw.items() if v is None]
        if short:
            raise ImportDataError(
                f"{where}: {len(header) - len(short)} fields, but the header has {len(header)}"
            )
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
