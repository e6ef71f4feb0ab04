"""Invitations made with icalendar, mailed to the agent, and what each one books.

Each test reads as what a recruiter would see: an invitation arrives, the poll stores
and routes it, and the interviews (and the mail the agent sends at the next ticks) say
what happened.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from typer.testing import CliRunner

from mailagent.models import (
    CalendarAttendance,
    CalendarEvent,
    Disposition,
    InterviewState,
    OutboxMessage,
    Thread,
    ThreadStatus,
)
from tests.calendar.conftest import (
    AGENT,
    ANN,
    HM,
    KEN,
    RECRUITER,
    T0,
    TOM,
    Site,
    calendar,
    event,
    invitation,
    make_site,
    person,
)
from tests.jobs.conftest import body

END = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)


def test_an_invitation_books_one_interview_and_the_request_goes_after_its_end(
    site: Site,
) -> None:
    row = site.deliver(invitation("REQUEST", event()))

    assert (row.disposition, row.rule) == (Disposition.CALENDAR, "calendar_booked")
    [interview] = site.interviews()
    assert (interview.interviewer_email, interview.candidate_id) == (HM, "ann-lee")
    assert (interview.pipeline_id, interview.held_at) == ("devops-aws", END)
    assert interview.interviewer_name == "Grace Obi"
    # Nothing is asked before the interview ends; at the first tick after it, it is.
    site.tick(END - timedelta(minutes=1))
    assert site.sent.to(HM) == []
    site.tick(END + timedelta(minutes=1))
    [request] = site.sent.to(HM)
    assert "How did the interview with Ann Lee for DevOps Engineer" in body(request)
    # The invitation itself was never answered.
    assert [m for m in site.sent.all() if RECRUITER in str(m["To"])] == []


def test_a_panel_of_three_gives_three_interviews_and_three_threads(site: Site) -> None:
    panel = (
        person(HM, "Grace Obi"),
        person(KEN, "Ken Morita"),
        person(TOM, "Tom Reed"),
        person(RECRUITER, "Lena Brandt"),  # the recruiter is not an interviewer
        person(AGENT),
        person(ANN, "Ann Lee"),
        person("room-4@hire.example", "Room 4", cutype="ROOM"),  # nor is a room
    )
    site.deliver(invitation("REQUEST", event(attendees=panel)))

    assert [i.interviewer_email for i in site.interviews()] == [HM, KEN, TOM]
    site.tick(END + timedelta(minutes=1))
    with site.app.factory() as session:
        assert len(session.scalars(select(Thread)).all()) == 3
    assert {str(m["To"]) for m in site.sent.all()} == {HM, KEN, TOM}


def test_time_zones_with_daylight_saving_are_read_in_utc(site: Site) -> None:
    new_york = ZoneInfo("America/New_York")
    # 8 March 2026: clocks in New York went forward; 6 March was still EST (UTC-5).
    before = event(
        uid="est@x",
        start=datetime(2026, 3, 6, 10, 0, tzinfo=new_york),
        end=datetime(2026, 3, 6, 11, 0, tzinfo=new_york),
    )
    after = event(
        uid="edt@x",
        start=datetime(2026, 3, 9, 10, 0, tzinfo=new_york),
        duration=timedelta(minutes=45),
        end=None,
    )
    berlin = event(
        uid="cest@x",
        start=datetime(2026, 3, 30, 14, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        end=datetime(2026, 3, 30, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    for component in (before, after, berlin):
        # The zone travels as a VTIMEZONE, as real clients send it.
        assert b"BEGIN:VTIMEZONE" in calendar("REQUEST", component)
        site.deliver(invitation("REQUEST", component))

    ends = sorted(i.held_at for i in site.interviews())
    assert ends == [
        datetime(2026, 3, 6, 16, 0, tzinfo=UTC),  # 11:00 EST
        datetime(2026, 3, 9, 14, 45, tzinfo=UTC),  # 10:00 EDT + 45 minutes
        datetime(2026, 3, 30, 13, 0, tzinfo=UTC),  # 15:00 CEST
    ]


def test_all_day_events_and_tasks_book_nothing(site: Site) -> None:
    all_day = event(uid="day@x", start=date(2026, 6, 2), end=date(2026, 6, 3))
    row = site.deliver(invitation("REQUEST", all_day))
    assert (row.disposition, row.rule) == (Disposition.CALENDAR, "calendar_ignored")
    task = event(uid="todo@x", kind="VTODO")
    row = site.deliver(invitation("REQUEST", task))
    assert row.rule == "calendar_ignored"
    assert site.interviews() == []


def test_a_recurrence_exception_is_one_interview_of_its_own(site: Site) -> None:
    series = event(uid="weekly@x", rrule={"freq": "weekly", "count": 4})
    moved = event(
        uid="weekly@x",
        recurrence_id=datetime(2026, 6, 9, 9, 0, tzinfo=UTC),
        start=datetime(2026, 6, 9, 13, 0, tzinfo=UTC),
        end=datetime(2026, 6, 9, 14, 0, tzinfo=UTC),
        sequence=1,
    )
    row = site.deliver(invitation("REQUEST", series, moved))

    # The series itself is not an interview; its one moved occurrence is.
    assert row.rule == "calendar_booked"
    [interview] = site.interviews()
    assert interview.held_at == datetime(2026, 6, 9, 14, 0, tzinfo=UTC)
    # Cancelling that occurrence cancels it and nothing else.
    cancel = event(uid="weekly@x", recurrence_id=datetime(2026, 6, 9, 9, 0, tzinfo=UTC), sequence=2)
    assert site.deliver(invitation("CANCEL", cancel)).rule == "calendar_cancelled"
    assert site.interviews()[0].state is InterviewState.CANCELLED


def test_a_higher_sequence_moves_the_time_and_an_older_copy_changes_nothing(
    site: Site,
) -> None:
    site.deliver(invitation("REQUEST", event()))
    later = END + timedelta(hours=3)
    moved = event(start=later - timedelta(hours=1), end=later, sequence=1)
    assert site.deliver(invitation("REQUEST", moved)).rule == "calendar_moved"
    assert site.interviews()[0].held_at == later

    # The first copy again (SEQUENCE 0), arriving late: ignored.
    stale = site.deliver(invitation("REQUEST", event(summary="old [R2:devops-aws]")))
    assert (stale.disposition, stale.rule) == (Disposition.CALENDAR, "calendar_stale")
    assert site.interviews()[0].held_at == later
    # At equal SEQUENCE, the later DTSTAMP wins.
    stamp = datetime(2026, 6, 1, 7, 30, tzinfo=UTC)
    again = event(start=END, end=END + timedelta(hours=1), sequence=1, stamp=stamp)
    assert site.deliver(invitation("REQUEST", again)).rule == "calendar_moved"
    assert site.interviews()[0].held_at == END + timedelta(hours=1)

    # The request goes at the first tick after the latest end, not the first one.
    site.tick(END + timedelta(minutes=59))
    assert site.sent.to(HM) == []
    site.tick(END + timedelta(hours=1, minutes=1))
    assert len(site.sent.to(HM)) == 1


def test_a_cancellation_before_the_end_means_no_request_is_ever_sent(site: Site) -> None:
    site.deliver(invitation("REQUEST", event()))
    row = site.deliver(invitation("CANCEL", event(sequence=1)))

    assert row.rule == "calendar_cancelled"
    assert site.interviews()[0].state is InterviewState.CANCELLED
    site.tick(END + timedelta(days=8))
    assert site.sent.all() == []


def test_a_cancellation_after_the_request_closes_the_thread_and_tells_the_interviewer(
    site: Site,
) -> None:
    site.deliver(invitation("REQUEST", event()))
    site.tick(END + timedelta(minutes=1))
    site.deliver(invitation("CANCEL", event(sequence=1)))
    site.tick(END + timedelta(minutes=2))

    [interview] = site.interviews()
    assert interview.state is InterviewState.CANCELLED
    with site.app.factory() as session:
        [thread] = session.scalars(select(Thread)).all()
        assert thread.status is ThreadStatus.CANCELLED
    request, closed = site.sent.to(HM)
    assert "was cancelled in the calendar, so this thread is closed" in body(closed)
    assert str(closed["Subject"]).startswith(str(request["Subject"]).split(" [")[0])
    # No reminder follows a cancelled interview.
    site.tick(END + timedelta(days=7))
    assert len(site.sent.to(HM)) == 2


def test_an_unknown_candidate_is_created_and_the_recruiter_asked_for_the_resume(
    site: Site,
) -> None:
    people = (person(HM, "Grace Obi"), person("bo.chen@mail.example", "Bo Chen"))
    site.deliver(invitation("REQUEST", event(uid="bo@x", attendees=people)))
    site.tick(T0 + timedelta(minutes=1))

    assert [(c.id, c.name, c.email) for c in site.candidates()] == [
        ("ann-lee", "Ann Lee", ANN),
        ("bo-chen", "Bo Chen", "bo.chen@mail.example"),
    ]
    [ask] = site.sent.to(RECRUITER)
    assert str(ask["Subject"]) == "Resume needed: Bo Chen (DevOps Engineer (AWS / Kubernetes))"
    assert "mailagent import candidates --id bo-chen RESUME.pdf" in body(ask)


def test_without_a_tag_or_default_the_organizer_is_asked_which_pipeline(site: Site) -> None:
    row = site.deliver(invitation("REQUEST", event(summary="Interview: Ann Lee")))
    site.tick(T0 + timedelta(minutes=1))

    assert row.rule == "calendar_needs_pipeline"
    assert site.interviews() == []
    [ask] = site.sent.to(RECRUITER)
    assert "[R2:devops-aws] for DevOps Engineer (AWS / Kubernetes)" in body(ask)
    # The update with the tag books it.
    tagged = event(summary="Interview: Ann Lee [R2:devops-aws]", sequence=1)
    assert site.deliver(invitation("REQUEST", tagged)).rule == "calendar_booked"
    assert len(site.interviews()) == 1


def test_a_default_pipeline_from_settings_is_used_without_a_tag(tmp_path: Path) -> None:
    site = make_site(tmp_path, default_pipeline="devops-aws")
    try:
        site.deliver(invitation("REQUEST", event(summary="Interview: Ann Lee")))
        assert [i.pipeline_id for i in site.interviews()] == ["devops-aws"]
    finally:
        site.app.close()


def test_an_outside_organizer_is_quarantined_and_the_recruiter_told_once(site: Site) -> None:
    outside = event(uid="evil@x", organizer="mallory@evil.example")
    first = site.deliver(invitation("REQUEST", outside, sender="mallory@evil.example"))
    site.deliver(
        invitation(
            "REQUEST",
            event(uid="evil2@x", organizer="mallory@evil.example"),
            sender="mallory@evil.example",
        )
    )
    site.tick(T0 + timedelta(minutes=1))

    assert first.disposition is Disposition.QUARANTINED
    assert first.error == (
        "InvitationRefused: From mallory@evil.example is not in internal_domains"
    )
    assert site.interviews() == []
    [notice] = site.sent.to(RECRUITER)
    assert "A calendar invitation was set aside" in str(notice["Subject"])
    # An internal From cannot book for an outside organizer either.
    spoof = site.deliver(invitation("REQUEST", event(uid="e3@x", organizer="x@evil.example")))
    assert spoof.error == "InvitationRefused: organizer x@evil.example is not in internal_domains"


def test_with_an_authserv_id_only_an_authenticated_from_books(tmp_path: Path) -> None:
    site = make_site(tmp_path, authserv_id="mx.hire.example")
    try:
        bare = site.deliver(invitation("REQUEST", event(uid="a@x")))
        assert bare.disposition is Disposition.QUARANTINED
        assert "not authenticated" in (bare.error or "")
        signed = invitation(
            "REQUEST",
            event(uid="b@x"),
            headers={"Authentication-Results": "mx.hire.example; dkim=pass header.d=hire.example"},
        )
        assert site.deliver(signed).rule == "calendar_booked"
    finally:
        site.app.close()


def test_google_style_sender_header_does_not_hide_the_organizer(site: Site) -> None:
    raw = invitation(
        "REQUEST",
        event(),
        headers={
            "Sender": "Google Calendar <calendar-notification@google.com>",
            "Auto-Submitted": "auto-generated",
        },
    )
    assert site.deliver(raw).rule == "calendar_booked"


def test_replies_and_counter_proposals_are_recorded_and_never_answered(site: Site) -> None:
    site.deliver(invitation("REQUEST", event()))
    accept = event(attendees=(person(HM, "Grace Obi", partstat="ACCEPTED"),))
    site.deliver(invitation("REPLY", accept, sender=HM, subject="Accepted: Interview"))
    decline = event(attendees=(person(ANN, "Ann Lee", partstat="DECLINED"),))
    site.deliver(invitation("REPLY", decline, sender=ANN, subject="Declined: Interview"))
    counter = event(
        start=END, end=END + timedelta(hours=1), attendees=(person(ANN, partstat="TENTATIVE"),)
    )
    row = site.deliver(invitation("COUNTER", counter, sender=ANN, subject="New time proposed"))
    # Someone answering for another attendee records nothing.
    site.deliver(invitation("REPLY", accept, sender=ANN, subject="Accepted: Interview"))
    site.tick(T0 + timedelta(minutes=1))

    assert (row.disposition, row.rule) == (Disposition.CALENDAR, "calendar_reply")
    with site.app.factory() as session:
        marks = {(m.address, m.partstat) for m in session.scalars(select(CalendarAttendance)).all()}
        assert marks == {(HM, "ACCEPTED"), (ANN, "COUNTER")}
        assert session.scalars(select(OutboxMessage)).all() == []


def test_a_calendar_file_attached_without_a_method_is_ordinary_mail(site: Site) -> None:
    raw = invitation("REQUEST", event()).replace(b'; method="REQUEST"', b"")
    row = site.deliver(raw)
    assert row.disposition is Disposition.UNATTRIBUTED
    assert site.interviews() == []


def test_a_broken_calendar_part_is_quarantined_with_the_reason(site: Site) -> None:
    from email.message import EmailMessage
    from email.policy import SMTP

    msg = EmailMessage()
    msg["From"] = RECRUITER
    msg["To"] = AGENT
    msg["Subject"] = "Invitation"
    msg.set_content(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:notadate\n",
        subtype="calendar",
        params={"method": "REQUEST"},
    )
    row = site.deliver(msg.as_bytes(policy=SMTP))
    assert row.disposition is Disposition.QUARANTINED
    assert (row.error or "").startswith("InvitationError: calendar")


def test_import_calendar_books_from_files_and_status_lists_them(
    site: Site, tmp_path: Path, monkeypatch: object
) -> None:
    from mailagent.calendar.command import import_calendar_files, status_lines
    from mailagent.db import transaction

    ics = tmp_path / "interview.ics"
    ics.write_bytes(calendar("REQUEST", event(uid="file@x")))
    eml = tmp_path / "outside.eml"
    eml.write_bytes(invitation("REQUEST", event(uid="o@x"), sender="mallory@evil.example"))
    site.deliver(eml.read_bytes())
    config = site.app.booking_config()
    with transaction(site.app.factory) as session:
        [(_, [outcome])] = import_calendar_files(
            session, site.app.mailer, [ics], config=config, now=T0
        )
    assert outcome.rule == "calendar_booked"
    with site.app.factory() as session:
        lines = status_lines(session, now=T0)
    assert lines[0] == "booked by invitation (feedback asked after the end):"
    assert lines[1] == (
        f"  2026-06-02 10:00 UTC  Ann Lee with {HM} for devops-aws: Interview: Ann Lee "
        "[R2:devops-aws]"
    )
    assert lines[2] == "invitations quarantined (booked nothing):"
    assert "mallory@evil.example" in lines[3] and "not in internal_domains" in lines[3]


def test_the_cli_imports_a_calendar_file_and_a_bad_one_is_one_line(
    tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    from mailagent.cli import app as cli

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    runner = CliRunner()
    site_dir = tmp_path / "site"
    assert runner.invoke(cli, ["init", str(site_dir), "--address", AGENT]).exit_code == 0
    monkeypatch.chdir(site_dir)
    monkeypatch.setenv("MAILAGENT_INTERNAL_DOMAINS", "hire.example")
    (site_dir / "devops.yaml").write_text(
        __import__("yaml").safe_dump(__import__("tests.calendar.conftest").calendar.conftest.R2)
    )
    assert runner.invoke(cli, ["import", "r2", "devops.yaml"]).exit_code == 0
    (site_dir / "i.ics").write_bytes(calendar("REQUEST", event()))
    result = runner.invoke(cli, ["import", "calendar", "i.ics"])
    assert result.exit_code == 0, result.output
    assert "i.ics: calendar_booked: 1 interview(s) with Ann Lee for devops-aws" in result.output
    (site_dir / "notes.txt").write_text("hello")
    from mailagent.cli import main

    monkeypatch.setattr("sys.argv", ["mailagent", "import", "calendar", "notes.txt"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2


def test_a_delegate_of_an_interviewer_is_never_taken_for_the_candidate(tmp_path: Path) -> None:
    # Grace's assistant, at an outside address, is on the invitation to manage it: she is
    # the only attendee outside internal_domains, but she is staff, not the candidate.
    assistant = "pa.grace@assist.example"
    site = make_site(tmp_path, delegates={HM: [assistant]})
    try:
        people = (person(HM, "Grace Obi"), person(assistant, "Grace's assistant"))
        row = site.deliver(invitation("REQUEST", event(uid="pa@x", attendees=people)))
        assert row.rule == "calendar_ignored"
        assert f"the outside attendee {assistant} is a delegate of {HM}" in (_note(site, "pa@x"))
        assert site.interviews() == []
        assert [c.email for c in site.candidates()] == [ANN]
    finally:
        site.app.close()


def _note(site: Site, uid: str) -> str:
    with site.app.factory() as session:
        stored = session.scalar(select(CalendarEvent).where(CalendarEvent.uid == uid))
        assert stored is not None
        return stored.note
