"""``mailagent smtpd``: a real aiosmtpd listener and the standard library's SMTP client."""

from __future__ import annotations

import smtplib
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from mailagent.app import App
from mailagent.inbox.smtpd import SmtpIntake
from mailagent.models import Disposition, MailMessage
from tests.dovecot import free_port
from tests.inbox.conftest import AGENT, AppFactory, FakeBrain, message, seed_interview


@pytest.fixture
def brain() -> FakeBrain:
    return FakeBrain()


@pytest.fixture
def app(make_app: AppFactory, brain: FakeBrain) -> App:
    return make_app("maildir:unused", brain=brain)


@pytest.fixture
def smtpd(app: App) -> Iterator[SmtpIntake]:
    with SmtpIntake(app, port=free_port()) as server:
        yield server


def _rows(app: App) -> list[MailMessage]:
    with app.factory() as session:
        return list(session.scalars(select(MailMessage).where(MailMessage.direction == "in")))


def _wait_processed(app: App, count: int, timeout_s: float = 10) -> list[MailMessage]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        rows = _rows(app)
        if len(rows) >= count and all(r.disposition is not Disposition.PENDING for r in rows):
            return rows
        time.sleep(0.05)
    raise AssertionError(f"not processed in {timeout_s}s: {_rows(app)}")


def test_a_reply_to_a_token_address_is_stored_then_processed(
    app: App, smtpd: SmtpIntake, brain: FakeBrain
) -> None:
    seeded = seed_interview(app)
    token_address = f"feedback+{seeded.token}@hire.example"
    # The To: header lacks the token (the HM's client used the plain address); the
    # envelope carries it, and Delivered-To routes it.
    raw = message(to=AGENT, body="Solid Python, shipped two services.")

    with smtplib.SMTP("127.0.0.1", smtpd.port) as client:
        refused = client.sendmail("ken.morita@example.com", [token_address], raw)

    assert refused == {}
    rows = _wait_processed(app, 1)
    assert rows[0].disposition is Disposition.ACCEPTED
    assert rows[0].thread_id == seeded.thread_id
    assert (rows[0].raw or b"").startswith(f"Delivered-To: {token_address}\r\n".encode())
    assert brain.calls == ["Solid Python, shipped two services."]


def test_other_recipients_and_forged_tokens_are_refused_with_550(
    app: App, smtpd: SmtpIntake
) -> None:
    forged = "feedback+" + "a" * 42 + "@hire.example"
    with smtplib.SMTP("127.0.0.1", smtpd.port) as client:
        client.ehlo()
        client.mail("x@example.com")
        assert client.rcpt("ceo@hire.example")[0] == 550
        assert client.rcpt(forged)[0] == 550
        assert client.rcpt("feedback@other.example")[0] == 550
        assert client.rcpt("FEEDBACK@hire.example")[0] == 250
    with (
        smtplib.SMTP("127.0.0.1", smtpd.port) as client,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        client.sendmail("x@example.com", ["ceo@hire.example"], message())
    assert _rows(app) == []


def test_a_failed_database_write_answers_451_and_stores_nothing(
    app: App, smtpd: SmtpIntake
) -> None:
    with app.engine.begin() as conn:
        conn.execute(text("ALTER TABLE messages RENAME TO messages_gone"))
    try:
        with (
            smtplib.SMTP("127.0.0.1", smtpd.port) as client,
            pytest.raises(smtplib.SMTPDataError) as info,
        ):
            client.sendmail("ken.morita@example.com", [AGENT], message())
        assert info.value.smtp_code == 451
    finally:
        with app.engine.begin() as conn:
            conn.execute(text("ALTER TABLE messages_gone RENAME TO messages"))
    assert _rows(app) == []


def test_a_resent_message_is_a_duplicate_not_a_second_turn(
    app: App, smtpd: SmtpIntake, brain: FakeBrain
) -> None:
    seeded = seed_interview(app)
    raw = message(to=f"feedback+{seeded.token}@hire.example", message_id="<once@example.com>")
    for _ in range(2):
        # The sender never saw our 250 (a dropped line) and sends again.
        with smtplib.SMTP("127.0.0.1", smtpd.port) as client:
            client.sendmail("ken.morita@example.com", [AGENT], raw)
    rows = _wait_processed(app, 2)
    assert sorted(r.disposition.value for r in rows) == ["accepted", "duplicate"]
    assert len(brain.calls) == 1
