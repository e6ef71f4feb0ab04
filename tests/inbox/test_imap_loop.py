"""Two agent instances mailing each other through Dovecot stop: guards first, caps last.

Instance A's interviewer is instance B's address and the other way round (a plausible
misconfiguration). A bridge copies what each one queues into the other's IMAP folder.
With the automation headers intact the first automated mail is never answered; with a
relay that strips them, the per-thread cap ends the exchange.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.models import OutboxMessage
from tests.dovecot import Dovecot
from tests.inbox.conftest import NOW, AppFactory, message, seed_interview

pytestmark = pytest.mark.dovecot

A, B = "agent@one.example", "agent@two.example"
AUTOMATION = (b"auto-submitted", b"precedence", b"x-auto-response-suppress")


def _strip_automation(raw: bytes) -> bytes:
    head, _, body = raw.partition(b"\r\n\r\n")
    kept = [line for line in head.split(b"\r\n") if line.split(b":")[0].lower() not in AUTOMATION]
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


class Bridge:
    """Delivers each instance's new outbox rows into the other instance's folder."""

    def __init__(self, dovecot: Dovecot, *, strip: bool) -> None:
        self.dovecot, self.strip = dovecot, strip
        self.seen: set[str] = set()

    def carry(self, sender: App, folder: str) -> int:
        with sender.factory() as session:
            rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        new = [r for r in rows if r.message_id not in self.seen]
        for row in new:
            self.seen.add(row.message_id)
            self.dovecot.append(_strip_automation(row.raw) if self.strip else row.raw, folder)
        return len(new)


def _poll(app: App) -> None:
    source = app.source()
    try:
        app.intake().poll_once(source, now=NOW)
    finally:
        source.close()


def _replies(app: App) -> list[OutboxMessage]:
    with app.factory() as session:
        return list(
            session.scalars(select(OutboxMessage).where(OutboxMessage.kind != "feedback_request"))
        )


def _pair(dovecot: Dovecot, make_app: AppFactory) -> tuple[App, App]:
    one = make_app(dovecot.url("A-in"), sub="a", address=A)
    two = make_app(dovecot.url("B-in"), sub="b", address=B)
    for folder in ("A-in", "B-in"):
        dovecot.client().create_folder(folder)
    return one, two


def _exchange(dovecot: Dovecot, one: App, two: App, bridge: Bridge, rounds: int) -> int:
    """Run poll → bridge rounds until nothing moves; returns the rounds used."""
    for n in range(1, rounds + 1):
        _poll(one)
        _poll(two)
        moved = bridge.carry(one, "B-in") + bridge.carry(two, "A-in")
        if moved == 0:
            return n
    return rounds


def test_automated_mail_between_two_agents_is_never_answered(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    one, two = _pair(dovecot, make_app)
    seed_interview(one, interviewer=B)
    seed_interview(two, interviewer=A)

    used = _exchange(dovecot, one, two, Bridge(dovecot, strip=False), rounds=10)

    assert used <= 3
    assert _replies(one) == [] or all(r.kind == "unattributed_notice" for r in _replies(one))
    assert all(r.kind == "unattributed_notice" for r in _replies(two))


def test_two_agents_whose_relay_strips_automation_headers_stop_at_the_cap(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    one, two = _pair(dovecot, make_app)
    a_thread = seed_interview(one, interviewer=B)
    b_thread = seed_interview(two, interviewer=A)
    # Kick-off: B's address "answers" A's request, citing both requests as references
    # (the way a confused mail client merges two threads).
    kick = message(
        sender=B,
        to=f"agent+{a_thread.token}@one.example",
        message_id="<kick@two.example>",
        in_reply_to=a_thread.request_message_id,
        body="See below.",
    ).replace(
        f"References: {a_thread.request_message_id}".encode(),
        f"References: {b_thread.request_message_id} {a_thread.request_message_id}".encode(),
    )
    dovecot.append(kick, "A-in")
    bridge = Bridge(dovecot, strip=True)
    bridge.seen.update({a_thread.request_message_id, b_thread.request_message_id})

    used = _exchange(dovecot, one, two, bridge, rounds=20)

    assert used < 20, "the two agents never stopped"
    a_replies = [r for r in _replies(one) if r.thread_id == a_thread.thread_id]
    b_replies = [r for r in _replies(two) if r.thread_id == b_thread.thread_id]
    # Both sides did talk (the guards could not see automation) ...
    assert a_replies and b_replies
    # ... and each thread got at most cap_per_hour mails from us, the request included.
    assert len(a_replies) + 1 <= one.settings.cap_per_hour
    assert len(b_replies) + 1 <= two.settings.cap_per_hour
