"""Several workers on one mailbox (PostgreSQL): one stores, all process, none twice.

Only the worker holding the mailbox's advisory lock fetches and stores; every worker
claims stored ``pending`` rows with ``FOR UPDATE SKIP LOCKED``. These tests hold the
lock, or hold a claimed row inside a dialogue turn, and watch what a second worker does.
SQLite runs a single worker (``BEGIN IMMEDIATE`` would make the second one wait), so
they run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.dialogue.brain import Assessment, BrainContext, BrainResult, Issue
from mailagent.inbox.intake import store_raw
from mailagent.inbox.source import Fetched
from mailagent.locks import try_lock
from mailagent.models import AssessmentRecord, Disposition, MailMessage, OutboxMessage, Thread
from tests import testdb
from tests.inbox.conftest import NOW, ListSource, make_settings, message, seed_interview

pytestmark = pytest.mark.postgres


@dataclass
class GateBrain:
    """Reads every reply as vague; the reply whose text holds ``gate_on`` waits for ``go``."""

    gate_on: str = "\x00"
    name: str = "gate"
    inside: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)

    def assess(self, ctx: BrainContext) -> BrainResult:
        if self.gate_on in ctx.reply_text:
            self.inside.set()
            assert self.go.wait(30), "the test never let the gated turn finish"
        return BrainResult(Assessment(issues=[Issue.VAGUE], summary="vague"), brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


@pytest.fixture
def pg_url() -> str:
    return testdb.fresh_database_url()


@pytest.fixture
def workers(tmp_path: Path, pg_url: str) -> Iterator[list[App]]:
    """Two workers (two engines, two connection pools) on one PostgreSQL schema."""
    brain = GateBrain()
    apps = [
        build_app(
            make_settings(tmp_path / f"w{n}", f"maildir:{tmp_path}/inbox", database_url=pg_url),
            brain=brain,
        )
        for n in (1, 2)
    ]
    yield apps
    brain.go.set()
    for app in apps:
        app.close()


def replies(app: App, n: int) -> list[bytes]:
    seeded = [seed_interview(app, interview_id=f"iv-{i}") for i in range(n)]
    return [
        message(
            to=f"feedback+{s.token}@hire.example",
            in_reply_to=s.request_message_id,
            body=f"Reply number {i}, she was fine.",
        )
        for i, s in enumerate(seeded)
    ]


def test_a_worker_without_the_mailbox_lock_processes_what_the_poller_stored(
    workers: list[App],
) -> None:
    poller, other = workers
    raws = replies(poller, 3)
    source = ListSource(raws)
    with try_lock(poller.factory.kw["bind"], f"mailbox:{source.name}") as held:
        assert held
        # The poller has stored the three messages and not yet processed them.
        with transaction(poller.factory) as session:
            for uid, raw in enumerate(raws, start=1):
                store_raw(session, source.name, Fetched(1, str(uid), raw), now=NOW)

        summary = other.intake().poll_once(source, now=NOW)

    # The other worker fetched nothing (it has no lock) and answered all three.
    assert (summary.fetched, summary.new, summary.quarantined) == (0, 3, 0)
    assert source.committed == []
    with other.factory() as session:
        dispositions = session.scalars(select(MailMessage.disposition)).all()
        follow_ups = session.scalars(
            select(OutboxMessage.thread_id).where(OutboxMessage.kind == "follow_up")
        ).all()
    assert set(dispositions) == {Disposition.ACCEPTED}
    assert len(set(follow_ups)) == len(follow_ups) == 3


def test_while_one_worker_is_inside_a_turn_another_takes_the_next_replies(
    workers: list[App],
) -> None:
    first, second = workers
    brain = first.brain
    assert isinstance(brain, GateBrain)
    brain.gate_on = "Reply number 0"
    raws = replies(first, 3)
    with transaction(first.factory) as session:
        rows = [
            store_raw(session, "list:test", Fetched(1, str(uid), raw), now=NOW)[0]
            for uid, raw in enumerate(raws, start=1)
        ]
        ids = [row.id for row in rows if row is not None]
    outcome: list[Disposition | None] = []
    stuck = threading.Thread(target=lambda: outcome.append(first.intake().process_next(now=NOW)))
    stuck.start()
    try:
        # The first worker claimed the oldest reply and is thinking about it.
        assert brain.inside.wait(30)
        taken = [second.intake().process_next(now=NOW) for _ in range(3)]
        # The second worker skipped the claimed row and answered the other two.
        assert taken == [Disposition.ACCEPTED, Disposition.ACCEPTED, None]
        with second.factory() as session:
            assert session.get(MailMessage, ids[0]).disposition is Disposition.PENDING  # type: ignore[union-attr]
    finally:
        brain.go.set()
        stuck.join(30)
    assert outcome == [Disposition.ACCEPTED]
    with first.factory() as session:
        assessed = session.scalars(select(AssessmentRecord.message_row_id)).all()
    # One dialogue turn per reply: nothing was processed twice.
    assert sorted(assessed) == sorted(ids)


def test_a_batch_never_waits_for_a_thread_lock_while_it_holds_others(
    workers: list[App],
) -> None:
    first, _ = workers
    raws = replies(first, 2)
    with transaction(first.factory) as session:
        ids = [
            row.id
            for uid, raw in enumerate(raws, start=1)
            if (row := store_raw(session, "list:test", Fetched(1, str(uid), raw), now=NOW)[0])
        ]
    with first.factory() as session:
        busy_thread = session.scalars(select(Thread.id).order_by(Thread.id)).all()[1]
    engine = first.factory.kw["bind"]
    seen: list[Disposition] = []
    with engine.connect() as holder:
        # Another writer (a tick, an import) holds the second reply's thread.
        holder.execute(select(Thread.id).where(Thread.id == busy_thread).with_for_update())
        holder_pid = holder.scalar(text("SELECT pg_backend_pid()"))

        def release_once_the_reply_waits() -> None:
            with engine.connect() as watcher:
                waiting_on_holder = text(
                    "SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))"
                )
                while not watcher.scalar(waiting_on_holder, {"pid": holder_pid}):
                    watcher.rollback()
            # The first reply was committed before the second one waited for its thread.
            with first.factory() as check:
                seen.append(check.get(MailMessage, ids[0]).disposition)  # type: ignore[union-attr]
            holder.commit()

        releaser = threading.Thread(target=release_once_the_reply_waits)
        releaser.start()
        try:
            outcomes = first.intake().process_pending(now=NOW)
        finally:
            releaser.join(30)
    assert seen == [Disposition.ACCEPTED]
    assert (outcomes.new, outcomes.quarantined) == (2, 0)
    with first.factory() as session:
        assert {session.get(MailMessage, i).disposition for i in ids} == {  # type: ignore[union-attr]
            Disposition.ACCEPTED
        }


def test_two_sites_on_one_server_do_not_share_a_mailbox_lock(workers: list[App]) -> None:
    # Advisory locks are server-wide: a second site (here another schema) polling a mailbox
    # of the same name must not be locked out by the first. CI once saw this test file fail
    # when two suites ran on one server at the same time.
    here = workers[0].factory.kw["bind"]
    elsewhere = create_engine(testdb.fresh_database_url())
    try:
        with try_lock(here, "mailbox:list:test") as first:
            with try_lock(elsewhere, "mailbox:list:test") as second:
                assert (first, second) == (True, True)
            # The same site still cannot take its own lock twice.
            with try_lock(here, "mailbox:list:test") as again:
                assert again is False
    finally:
        elsewhere.dispose()
