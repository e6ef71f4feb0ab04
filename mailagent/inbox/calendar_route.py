"""The calendar route: an iMIP invitation is handled here, before threading.

Intake calls :func:`route_invitation` once per stored message, in its transaction, after
parsing. Mail without an iMIP part (a text/calendar part with a ``method``) returns None
and goes on to threading and the guard table as before. For an invitation:

* REQUEST and CANCEL book or change interviews only when the From mailbox and every
  event's organizer are internal (``internal_domains``) and, where ``authserv_id`` is set,
  the From domain is authenticated exactly as for replies (inbox/authentication). A
  ``Sender`` field is not held against the From here: Google Calendar sends invitations
  from the organizer with ``Sender: calendar-notification@google.com``. Anything else is
  quarantined with its reason, and the pipeline's recruiter (by tag or default, when
  known) is told once per organizer;
* REPLY and COUNTER are recorded as the sender's attendance and never answered;
* an unreadable calendar part raises, and intake quarantines the message with the error.

Calendar mail is never answered by the dialogue: its disposition is ``calendar``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from mailagent.calendar.book import apply_invitation, owner_problem, resolve_pipeline, summarise
from mailagent.calendar.ical import Invitation, invitation_from_message
from mailagent.calendar.people import BookingConfig, is_agent, is_internal
from mailagent.inbox.authentication import authentication_problem
from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.sender import read_sender
from mailagent.models import Disposition, MailMessage
from mailagent.outbox.mailer import Mailer

log = logging.getLogger(__name__)

CHANGES = ("REQUEST", "CANCEL")


def calendar_sender(email: InboundEmail) -> tuple[str, str | None]:
    """(From mailbox, problem): the From field alone, one plain mailbox."""
    if email.from_addr:
        return email.from_addr, None
    sender = read_sender(email.header_all("from"), [])
    return sender.address, sender.problem


def booking_problem(
    email: InboundEmail, invitation: Invitation, config: BookingConfig, session: Session
) -> str | None:
    """Why this invitation may not book or change interviews, or None."""
    sender, problem = calendar_sender(email)
    if problem is not None or not sender:
        return f"no single From mailbox ({problem or 'no sender'})"
    if not config.internal_domains:
        return "internal_domains is not set, so no organizer is internal"
    if not is_internal(sender, config.internal_domains):
        return f"From {sender} is not in internal_domains"
    for event in invitation.events:
        if event.kind == "VEVENT" and not is_internal(event.organizer, config.internal_domains):
            return f"organizer {event.organizer or '(none)'} is not in internal_domains"
    if config.authserv_id:
        failed = authentication_problem(
            email.header_all("authentication-results"),
            authserv_id=config.authserv_id,
            from_domain=sender.rpartition("@")[2],
        )
        if failed is not None:
            return f"From {sender} is not authenticated: {failed}"
    for event in invitation.events:
        hijack = owner_problem(session, event) if event.uid else None
        if hijack is not None:
            return hijack
    return None


def _tell_recruiter(
    session: Session,
    mailer: Mailer,
    row: MailMessage,
    invitation: Invitation,
    reason: str,
    config: BookingConfig,
    now: datetime,
) -> None:
    event = next((e for e in invitation.events if e.kind == "VEVENT"), None)
    if event is None:
        return
    pipeline, _ = resolve_pipeline(session, event, config)
    if pipeline is None:
        return
    who = event.organizer or row.from_addr or "unknown"
    mailer.queue(
        session,
        kind="calendar_refused",
        template="calendar_refused",
        to=[pipeline.recruiter_email],
        subject="A calendar invitation was set aside: it may not book interviews",
        now=now,
        context={
            "recruiter_name": pipeline.recruiter_name,
            "sender": row.from_addr or "(no single sender)",
            "organizer": event.organizer or "(none)",
            "summary": event.summary,
            "reason": reason,
            "message_row_id": row.id,
        },
        dedupe_key=f"calendar-refused:{who}:{pipeline.recruiter_email}",
    )


def route_invitation(
    session: Session,
    row: MailMessage,
    email: InboundEmail,
    *,
    config: BookingConfig,
    mailer: Mailer,
    now: datetime,
) -> Disposition | None:
    """Handle an iMIP message (and return its disposition), or None for other mail."""
    assert row.raw is not None
    invitation = invitation_from_message(row.raw, default_tz=config.timezone)
    if invitation is None:
        return None
    sender, _ = calendar_sender(email)
    if sender and is_agent(sender, config.agent_address):
        return None  # our own mail coming back: the loop rule drops it
    row.processed_at = now
    if invitation.method in CHANGES:
        problem = booking_problem(email, invitation, config, session)
        if problem is not None:
            row.rule = "calendar_refused"
            row.error = f"InvitationRefused: {problem}"
            row.disposition = Disposition.QUARANTINED
            _tell_recruiter(session, mailer, row, invitation, problem, config, now)
            return row.disposition
    outcomes = apply_invitation(
        session,
        mailer,
        invitation,
        config=config,
        now=now,
        answered_by=sender,  # "" (no single From mailbox) records no one's answer
        message_row_id=row.id,
    )
    row.rule, detail = summarise(outcomes)
    log.info("message %s: %s", row.id, detail)
    row.error = None
    row.disposition = Disposition.CALENDAR
    return row.disposition
