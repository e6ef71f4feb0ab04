"""APScheduler wiring only: two interval triggers, ``poll`` and ``tick``, nothing else.

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
    from mailagent.app import App

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


def run_until(app: App, stop: threading.Event, clock: Clock = _utcnow) -> None:
    """Poll and tick until ``stop`` is set; then wait for the running job to finish."""
    scheduler = build_scheduler(app, clock)
    scheduler.start()
    try:
        stop.wait()
    finally:
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
