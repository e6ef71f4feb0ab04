"""What a recruiter can do on the page. Each action checks the viewer may act on the
object's pipeline, calls the same function the CLI calls, and writes an audit event with
the recruiter's address, in one transaction.

There is deliberately no action that approves candidate feedback: only the hiring
manager approves, by email (:mod:`mailagent.jobs.approval`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from mailagent.errors import MailagentError
from mailagent.inbox.replay import reopen
from mailagent.models import AuditEvent, Escalation, OutboxMessage
from mailagent.outbox.queue import resolve_uncertain
from mailagent.web.queries import visible_escalation, visible_message, visible_outbox
from mailagent.web.signin import Viewer

NOTE_LIMIT = 2000


class AlreadyDone(MailagentError):
    """The action was taken already (by this or another recruiter)."""


def audit(
    session: Session,
    viewer: Viewer,
    action: str,
    subject: str,
    *,
    pipeline_id: str | None,
    now: datetime,
    detail: str = "",
) -> None:
    session.add(
        AuditEvent(
            at=now,
            actor=viewer.email,
            action=action,
            subject=subject,
            pipeline_id=pipeline_id,
            detail=detail,
        )
    )


def review_escalation(
    session: Session, viewer: Viewer, esc_id: int, *, note: str, now: datetime
) -> Escalation:
    """Mark an escalation reviewed, with the recruiter's note."""
    row, pipeline = visible_escalation(session, viewer, esc_id)
    if row.reviewed_at is not None:
        raise AlreadyDone(f"escalation {esc_id} was reviewed by {row.reviewed_by} already")
    note = note.strip()[:NOTE_LIMIT]
    row.reviewed_at, row.reviewed_by, row.review_note = now, viewer.email, note
    audit(
        session,
        viewer,
        "escalation_reviewed",
        f"escalation:{row.id}",
        pipeline_id=pipeline,
        now=now,
        detail=note,
    )
    return row


def settle_uncertain(
    session: Session, viewer: Viewer, outbox_id: int, *, sent: bool, now: datetime
) -> OutboxMessage:
    """As ``mailagent outbox resolve ID --sent|--resend``: it did reach the candidate, or
    send it again (at the next delivery)."""
    _, pipeline = visible_outbox(session, viewer, outbox_id)
    row = resolve_uncertain(session, outbox_id=outbox_id, sent=sent, now=now)
    audit(
        session,
        viewer,
        "outbox_resolved",
        f"outbox:{row.id}",
        pipeline_id=pipeline,
        now=now,
        detail="sent" if sent else "resend",
    )
    return row


def reopen_for_replay(session: Session, viewer: Viewer, row_id: int, *, now: datetime) -> None:
    """The first half of ``mailagent replay ID``: check the rules and mark the message
    pending again (``ReplayRefused`` says why not). The caller then processes it."""
    _, pipeline = visible_message(session, viewer, row_id)
    reopen(session, row_id)
    audit(session, viewer, "message_replayed", f"message:{row_id}", pipeline_id=pipeline, now=now)
