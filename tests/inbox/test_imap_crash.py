"""kill -9 during a poll: a real subprocess polls Dovecot and is SIGKILLed mid-way.

The child runs the real ``Intake.poll_once`` on the real IMAP source. A small wrapper
around the source (or the brain) writes a marker file and sleeps at the chosen moment, so
the test knows when to kill it. A second, ordinary poll must then leave every message
processed exactly once.

Intake stores a fetched batch in one transaction and processes pending rows a batch per
transaction, so a kill loses exactly the batch in hand: its messages are still on the
server (nothing is filed there before the store commits) or still ``pending`` in the
database, and the next poll redoes only those.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.models import AssessmentRecord, Disposition, MailMessage, OutboxMessage
from tests.dovecot import Dovecot
from tests.inbox.conftest import NOW, AppFactory, message, seed_interview

pytestmark = [pytest.mark.dovecot, pytest.mark.slow]

CHILD = r"""
import sys, time
from pathlib import Path
from mailagent.app import build_app
from mailagent.dialogue.brain import Assessment, BrainResult, Issue
from mailagent.inbox import intake as intake_module
from tests.inbox.conftest import NOW, make_settings

base, inbox, where, marker = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
stop_at = int(sys.argv[5])
intake_module.STORE_BATCH, intake_module.PROCESS_BATCH = int(sys.argv[6]), int(sys.argv[7])
# Batches end by count here, never by the clock: where the kill lands must not vary.
intake_module.PROCESS_BATCH_S = 3600.0


def hang():
    marker.write_text("here")
    time.sleep(120)


class Brain:
    name = "fake"
    calls = 0

    def assess(self, ctx):
        Brain.calls += 1
        if where == "process" and Brain.calls == stop_at:
            hang()
        return BrainResult(Assessment(issues=[Issue.VAGUE]), brain="fake")

    def phrase(self, ctx, draft):
        return draft


class HangingSource:
    def __init__(self, inner):
        self.inner, self.name = inner, inner.name

    def fetch_new(self, cursor, is_known):
        for n, fetched in enumerate(self.inner.fetch_new(cursor, is_known), start=1):
            if where == "fetch" and n == stop_at:
                hang()
            yield fetched

    def after_commit(self, fetched, *, quarantined):
        self.inner.after_commit(fetched, quarantined=quarantined)

    def close(self):
        self.inner.close()


app = build_app(make_settings(base, inbox), brain=Brain())
app.intake().poll_once(HangingSource(app.source()), now=NOW)
"""


def _run_and_kill(
    base: Path, inbox: str, where: str, stop_at: int, store_batch: int, process_batch: int
) -> None:
    marker = base / "marker"
    marker.unlink(missing_ok=True)
    repo = Path(__file__).resolve().parents[2]
    args = [where, str(marker), str(stop_at), str(store_batch), str(process_batch)]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(base), inbox, *args],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if child.poll() is not None:
                err = child.stderr.read().decode() if child.stderr else ""
                pytest.fail(f"child exited early ({child.returncode}): {err}")
            if time.monotonic() > deadline:
                pytest.fail("child never reached the kill point")
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr is not None:
            child.stderr.close()


@pytest.mark.parametrize(
    ("where", "stop_at", "store_batch", "process_batch", "stored", "pending"),
    [
        # The 3rd message is being fetched: the batch in hand (all five) is not stored.
        ("fetch", 3, 50, 50, 0, 0),
        # Batches of two: the first two are stored and answered; the 3rd was fetched,
        # the 4th is being fetched when the kill comes.
        ("fetch", 4, 2, 50, 2, 0),
        # All five stored; the 2nd dialogue turn is half done, and the 1st, in the same
        # processing transaction, is not committed either.
        ("process", 2, 50, 50, 5, 5),
        # Processing batches of two: turns 1 and 2 committed, 3 and 4 rolled back.
        ("process", 4, 50, 2, 5, 3),
    ],
)
def test_kill_9_mid_poll_then_every_message_is_processed_exactly_once(
    dovecot: Dovecot,
    make_app: AppFactory,
    workdir: Path,
    where: str,
    stop_at: int,
    store_batch: int,
    process_batch: int,
    stored: int,
    pending: int,
) -> None:
    app = make_app(dovecot.url())
    seeded = [seed_interview(app, interview_id=f"iv-{i}") for i in range(5)]
    # One reply per interview, each carrying that thread's token, so each starts a turn.
    dovecot.append_many(
        message(
            to=f"feedback+{s.token}@hire.example",
            message_id=f"<reply-{i}@example.com>",
            in_reply_to=s.request_message_id,
            body=f"Reply number {i}, she was fine.",
        )
        for i, s in enumerate(seeded)
    )

    _run_and_kill(workdir, dovecot.url(), where, stop_at, store_batch, process_batch)

    with app.factory() as session:
        rows = session.scalars(select(MailMessage).where(MailMessage.direction == "in")).all()
        # The kill happened where we meant it to: what was committed stays, the batch
        # in hand is gone (not stored) or waits (stored, pending).
        assert len(rows) == stored
        assert len([r for r in rows if r.disposition is Disposition.PENDING]) == pending

    # The next ordinary poll (the agent restarted) finishes the job.
    source = app.source()
    try:
        app.intake().poll_once(source, now=NOW)
    finally:
        source.close()

    with app.factory() as session:
        rows = session.scalars(select(MailMessage).where(MailMessage.direction == "in")).all()
        assert sorted(r.message_id or "" for r in rows) == [
            f"<reply-{i}@example.com>" for i in range(5)
        ]
        assert {r.disposition for r in rows} == {Disposition.ACCEPTED}
        # One brain run and one reply per message: nothing was done twice.
        assessments = session.scalars(select(AssessmentRecord)).all()
        assert sorted(a.message_row_id for a in assessments) == sorted(r.id for r in rows)
        replies = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "follow_up")
        ).all()
        assert len(replies) == 5
        assert len({r.thread_id for r in replies}) == 5
