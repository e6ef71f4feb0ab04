"""Generic rejection notices for applications that end without an interview.

Three reasons exist, each a fixed template: ``assessment`` (the assessment was not
passed), ``role_filled`` and ``legal`` (a legal requirement of the role, such as work
authorisation). The recruiter who runs ``mailagent notify-rejection`` is the approver: the
notice is stored as an approved draft with its events, and it shares the application's
one-mail dedupe key with interview feedback, so a candidate never gets both.

>>> sorted(REASONS)
['assessment', 'legal', 'role_filled']
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailagent.errors import NotFound, PolicyViolation
from mailagent.jobs.approval import application_key, record_event, send_approved
from mailagent.models import (
    Candidate,
    DraftState,
    FeedbackDraft,
    OutboxMessage,
    Pipeline,
)
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.render import Renderer

REASONS = frozenset({"assessment", "role_filled", "legal"})


def notify_rejection(
    session: Session,
    mailer: Mailer,
    renderer: Renderer,
    *,
    pipeline_id: str,
    candidate_id: str,
    reason: str,
    actor: str,
    now: datetime,
    detail: str = "",
) -> FeedbackDraft:
    """Record and enqueue one generic notice; raises if the application was notified."""
    if reason not in REASONS:
        raise PolicyViolation(f"reason must be one of {', '.join(sorted(REASONS))}")
    pipeline = session.get(Pipeline, pipeline_id)
    candidate = session.get(Candidate, candidate_id)
    if pipeline is None or candidate is None:
        raise NotFound(f"no application {pipeline_id}/{candidate_id}")
    key = application_key(pipeline_id, candidate_id)
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
        raise PolicyViolation(f"{candidate_id} has already been written to about {pipeline_id}")
    open_draft = session.scalar(
        select(FeedbackDraft.id).where(
            FeedbackDraft.pipeline_id == pipeline_id,
            FeedbackDraft.candidate_id == candidate_id,
            FeedbackDraft.state == DraftState.AWAITING_APPROVAL,
        )
    )
    if open_draft is not None:
        raise PolicyViolation(
            f"interview feedback for {candidate_id} is waiting for the HM's approval"
        )
    version = (
        session.scalar(
            select(func.max(FeedbackDraft.version)).where(
                FeedbackDraft.pipeline_id == pipeline_id,
                FeedbackDraft.candidate_id == candidate_id,
            )
        )
        or 0
    ) + 1
    body = renderer.text(
        "rejection_notice",
        candidate_name=candidate.name,
        role=pipeline.title,
        reason=reason,
        detail=detail,
    )
    draft = FeedbackDraft(
        pipeline_id=pipeline_id,
        candidate_id=candidate_id,
        version=version,
        body=body,
        state=DraftState.APPROVED,
        approver_email=actor,
        created_at=now,
        decided_at=now,
    )
    session.add(draft)
    session.flush()
    record_event(session, draft, "generic_notice", actor=actor, now=now, detail=reason)
    record_event(session, draft, "approved", actor=actor, now=now, detail="generic template")
    send_approved(session, mailer, draft, now=now)
    return draft
