"""A worker process on a simulated clock, for the multi-worker test and the benchmarks.

``python -m bench.worker worker`` polls the inbox and delivers due mail in a loop;
``python -m bench.worker scheduler`` runs ``run_tick`` without delivery in a loop. Both
read the settings like ``mailagent`` does (``mailagent.toml`` in the current folder, then
``MAILAGENT_*``), the current time from the file ``$BENCH_CLOCK`` (an ISO 8601 line,
then optionally an epoch number; the driver rewrites the file atomically), and stop when
the file ``$BENCH_STOP`` exists. Errors are printed to stderr and the loop goes on, as a
long-running worker would.

After a pass that began having read epoch E, the process writes E to ``done-PID`` beside
the stop file. The driver bumps the epoch and waits for every live process to report
it: that proves each one has made a whole pass since, which is how the driver knows the
world is quiet without watching a clock (:meth:`bench.world.Fleet.barrier`).

Each pass prints nothing; at exit the worker prints one JSON line, for example
``{"role": "worker", "passes": 812, "polled": 640, "handled": 170, "sent": 1203,
"errors": 0}`` (``polled``: messages this worker stored as the mailbox's poller;
``handled``: messages it processed, whoever stored them).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

from mailagent.app import build_app
from mailagent.config import find_config, load_settings
from mailagent.jobs.tick import run_tick
from mailagent.outbox.queue import deliver_due

IDLE_SLEEP_S = 0.02


def read_clock(path: Path) -> tuple[datetime, int]:
    """The driver's simulated time and epoch; it rewrites the file atomically."""
    lines = path.read_text(encoding="utf-8").split()
    return datetime.fromisoformat(lines[0]), int(lines[1]) if len(lines) > 1 else 0


def report_epoch(done: Path, epoch: int) -> None:
    tmp = done.with_suffix(".tmp")
    tmp.write_text(str(epoch), encoding="utf-8")
    os.replace(tmp, done)


def main(argv: list[str]) -> int:
    role = argv[0] if argv else "worker"
    if role not in ("worker", "scheduler"):
        print(f"usage: python -m bench.worker worker|scheduler (got {role!r})", file=sys.stderr)
        return 2
    clock = Path(os.environ["BENCH_CLOCK"])
    stop = Path(os.environ["BENCH_STOP"])
    app = build_app(load_settings(find_config()), run_migrations=False)
    app.worker_id = f"{role}-{os.getpid()}"
    stats = {"passes": 0, "polled": 0, "handled": 0, "sent": 0, "errors": 0}
    source = app.source() if role == "worker" else None
    intake = app.intake()
    # The driver waits for this file before it moves the clock.
    (stop.parent / f"ready-{os.getpid()}").touch()
    done = stop.parent / f"done-{os.getpid()}"
    reported = -1
    try:
        while not stop.exists():
            stats["passes"] += 1
            busy = False
            epoch = reported
            try:
                now, epoch = read_clock(clock)
                if source is not None:
                    summary = intake.poll_once(source, now=now)
                    handled = summary.new + summary.quarantined
                    report = deliver_due(app.factory, app.transport, now=now, worker=app.worker_id)
                    stats["polled"] += summary.fetched
                    stats["handled"] += handled
                    stats["sent"] += report.sent
                    busy = bool(summary.fetched or handled or report.sent or report.deferred)
                else:
                    run_tick(app, now=now, deliver=False)
            except Exception:
                stats["errors"] += 1
                traceback.print_exc()
            if epoch != reported:
                report_epoch(done, epoch)
                reported = epoch
            if not busy:
                time.sleep(IDLE_SLEEP_S)
    finally:
        if source is not None:
            source.close()
        app.close()
    print(json.dumps({"role": role, **stats}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
