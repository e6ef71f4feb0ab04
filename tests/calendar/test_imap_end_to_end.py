"""Done when (issue #16): from an empty site, invitations from Google Calendar and from
Outlook, delivered to the agent's IMAP inbox (a real Dovecot), book interviews; the
feedback requests go out after each event's end; an update moves the time; a
cancellation stops the request; an outside organizer books nothing and shows in
``mailagent status``.

The site is made by the real commands (``mailagent init``, ``import r2``, the two
settings in its mailagent.toml); time is the scheduler's clock, moved by the test
(``poll_once``/``tick_once`` take it), never slept on. Runs on SQLite and, with
``--db postgres``, on a fresh PostgreSQL schema.
"""

from __future__ import annotations

import email
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email import encoders
from email.policy import compat32
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from mailagent.app import App, build_app
from mailagent.cli import app as cli
from mailagent.config import load_settings
from mailagent.jobs.scheduler import poll_once, tick_once
from mailagent.models import Interview, InterviewState, OutboxMessage, OutboxState
from tests import testdb
from tests.calendar.conftest import AGENT, HM, KEN, R2, RECRUITER
from tests.calendar.fixtures import fixture, recast
from tests.dovecot import Dovecot, missing_reason
from tests.shared import shared_path

pytestmark = [pytest.mark.dovecot, pytest.mark.shared]


