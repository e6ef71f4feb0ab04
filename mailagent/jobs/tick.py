"""One pass of scheduled work at a given time: everything due comes from the database.

``mailagent tick --now 2026-06-03T09:00`` runs exactly this. A restart loses nothing and
repeats nothing: each step finds due rows by index and records what it did in the same
transaction as the outbox rows it writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mailagent.jobs.requests import send_due_requests
from mailagent.outbox.queue import deliver_due

if TYPE_CHECKING:
    from mailagent.wiring import App


@dataclass
class TickReport:
    requests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    delivery: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_tick(app: App, *, now: datetime, deliver: bool = True) -> TickReport:
    report = TickReport()
    s = app.settings
    first = timedelta(days=s.reminder_days[0]) if s.reminder_days else timedelta(days=1)
    with app.factory() as session, session.begin():
        report.requests = send_due_requests(
            session, app.mailer, secret=app.secret, now=now, first_reminder=first
        )
    # Imported here: the steps import the App type, which imports this module's callers.
    from mailagent.jobs.steps import STEPS

    for name, step in STEPS:
        report.extra[name] = step(app, now)
    if deliver:
        report.delivery = asdict(
            deliver_due(app.factory, app.transport, now=now, worker=app.worker_id)
        )
    return report
