"""``mailagent replay`` never answers the same mail twice.

The demo world (offline brain), a hiring manager's reply delivered twice with the same
bytes, one poll: one turn and one follow-up. Replaying the duplicate, or the reply that
was answered, is refused with one line and changes nothing; replaying set-aside mail works.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from mailagent.app import App
from mailagent.cli import app as cli
from mailagent.demo.hm import deliver, reply_to
from mailagent.inbox.intake import store_raw
from mailagent.inbox.source import Fetched
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    AssessmentRecord,
    Direction,
    Disposition,
    MailMessage,
    OutboxMessage,
)
from tests.helpers import T0, demo_app
from tests.jobs.conftest import Sent

TARIQ = "tariq.aziz@demo.example"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """The demo world with a config file, so the CLI works on the same database."""
    app = demo_app(tmp_path)
    (tmp_path / "mailagent.toml").write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        f'inbox = "maildir:{tmp_path}/inbox"\nsmtp = "file:{tmp_path}/sent"\n'
        f'address = "{app.settings.address}"\nsecret = "{app.settings.secret}"\n'
    )
    monkeypatch.delenv("MAILAGENT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    run_tick(app, now=T0)
    yield app
    app.close()


def _request(tmp: Path) -> EmailMessage:
    (mail,) = Sent(tmp / "sent").to(TARIQ)
    return mail


def _poll(app: App) -> dict[str, int]:
    source = app.source()
    try:
        return app.intake().poll_once(source, now=T0 + timedelta(hours=1)).as_dict()
    finally:
        source.close()


def _counts(app: App) -> tuple[int, int]:
    """(assessments, follow-ups queued)."""
    with app.factory() as s:
        turns = s.scalar(select(func.count(AssessmentRecord.id)))
        follow_ups = s.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "follow_up")
        )
        return int(turns or 0), int(follow_ups or 0)


def _rows(app: App) -> list[tuple[int, Disposition]]:
    with app.factory() as s:
        return [
            (m.id, m.disposition) for m in s.scalars(select(MailMessage).order_by(MailMessage.id))
        ]


def test_replaying_a_duplicate_is_refused_and_changes_nothing(site: App, tmp_path: Path) -> None:
    raw = reply_to(
        _request(tmp_path),
        from_name="Tariq Aziz",
        from_addr=TARIQ,
        text="Not convinced, her data skills felt a bit thin for us.",
        date=T0 + timedelta(minutes=30),
    )
    deliver(tmp_path / "inbox", raw)
    deliver(tmp_path / "inbox", raw)
    assert _poll(site)["duplicate"] == 1
    assert _counts(site) == (1, 1)
    (first, accepted), (dup, duplicate) = _rows(site)
    assert (accepted, duplicate) == (Disposition.ACCEPTED, Disposition.DUPLICATE)

    out = CliRunner().invoke(cli, ["replay", str(dup)])
    assert out.exit_code != 0
    assert f"message {dup} is a duplicate of message {first}" in str(out.exception or out.output)
    assert _counts(site) == (1, 1)
    assert _rows(site) == [(first, Disposition.ACCEPTED), (dup, Disposition.DUPLICATE)]

    # The reply itself was answered: replaying it is refused too.
    again = CliRunner().invoke(cli, ["replay", str(first)])
    assert again.exit_code != 0 and "answered already" in str(again.exception or again.output)
    assert _counts(site) == (1, 1)


def test_same_message_id_as_an_answered_reply_is_refused(site: App, tmp_path: Path) -> None:
    """Different bytes (a relay added a header), same Message-ID, set aside as unattributed:
    replaying it would answer the reply a second time."""
    raw = reply_to(
        _request(tmp_path),
        from_name="Tariq Aziz",
        from_addr=TARIQ,
        text="Not convinced, her data skills felt a bit thin for us.",
        date=T0 + timedelta(minutes=30),
    )
    deliver(tmp_path / "inbox", raw)
    _poll(site)
    copy = raw.replace(b"From: Tariq", b"X-Relayed: yes\r\nFrom: Tariq", 1)
    copy = copy.replace(TARIQ.encode(), b"someone@elsewhere.example", 1)
    deliver(tmp_path / "inbox", copy)
    _poll(site)
    (first, _), (second, disposition) = _rows(site)
    assert disposition is Disposition.UNATTRIBUTED
    out = CliRunner().invoke(cli, ["replay", str(second)])
    assert out.exit_code != 0
    assert f"Message-ID of message {first}" in str(out.exception or out.output)
    assert _counts(site) == (1, 1)


def test_set_aside_mail_can_still_be_replayed(site: App, tmp_path: Path) -> None:
    raw = reply_to(
        _request(tmp_path),
        from_name="Tariq Aziz",
        from_addr=TARIQ,
        text="Not convinced, her data skills felt a bit thin for us.",
        date=T0 + timedelta(minutes=30),
    )
    # Stored, then quarantined by a failed turn (the brain was down, say).
    with site.factory() as s, s.begin():
        row, _ = store_raw(s, "maildir", Fetched(uidvalidity=1, uid="x1", raw=raw), now=T0)
        assert row is not None
        row.disposition = Disposition.QUARANTINED
        row.error = "BrainUnavailable: overloaded"
        row_id = row.id
    out = CliRunner().invoke(cli, ["replay", str(row_id)])
    assert out.exit_code == 0, out.output
    assert "accepted" in out.output
    assert _counts(site) == (1, 1)


def test_replay_of_our_own_mail_or_an_unknown_id_is_refused(site: App) -> None:
    with site.factory() as s, s.begin():
        ours = MailMessage(direction=Direction.OUT, content_hash="0" * 64, raw=b"x")
        s.add(ours)
        s.flush()
        ours_id = ours.id
    runner = CliRunner()
    unknown = runner.invoke(cli, ["replay", "999999"])
    assert unknown.exit_code != 0 and "no stored message 999999" in str(unknown.exception)
    out = runner.invoke(cli, ["replay", str(ours_id)])
    assert out.exit_code != 0 and "one we sent" in str(out.exception)
    assert _counts(site) == (0, 0)
