"""Delivery against a real SMTP server that defers, refuses or drops the line: retries with
backoff, never a duplicate, and a permanent failure reported to the recruiter once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.jobs.tick import run_tick
from mailagent.models import AddressFlag, OutboxMessage, OutboxState
from mailagent.outbox.queue import MAX_ATTEMPTS
from tests.jobs.conftest import (
    HM,
    RECRUITER,
    T0,
    add_candidate,
    add_interview,
    add_pipeline,
    make_app,
)
from tests.outbox.conftest import ScriptedSmtp


@pytest.fixture
def app(tmp_path: Path, smtp: ScriptedSmtp) -> Iterator[App]:
    built = make_app(tmp_path, smtp=smtp.url, smtp_timeout_s=5)
    with transaction(built.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")
    yield built
    built.close()


def _request(app: App) -> OutboxMessage:
    with app.factory() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "feedback_request"))
        assert row is not None
        return row


def _tick(app: App, at: datetime) -> None:
    # Only the outbox matters here; requests are due at T0 and reminders a day later.
    run_tick(app, now=at)


def test_421_drop_451_then_250_delivers_exactly_once(app: App, smtp: ScriptedSmtp) -> None:
    smtp.script = ["421", "drop", "451"]
    _tick(app, T0)
    row = _request(app)
    assert (row.state, row.attempts) == (OutboxState.PENDING, 1)
    assert row.last_error is not None and "421" in row.last_error
    # Not before the backoff has passed.
    _tick(app, T0 + timedelta(seconds=30))
    assert smtp.attempts == 1
    _tick(app, T0 + timedelta(minutes=2))
    assert _request(app).state is OutboxState.PENDING and smtp.attempts == 2
    _tick(app, T0 + timedelta(minutes=8))
    assert "451" in (_request(app).last_error or "") and smtp.attempts == 3
    _tick(app, T0 + timedelta(minutes=30))
    row = _request(app)
    assert (row.state, row.attempts) == (OutboxState.SENT, 4)
    for minutes in (31, 60, 600):
        _tick(app, T0 + timedelta(minutes=minutes))
    assert len(smtp.messages(HM)) == 1
    assert smtp.messages(RECRUITER) == []


def test_550_fails_for_good_and_the_recruiter_is_told_once(app: App, smtp: ScriptedSmtp) -> None:
    smtp.script = ["550"]
    _tick(app, T0)
    row = _request(app)
    assert row.state is OutboxState.FAILED and "550" in (row.last_error or "")
    for minutes in (1, 10, 120):
        _tick(app, T0 + timedelta(minutes=minutes))
    assert smtp.messages(HM) == []
    (notice,) = smtp.messages(RECRUITER)
    assert "could not be delivered" in str(notice["Subject"])
    assert smtp.attempts == 2  # the refused request, then the notice: nothing retried


def test_endless_deferrals_end_as_a_failure_after_max_attempts(
    app: App, smtp: ScriptedSmtp
) -> None:
    # Every mail is deferred (the day-1 reminder too) until the request gives up.
    smtp.script = ["451"] * 100
    at = T0
    for _ in range(MAX_ATTEMPTS):
        _tick(app, at)
        at += timedelta(hours=5)
    row = _request(app)
    assert (row.state, row.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    smtp.script = []
    _tick(app, at)
    _tick(app, at + timedelta(minutes=1))
    requests = [m for m in smtp.messages(HM) if not str(m["Subject"]).startswith("Re:")]
    assert requests == [] and len(smtp.messages(RECRUITER)) == 1


def test_partial_refusal_is_recorded_not_retried(tmp_path: Path, smtp: ScriptedSmtp) -> None:
    app = make_app(tmp_path, smtp=smtp.url, smtp_timeout_s=5)
    try:
        with transaction(app.factory) as s:
            add_pipeline(s)
            add_candidate(s)
            add_interview(s, "iv-1")
        smtp.refuse_rcpt = {RECRUITER}
        # Day 6: the reminder copies the recruiter, whose address the server refuses.
        for day in (0, 1.1, 3.1, 6.1, 6.2):
            _tick(app, T0 + timedelta(days=day))
        with app.factory() as s:
            third = s.scalar(
                select(OutboxMessage).where(OutboxMessage.dedupe_key == "reminder:iv-1:3")
            )
            assert third is not None
            assert third.state is OutboxState.SENT and third.refused == [RECRUITER]
            assert s.get(AddressFlag, RECRUITER) is not None
        reminders = [m for m in smtp.messages(HM) if "A reminder" in m.get_body().get_content()]  # type: ignore[union-attr]
        assert len(reminders) == 3
    finally:
        app.close()
