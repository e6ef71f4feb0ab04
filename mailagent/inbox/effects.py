"""What automated or unattributed mail changes: reminder pauses, bounce flags, notices.

None of these ever answers the automated mail itself. What each may change is narrow:

* an out-of-office (already checked by the chain to come from an attributed, and where
  configured authenticated, sender) pauses reminders to that sender's open interviews
  until the return date it states, for at most ``max_days``; a pause of more than
  ``NOTICE_AFTER`` is told to each pipeline's recruiter;
* a delivery-status report flags an address only when it reports a failed delivery of a
  message we sent (its Message-ID is one of our outbox rows) to that very address.
"""

from __future__ import annotations

import email
from collections import defaultdict
from datetime import datetime, timedelta
from email.message import Message
from email.policy import compat32

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.inbox.ooo import return_date
from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.rules import Attribution, Finding
from mailagent.inbox.sender import address_forms, normalize_address
from mailagent.models import (
    AddressFlag,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    Pipeline,
)
from mailagent.outbox.mailer import Mailer

__all__ = [
    "DEFAULT_OOO_PAUSE",
    "MAX_OOO_PAUSE_DAYS",
    "NOTICE_AFTER",
    "pause_reminders",
    "record_bounce",
    "return_date",
    "tell_recruiter_unattributed",
]

DEFAULT_OOO_PAUSE = timedelta(days=7)
MAX_OOO_PAUSE_DAYS = 30
NOTICE_AFTER = timedelta(days=14)


def pause_reminders(
    session: Session,
    mailer: Mailer,
    mail: InboundEmail,
    text: str,
    *,
    now: datetime,
    max_days: int = MAX_OOO_PAUSE_DAYS,
) -> int:
    """Pause reminders to this sender's ungraded interviews until their stated return,
    never more than ``max_days`` ahead. Returns how many interviews were paused."""
    if not mail.from_addr:
        return 0
    stated = return_date(f"{mail.subject}\n{text or mail.text_plain}", now=now)
    until = min(stated or now + DEFAULT_OOO_PAUSE, now + timedelta(days=max_days))
    interviews = session.scalars(
        select(Interview).where(
            Interview.interviewer_email.in_(address_forms(mail.from_addr)),
            Interview.state != InterviewState.GRADED,
        )
    ).all()
    for interview in interviews:
        interview.paused_until = until
    if interviews and until - now > NOTICE_AFTER:
        _tell_recruiters_of_pause(
            session,
            mailer,
            mail,
            list(interviews),
            until=until,
            stated=stated,
            max_days=max_days,
            now=now,
        )
    return len(interviews)


def _day(when: datetime) -> str:
    """``2 July 2025``."""
    return f"{when.day} {when:%B %Y}"


def _tell_recruiters_of_pause(
    session: Session,
    mailer: Mailer,
    mail: InboundEmail,
    interviews: list[Interview],
    *,
    until: datetime,
    stated: datetime | None,
    max_days: int,
    now: datetime,
) -> None:
    by_pipeline: dict[str, int] = defaultdict(int)
    for interview in interviews:
        by_pipeline[interview.pipeline_id] += 1
    by_recruiter: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for pipeline_id, count in sorted(by_pipeline.items()):
        pipeline = session.get(Pipeline, pipeline_id)
        if pipeline is not None:
            key = (pipeline.recruiter_email, pipeline.recruiter_name)
            by_recruiter[key].append((pipeline.title, count))
    who = interviews[0].interviewer_name.strip()
    interviewer = f"{who} ({mail.from_addr})" if who else mail.from_addr
    for (address, name), pipelines in by_recruiter.items():
        mailer.queue(
            session,
            kind="ooo_pause_notice",
            template="ooo_pause_notice",
            to=[address],
            subject=f"Reminders to {mail.from_addr} paused until {_day(until)}",
            now=now,
            context={
                "recruiter_name": name,
                "interviewer": interviewer,
                "address": mail.from_addr,
                "until": _day(until),
                "stated": _day(stated) if stated else None,
                "capped": stated is not None and stated > until,
                "max_days": max_days,
                "pipelines": pipelines,
                "subject": mail.subject,
            },
            dedupe_key=f"ooo:{mail.from_addr}:{until:%Y-%m-%d}:{address}",
        )


def _returned_message_ids(report: Message) -> list[str]:
    """The Message-ID of the message a DSN returns (its message/rfc822 or
    text/rfc822-headers part)."""
    found: list[str] = []
    for part in report.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message) and inner.get("message-id"):
                found.append(str(inner.get("message-id")))
        elif ctype == "text/rfc822-headers":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                headers = email.message_from_bytes(raw, policy=compat32)
                if headers.get("message-id"):
                    found.append(str(headers.get("message-id")))
    return [m.strip() for m in found]


def _failed_recipients(report: Message) -> list[str]:
    """Final-Recipient of each per-recipient block whose Action is "failed" (RFC 3464)."""
    found: list[str] = []
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        for block in payload if isinstance(payload, list) else []:
            if not isinstance(block, Message):
                continue
            action = str(block.get("action", "")).strip().lower()
            recipient = str(block.get("final-recipient", ""))
            if action != "failed" or ";" not in recipient:
                continue
            address = normalize_address(recipient.split(";", 1)[1].strip().strip("<>"))
            if address:
                found.append(address)
    return list(dict.fromkeys(found))


def bounced_addresses(session: Session, mail: InboundEmail, raw: bytes | None) -> list[str]:
    """Addresses a genuine DSN says our own message could not reach.

    The DSN must name one of our outbox Message-IDs (in its returned message, or as
    In-Reply-To/References), and each failed recipient must be a recipient of that
    message: a forged report can name neither a stranger's mail nor a stranger.
    """
    if not raw:
        return []
    report = email.message_from_bytes(raw, policy=compat32)
    ids = _returned_message_ids(report) + [i for i in (mail.in_reply_to, *mail.references) if i]
    if not ids:
        return []
    ours = session.scalars(select(OutboxMessage).where(OutboxMessage.message_id.in_(ids))).all()
    recipients = {
        normalize_address(a) or a.lower()
        for row in ours
        for a in [*row.to_addrs, *row.cc_addrs]
        if isinstance(a, str)
    }
    return [a for a in _failed_recipients(report) if a in recipients]


def record_bounce(
    session: Session, mailer: Mailer, mail: InboundEmail, raw: bytes | None, *, now: datetime
) -> list[str]:
    """Flag each address a genuine DSN reports, and tell the recruiter. Returns them."""
    flagged = [a for a in bounced_addresses(session, mail, raw) if a != mailer.config.address]
    for address in flagged:
        if session.get(AddressFlag, address) is None:
            session.add(AddressFlag(address=address, reason="bounced", flagged_at=now))
        interview = session.scalar(
            select(Interview)
            .where(Interview.interviewer_email.in_(address_forms(address)))
            .limit(1)
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
    return flagged


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
            "sender": row.from_addr or "(no single sender)",
            "subject": row.subject,
            "reason": finding.detail or finding.rule,
            "message_row_id": row.id,
        },
        dedupe_key=f"unattributed:{attribution.thread_id}:{row.from_addr}",
    )
