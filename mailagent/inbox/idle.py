"""IMAP IDLE: wake the poller as soon as mail arrives, with a polling fallback.

The watcher keeps its own connection (the poller's stays free for fetching) and calls
``on_mail()`` — normally ``lambda: intake.poll_once(source, now=...)`` — once at start,
whenever the server reports ``EXISTS``/``RECENT``, and after every reconnect. IDLE is
re-issued every ``renew_after_s`` (default 25 minutes: RFC 2177 servers may drop an idle
client after 30). A server without IDLE is polled every ``poll_interval_s`` instead.

Example::

    >>> watcher = IdleWatcher(source.open_connection, "INBOX", on_mail=poll,
    ...                       poll_interval_s=60)
    >>> threading.Thread(target=watcher.run, args=(stop,)).start()
    >>> watcher.stats
    IdleStats(wakeups=1, idles=1, renewals=0, reconnects=0, polls=1)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mailagent.errors import MailagentError

log = logging.getLogger(__name__)

RENEW_AFTER_S = 25 * 60
_NEW_MAIL = (b"EXISTS", b"RECENT")


@dataclass
class IdleStats:
    wakeups: int = 0  # times new mail was reported
    idles: int = 0  # IDLE commands issued
    renewals: int = 0  # IDLE re-issued because it was getting old
    reconnects: int = 0
    polls: int = 0  # calls to on_mail


@dataclass
class IdleWatcher:
    """Calls ``on_mail`` when the folder may have new mail, until ``stop`` is set."""

    connect: Callable[[], Any]
    folder: str
    on_mail: Callable[[], object]
    poll_interval_s: float = 60.0
    renew_after_s: float = RENEW_AFTER_S
    check_s: float = 1.0
    backoff_s: float = 1.0
    backoff_max_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    stats: IdleStats = field(default_factory=IdleStats)

    def run(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            client: Any = None
            try:
                client = self.connect()
                failures = 0
                self._poll()
                if client.has_capability("IDLE"):
                    self._idle(client, stop)
                else:
                    log.info("server has no IDLE; polling every %ss", self.poll_interval_s)
                    while not stop.wait(self.poll_interval_s):
                        self._poll()
            except (OSError, MailagentError, Exception) as exc:
                failures += 1
                self.stats.reconnects += 1
                log.warning("IDLE watcher: %s; reconnecting", exc)
                stop.wait(min(self.backoff_s * 2 ** (failures - 1), self.backoff_max_s))
            finally:
                _close(client)

    def _poll(self) -> None:
        self.stats.polls += 1
        try:
            self.on_mail()
        except MailagentError as exc:
            # The poll has its own connection; its failure must not end the watch.
            log.warning("poll after IDLE wake-up failed: %s", exc)

    def _idle(self, client: Any, stop: threading.Event) -> None:
        client.select_folder(self.folder, readonly=True)
        client.idle()
        self.stats.idles += 1
        started = self.clock()
        try:
            while not stop.is_set():
                remaining = self.renew_after_s - (self.clock() - started)
                responses = client.idle_check(timeout=max(0.0, min(self.check_s, remaining)))
                new_mail = _reports_new_mail(responses)
                aged = self.clock() - started >= self.renew_after_s
                if not (new_mail or aged):
                    continue
                # Responses that arrive while IDLE ends count too, or a renewal would lose them.
                _text, late = client.idle_done()
                new_mail = new_mail or _reports_new_mail(late)
                if new_mail:
                    self.stats.wakeups += 1
                    self._poll()
                else:
                    self.stats.renewals += 1
                client.idle()
                self.stats.idles += 1
                started = self.clock()
        finally:
            if stop.is_set():
                client.idle_done()


def _reports_new_mail(responses: Any) -> bool:
    return any(len(r) > 1 and r[1] in _NEW_MAIL for r in responses or () if isinstance(r, tuple))


def _close(client: Any) -> None:
    if client is None:
        return
    try:
        client.logout()
    except Exception:
        try:
            client.shutdown()
        except Exception as exc:
            log.debug("closing the IDLE connection: %s", exc)
