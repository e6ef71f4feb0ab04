"""Invitations written by an attacker or a stranger: each is set aside with a one-line
reason, or books nothing it should not, and the inbox goes on (issue #11's trust
boundary applied to the calendar route of issue #16)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

from sqlalchemy import select

from mailagent.models import CalendarAttendance, CalendarEvent, Disposition, InterviewState
from tests.calendar.conftest import (
    AGENT,
    ANN,
    HM,
    KEN,
    RECRUITER,
    T0,
    TOM,
    Site,
    event,
    invitation,
    person,
)

END = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)


def mail(ics: str, *, method: str = "REQUEST", sender: str = RECRUITER) -> bytes:
    """An iMIP mail around a hand-written calendar (what no client would send)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = AGENT
    msg["Subject"] = "Invitation"
    msg["Message-ID"] = make_msgid(domain="hire.example")
    msg.set_content("You have been invited.\n")
    msg.add_alternative(
        ics.replace("\n", "\r\n").encode(),
        maintype="text",
        subtype="calendar",
        params={"method": method},
    )
    return msg.as_bytes(policy=SMTP)


def vevent(body: str, *, uid: str = "hostile@hire.example", organizer: str = RECRUITER) -> str:
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTAMP:20260601T070000Z\n"
        f"SUMMARY:Interview: Ann Lee [R2:devops-aws]\nORGANIZER:mailto:{organizer}\n"
        f"ATTENDEE;CN=Grace Obi:mailto:{HM}\nATTENDEE;CN=Ann Lee:mailto:{ANN}\n{body}"
        "END:VEVENT\n"
    )


def vcalendar(*parts: str, method: str = "REQUEST") -> str:
    head = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//EN\nMETHOD:{method}\n"
    return f"{head}{''.join(parts)}END:VCALENDAR\n"


def zone(tzid: str, offset: str, rule: str = "") -> str:
    return (
        f"BEGIN:VTIMEZONE\nTZID:{tzid}\nBEGIN:STANDARD\nDTSTART:19000101T000000\n{rule}"
        f"TZOFFSETFROM:{offset}\nTZOFFSETTO:{offset}\nEND:STANDARD\nEND:VTIMEZONE\n"
    )


def test_a_time_zone_with_a_daily_rule_is_quarantined_not_expanded(site: Site) -> None:
    # Real zones change twice a year; a rule per day (or second) since 1900 makes the
    # zone code expand tens of thousands of transitions (per second: it never ends).
    tzid = f"Bomb {uuid.uuid4().hex}"
    ics = vcalendar(
        zone(tzid, "+0100", "RRULE:FREQ=DAILY\n"),
        vevent(f"DTSTART;TZID={tzid}:20260602T100000\nDTEND;TZID={tzid}:20260602T110000\n"),
    )
    row = site.deliver(mail(ics))

    assert row.disposition is Disposition.QUARANTINED
    assert row.error == (
        f"InvitationError: calendar VTIMEZONE '{tzid}' has a rule that is not yearly (FREQ=DAILY)"
    )
    assert site.interviews() == []


def test_a_strangers_time_zone_never_decides_a_later_invitations_times(site: Site) -> None:
    # Outlook names a custom zone "Customized Time Zone"; the tz database does not know
    # the name, so each message's own VTIMEZONE must define it for that message only.
    tzid = f"Customized Time Zone {uuid.uuid4().hex}"
    start, end = f"DTSTART;TZID={tzid}:20260602T100000\n", f"DTEND;TZID={tzid}:20260602T110000\n"
    poison = vcalendar(
        zone(tzid, "+1400"),
        vevent(start + end, uid="p@evil.example", organizer="mallory@evil.example"),
    )
    site.deliver(mail(poison, sender="mallory@evil.example"))
    honest = vcalendar(zone(tzid, "+0200"), vevent(start + end))
    row = site.deliver(mail(honest))

    assert row.rule == "calendar_booked"
    [interview] = site.interviews()
    # 11:00 at UTC+2, not at the stranger's UTC+14.
    assert interview.held_at == datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


