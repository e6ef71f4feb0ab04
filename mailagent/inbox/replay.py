"""``mailagent replay ID``: put one stored message back in the queue, unless that answers twice.

Replay exists for mail that was set aside (quarantined by an error, unattributed, ignored
as automated) and should now be read. It must never make the agent answer the same mail
a second time, so it refuses, with one line saying why and changing nothing, a row that

- is a duplicate of a stored message (the same bytes delivered twice),
- was accepted already (a turn or an approval step ran on it), or
- carries the Message-ID of another stored message that was accepted already.

>>> # reopen(session, 7) raises ReplayRefused("message 7 is a duplicate of message 5 …")
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.errors import NotFound, PolicyViolation
from mailagent.models import (
    ApprovalEvent,
    AssessmentRecord,
    Direction,
    Disposition,
    MailMessage,
)


class ReplayRefused(PolicyViolation):
    """Replaying this message would process the same mail twice."""


def _twin(session: Session, row: MailMessage) -> MailMessage | None:
    """The first stored copy of a row marked duplicate (same content, same Message-ID)."""
    query = select(MailMessage).where(
        MailMessage.direction == Direction.IN,
        MailMessage.id != row.id,
        MailMessage.content_hash == row.content_hash,
        MailMessage.disposition != Disposition.DUPLICATE,
    )
    if row.message_id:
        query = query.where(MailMessage.message_id == row.message_id)
    return session.scalar(query.order_by(MailMessage.id).limit(1))


def _answered(session: Session, row_id: int) -> bool:
    """Whether a dialogue turn or an approval step recorded this message as its cause."""
    turn = session.scalar(
        select(AssessmentRecord.id).where(AssessmentRecord.message_row_id == row_id).limit(1)
    )
    step = session.scalar(
        select(ApprovalEvent.id).where(ApprovalEvent.message_row_id == row_id).limit(1)
    )
    return turn is not None or step is not None


def check_replayable(session: Session, row: MailMessage) -> None:
    """Raise ``ReplayRefused`` (one line: why) when replaying ``row`` would answer twice."""
    if row.direction is not Direction.IN:
        raise ReplayRefused(f"message {row.id} is one we sent; only inbound mail is replayed")
    if row.disposition is Disposition.DUPLICATE:
        twin = _twin(session, row)
        if twin is None:
            raise ReplayRefused(f"message {row.id} is a duplicate of a stored message")
        hint = (
            "which was answered already"
            if twin.disposition is Disposition.ACCEPTED
            else f"which is {twin.disposition.value}: replay {twin.id} instead"
        )
        raise ReplayRefused(f"message {row.id} is a duplicate of message {twin.id}, {hint}")
    if row.disposition is Disposition.ACCEPTED or _answered(session, row.id):
        raise ReplayRefused(f"message {row.id} was accepted and answered already")
    if row.message_id:
        accepted = session.scalar(
            select(MailMessage.id)
            .where(
                MailMessage.direction == Direction.IN,
                MailMessage.id != row.id,
                MailMessage.message_id == row.message_id,
                MailMessage.disposition == Disposition.ACCEPTED,
            )
            .order_by(MailMessage.id)
            .limit(1)
        )
        if accepted is not None:
            raise ReplayRefused(
                f"message {row.id} has the Message-ID of message {accepted}, "
                "which was answered already"
            )


def reopen(session: Session, row_id: int) -> MailMessage:
    """Check the row and mark it ``pending`` again, in the caller's transaction."""
    row = session.get(MailMessage, row_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no stored message {row_id}")
    check_replayable(session, row)
    row.disposition = Disposition.PENDING
    row.error = None
    return row
