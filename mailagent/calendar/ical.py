"""Read an iMIP message (or a bare .ics file) into plain values, with ``icalendar``.

A message is an invitation only when a ``text/calendar`` part carries a ``method``
parameter (RFC 6047 §2.4); a calendar file merely attached (no ``method``) is ordinary
mail. The calendar's own ``METHOD`` wins over the parameter (Google sends COUNTER in a
part labelled ``method=REPLY``). Times come back in UTC: ``TZID`` parameters resolve
through the message's own VTIMEZONE components (Outlook's "Romance Standard Time" and
the like) or the tz database; floating times are read in ``default_tz``.

>>> inv = parse_calendar(
...     b"BEGIN:VCALENDAR\\r\\nMETHOD:REQUEST\\r\\nBEGIN:VEVENT\\r\\nUID:u1\\r\\n"
...     b"DTSTART;TZID=Europe/Berlin:20260330T100000\\r\\nDURATION:PT45M\\r\\n"
...     b"ORGANIZER:mailto:Lena@Hire.example\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
>>> inv.method, inv.events[0].end.isoformat(), inv.events[0].organizer
('REQUEST', '2026-03-30T08:45:00+00:00', 'lena@hire.example')
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.message import Message
from email.policy import compat32
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from mailagent.errors import MessageRejected
from mailagent.inbox.sender import normalize_address

# A real invitation is a few kilobytes; anything far larger is refused unread.
MAX_CALENDAR_BYTES = 1024 * 1024


class InvitationError(MessageRejected):
    """A calendar part that cannot be read: the message is quarantined with this reason."""


@dataclass(frozen=True)
class Attendee:
    address: str  # normalised mailbox; "" when the attendee has no mailto: address
    name: str
    partstat: str  # NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE, DELEGATED …
    role: str  # REQ-PARTICIPANT, OPT-PARTICIPANT, CHAIR, NON-PARTICIPANT
    cutype: str  # INDIVIDUAL, GROUP, RESOURCE, ROOM, UNKNOWN


@dataclass(frozen=True)
class Event:
    """One VEVENT (or an ignored VTODO), times in UTC."""

    kind: str
    uid: str
    recurrence_id: str  # "" for a single event; the occurrence's start in UTC otherwise
    sequence: int
    dtstamp: datetime | None
    start: datetime | None
    end: datetime | None
    all_day: bool
    recurring: bool
    summary: str
    description: str
    organizer: str
    organizer_name: str
    attendees: tuple[Attendee, ...]

    @property
    def order(self) -> tuple[int, datetime]:
        """Newer versions compare greater: SEQUENCE first, then DTSTAMP (RFC 5546 §2.1.5)."""
        return (self.sequence, self.dtstamp or datetime.min.replace(tzinfo=UTC))


@dataclass(frozen=True)
class Invitation:
    method: str  # REQUEST, CANCEL, REPLY, COUNTER, PUBLISH …
    events: tuple[Event, ...]


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _utc(value: object, default_tz: tzinfo) -> datetime | None:
    """A DATE-TIME as an aware UTC datetime; None for a DATE or nothing."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=default_tz)
    return value.astimezone(UTC)


def _decoded(component: icalendar.cal.Component, name: str) -> object:
    if name not in component:
        return None
    try:
        return component.decoded(name)
    except Exception as exc:  # icalendar raises ValueError, KeyError … on bad values
        raise InvitationError(f"calendar {name} cannot be read ({type(exc).__name__})") from exc


def _address(value: object) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        return normalize_address(text[7:])
    return ""


def _param(value: object, name: str, default: str = "") -> str:
    params = getattr(value, "params", {})
    return str(params.get(name, default)).strip().strip('"')


def _attendees(component: icalendar.cal.Component) -> tuple[Attendee, ...]:
    raw = component.get("ATTENDEE")
    values = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
    return tuple(
        Attendee(
            address=_address(v),
            name=_param(v, "CN"),
            partstat=_param(v, "PARTSTAT", "NEEDS-ACTION").upper(),
            role=_param(v, "ROLE", "REQ-PARTICIPANT").upper(),
            cutype=_param(v, "CUTYPE", "INDIVIDUAL").upper(),
        )
        for v in values
    )


def _recurrence_key(value: object, default_tz: tzinfo) -> str:
    if isinstance(value, datetime):
        moment = _utc(value, default_tz)
        assert moment is not None
        return moment.strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return ""


def _event(component: icalendar.cal.Component, default_tz: tzinfo) -> Event:
    start_raw = _decoded(component, "DTSTART")
    end_raw = _decoded(component, "DTEND") if component.name == "VEVENT" else None
    end_raw = end_raw if end_raw is not None else _decoded(component, "DUE")
    duration = _decoded(component, "DURATION")
    all_day = isinstance(start_raw, date) and not isinstance(start_raw, datetime)
    start = _utc(start_raw, default_tz)
    end = _utc(end_raw, default_tz)
    if end is None and start is not None:
        # RFC 5545 §3.6.1: DTSTART + DURATION, else an event with no length.
        end = start + duration if isinstance(duration, timedelta) else start
    organizer = component.get("ORGANIZER")
    sequence = _decoded(component, "SEQUENCE")
    return Event(
        kind=str(component.name),
        uid=str(component.get("UID", "")).strip()[:500],
        recurrence_id=_recurrence_key(_decoded(component, "RECURRENCE-ID"), default_tz),
        sequence=sequence if isinstance(sequence, int) else 0,
        dtstamp=_utc(_decoded(component, "DTSTAMP"), default_tz),
        start=start,
        end=end,
        all_day=all_day,
        recurring="RRULE" in component or "RDATE" in component,
        summary=str(component.get("SUMMARY", "")).strip(),
        description=str(component.get("DESCRIPTION", "")).strip(),
        organizer=_address(organizer),
        organizer_name=_param(organizer, "CN"),
        attendees=_attendees(component),
    )


def parse_calendar(data: bytes, *, method: str = "", default_tz: str = "UTC") -> Invitation:
    """One iCalendar object → :class:`Invitation`; ``InvitationError`` if unreadable."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise InvitationError(f"calendar part is {len(data)} bytes, over {MAX_CALENDAR_BYTES}")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar raises ValueError and friends on broken input
        raise InvitationError(f"calendar part cannot be parsed ({type(exc).__name__})") from exc
    if not isinstance(calendar, icalendar.Calendar):
        raise InvitationError("calendar part holds no VCALENDAR")
    zone = _zone(default_tz)
    events = tuple(
        _event(component, zone)
        for component in calendar.walk()
        if component.name in ("VEVENT", "VTODO")
    )
    found = str(calendar.get("METHOD", "") or method).strip().upper()
    return Invitation(method=found, events=events)


def _imip_part(message: Message) -> tuple[bytes, str] | None:
    """The first text/calendar part with a ``method`` parameter, decoded, and the method."""
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        method = part.get_param("method")
        if not isinstance(method, str) or not method.strip():
            continue
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            return payload, method.strip().upper()
    return None


def invitation_from_message(raw: bytes, *, default_tz: str = "UTC") -> Invitation | None:
    """The message's iMIP invitation, or None when it is not one."""
    message = email.message_from_bytes(raw, policy=compat32)
    found = _imip_part(message)
    if found is None:
        return None
    data, method = found
    return parse_calendar(data, method=method, default_tz=default_tz)
