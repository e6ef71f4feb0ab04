"""R2s in the database: import (idempotent), current criteria, amendments as new versions.

>>> # import_r2(session, spec) → (pipeline, version, changed)
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailagent.models import Pipeline, R2Criterion, R2Version, utcnow
from mailagent.r2.spec import Criterion, CriterionKind


def current_version(session: Session, pipeline_id: str) -> R2Version | None:
    return session.scalar(
        select(R2Version)
        .where(R2Version.pipeline_id == pipeline_id)
        .order_by(R2Version.version.desc())
        .limit(1)
    )


def criteria_of(version: R2Version) -> tuple[Criterion, ...]:
    return tuple(
        Criterion(key=c.key, text=c.text, kind=CriterionKind(c.kind)) for c in version.criteria
    )


def current_criteria(session: Session, pipeline_id: str) -> tuple[Criterion, ...]:
    version = current_version(session, pipeline_id)
    return criteria_of(version) if version is not None else ()


def _add_version(
    session: Session,
    pipeline_id: str,
    criteria: tuple[Criterion, ...],
    *,
    created_by: str,
    now: datetime,
    thread_id: int | None = None,
    note: str = "",
) -> R2Version:
    latest = session.scalar(
        select(func.max(R2Version.version)).where(R2Version.pipeline_id == pipeline_id)
    )
    version = R2Version(
        pipeline_id=pipeline_id,
        version=(latest or 0) + 1,
        created_at=now,
        created_by=created_by,
        source_thread_id=thread_id,
        note=note,
    )
    session.add(version)
    session.flush()
    for position, c in enumerate(criteria):
        session.add(
            R2Criterion(
                r2_version_id=version.id,
                key=c.key,
                text=c.text,
                kind=c.kind.value,
                position=position,
            )
        )
    session.flush()
    session.refresh(version)
    return version


def import_r2(
    session: Session, spec: object, *, now: datetime | None = None, source: str = "import"
) -> tuple[Pipeline, R2Version, bool]:
    """Create or update a pipeline from an R2 spec. Same criteria again → no new version."""
    from mailagent.r2.spec import R2Spec

    assert isinstance(spec, R2Spec)
    now = now or utcnow()
    pipeline = session.get(Pipeline, spec.pipeline)
    changed = False
    if pipeline is None:
        pipeline = Pipeline(
            id=spec.pipeline,
            created_at=now,
            title="",
            hm_name="",
            hm_email="",
            recruiter_name="",
            recruiter_email="",
        )
        session.add(pipeline)
        changed = True
    for attr, value in (
        ("title", spec.title),
        ("hm_name", spec.hiring_manager.name),
        ("hm_email", spec.hiring_manager.email),
        ("recruiter_name", spec.recruiter.name),
        ("recruiter_email", spec.recruiter.email),
    ):
        if getattr(pipeline, attr) != value:
            setattr(pipeline, attr, value)
            changed = True
    session.flush()
    version = current_version(session, spec.pipeline)
    if version is not None and criteria_of(version) == spec.criteria:
        return pipeline, version, changed
    version = _add_version(
        session,
        spec.pipeline,
        spec.criteria,
        created_by=source,
        now=now,
        note=f"imported from {source}",
    )
    return pipeline, version, True


def amend_r2(
    session: Session,
    pipeline_id: str,
    criterion: Criterion,
    *,
    created_by: str,
    thread_id: int | None,
    now: datetime,
    note: str = "",
) -> R2Version:
    """A new R2 version with ``criterion`` added (or replaced, if the key exists)."""
    current = current_criteria(session, pipeline_id)
    kept = tuple(c for c in current if c.key != criterion.key)
    return _add_version(
        session,
        pipeline_id,
        (*kept, criterion),
        created_by=created_by,
        now=now,
        thread_id=thread_id,
        note=note,
    )
