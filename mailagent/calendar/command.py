"""``mailagent import calendar FILE.ics|FILE.eml…`` and the status lines for invitations.

The same booking rules as mail to the agent, read from files the operator names: an
``.ics`` file (its ``METHOD``, REQUEST when it has none) or a saved invitation email
(``.eml``). All files are applied in one transaction; an unreadable one stops the import
with ``file: reason`` and writes nothing. There is no From to check in a file, but the
organizer must still be internal.

    $ mailagent import calendar interview.ics
    interview.ics: calendar_booked: 1 interview(s) with Ann Lee for devops-aws, …
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.calendar.book import Outcome, apply_invitation
from mailagent.calendar.ical import Invitation, invitation_from_message, parse_calendar
from mailagent.calendar.people import BookingConfig
from mailagent.errors import ImportDataError, MailagentError
from mailagent.files import read_regular
from mailagent.models import (
    CalendarEvent,
    Candidate,
    Disposition,
    Interview,
    InterviewState,
    MailMessage,
)
from mailagent.outbox.mailer import Mailer


def read_invitation(path: Path, *, default_tz: str = "UTC") -> Invitation:
    """One file → its invitation; ``ImportDataError`` with the file name otherwise."""
    data = read_regular(path)
    try:
        if path.suffix.lower() == ".eml":
            found = invitation_from_message(data, default_tz=default_tz)
            if found is None:
                raise ImportDataError(f"{path}: no text/calendar part with a method (not iMIP)")
            return found
        if path.suffix.lower() == ".ics":
            return parse_calendar(data, method="REQUEST", default_tz=default_tz)
    except ImportDataError:
        raise
    except MailagentError as exc:
        raise ImportDataError(f"{path}: {exc}") from exc
    raise ImportDataError(f"{path}: expected a .ics or .eml file")


def import_calendar_files(
    session: Session,
    mailer: Mailer,
    paths: Sequence[Path],
    *,
    config: BookingConfig,
    now: datetime,
) -> list[tuple[Path, list[Outcome]]]:
    """Apply each file's invitation in order (as if mailed in that order)."""
    if not config.internal_domains:
        raise ImportDataError("internal_domains is not set: no organizer can book interviews")
    invitations = [(path, read_invitation(path, default_tz=config.timezone)) for path in paths]
    return [
        (path, apply_invitation(session, mailer, invitation, config=config, now=now))
        for path, invitation in invitations
    ]


def status_lines(session: Session, *, now: datetime, limit: int = 20) -> list[str]:
    """Upcoming interviews booked by invitation, and invitations set aside."""
    lines: list[str] = []
    upcoming = session.execute(
        select(Interview, Candidate.name, CalendarEvent.summary)
        .join(CalendarEvent, CalendarEvent.id == Interview.calendar_event_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.state == InterviewState.SCHEDULED)
        .order_by(Interview.held_at, Interview.id)
        .limit(limit)
    ).all()
    if upcoming:
        lines.append("booked by invitation (feedback asked after the end):")
    for interview, name, summary in upcoming:
        when = interview.held_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        late = " (due at the next tick)" if interview.held_at <= now else ""
        lines.append(
            f"  {when}{late}  {name} with {interview.interviewer_email}"
            f" for {interview.pipeline_id}: {summary}"
        )
    waiting = session.scalars(
        select(CalendarEvent).where(CalendarEvent.status == "needs_pipeline").limit(limit)
    ).all()
    for event in waiting:
        lines.append(f"  invitation waiting for a pipeline: {event.summary} ({event.note})")
    refused = session.scalars(
        select(MailMessage)
        .where(
            MailMessage.disposition == Disposition.QUARANTINED,
            MailMessage.rule == "calendar_refused",
        )
        .order_by(MailMessage.id)
        .limit(limit)
    ).all()
    if refused:
        lines.append("invitations quarantined (booked nothing):")
    for row in refused:
        reason = (row.error or "").removeprefix("InvitationRefused: ")
        lines.append(f"  #{row.id} from {row.from_addr or '?'}: {row.subject[:80]} — {reason}")
    return lines


def register(import_app: typer.Typer) -> None:
    import_app.command("calendar")(import_calendar)


def import_calendar(
    files: Annotated[list[Path], typer.Argument(help="Invitations: .ics files or .eml mails.")],
    now: Annotated[
        str | None, typer.Option(help="Apply as if it were this time (ISO 8601).")
    ] = None,
) -> None:
    """Book interviews from calendar invitations saved as files (same rules as by mail)."""
    from rich.console import Console

    from mailagent.db import transaction
    from mailagent.site import open_app, parse_now

    console = Console()

    built = open_app()
    try:
        with transaction(built.factory) as session:
            results = import_calendar_files(
                session,
                built.mailer,
                files,
                config=built.booking_config(),
                now=parse_now(now),
            )
        for path, outcomes in results:
            for outcome in outcomes:
                console.print(f"{path.name}: {outcome}", markup=False, highlight=False)
    finally:
        built.close()
