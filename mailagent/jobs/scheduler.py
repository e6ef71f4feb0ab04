"""APScheduler wiring only: two interval triggers, ``poll`` and ``tick``, and for an IMAP
inbox an IDLE watcher that brings the next poll forward when mail arrives.

All due work comes from database state (see :mod:`mailagent.jobs.tick`), so the scheduler
keeps no job store: a restart loses nothing and repeats nothing. One worker thread runs
the jobs one at a time; ``coalesce`` folds missed runs into one. ``mailagent run`` stops
on SIGTERM or SIGINT after the job in hand has finished.

>>> from threading import Event
>>> stop = Event(); stop.set()   # run_until(app, stop) would return at once
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING, Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

if TYPE_CHECKING:
    from mailagent.wiring import App

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def poll_once(app: App, clock: Clock = _utcnow) -> dict[str, int]:
    source = app.source()
    try:
        return app.intake().poll_once(source, now=clock()).as_dict()
    finally:
        source.close()


def tick_once(app: App, clock: Clock = _utcnow) -> dict[str, Any]:
    from mailagent.jobs.tick import run_tick

    return run_tick(app, now=clock()).as_dict()


def _guarded(name: str, fn: Callable[[], object]) -> Callable[[], None]:
    def job() -> None:
        try:
            result = fn()
            log.info("%s: %s", name, result)
        except Exception:
            # One failed pass must not stop the loop; the next pass finds the same work.
            log.exception("%s failed", name)

    return job


def build_scheduler(app: App, clock: Clock = _utcnow) -> BackgroundScheduler:
    s = app.settings
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    first = clock()
    scheduler.add_job(
        _guarded("poll", lambda: poll_once(app, clock)),
        "interval",
        seconds=s.poll_interval_s,
        next_run_time=first,
        id="poll",
    )
    scheduler.add_job(
        _guarded("tick", lambda: tick_once(app, clock)),
        "interval",
        seconds=s.tick_interval_s,
        next_run_time=first,
        id="tick",
    )
    return scheduler


def start_idle(
    app: App, scheduler: BackgroundScheduler, stop: threading.Event
) -> threading.Thread | None:
    """For an IMAP inbox with ``imap_idle``: a thread that holds IDLE on the folder and
    moves the ``poll`` job to now whenever the server reports new mail.

    The poll itself still runs on the scheduler's one worker thread, so this process
    never polls twice at once; the interval poll remains the fallback.
    """
    from mailagent.inbox.idle import IdleWatcher
    from mailagent.inbox.imap import ImapSource

    url = app.settings.inbox_url
    if url.kind != "imap" or not app.settings.imap_idle:
        return None
    source = app.source()
    assert isinstance(source, ImapSource)

    def wake() -> None:
        scheduler.modify_job("poll", next_run_time=datetime.now(UTC))

    watcher = IdleWatcher(
        source.open_connection,
        url.folder,
        on_mail=wake,
        poll_interval_s=app.settings.poll_interval_s,
    )
    thread = threading.Thread(target=watcher.run, args=(stop,), name="imap-idle", daemon=True)
    thread.start()
    return thread


def run_until(app: App, stop: threading.Event, clock: Clock = _utcnow) -> None:
    """Poll and tick until ``stop`` is set; then wait for the running job to finish."""
    scheduler = build_scheduler(app, clock)
    scheduler.start()
    idle = start_idle(app, scheduler, stop)
    try:
        stop.wait()
    finally:
        if idle is not None:
            idle.join(10)
        scheduler.shutdown(wait=True)


def run_forever(app: App) -> None:
    """``mailagent run``: until SIGTERM or SIGINT."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing the job in hand", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    run_until(app, stop)
