"""Every real invitation mail in ``../shared/fixtures/imip-bluemind`` (Google Calendar,
Outlook/Exchange, Android, iOS, BlueMind), recast for the test site (see fixtures.py),
goes through the real intake and does what the issue says: invitations book, updates
and cancellations follow SEQUENCE, replies and counter-proposals are recorded and never
answered, tasks and series are ignored, and a plain attached .ics is ordinary mail.
"""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from email.utils import parseaddr
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.calendar.ical import invitation_from_message
from mailagent.models import CalendarAttendance, InterviewState, OutboxMessage
from tests.calendar.conftest import ANN, HM, RECRUITER, Site, event, invitation, make_site, person
from tests.calendar.fixtures import EXPECTED, cast_of, fixture, fixture_names, recast
from tests.shared import shared_path

pytestmark = pytest.mark.shared


def _from(raw: bytes) -> str:
    """The From mailbox (Google's replies carry a Sender of their own)."""
    return parseaddr(str(message_from_bytes(raw)["From"]))[1].lower()


@pytest.fixture
def fixture_site(tmp_path: Path) -> Site:
    shared_path("fixtures", "imip-bluemind")  # skips, saying why, without ../shared
    return make_site(tmp_path, default_pipeline="devops-aws")


def _book_first(site: Site, reply: bytes) -> None:
    """An invitation from Grace with the reply's UID, so the reply has an event."""
    found = invitation_from_message(reply)
    assert found is not None
    for answered in found.events:
        booking = event(
            uid=answered.uid,
            organizer=HM,
            attendees=(person(ANN, "Ann Lee"), person(HM, "Grace Obi")),
        )
        assert site.deliver(invitation("REQUEST", booking, sender=HM)).rule == "calendar_booked"


@pytest.mark.parametrize("name", fixture_names())
def test_each_fixture_is_handled_as_the_issue_says(fixture_site: Site, name: str) -> None:
    site = fixture_site
    try:
        raw = recast(fixture(name))
        disposition, rule, interviewers = EXPECTED[name]
        replying = rule == "calendar_reply"
        if replying:
            _book_first(site, raw)
        row = site.deliver(raw)

        assert (row.disposition.value, row.rule) == (disposition, rule), row.error
        booked = [i for i in site.interviews() if i.state is InterviewState.SCHEDULED]
        if not replying:
            assert tuple(sorted(i.interviewer_email for i in booked)) == interviewers
        assert all(i.candidate_id == "ann-lee" for i in booked)
        with site.app.factory() as session:
            # Calendar mail is never answered; a refused invitation is told to the
            # recruiter (once), and nothing else is sent.
            kinds = [(m.kind, m.to_addrs) for m in session.scalars(select(OutboxMessage))]
            told = [("calendar_refused", [RECRUITER])] if disposition == "quarantined" else []
            assert kinds == told
            marks = {(m.address, m.partstat) for m in session.scalars(select(CalendarAttendance))}
        if replying:
            found = invitation_from_message(raw)
            assert found is not None
            answer = {
                (a.address, "COUNTER" if found.method == "COUNTER" else a.partstat)
                for e in found.events
                for a in e.attendees
                if a.address == _from(raw)
            }
            assert marks == answer
    finally:
        site.app.close()


def test_replies_from_the_attendee_record_every_kind_of_answer(tmp_path: Path) -> None:
    """Across the reply fixtures: accepted, declined, tentative and a counter-proposal."""
    seen: set[str] = set()
    for name in (n for n, e in EXPECTED.items() if e[1] == "calendar_reply"):
        (tmp_path / name).mkdir()
        site = make_site(tmp_path / name, default_pipeline="devops-aws")
        try:
            raw = recast(fixture(name))
            _book_first(site, raw)
            site.deliver(raw)
            with site.app.factory() as session:
                seen |= {m.partstat for m in session.scalars(select(CalendarAttendance))}
        finally:
            site.app.close()
    assert seen == {"ACCEPTED", "DECLINED", "TENTATIVE", "COUNTER"}


def test_bluemind_new_update_cancel_in_order(fixture_site: Site) -> None:
    site = fixture_site
    try:
        booked = site.deliver(recast(fixture("bm.invite.new.eml")))
        update = site.deliver(recast(fixture("bm.invite.update.eml")))
        again = site.deliver(recast(fixture("bm.invite.new.eml")).replace(b"Message-ID", b"X-Old"))
        cancel = site.deliver(recast(fixture("bm.invite.cancel.eml")))

        assert [booked.rule, update.rule, again.rule, cancel.rule] == [
            "calendar_booked",
            "calendar_unchanged",  # SEQUENCE 1, same time and people
            "calendar_stale",  # the SEQUENCE 0 copy once more
            "calendar_cancelled",
        ]
        [interview] = site.interviews()
        assert interview.state is InterviewState.CANCELLED
        site.tick(interview.held_at + timedelta(days=1))
        assert site.sent.all() == []
    finally:
        site.app.close()


def test_outlook_invitation_then_cancellation_and_exchange_copies(fixture_site: Site) -> None:
    site = fixture_site
    try:
        assert site.deliver(recast(fixture("outlook.invite.new.eml"))).rule == "calendar_booked"
        [interview] = site.interviews()
        # 20:30 in "Sarajevo, Skopje, Warsaw, Zagreb" (CEST, its own VTIMEZONE) is 18:30 UTC.
        assert interview.held_at.isoformat() == "2012-05-27T18:30:00+00:00"
        # Exchange's copy of the same event (same UID and SEQUENCE) changes nothing.
        same = site.deliver(recast(fixture("exanchage.invite.eml")))
        assert same.rule == "calendar_unchanged"
        cancel = site.deliver(recast(fixture("outlook.invite.cancel.eml")))
        assert cancel.rule == "calendar_cancelled"
        assert site.interviews()[0].state is InterviewState.CANCELLED
    finally:
        site.app.close()


def test_recast_keeps_the_roles_by_position() -> None:
    raw = fixture("google.invite.new.eml")
    mapping = cast_of(raw)
    assert mapping["tcataldo@gmail.com"] == HM  # the organizer
    assert mapping["thomas.cataldo@blue-mind.net"] == ANN  # the first other attendee
    assert b"calendar-notification@google.com" in recast(raw)  # Sender kept as Google wrote it
