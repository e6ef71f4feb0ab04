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
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from email.message import Message
from email.policy import compat32
from io import StringIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from dateutil.tz import tzical  # type: ignore[import-untyped]  # icalendar's own dependency
from icalendar.parser import Contentlines

from mailagent.errors import MessageRejected
from mailagent.inbox.sender import normalize_address

# A real invitation is a few kilobytes; anything far larger is refused unread. 1 MB took
# up to ~2 s to parse (the per-message target is 1 s); 256 KiB keeps it well inside.
MAX_CALENDAR_BYTES = 256 * 1024
# An invitation is one event and its moved occurrences, with a panel: far more is no
# interview, and each event costs database work inside the message's time budget.
MAX_EVENTS = 100
MAX_ATTENDEES = 500
# A VTIMEZONE is a handful of yearly rules; anything else would make the time-zone code
# expand rules over millennia (FREQ=SECONDLY from year 1 never finishes).
MAX_ZONES = 20
MAX_ZONE_LINES = 400
MAX_ZONE_RDATES = 1000
EARLIEST_ZONE_YEAR = 1583  # Outlook starts its rules in 1601
# A SEQUENCE is a small revision count; a huge one would lock the event against updates
# and overflow the database column.
MAX_SEQUENCE = 1_000_000
# One-line texts (summary, names) and how much of a description is read for the tag.
MAX_LINE = 500
MAX_DESCRIPTION = 64 * 1024


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


_NOT_TEXT = frozenset({"Cc", "Zl", "Zp", "Cs"})
# Embeddings, overrides and isolates reorder what a reader sees ("‮gpj.exe").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(value: object, limit: int = MAX_LINE) -> str:
    """Calendar text as one printable line: control characters (CR, LF, NUL, escapes…)
    become spaces, runs of spaces one space, and the text is cut at ``limit``.

    >>> one_line("Interview\\r\\nBcc: x@evil.example\\x00")
    'Interview Bcc: x@evil.example'
    """
    text = str(value or "")[: limit * 4]
    cleaned = "".join(
        " " if unicodedata.category(c) in _NOT_TEXT or c in _BIDI_CONTROLS else c for c in text
    )
    return " ".join(cleaned.split())[:limit]


def _text(value: object, limit: int) -> str:
    """A multi-line text cut at ``limit``, with NUL and other controls but newlines removed."""
    text = str(value or "")[:limit]
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


class _Zones:
    """The message's own VTIMEZONE definitions, read only for TZIDs the tz database and
    icalendar's Windows names do not know. They never reach icalendar's parser, whose
    process-wide cache would let the first message defining a custom TZID ("Customized
    Time Zone") decide that zone for every later message."""

    def __init__(self, blocks: dict[str, str]) -> None:
        self._blocks = blocks
        self._built: dict[str, tzinfo] = {}

    def get(self, tzid: str) -> tzinfo | None:
        if tzid in self._built:
            return self._built[tzid]
        block = self._blocks.get(tzid)
        if block is None:
            return None
        try:
            zone: tzinfo = tzical(StringIO(block)).get()
        except Exception as exc:  # dateutil raises ValueError and friends on bad rules
            raise InvitationError(
                f"calendar VTIMEZONE {one_line(tzid, 80)!r} cannot be read ({type(exc).__name__})"
            ) from exc
        self._built[tzid] = zone
        return zone


