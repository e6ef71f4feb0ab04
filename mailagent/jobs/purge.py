"""Retention: forget what a closed, rejected application no longer needs.

A candidate is purged when every application of theirs is rejected and closed (all
interviews graded, and the feedback decided: sent, skipped or expired) and the last of
that happened before the cutoff. Purging removes the resume (text, file name, hash), the
raw bytes and visible text of every message on their threads, the outbox copies of mail
about them, and the stored assessments (the prompts' structured summaries). It keeps the
approval audit trail (drafts and ``ApprovalEvent`` rows) and the verdicts insights count.

>>> parse_age("180d"), parse_age("26w")
(datetime.timedelta(days=180), datetime.timedelta(days=182))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from mailagent.errors import ConfigError
from mailagent.models import (
    AssessmentRecord,
    Candidate,
    DraftState,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    Thread,
)

CLOSED_DRAFTS = (DraftState.SENT, DraftState.SKIPPED, DraftState.EXPIRED)
_AGE = re.compile(r"^(\d+)([dw])$")


def parse_age(value: str) -> timedelta:
    match = _AGE.match(value.strip().lower())
    if not match:
        raise ConfigError(f"--older-than: expected e.g. 180d or 26w, got {value!r}")
    n = int(match.group(1))
    return timedelta(days=n) if match.group(2) == "d" else timedelta(weeks=n)


@dataclass
class PurgeReport:
    candidates: list[str] = field(default_factory=list)
    messages: int = 0
    outbox: int = 0
    assessments: int = 0


def _closed_at(session: Session, candidate: Candidate) -> datetime | None:
    """When the candidate's last application closed, or None if one is still open."""
    interviews = session.scalars(
        select(Interview).where(Interview.candidate_id == candidate.id)
    ).all()
    drafts = session.scalars(
        select(FeedbackDraft).where(FeedbackDraft.candidate_id == candidate.id)
    ).all()
    finished = (InterviewState.GRADED, InterviewState.CANCELLED)
    if not drafts or any(i.state not in finished for i in interviews):
        return None
    times: list[datetime] = [i.graded_at for i in interviews if i.graded_at is not None]
    for pipeline_id in {d.pipeline_id for d in drafts} | {i.pipeline_id for i in interviews}:
        latest = max(
            (d for d in drafts if d.pipeline_id == pipeline_id),
            key=lambda d: d.version,
            default=None,
        )
        if latest is None:
            return None
        # A generic notice is stored approved; its mail going out closes it.
        if latest.state not in CLOSED_DRAFTS and latest.state is not DraftState.APPROVED:
            return None
        times.append(latest.decided_at or latest.created_at)
    return max(times) if times else None


def purge(session: Session, *, older_than: timedelta, now: datetime) -> PurgeReport:
    report = PurgeReport()
    cutoff = now - older_than
    for candidate in session.scalars(
        select(Candidate).where(Candidate.purged_at.is_(None)).order_by(Candidate.id)
    ):
        closed = _closed_at(session, candidate)
        if closed is None or closed > cutoff:
            continue
        interview_ids = list(
            session.scalars(select(Interview.id).where(Interview.candidate_id == candidate.id))
        )
        thread_ids = list(
            session.scalars(select(Thread.id).where(Thread.interview_id.in_(interview_ids)))
        )
        thread_ids += [
            t
            for t in session.scalars(
                select(FeedbackDraft.thread_id).where(FeedbackDraft.candidate_id == candidate.id)
            )
            if t is not None
        ]
        messages = session.execute(
            update(MailMessage)
            .where(MailMessage.thread_id.in_(thread_ids), MailMessage.raw.is_not(None))
            .values(raw=None, visible_text=None)
        )
        outbox = session.execute(
            update(OutboxMessage)
            .where(
                or_(
                    OutboxMessage.thread_id.in_(thread_ids),
                    OutboxMessage.interview_id.in_(interview_ids),
                    OutboxMessage.dedupe_key.like(f"application:%:{candidate.id}"),
                ),
                OutboxMessage.body_text != "",
            )
            .values(raw=b"", body_text="")
        )
        assessments = session.execute(
            update(AssessmentRecord)
            .where(AssessmentRecord.thread_id.in_(thread_ids))
            .values(data={"purged": True})
        )
        candidate.resume_text = None
        candidate.resume_file = None
        candidate.resume_sha256 = None
        candidate.purged_at = now
        report.candidates.append(candidate.id)
        report.messages += int(messages.rowcount)  # type: ignore[attr-defined]
        report.outbox += int(outbox.rowcount)  # type: ignore[attr-defined]
        report.assessments += int(assessments.rowcount)  # type: ignore[attr-defined]
    return report