def test_times_out_of_range_are_one_line_reasons_or_ignored(site: Site) -> None:
    overflow = vcalendar(vevent("DTSTART:99991231T230000Z\nDURATION:P7D\n", uid="o@x"))
    row = site.deliver(mail(overflow))
    assert row.disposition is Disposition.QUARANTINED
    assert row.error == "InvitationError: calendar DTSTART + DURATION is out of range"

    far = vcalendar(vevent("DTSTART:21000101T100000Z\nDTEND:21000101T110000Z\n", uid="f@x"))
    row = site.deliver(mail(far))
    assert (row.disposition, row.rule) == (Disposition.CALENDAR, "calendar_ignored")
    assert site.interviews() == []

    backwards = vcalendar(vevent("DTSTART:20260602T110000Z\nDTEND:20260602T100000Z\n", uid="b@x"))
    assert site.deliver(mail(backwards)).rule == "calendar_ignored"
    assert site.interviews() == []


def test_a_huge_sequence_is_refused_before_it_locks_the_event(site: Site) -> None:
    # Accepted, SEQUENCE 2000000000 would make every later update of the UID "stale".
    ics = vcalendar(
        vevent("SEQUENCE:2000000000\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\n")
    )
    row = site.deliver(mail(ics))
    assert row.disposition is Disposition.QUARANTINED
    assert row.error == "InvitationError: calendar SEQUENCE 2000000000 is out of range"
    # The honest invitation with the same UID still books.
    ok = vcalendar(vevent("SEQUENCE:1\nDTSTART:20260602T090000Z\nDTEND:20260602T100000Z\n"))
    assert site.deliver(mail(ok)).rule == "calendar_booked"


def test_hundreds_of_events_or_thousands_of_attendees_are_set_aside(site: Site) -> None:
    times = "DTSTART:20260602T090000Z\nDTEND:20260602T100000Z\n"
    many = vcalendar(*(vevent(times, uid=f"e{i}@x") for i in range(150)))
    row = site.deliver(mail(many))
    assert row.disposition is Disposition.QUARANTINED
    assert row.error == "InvitationError: calendar has 150 events, over 100"

    crowd = "".join(f"ATTENDEE:mailto:p{i}@hire.example\n" for i in range(3000))
    row = site.deliver(mail(vcalendar(vevent(times + crowd, uid="crowd@x"))))
    # Grace and Ann are on every event of this file, so 3002.
    assert row.error == "InvitationError: calendar event has 3002 attendees, over 500"
    assert site.interviews() == []


def test_an_all_hands_meeting_is_not_a_panel(site: Site) -> None:
    staff = tuple(person(f"p{i}@hire.example", f"P {i}") for i in range(30))
    row = site.deliver(invitation("REQUEST", event(attendees=(*staff, person(ANN, "Ann Lee")))))
    assert (row.disposition, row.rule) == (Disposition.CALENDAR, "calendar_ignored")
    assert site.interviews() == []


def test_another_organizer_cannot_move_or_cancel_an_interview_by_reusing_its_uid(
    site: Site,
) -> None:
    site.deliver(invitation("REQUEST", event()))
    later = END + timedelta(days=3)
    hijack = event(
        start=later - timedelta(hours=1),
        end=later,
        sequence=5,
        organizer=KEN,
        attendees=(person(TOM, "Tom Reed"), person(ANN, "Ann Lee")),
    )
    moved = site.deliver(invitation("REQUEST", hijack, sender=KEN))
    cancel = site.deliver(invitation("CANCEL", event(sequence=6, organizer=KEN), sender=KEN))

    for row in (moved, cancel):
        assert row.disposition is Disposition.QUARANTINED
        assert row.error == (
            "InvitationRefused: UID interview-1@hire.example belongs to an event organized "
            f"by {RECRUITER}, not {KEN}"
        )
    [interview] = site.interviews()
    assert (interview.interviewer_email, interview.held_at) == (HM, END)
    assert interview.state is InterviewState.SCHEDULED
    # The organizer herself still moves it.
    again = event(start=later - timedelta(hours=1), end=later, sequence=1)
    assert site.deliver(invitation("REQUEST", again)).rule == "calendar_moved"