def _utc(
    value: object, default_tz: tzinfo, tzid: str = "", zones: _Zones | None = None
) -> datetime | None:
    """A DATE-TIME as an aware UTC datetime; None for a DATE or nothing."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        own = zones.get(tzid) if zones is not None and tzid else None
        value = value.replace(tzinfo=own or default_tz)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        shown = value.replace(tzinfo=None).isoformat()
        raise InvitationError(f"calendar time {shown} is out of range") from exc


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
    if len(values) > MAX_ATTENDEES:
        raise InvitationError(f"calendar event has {len(values)} attendees, over {MAX_ATTENDEES}")
    return tuple(
        Attendee(
            address=_address(v),
            name=one_line(_param(v, "CN"), 200),
            partstat=one_line(_param(v, "PARTSTAT", "NEEDS-ACTION"), 32).upper(),
            role=one_line(_param(v, "ROLE", "REQ-PARTICIPANT"), 32).upper(),
            cutype=one_line(_param(v, "CUTYPE", "INDIVIDUAL"), 32).upper(),
        )
        for v in values
    )


def _recurrence_key(value: object, default_tz: tzinfo, tzid: str, zones: _Zones) -> str:
    if isinstance(value, datetime):
        moment = _utc(value, default_tz, tzid, zones)
        assert moment is not None
        return moment.strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return ""


def _tzid(component: icalendar.cal.Component, name: str) -> str:
    value = component.get(name)
    return _param(value, "TZID") if value is not None and not isinstance(value, list) else ""


def _moment(
    component: icalendar.cal.Component, name: str, default_tz: tzinfo, zones: _Zones
) -> datetime | None:
    return _utc(_decoded(component, name), default_tz, _tzid(component, name), zones)


def _event(component: icalendar.cal.Component, default_tz: tzinfo, zones: _Zones) -> Event:
    start_raw = _decoded(component, "DTSTART")
    end_name = "DTEND" if component.name == "VEVENT" and "DTEND" in component else "DUE"
    duration = _decoded(component, "DURATION")
    all_day = isinstance(start_raw, date) and not isinstance(start_raw, datetime)
    start = _utc(start_raw, default_tz, _tzid(component, "DTSTART"), zones)
    end = _moment(component, end_name, default_tz, zones)
    if end is None and start is not None:
        # RFC 5545 §3.6.1: DTSTART + DURATION, else an event with no length.
        try:
            end = start + duration if isinstance(duration, timedelta) else start
        except OverflowError as exc:
            raise InvitationError("calendar DTSTART + DURATION is out of range") from exc
    organizer = component.get("ORGANIZER")
    sequence = _decoded(component, "SEQUENCE")
    sequence = sequence if isinstance(sequence, int) else 0
    if not 0 <= sequence <= MAX_SEQUENCE:
        raise InvitationError(f"calendar SEQUENCE {str(sequence)[:20]} is out of range")
    return Event(
        kind=str(component.name),
        uid=one_line(component.get("UID", ""), 500),
        recurrence_id=_recurrence_key(
            _decoded(component, "RECURRENCE-ID"),
            default_tz,
            _tzid(component, "RECURRENCE-ID"),
            zones,
        ),
        sequence=sequence,
        dtstamp=_moment(component, "DTSTAMP", default_tz, zones),
        start=start,
        end=end,
        all_day=all_day,
        recurring="RRULE" in component or "RDATE" in component,
        summary=one_line(component.get("SUMMARY", "")),
        description=_text(component.get("DESCRIPTION", ""), MAX_DESCRIPTION),
        organizer=_address(organizer),
        organizer_name=one_line(_param(organizer, "CN"), 200),
        attendees=_attendees(component),
    )


def _zone_problem(lines: list[str]) -> str | None:
    """Why one VTIMEZONE block (its unfolded lines) is not a plausible time zone."""
    if len(lines) > MAX_ZONE_LINES:
        return f"has {len(lines)} lines"
    rdates = 0
    for line in lines:
        name, _, value = line.partition(":")
        name = name.partition(";")[0].strip().upper()
        if name == "RRULE":
            rule = {
                k.strip().upper(): v.strip().upper()
                for k, _, v in (p.partition("=") for p in value.split(";"))
            }
            if rule.get("FREQ") != "YEARLY" or rule.get("INTERVAL", "1") != "1":
                return f"has a rule that is not yearly ({one_line(value, 60)})"
        elif name == "RDATE":
            rdates += value.count(",") + 1
        elif name == "DTSTART":
            year = value.strip()[:4]
            if not year.isdigit() or int(year) < EARLIEST_ZONE_YEAR:
                return f"starts in year {one_line(year, 8)}"
    if rdates > MAX_ZONE_RDATES:
        return f"has {rdates} RDATE values"
    return None


def _split_zones(text: str) -> tuple[str, dict[str, str]]:
    """The calendar without its VTIMEZONE blocks, and each block by TZID (screened).

    Lines are unfolded by icalendar's own content-line reader; the blocks are read later,
    only when an event names a TZID nothing else knows.
    """
    kept: list[str] = []
    zones: dict[str, str] = {}
    block: list[str] | None = None
    for line in Contentlines.from_ical(text):  # type: ignore[no-untyped-call]
        if not line:
            continue
        upper = line[:20].upper().replace(" ", "")
        if block is None:
            if upper == "BEGIN:VTIMEZONE":
                block = []
            else:
                kept.append(line)
            continue
        if upper == "END:VTIMEZONE":
            tzid = next(
                (ln.partition(":")[2].strip() for ln in block if ln[:5].upper() == "TZID:"),
                "",
            )
            tzid = tzid or next(
                (ln.partition(":")[2].strip() for ln in block if ln[:5].upper() == "TZID;"), ""
            )
            problem = _zone_problem(block)
            if problem is not None:
                raise InvitationError(f"calendar VTIMEZONE {one_line(tzid, 80)!r} {problem}")
            if len(zones) >= MAX_ZONES:
                raise InvitationError(f"calendar has over {MAX_ZONES} VTIMEZONE components")
            # dateutil reads the standard properties only; X- ones would make it fail.
            body = "\r\n".join(ln for ln in block if ln[:2].upper() != "X-")
            zones.setdefault(tzid, f"BEGIN:VTIMEZONE\r\n{body}\r\nEND:VTIMEZONE\r\n")
            block = None
            continue
        block.append(line)
        if len(block) > MAX_ZONE_LINES:
            raise InvitationError(f"calendar VTIMEZONE has over {MAX_ZONE_LINES} lines")
    if block is not None:
        raise InvitationError("calendar VTIMEZONE is not closed")
    return "\r\n".join(kept) + "\r\n", zones


def _components(calendar: icalendar.Calendar) -> Iterator[icalendar.cal.Component]:
    for component in calendar.walk():
        if component.name in ("VEVENT", "VTODO"):
            yield component


def parse_calendar(data: bytes, *, method: str = "", default_tz: str = "UTC") -> Invitation:
    """One iCalendar object → :class:`Invitation`; ``InvitationError`` if unreadable."""
    if len(data) > MAX_CALENDAR_BYTES:
        raise InvitationError(
            f"calendar part is {len(data)} bytes, over {MAX_CALENDAR_BYTES} "
            f"({MAX_CALENDAR_BYTES // 1024} KiB)"
        )
    try:
        text, blocks = _split_zones(data.decode("utf-8", "replace"))
        calendar = icalendar.Calendar.from_ical(text)
    except InvitationError:
        raise
    except Exception as exc:  # icalendar raises ValueError and friends on broken input
        raise InvitationError(f"calendar part cannot be parsed ({type(exc).__name__})") from exc
    if not isinstance(calendar, icalendar.Calendar):
        raise InvitationError("calendar part holds no VCALENDAR")
    zone = _zone(default_tz)
    components = list(_components(calendar))
    if len(components) > MAX_EVENTS:
        raise InvitationError(f"calendar has {len(components)} events, over {MAX_EVENTS}")
    zones = _Zones(blocks)
    events = tuple(_event(component, zone, zones) for component in components)
    found = str(calendar.get("METHOD", "") or method).strip().upper()
    return Invitation(method=found, events=events)


def _own_parts(message: Message) -> Iterator[Message]:
    """The message's parts, not descending into attached messages (message/rfc822): a
    forwarded invitation is the forwarder's mail, not an invitation from its sender."""
    stack = [message]
    while stack:
        part = stack.pop(0)
        yield part
        if part.get_content_maintype() == "multipart" and part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack[0:0] = [p for p in payload if isinstance(p, Message)]


def _imip_part(message: Message) -> tuple[bytes, str] | None:
    """The first text/calendar part with a ``method`` parameter, decoded, and the method."""
    for part in _own_parts(message):
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
    # Intake asks this of every message: one that names no text/calendar part anywhere is
    # not parsed a second time.
    if b"text/calendar" not in raw.lower():
        return None
    message = email.message_from_bytes(raw, policy=compat32)
    found = _imip_part(message)
    if found is None:
        return None
    data, method = found
    return parse_calendar(data, method=method, default_tz=default_tz)