class Clock:
    """The scheduler's clock, moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with Dovecot.start() as server:
        yield server


def edit_calendar(raw: bytes, change: Callable[[str], str]) -> bytes:
    """The mail with its calendar parts' text changed (as the organizer's client would)."""
    msg = email.message_from_bytes(raw, policy=compat32)
    for part in msg.walk():
        if part.get_content_type() in ("text/calendar", "application/ics"):
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            del part["Content-Transfer-Encoding"]
            part.set_payload(change(payload.decode("utf-8")).encode("utf-8"))
            encoders.encode_base64(part)
    return msg.as_bytes()


def _new_message_id(raw: bytes, tag: str) -> bytes:
    return re.sub(rb"(?im)^Message-ID:[^\r\n]*", b"Message-ID: <" + tag.encode() + b"@x>", raw)


def _site(tmp_path: Path, inbox: str, monkeypatch: pytest.MonkeyPatch) -> App:
    """An empty site made by the real commands, then the two calendar settings."""
    runner = CliRunner()
    site = tmp_path / "site"
    done = runner.invoke(cli, ["init", str(site), "--address", AGENT])
    assert done.exit_code == 0, done.output
    config = site / "mailagent.toml"
    text = config.read_text()
    if testdb.backend() == "postgres":
        text = text.replace(
            'database_url = "sqlite:///mailagent.sqlite3"',
            f'database_url = "{testdb.fresh_database_url()}"',
        )
    text = text.replace('inbox = "maildir:mail/inbox"', f'inbox = "{inbox}"')
    text = text.replace(
        '# internal_domains = ["example.com"]', 'internal_domains = ["hire.example"]'
    )
    text = text.replace('# default_pipeline = "devops-aws"', 'default_pipeline = "devops-aws"')
    config.write_text(text)
    (site / "devops-aws.yaml").write_text(yaml.safe_dump(R2))
    monkeypatch.chdir(site)
    done = runner.invoke(cli, ["import", "r2", "devops-aws.yaml"])
    assert done.exit_code == 0, done.output
    settings = load_settings(config)
    assert settings.internal_domains == ("hire.example",)
    return build_app(settings)


def _requests(app: App) -> list[tuple[str, str, datetime | None]]:
    """Feedback requests delivered: (interviewer, subject, sent at)."""
    with app.factory() as session:
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "feedback_request")
            .order_by(OutboxMessage.id)
        ).all()
        assert all(r.state is OutboxState.SENT for r in rows)
        return [(r.to_addrs[0], r.subject, r.sent_at) for r in rows]


def _interviews(app: App) -> dict[str, list[Interview]]:
    with app.factory() as session:
        found: dict[str, list[Interview]] = {}
        for row in session.scalars(select(Interview).order_by(Interview.interviewer_email)):
            found.setdefault(row.interviewer_email, []).append(row)
        session.expunge_all()
        return found


def test_google_and_outlook_invitations_through_imap_book_move_and_cancel(
    dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_path("fixtures", "imip-bluemind")
    app = _site(tmp_path, dovecot.url(), monkeypatch)
    try:
        clock = Clock(datetime(2012, 5, 25, 12, 0, tzinfo=UTC))
        google = recast(fixture("google.invite.new.eml"))  # 30 May 09:00-12:00 UTC
        outlook = recast(fixture("outlook.invite.new.eml"))  # 27 May 20:00-20:30 CEST
        outlook_2010 = recast(fixture("outlook.invite.pureics.eml"))  # 24 Oct 00:00-00:30 CEST
        dovecot.append_many([google, outlook, outlook_2010])
        assert poll_once(app, clock)["new"] == 3

        booked = _interviews(app)
        assert sorted(booked) == [HM, KEN]
        assert sorted(i.held_at.isoformat() for i in booked[HM]) == [
            "2012-05-27T18:30:00+00:00",  # Outlook: 20:30 in its own VTIMEZONE (CEST)
            "2012-05-30T12:00:00+00:00",  # Google: DTEND in UTC
            "2012-10-23T22:30:00+00:00",  # Outlook 2010: 00:30 "Romance Standard Time"
        ]

        # Ann was not on record: she is created, and the recruiter asked for her resume.
        with app.factory() as session:
            asks = session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "calendar_needs_resume")
            ).all()
            assert [(a.to_addrs, a.subject) for a in asks] == [
                ([RECRUITER], "Resume needed: Ann Lee (DevOps Engineer (AWS / Kubernetes))")
            ]

        # Google sends the update (SEQUENCE 1: three hours later); Outlook cancels.
        moved = edit_calendar(
            google,
            lambda ics: ics.replace("SEQUENCE:0", "SEQUENCE:1").replace(
                "DTEND:20120530T120000Z", "DTEND:20120530T150000Z"
            ),
        )
        dovecot.append_many(
            [
                _new_message_id(moved, "google-update"),
                recast(fixture("outlook.invite.cancel.eml")),
            ]
        )
        assert poll_once(app, clock)["new"] == 2

        # After the cancelled Outlook interview's end, and the Google one's first end:
        # nothing is asked (cancelled; moved).
        clock.now = datetime(2012, 5, 30, 12, 30, tzinfo=UTC)
        tick_once(app, clock)
        assert _requests(app) == []
        states = {i.held_at.isoformat(): i.state for i in _interviews(app)[HM]}
        assert states["2012-05-27T18:30:00+00:00"] is InterviewState.CANCELLED

        # After the moved end: Grace and Ken are asked about Ann.
        clock.now = datetime(2012, 5, 30, 15, 1, tzinfo=UTC)
        tick_once(app, clock)
        subject = "Feedback on Ann Lee (DevOps Engineer (AWS / Kubernetes))"
        assert sorted((to, s.split(" [")[0]) for to, s, _ in _requests(app)) == [
            (HM, subject),
            (KEN, subject),
        ]

        # Each is greeted by their own name: the organizer's CN in the invitation (the
        # recast keeps Google's "Thomas Cataldo"), Ken's made of his address (no CN).
        with app.factory() as session:
            bodies = {
                r.to_addrs[0]: r.body_text
                for r in session.scalars(
                    select(OutboxMessage).where(OutboxMessage.kind == "feedback_request")
                )
            }
        assert bodies[HM].startswith("Hi Thomas,") and bodies[KEN].startswith("Hi Ken,")

        # After the Outlook 2010 event's end: its two interviewers are asked as well.
        clock.now = datetime(2012, 10, 23, 22, 31, tzinfo=UTC)
        tick_once(app, clock)
        sent = _requests(app)
        assert len(sent) == 4
        assert [at for _, _, at in sent[2:]] == [clock.now, clock.now]
        # The Outlook interview that was cancelled never got a request.
        cancelled = [i for i in _interviews(app)[HM] if i.state is InterviewState.CANCELLED]
        assert [i.request_sent_at for i in cancelled] == [None]
    finally:
        app.close()


def test_an_outside_organizer_books_nothing_and_status_lists_it(
    dovecot: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_path("fixtures", "imip-bluemind")
    app = _site(tmp_path, dovecot.url(), monkeypatch)
    try:
        # The Google invitation as its real organizer sent it: from gmail.com.
        outside = fixture("google.invite.new.eml").replace(
            b"thomas.cataldo@blue-mind.net", AGENT.encode()
        )
        dovecot.append(outside)
        clock = Clock(datetime(2012, 5, 29, 12, 0, tzinfo=UTC))
        assert poll_once(app, clock)["quarantined"] == 1
        assert _interviews(app) == {}
        tick_once(app, clock)
        with app.factory() as session:
            notices = session.scalars(select(OutboxMessage)).all()
            # No pipeline is named by the invitation, but the site default is devops-aws.
            assert [(n.kind, n.to_addrs) for n in notices] == [("calendar_refused", [RECRUITER])]
        result = CliRunner().invoke(cli, ["status"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert "invitations quarantined (booked nothing):" in result.output
        assert "tcataldo@gmail.com" in result.output
        assert "is not in internal_domains" in result.output
    finally:
        app.close()
