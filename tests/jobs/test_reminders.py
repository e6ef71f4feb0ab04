"""Reminders across simulated days: cadence 1/3/6, recruiter cc from day 5, stop on grade,
pause on out-of-office, and never twice for the same step."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.jobs.tick import run_tick
from mailagent.models import Interview, OutboxMessage
from tests.jobs.conftest import (
    HM,
    RECRUITER,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    body,
    grade,
)


def _world(app: App) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")


def _reminders(app: App) -> list[OutboxMessage]:
    with app.factory() as s:
        return list(
            s.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "reminder")
                .order_by(OutboxMessage.id)
            )
        )


def _days(app: App, days: list[float]) -> None:
    for d in days:
        run_tick(app, now=T0 + timedelta(days=d))


def test_cadence_1_3_6_with_recruiter_cc_from_day_5(app: App, tmp_path: Path) -> None:
    _world(app)
    # Hourly-ish ticks over eight days: a reminder goes out on days 1, 3 and 6, once each.
    _days(app, [d / 4 for d in range(0, 33)])
    rows = _reminders(app)
    assert [(r.created_at - T0).days for r in rows] == [1, 3, 6]
    assert [r.dedupe_key for r in rows] == ["reminder:iv-1:1", "reminder:iv-1:2", "reminder:iv-1:3"]
    assert [r.cc_addrs for r in rows] == [[], [], [RECRUITER]]
    sent = Sent(tmp_path / "sent")
    mails = [m for m in sent.to(HM) if "A reminder" in body(m)]
    assert len(mails) == 3
    # Threaded under the request, with the reply token, and automated.
    assert all(m["In-Reply-To"] and str(m["Reply-To"]).startswith("feedback+") for m in mails)
    assert "I've copied Rita" in body(mails[2]) and "I've copied" not in body(mails[0])
    with app.factory() as s:
        interview = s.get(Interview, "iv-1")
        assert interview is not None
        assert interview.reminders_sent == 3 and interview.next_reminder_at is None


def test_grading_stops_the_reminders(app: App) -> None:
    _world(app)
    _days(app, [0, 1.1])
    assert len(_reminders(app)) == 1
    with transaction(app.factory) as s:
        grade(s, "iv-1", at=T0 + timedelta(days=2), decision="advance")
    _days(app, [3.1, 6.1, 9])
    assert len(_reminders(app)) == 1


def test_graded_between_index_and_tick_stops_too(app: App) -> None:
    # The engine normally clears next_reminder_at; a graded row with a stale time is
    # still never reminded.
    _world(app)
    _days(app, [0])
    with transaction(app.factory) as s:
        grade(s, "iv-1", at=T0 + timedelta(hours=5), decision="advance")
        iv = s.get(Interview, "iv-1")
        assert iv is not None
        iv.next_reminder_at = T0 + timedelta(days=1)
    _days(app, [1.1, 3.1])
    assert _reminders(app) == []


def test_out_of_office_pauses_until_the_return_date(app: App) -> None:
    _world(app)
    _days(app, [0, 1.1])
    with transaction(app.factory) as s:
        iv = s.get(Interview, "iv-1")
        assert iv is not None
        iv.paused_until = T0 + timedelta(days=7)
    _days(app, [3.1, 5, 6.1])
    assert len(_reminders(app)) == 1
    # Back on day 7: the day-3 and day-6 steps are both past; one reminder, not two.
    _days(app, [7.01, 7.5, 8])
    rows = _reminders(app)
    assert len(rows) == 2 and rows[1].dedupe_key == "reminder:iv-1:3"
    assert rows[1].cc_addrs == [RECRUITER]


def test_repeating_a_tick_sends_nothing_twice(app: App) -> None:
    _world(app)
    at = T0 + timedelta(days=1, hours=1)
    run_tick(app, now=T0)
    for _ in range(3):
        run_tick(app, now=at)
    assert len(_reminders(app)) == 1


def test_a_late_first_tick_sends_the_request_alone(app: App, tmp_path: Path) -> None:
    """An interview held two days before the agent first looked: the HM gets the request,
    not the request and "A reminder: we don't have your feedback yet" in the same second."""
    _world(app)
    run_tick(app, now=T0 + timedelta(days=2))
    assert _reminders(app) == []
    sent = Sent(tmp_path / "sent")
    assert [m for m in sent.to(HM) if "A reminder" in body(m)] == []
    # The cadence counts from the request: a day later, the first reminder.
    run_tick(app, now=T0 + timedelta(days=2, hours=23))
    assert _reminders(app) == []
    run_tick(app, now=T0 + timedelta(days=3, minutes=1))
    assert [r.dedupe_key for r in _reminders(app)] == ["reminder:iv-1:1"]
