"""IDLE against Dovecot: a new message wakes the poller; IDLE is re-issued; no IDLE → polling."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from mailagent.app import App
from mailagent.inbox.idle import IdleWatcher
from mailagent.inbox.imap import ImapSource
from tests.dovecot import Dovecot
from tests.inbox.conftest import NOW, AppFactory, message


def _wait(predicate: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.mark.dovecot
def test_new_mail_wakes_the_poller_and_idle_is_reissued(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    app: App = make_app(dovecot.url())
    poller = app.source()
    watched = app.source()
    assert isinstance(poller, ImapSource) and isinstance(watched, ImapSource)
    new: list[int] = []
    watcher = IdleWatcher(
        watched.open_connection,
        "INBOX",
        on_mail=lambda: new.append(app.intake().poll_once(poller, now=NOW).new),
        renew_after_s=0.5,
        check_s=0.1,
    )
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        _wait(lambda: watcher.stats.idles >= 1)
        dovecot.append(message(message_id="<idle-1@x>"))
        _wait(lambda: sum(new) == 1)
        _wait(lambda: watcher.stats.renewals >= 1)
    finally:
        stop.set()
        thread.join(10)
        poller.close()
    assert watcher.stats.wakeups >= 1
    assert watcher.stats.idles >= 3  # the first, after the wake-up, after a renewal


@dataclass
class NoIdleClient:
    """A typed stand-in for a server that lacks IDLE."""

    log: list[str] = field(default_factory=list)

    def has_capability(self, name: str) -> bool:
        return False

    def logout(self) -> Any:
        self.log.append("logout")


def test_a_server_without_idle_is_polled_on_an_interval() -> None:
    calls: list[float] = []
    client = NoIdleClient()
    watcher = IdleWatcher(
        lambda: client,
        "INBOX",
        on_mail=lambda: calls.append(time.monotonic()),
        poll_interval_s=0.05,
    )
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    _wait(lambda: len(calls) >= 4)
    stop.set()
    thread.join(5)
    assert watcher.stats.idles == 0
    assert client.log == ["logout"]


def test_a_failing_connection_is_retried_with_backoff() -> None:
    attempts: list[int] = []
    client = NoIdleClient()

    def connect() -> NoIdleClient:
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("connection refused")
        return client

    polls: list[int] = []
    watcher = IdleWatcher(
        connect, "INBOX", on_mail=lambda: polls.append(1), poll_interval_s=10, backoff_s=0.01
    )
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    _wait(lambda: polls == [1])
    stop.set()
    thread.join(5)
    assert len(attempts) == 3
    assert watcher.stats.reconnects == 2


@pytest.mark.dovecot
def test_mailagent_run_answers_a_reply_within_seconds_though_the_poll_is_hourly(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    from sqlalchemy import select

    from mailagent.jobs.scheduler import run_until
    from mailagent.models import Disposition, MailMessage
    from tests.inbox.conftest import seed_interview

    app: App = make_app(dovecot.url(), poll_interval_s=3600, tick_interval_s=3600)
    seeded = seed_interview(app)

    def accepted() -> set[str]:
        with app.factory() as session:
            return {
                m.message_id or ""
                for m in session.scalars(
                    select(MailMessage).where(MailMessage.disposition == Disposition.ACCEPTED)
                )
            }

    def reply(n: int) -> bytes:
        return message(
            to=f"feedback+{seeded.token}@hire.example",
            message_id=f"<idle-run-{n}@example.com>",
            in_reply_to=seeded.request_message_id,
            body=f"Reply {n}: she was fine I guess.",
        )

    dovecot.append(reply(1))
    stop = threading.Event()
    runner = threading.Thread(target=run_until, args=(app, stop))
    runner.start()
    try:
        # The first poll at start takes the first reply.
        _wait(lambda: "<idle-run-1@example.com>" in accepted(), 15)
        time.sleep(1.0)  # the IDLE connection settles
        dovecot.append(reply(2))
        # The next interval poll is an hour away: only IDLE can bring this one in.
        _wait(lambda: "<idle-run-2@example.com>" in accepted(), 15)
    finally:
        stop.set()
        runner.join(20)
    assert not runner.is_alive()
