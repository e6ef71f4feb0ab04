"""Leases per attempt: a worker that dies mid-batch leaves at most one candidate mail
``uncertain`` (the one whose SMTP conversation had started), never the mails it had not
tried yet. Those go out on the next run, each exactly once; staff mail is simply re-sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.models import OutboxMessage, OutboxState
from mailagent.outbox.queue import LEASE, deliver_due
from mailagent.outbox.transport import SendResult
from tests.jobs.conftest import HM, T0, add_candidate, add_pipeline, make_app

CANDIDATES = 30


class WorkerDied(BaseException):
    """What a kill looks like from inside ``deliver_due``: nothing after it runs."""


@dataclass
class DyingTransport:
    """Accepts mail until the ``die_on``-th send, which starts and never finishes."""

    die_on: int | None = None
    got: list[tuple[str, ...]] = field(default_factory=list)
    calls: int = 0

    def send(self, raw: bytes, *, sender: str, recipients: Sequence[str]) -> SendResult:
        self.calls += 1
        if self.calls == self.die_on:
            raise WorkerDied(f"killed during send #{self.calls}")
        self.got.append(tuple(recipients))
        return SendResult()


@pytest.fixture
def app(tmp_path: Path) -> App:
    built = make_app(tmp_path)
    with transaction(built.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        for n in range(CANDIDATES):
            built.mailer.queue(
                s,
                kind="candidate_feedback",
                template="candidate_feedback",
                to=[f"cand{n}@home.example"],
                subject="Your application for Backend Engineer",
                now=T0,
                context={},
                text="Dear candidate,\n\nThank you.\n",
                candidate_facing=True,
                dedupe_key=f"application:backend:c{n}",
            )
        for n in range(5):
            built.mailer.queue(
                s,
                kind="reminder",
                template="reminder",
                to=[HM],
                subject=f"Reminder {n}",
                now=T0,
                context={},
                text="Please send your feedback.\n",
            )
    return built


def _states(app: App) -> dict[tuple[bool, OutboxState], int]:
    with app.factory() as s:
        rows = s.execute(
            select(OutboxMessage.candidate_facing, OutboxMessage.state, func.count()).group_by(
                OutboxMessage.candidate_facing, OutboxMessage.state
            )
        ).all()
    return {(bool(c), state): int(n) for c, state, n in rows}


def test_a_worker_dying_mid_batch_leaves_one_candidate_mail_uncertain(app: App) -> None:
    try:
        # One candidate mail, the staff batch (5), one more candidate mail; the next dies.
        dying = DyingTransport(die_on=8)
        with pytest.raises(WorkerDied):
            deliver_due(app.factory, dying, now=T0)
        assert len(dying.got) == 7

        # The restart after the lease: one uncertain, everything else sent once.
        later = DyingTransport()
        report = deliver_due(app.factory, later, now=T0 + LEASE + timedelta(seconds=1))
        assert report.stale == 1
        states = _states(app)
        assert states.get((True, OutboxState.UNCERTAIN)) == 1
        assert states.get((True, OutboxState.SENT)) == CANDIDATES - 1
        assert states.get((False, OutboxState.SENT)) == 5
        candidate_mail = [r for r in dying.got + later.got if r[0].startswith("cand")]
        assert len(candidate_mail) == len(set(candidate_mail)) == CANDIDATES - 1
    finally:
        app.close()


def test_a_worker_dying_on_staff_mail_leaves_no_candidate_mail_uncertain(app: App) -> None:
    try:
        with pytest.raises(WorkerDied):
            deliver_due(app.factory, DyingTransport(die_on=2), now=T0)
        later = DyingTransport()
        deliver_due(app.factory, later, now=T0 + LEASE + timedelta(seconds=1))
        states = _states(app)
        assert (True, OutboxState.UNCERTAIN) not in states
        assert states.get((True, OutboxState.SENT)) == CANDIDATES
        # Staff mail left mid-batch is sent again: HM mail is never uncertain.
        assert states.get((False, OutboxState.SENT)) == 5
    finally:
        app.close()
