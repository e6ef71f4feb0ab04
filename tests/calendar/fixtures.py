"""Real invitation mails (``../shared/fixtures/imip-bluemind``) recast for the test site.

The fixtures were sent between other companies' people. ``recast`` gives each person a
role on the test site, by position, and rewrites the mail's headers and its calendar
parts (decoded, unfolded, re-encoded as base64) so that the invitation means the same to
the agent as it meant to its recipients:

* the organizer becomes Grace Obi (grace.obi@hire.example, an internal HM);
* the other attendees, in order, become the candidate Ann Lee (ann.lee@home.example),
  then Ken Morita and Tom Reed (internal interviewers);
* a From that is none of them is Grace's (someone sending for the organizer), and any
  other recipient becomes the agent's address.

Everything else in the mail (structure, time zones, Sender and Auto-Submitted fields,
encodings of the other parts) stays as the sending client wrote it.
"""

from __future__ import annotations

import email
import re
from email import encoders
from email.message import Message
from email.policy import compat32

from mailagent.calendar.ical import parse_calendar
from tests.calendar.conftest import AGENT, ANN, HM, KEN, TOM
from tests.shared import shared_path

ROLES = (ANN, KEN, TOM)
_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
CALENDAR_TYPES = ("text/calendar", "application/ics")


def fixture(name: str) -> bytes:
    return (shared_path("fixtures", "imip-bluemind") / name).read_bytes()


def fixture_names() -> list[str]:
    """Every fixture of the folder this module expects (collected without ../shared)."""
    return sorted(EXPECTED)


def _calendar_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return re.sub(r"\r?\n[ \t]", "", payload.decode("utf-8", "replace"))


def cast_of(raw: bytes) -> dict[str, str]:
    """Old address (lower case) → the test site's address, by role."""
    msg = email.message_from_bytes(raw, policy=compat32)
    mapping: dict[str, str] = {}
    for part in msg.walk():
        if part.get_content_type() != "text/calendar":
            continue
        invitation = parse_calendar(_calendar_text(part).encode("utf-8"))
        for event in invitation.events:
            if event.organizer:
                mapping.setdefault(event.organizer, HM)
            others = [a.address for a in event.attendees if a.address]
            for address in others:
                if address not in mapping:
                    taken = set(mapping.values())
                    free = [r for r in ROLES if r not in taken]
                    mapping[address] = free[0] if free else AGENT
        break
    for value in msg.get_all("From", []):
        for address in _ADDRESS.findall(str(value)):
            mapping.setdefault(address.lower(), HM)
    for name in ("To", "Cc"):
        for value in msg.get_all(name, []):
            for address in _ADDRESS.findall(str(value)):
                mapping.setdefault(address.lower(), AGENT)
    return mapping


def _swap(text: str, mapping: dict[str, str]) -> str:
    return _ADDRESS.sub(lambda m: mapping.get(m.group(0).lower(), m.group(0)), text)


def recast(raw: bytes) -> bytes:
    """The fixture with its people replaced by the test site's (see the module doc)."""
    mapping = cast_of(raw)
    msg = email.message_from_bytes(raw, policy=compat32)
    for name in ("From", "To", "Cc", "Reply-To"):
        values = msg.get_all(name, [])
        if values:
            del msg[name]
            for value in values:
                msg[name] = _swap(str(value), mapping)
    for part in msg.walk():
        if part.get_content_type() not in CALENDAR_TYPES:
            continue
        text = _swap(_calendar_text(part), mapping)
        del part["Content-Transfer-Encoding"]
        part.set_payload(text.encode("utf-8"))
        encoders.encode_base64(part)
    return msg.as_bytes()


# What each fixture does on a site whose internal domain is hire.example (default
# pipeline devops-aws): (disposition, rule, interviewers booked). Replies are delivered
# after an invitation with the same UID was booked, so their answers are recorded.
EXPECTED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "android.invite.new.eml": ("calendar", "calendar_booked", (HM, KEN)),
    # No From field at all: nobody can be said to have sent it.
    "android.npe.eml": ("quarantined", "calendar_refused", ()),
    "android.reply.accept.eml": ("calendar", "calendar_reply", ()),
    "android.reply.decline.eml": ("calendar", "calendar_reply", ()),
    "bluemind.reply.eml": ("calendar", "calendar_reply", ()),
    "bm.bug3766.eml": ("calendar", "calendar_booked", (HM,)),
    "bm.invite.new.eml": ("calendar", "calendar_booked", (HM,)),
    "bm.invite.update.eml": ("calendar", "calendar_booked", (HM,)),
    # Cancelling an event never booked changes nothing.
    "bm.invite.cancel.eml": ("calendar", "calendar_unknown", ()),
    "bm.task.invite.eml": ("calendar", "calendar_ignored", ()),
    "bm.task.update.eml": ("calendar", "calendar_ignored", ()),
    "bm.task.cancel.eml": ("calendar", "calendar_ignored", ()),
    "bm4.mapi.reply.accept.eml": ("calendar", "calendar_reply", ()),
    # A weekly series (RRULE) is not an interview.
    "bug_chdg-106.eml": ("calendar", "calendar_ignored", ()),
    "exanchage.invite.eml": ("calendar", "calendar_booked", (HM,)),
    "exanchage.invite_email_uppercase.eml": ("calendar", "calendar_booked", (HM,)),
    "google.invite.new.eml": ("calendar", "calendar_booked", (HM, KEN)),
    "google.reply.accept.eml": ("calendar", "calendar_reply", ()),
    "google.reply.decline.eml": ("calendar", "calendar_reply", ()),
    "google.reply.tentative.eml": ("calendar", "calendar_reply", ()),
    "google.reply.valarm.eml": ("calendar", "calendar_reply", ()),
    "google_counter.eml": ("calendar", "calendar_reply", ()),
    "ios.reply.accept.eml": ("calendar", "calendar_reply", ()),
    "ios.reply.decline.eml": ("calendar", "calendar_reply", ()),
    "ios.reply.tentative.eml": ("calendar", "calendar_reply", ()),
    # An .ics merely attached (no method parameter) is ordinary mail with no thread.
    "not.imip.1.eml": ("unattributed", "no_route", ()),
    "outlook.bug.3445.eml": ("calendar", "calendar_booked", (HM,)),
    "outlook.bug.5240.eml": ("calendar", "calendar_booked", (HM, KEN)),
    "outlook.invite.cancel.eml": ("calendar", "calendar_unknown", ()),
    "outlook.invite.new.eml": ("calendar", "calendar_booked", (HM,)),
    "outlook.invite.pureics.eml": ("calendar", "calendar_booked", (HM, KEN)),
    "outlook.reply.accept.eml": ("calendar", "calendar_reply", ()),
    "outlook.reply.decline.eml": ("calendar", "calendar_reply", ()),
    "outlook.reply.tentative.eml": ("calendar", "calendar_reply", ()),
}
