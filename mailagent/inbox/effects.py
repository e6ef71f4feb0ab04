"""What automated or unattributed mail changes: reminder pauses, bounce flags, notices.

None of these ever answers the automated mail itself.
"""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.policy import compat32

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.rules import Attribution, Finding
from mailagent.models import AddressFlag, Interview, InterviewState, MailMessage, Pipeline
from mailagent.outbox.mailer import Mailer

DEFAULT_OOO_PAUSE = timedelta(days=7)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?(?:\s+(20\d\d))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(20\d\d))?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](20\d\d)\b")


def return_date(text: str, *, now: datetime) -> datetime | None:
    """The return date an out-of-office note states, e.g. "back on 12 June" → 12 June.

    >>> return_date("I am away until June 12, 2025.", now=datetime(2025, 6, 2, tzinfo=UTC))
    datetime.datetime(2025, 6, 12, 0, 0, tzinfo=datetime.timezone.utc)
    """
    candidates: list[datetime] = []
    for y, m, d in _ISO.findall(text):
        candidates.append(_safe(int(y), int(m), int(d)))
    for d, mon, y in _DAY_MONTH.findall(text):
        if mon.lower() in _MONTHS:
            candidates.append(_safe(int(y or now.year), _MONTHS[mon.lower()], int(d)))
    for mon, d, y in _MONTH_DAY.findall(text):
        if mon.lower() in _MONTHS:
            candidates.append(_safe(int(y or now.year), _MONTHS[mon.lower()], int(d)))
    for d, m, y in _NUMERIC.findall(text):
        candidates.append(_safe(int(y), int(m), int(d)))
    future = [c for c in candidates if c.year > 1 and c >= now - timedelta(days=1)]
    return min(future) if future else None


def _safe(year: int, month: int, day: int) -> datetime:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return datetime(1, 1, 1, tzinfo=UTC)


def pause_reminders(session: Session, mail: InboundEmail, text: str, *, now: datetime) -> int:
    """Pause reminders to this sender's ungraded interviews until their stated return."""
    until = return_date(f"{mail.subject}\n{text or mail.text_plain}", now=now)
    until = until or now + DEFAULT_OOO_PAUSE
    interviews = session.scalars(
        select(Interview).where(
            Interview.interviewer_email == mail.from_addr,
            Interview.state != InterviewState.GRADED,
        )
    ).all()
    for interview in interviews:
        interview.paused_until = until
    return len(interviews)


def _bounced_addresses(mail: InboundEmail, raw: bytes | None) -> list[str]:
    found: list[str] = []
    if raw:
        msg = email.message_from_bytes(raw, policy=compat32)
        for part in msg.walk():
            if part.get_content_type() == "message/delivery-status":
                payload = part.get_payload()
                blocks = payload if isinstance(payload, list) else []
                for block in blocks:
                    if not isinstance(block, Message):
                        continue
                    for name in ("Final-Recipient", "Original-Recipient"):
                        value = block.get(name)
                        if value and ";" in str(value):
                            found.append(str(value).split(";", 1)[1].strip().lower())
    if not found:
        found = re.findall(r"<?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?", mail.text_plain)[:1]
    return list(dict.fromkeys(a.lower() for a in found))


def record_bounce(
    session: Session, mailer: Mailer, mail: InboundEmail, raw: bytes | None, *, now: datetime
) -> None:
    for address in _bounced_addresses(mail, raw):
        if address == mailer.config.address:
            continue
        if session.get(AddressFlag, address) is None:
            session.add(AddressFlag(address=address, reason="bounced", flagged_at=now))
        interview = session.scalar(
            select(Interview).where(Interview.interviewer_email == address).limit(1)
        )
        pipeline = session.get(Pipeline, interview.pipeline_id) if interview else None
        if pipeline is None:
            continue
        mailer.queue(
            session,
            kind="bounce_notice",
            template="bounce_notice",
            to=[pipeline.recruiter_email],
            subject=f"Mail to {address} bounced",
            now=now,
            context={
                "address": address,
                "recruiter_name": pipeline.recruiter_name,
                "pipeline_title": pipeline.title,
            },
            dedupe_key=f"bounce:{address}",
        )


def tell_recruiter_unattributed(
    session: Session,
    mailer: Mailer,
    row: MailMessage,
    attribution: Attribution,
    finding: Finding,
    *,
    now: datetime,
) -> None:
    """Tell the thread's recruiter once per sender that mail was set aside."""
    if attribution.recruiter is None or attribution.thread_id is None:
        return
    if row.from_addr == attribution.recruiter:
        return
    mailer.queue(
        session,
        kind="unattributed_notice",
        template="unattributed_notice",
        to=[attribution.recruiter],
        subject="A reply was set aside: sender not attributed",
        now=now,
        context={
            "sender": row.from_addr or "(no sender)",
            "subject": row.subject,
            "reason": finding.detail or finding.rule,
            "message_row_id": row.id,
        },
        dedupe_key=f"unattributed:{attribution.thread_id}:{row.from_addr}",
    )
