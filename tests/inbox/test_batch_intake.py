"""Intake in batches: one transaction stores a fetched batch, one processes several rows.

A batch is an optimisation, never a change in what happens to a message: each one is
stored once (keyed by mailbox, UIDVALIDITY and UID, and by Message-ID + content), read
once, and either acted on or quarantined with its reason. A message that fails after it
began writing is rolled back to its savepoint; the others in the batch commit. A turn
that must call a model commits the batch first and thinks with no transaction open.
These run on the suite's database (SQLite, or PostgreSQL under ``--db postgres``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from mailagent.app import App
from mailagent.inbox.intake import Intake, ReplyHandler
from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.source import Fetched
from mailagent.inbox.store import store_batch
from mailagent.models import (
    Direction,
    Disposition,
    MailboxCursor,
    MailMessage,
    Thread,
    ThreadKind,
)
from tests.inbox.conftest import NOW, AppFactory, ListSource, reply_on, seed_interview


def _still() -> float:
    """A clock that never moves: no budget runs out and no batch ends on time."""
    return 0.0


def _intake(app: App, handler: ReplyHandler) -> Intake:
    return Intake(
        app.factory,
        app.intake().config,
        app.mailer,
        {kind: handler for kind in ThreadKind},
        clock=_still,
    )


def _rows(app: App) -> list[MailMessage]:
    with app.factory() as session:
        return list(
            session.scalars(
                select(MailMessage)
                .where(MailMessage.direction == Direction.IN)
                .order_by(MailMessage.id)
            )
        )


def _replies(app: App, n: int) -> list[bytes]:
    return [
        reply_on(seed_interview(app, interview_id=f"iv-{i}"), body=f"Reply {i}: strong Python.")
        for i in range(n)
    ]


def test_a_fetched_batch_is_stored_once_with_its_twins_marked_duplicate(
    make_site: AppFactory,
) -> None:
    app = make_site()
    first, second = _replies(app, 2)
    batch = [
        Fetched(1, "1", first),
        Fetched(1, "2", second),
        # The same bytes again under another UID (a copy in the folder): a twin.
        Fetched(1, "3", first),
    ]
    with app.factory() as session, session.begin():
        stored = store_batch(session, "list:test", batch, now=NOW)
    assert [(s.fetched.uid, s.row_id is not None, s.duplicate) for s in stored] == [
        ("1", True, False),
        ("2", True, False),
        ("3", True, True),
    ]
    # Stored again (a re-poll after a crash before filing): nothing new.
    with app.factory() as session, session.begin():
        again = store_batch(session, "list:test", [*batch, Fetched(1, "4", second)], now=NOW)
        cursor = session.get(MailboxCursor, "list:test")
        assert cursor is not None and cursor.last_uid == 4
    assert [(s.row_id, s.duplicate) for s in again[:3]] == [(None, True)] * 3
    assert again[3].duplicate and again[3].row_id is not None
    assert [r.disposition for r in _rows(app)] == [
        Disposition.PENDING,
        Disposition.PENDING,
        Disposition.DUPLICATE,
        Disposition.DUPLICATE,
    ]


@dataclass
class Booby:
    """A handler that counts each turn on its thread, and fails (after writing) on the
    reply whose text holds ``fail_on``, with ``error``."""

    fail_on: str
    error: Callable[[Session], Exception]
    seen: list[str] = field(default_factory=list)

    def __call__(
        self, session: Session, thread: Thread, row: MailMessage, mail: InboundEmail, now: datetime
    ) -> None:
        self.seen.append(mail.text_plain.strip())
        thread.follow_ups += 1
        session.flush()
        if self.fail_on in mail.text_plain:
            raise self.error(session)


def _follow_ups(app: App) -> list[int]:
    with app.factory() as session:
        return list(session.scalars(select(Thread.follow_ups).order_by(Thread.id)))


def test_a_reply_that_fails_mid_turn_is_rolled_back_and_quarantined_the_rest_commit(
    make_site: AppFactory,
) -> None:
    app = make_site()
    raws = _replies(app, 4)
    handler = Booby("Reply 1:", lambda _s: RuntimeError("the brain fell over"))
    intake = _intake(app, handler)
    with app.factory() as session, session.begin():
        store_batch(
            session, "list:test", [Fetched(1, str(i), r) for i, r in enumerate(raws, 1)], now=NOW
        )

    # One call, one transaction: all four claimed and settled together.
    outcomes = intake.process_batch(now=NOW)

    assert outcomes == [
        Disposition.ACCEPTED,
        Disposition.QUARANTINED,
        Disposition.ACCEPTED,
        Disposition.ACCEPTED,
    ]
    rows = _rows(app)
    assert [r.disposition for r in rows] == outcomes
    assert rows[1].error == "RuntimeError: the brain fell over"
    # The failed turn's write went with its savepoint; the others' stayed.
    assert _follow_ups(app) == [1, 0, 1, 1]
    assert intake.process_batch(now=NOW) == []


def test_a_database_error_in_a_turn_ends_the_batch_and_that_reply_is_tried_alone(
    make_site: AppFactory,
) -> None:
    app = make_site()
    raws = _replies(app, 3)

    def broken_query(session: Session) -> Exception:
        # A statement the database refuses: the transaction must survive it.
        session.execute(text("SELECT no_such_column FROM threads"))
        return AssertionError("unreachable")

    handler = Booby("Reply 1:", broken_query)
    intake = _intake(app, handler)
    summary = intake.poll_once(ListSource(raws), now=NOW)

    assert (summary.fetched, summary.new, summary.quarantined) == (3, 2, 1)
    rows = _rows(app)
    assert [r.disposition for r in rows] == [
        Disposition.ACCEPTED,
        Disposition.QUARANTINED,
        Disposition.ACCEPTED,
    ]
    assert "no_such_column" in (rows[1].error or "")
    # Reply 1 ran twice (in the batch, then alone) and was rolled back both times; no
    # turn was recorded twice.
    assert handler.seen.count("Reply 1: strong Python.") == 2
    assert _follow_ups(app) == [1, 0, 1]


@dataclass
class SlowTurn:
    """A turn that thinks outside the transaction; while it thinks, it looks at what
    another connection can see."""

    app: App
    seen_while_thinking: list[tuple[Disposition, bool]] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)

    def think(self) -> None:
        for row in _rows(self.app):
            self.seen_while_thinking.append((row.disposition, row.claimed_by is not None))

    def finish(
        self, session: Session, thread: Thread, row: MailMessage, mail: InboundEmail, now: datetime
    ) -> str:
        self.finished.append(row.id)
        return "done"


def test_a_turn_that_thinks_commits_the_batch_before_the_model_is_called(
    make_site: AppFactory,
) -> None:
    app = make_site()
    raws = _replies(app, 3)
    turn = SlowTurn(app)

    def handler(
        session: Session, thread: Thread, row: MailMessage, mail: InboundEmail, now: datetime
    ) -> SlowTurn | None:
        return turn if "Reply 1:" in mail.text_plain else None

    summary = _intake(app, handler).poll_once(ListSource(raws), now=NOW)

    assert summary.new == 3
    # While the model thought, the reply before it was committed as answered and the
    # thinking one as claimed; the one after it waited, pending and unclaimed.
    assert turn.seen_while_thinking == [
        (Disposition.ACCEPTED, False),
        (Disposition.PENDING, True),
        (Disposition.PENDING, False),
    ]
    rows = _rows(app)
    assert turn.finished == [rows[1].id]
    assert {r.disposition for r in rows} == {Disposition.ACCEPTED}
    assert all(r.claimed_by is None for r in rows)