def test_a_reply_without_one_sender_or_from_a_stranger_records_nothing(site: Site) -> None:
    site.deliver(invitation("REQUEST", event()))
    accept = event(attendees=(person(HM, "Grace Obi", partstat="DECLINED"),))
    two = invitation("REPLY", accept, sender=HM).replace(
        f"From: Lena Brandt <{HM}>".encode(), f"From: {HM}, mallory@evil.example".encode()
    )
    assert b"mallory@evil.example" in two
    site.deliver(two)
    stranger = event(attendees=(person("mallory@evil.example", partstat="ACCEPTED"),))
    row = site.deliver(invitation("REPLY", stranger, sender="mallory@evil.example"))

    assert row.rule == "calendar_reply"
    with site.app.factory() as session:
        assert session.scalars(select(CalendarAttendance)).all() == []


def test_a_forwarded_invitation_is_the_forwarders_mail_not_an_invitation(site: Site) -> None:
    forward = EmailMessage()
    forward["From"] = HM
    forward["To"] = AGENT
    forward["Subject"] = "Fwd: is this real?"
    forward["Message-ID"] = make_msgid(domain="hire.example")
    forward.set_content("Found this in my inbox.\n")
    inner = message_from_bytes(invitation("REQUEST", event(organizer=HM), sender=HM), policy=SMTP)
    forward.add_attachment(inner)
    row = site.deliver(forward.as_bytes(policy=SMTP))

    assert row.disposition is not Disposition.CALENDAR
    assert site.interviews() == []


def test_line_breaks_and_nul_in_calendar_text_never_reach_mail_or_the_database(
    site: Site,
) -> None:
    ics = vcalendar(
        "BEGIN:VEVENT\nUID:ctl@x\nDTSTAMP:20260601T070000Z\n"
        "DTSTART:20260602T090000Z\nDTEND:20260602T100000Z\n"
        "SUMMARY:Interview\\nBcc: victim@evil.example\x00\u202e [R2:devops-aws]\n"
        f"ORGANIZER;CN=Lena:mailto:{RECRUITER}\n"
        f"ATTENDEE;CN=Grace:mailto:{HM}\n"
        'ATTENDEE;CN="Bo\u2028\u0085Chen":mailto:bo.chen@mail.example\n'
        "END:VEVENT\n"
    )
    row = site.deliver(mail(ics))
    site.tick(T0 + timedelta(minutes=1))

    assert row.rule == "calendar_booked"
    with site.app.factory() as session:
        [stored] = session.scalars(select(CalendarEvent)).all()
        assert stored.summary == "Interview Bcc: victim@evil.example [R2:devops-aws]"
    assert [c.name for c in site.candidates()] == ["Ann Lee", "Bo Chen"]
    [ask] = site.sent.to(RECRUITER)
    assert str(ask["Subject"]) == "Resume needed: Bo Chen (DevOps Engineer (AWS / Kubernetes))"
    assert "victim@evil.example" not in str(ask["Bcc"] or "")


def test_a_tag_books_only_for_a_pipeline_whose_owners_know(site: Site) -> None:
    # Ken, an interviewer, tags Grace's pipeline with neither Grace nor Lena invited.
    quiet = event(organizer=KEN, attendees=(person(TOM, "Tom Reed"), person(ANN, "Ann Lee")))
    row = site.deliver(invitation("REQUEST", quiet, sender=KEN))
    assert row.rule == "calendar_needs_pipeline"
    assert site.interviews() == []
    # With the hiring manager invited, the tag books.
    seen = event(
        organizer=KEN,
        sequence=1,
        attendees=(person(TOM, "Tom Reed"), person(HM, "Grace Obi"), person(ANN, "Ann Lee")),
    )
    assert site.deliver(invitation("REQUEST", seen, sender=KEN)).rule == "calendar_booked"


def test_a_calendar_part_over_256_kib_is_set_aside_unread(site: Site) -> None:
    # A 1 MB part takes up to ~2 s to parse; a real invitation is a few kilobytes.
    times = "DTSTART:20260602T090000Z\nDTEND:20260602T100000Z\n"
    filler = "".join(f"X-FILLER-{i}:{'a' * 60}\n" for i in range(4000))
    row = site.deliver(mail(vcalendar(vevent(times + filler, uid="big@x"))))
    assert row.disposition is Disposition.QUARANTINED
    error = row.error or ""
    assert error.startswith("InvitationError: calendar part is ")
    assert error.endswith(" bytes, over 262144 (256 KiB)") and "\n" not in error
    assert site.interviews() == []
    # The same invitation without the padding books.
    assert site.deliver(mail(vcalendar(vevent(times, uid="big@x")))).rule == "calendar_booked"
