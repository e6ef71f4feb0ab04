"""Intake: store raw bytes first, then process stored messages a batch per transaction.

For every fetched batch (``STORE_BATCH`` messages or ``STORE_BATCH_BYTES``)::

    1. store   one transaction (``mailagent.inbox.store``): a row per message keyed by
               (mailbox, UIDVALIDITY, UID) with its raw bytes, and the cursor advanced. A
               row that exists already, or the same Message-ID + content hash seen before
               (in the database or earlier in the batch), is a duplicate and is never
               processed. Nothing is filed at the source before this commits.
    2. process every worker claims pending rows with ``FOR UPDATE SKIP LOCKED``, a few at
               a time, up to ``PROCESS_BATCH`` rows or ``PROCESS_BATCH_S`` seconds per
               transaction. Each message is read (parse → strip → route → guard chain; no
               writes, checked against ``message_budget_s`` between stages) and then acted
               on (its row updated, the handler's dialogue turn or approval, notices) in a
               savepoint.
    3. a message that fails, or runs over its budget, is rolled back to its savepoint
               and quarantined with its error; the rest of the batch commits.
               ``mailagent replay ID`` runs it again. A database error in a turn ends the
               batch, and that message is retried alone in a transaction of its own.

Only the worker holding the mailbox's lock stores (step 1); every worker processes
(step 2), so several workers work through one mailbox's replies side by side and no row
is handled twice. Replies on one thread are serialised by the thread's row lock; past
its first row a batch takes that lock ``NOWAIT`` (a busy thread ends the batch and its
reply is retried alone), so two batches never wait on each other. A crash loses the
batch in hand and nothing else: unstored messages are fetched again, uncommitted rows
are still ``pending`` and the next poll of any worker processes them.

A handler whose brain thinks remotely returns a ``Deferred`` turn instead of finishing
in step 2: the batch then commits what it did and the row as *claimed*
(``claimed_by``/``claimed_until``), the model is called with no transaction open — other
writers (an import, a tick, another worker) go on meanwhile — and a new transaction
re-checks the claim, lets the turn re-read its thread (redoing the turn if the thread
moved) and records it. A claim that outlives ``CLAIM_FOR`` (a crashed worker) is taken
over by the next poll.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Protocol, cast

from sqlalchemy import Select, Table, bindparam, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from mailagent.calendar.people import BookingConfig
from mailagent.errors import MailagentError
from mailagent.inbox import effects
from mailagent.inbox.budget import Budget, Clock
from mailagent.inbox.calendar_route import route_invitation
from mailagent.inbox.chain import run_chain
from mailagent.inbox.lookups import BatchThreads
from mailagent.inbox.parse import InboundEmail, Limits, parse_email
from mailagent.inbox.route import attribute
from mailagent.inbox.rules import Attribution, Finding, GuardInput, Verdict
from mailagent.inbox.source import Fetched, MailSource
from mailagent.inbox.store import KnownUids, Stored, read_cursor, store_batch, store_raw
from mailagent.inbox.strip import visible_text
from mailagent.locks import try_lock
from mailagent.models import (
    Direction,
    Disposition,
    MailMessage,
    Thread,
    ThreadKind,
)
from mailagent.outbox.mailer import Mailer

__all__ = ["Intake", "IntakeConfig", "PollSummary", "read_cursor", "store_raw"]

log = logging.getLogger(__name__)


class Deferred(Protocol):
    """A turn whose slow part runs outside any transaction: ``think`` with no session,
    then ``finish`` in a new transaction, which answers "done", "moved" (the thread
    changed: prepare the turn again) or "think_again" (one more slow step)."""

    def think(self) -> None: ...

    def finish(
        self, session: Session, thread: Thread, row: MailMessage, email: InboundEmail, now: datetime
    ) -> str: ...


# A handler runs one accepted reply on its thread, in the intake's transaction, or
# returns the turn as a ``Deferred`` to be thought about outside it.
ReplyHandler = Callable[[Session, Thread, MailMessage, InboundEmail, datetime], Deferred | None]

# How long a claim holds a message while its worker thinks (longer than every retry of
# every model call of one turn); after it, another worker may take the message over.
CLAIM_FOR = timedelta(minutes=15)
# Turns redone because their thread moved while the model thought, before giving up.
MAX_RETHINKS = 4


@dataclass
class _Thinking:
    """A claimed message whose turn waits for the model."""

    row_id: int
    thread_id: int
    email: InboundEmail
    claim: str
    deferred: Deferred


@dataclass(frozen=True)
class _Reading:
    """What one message says, before anything is written: read, routed and judged."""

    email: InboundEmail
    text: str
    attribution: Attribution
    finding: Finding


@dataclass(frozen=True)
class IntakeConfig:
    address: str
    secret: bytes
    limits: Limits
    delegates: Mapping[str, list[str]]
    authserv_id: str | None = None
    ooo_max_pause_days: int = effects.MAX_OOO_PAUSE_DAYS
    # Seconds one message may take (checked between stages) before it is quarantined.
    message_budget_s: float = 10.0
    # Calendar invitations (inbox/calendar_route); None leaves them to threading.
    calendar: BookingConfig | None = None


@dataclass
class PollSummary:
    fetched: int = 0
    new: int = 0
    duplicate: int = 0
    quarantined: int = 0
    ignored_auto: int = 0
    unattributed: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def count(self, disposition: Disposition) -> None:
        """Count one processed message under its outcome."""
        if disposition is Disposition.QUARANTINED:
            self.quarantined += 1
            return
        self.new += 1
        if disposition is Disposition.IGNORED_AUTO:
            self.ignored_auto += 1
        elif disposition is Disposition.UNATTRIBUTED:
            self.unattributed += 1


# How many stored messages (and raw bytes) the poller gathers before it stores them in
# one transaction, processes them with the other workers and files them at the source.
STORE_BATCH = 50
STORE_BATCH_BYTES = 16 * 1024 * 1024
# How many pending rows one processing transaction takes on, and for how long it goes on
# claiming more (what another writer may wait for the database: this plus one message).
PROCESS_BATCH = 50
# Rows claimed per query within a batch (a few, so other workers find the rest), and the
# size up to which a claimed row's raw bytes come in that chunk's one query.
CLAIM_CHUNK = 10
RAW_IN_ONE_QUERY = 1024 * 1024
PROCESS_BATCH_S = 0.5


_MESSAGES = cast(Table, MailMessage.__table__)
# One UPDATE of a message row by id; the columns set are the parameters' other keys.
_UPDATE_ROW = update(_MESSAGES).where(_MESSAGES.c.id == bindparam("row_id_"))


def _record(session: Session, row: MailMessage, **values: object) -> None:
    """Write ``values`` to the row with one Core UPDATE and mark them as loaded on the
    object (no unit-of-work bookkeeping, no second UPDATE at the next flush)."""
    session.execute(_UPDATE_ROW, {"row_id_": row.id, **values})
    for key, value in values.items():
        set_committed_value(row, key, value)


class Intake:
    def __init__(
        self,
        factory: sessionmaker[Session],
        config: IntakeConfig,
        mailer: Mailer,
        handlers: Mapping[ThreadKind, ReplyHandler],
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        self.factory = factory
        self.config = config
        self.mailer = mailer
        self.handlers = handlers
        self.clock = clock
        bind = factory.kw["bind"]
        # SQLite runs one writer at a time (BEGIN IMMEDIATE): row locks mean nothing there.
        self._row_locks = bind is None or bind.dialect.name != "sqlite"

    def poll_once(self, source: MailSource, *, now: datetime) -> PollSummary:
        """Store what is new (if this worker holds the mailbox) and process pending rows.

        One poller per mailbox across workers (an advisory lock on PostgreSQL, see
        mailagent.locks); a worker that does not get the lock still processes the rows
        the holder stored.
        """
        summary = PollSummary()
        with try_lock(self.factory.kw["bind"], f"mailbox:{source.name}") as held:
            if held:
                self._poll_locked(source, summary, now=now)
        # Rows stored by another worker, or by an earlier run that crashed before
        # processing them.
        self._drain(summary, now=now)
        return summary

    def _poll_locked(self, source: MailSource, summary: PollSummary, *, now: datetime) -> None:
        with self.factory() as session:
            cursor = read_cursor(session, source.name)
        known = KnownUids(self.factory, source.name)
        gathered: list[Fetched] = []
        size = 0
        for fetched in source.fetch_new(cursor, known):
            summary.fetched += 1
            gathered.append(fetched)
            size += len(fetched.raw)
            if len(gathered) >= STORE_BATCH or size >= STORE_BATCH_BYTES:
                self._store_and_finish(source, gathered, known, summary, now=now)
                gathered, size = [], 0
        if gathered:
            self._store_and_finish(source, gathered, known, summary, now=now)

    def _store(self, source_name: str, gathered: list[Fetched], *, now: datetime) -> list[Stored]:
        """Store a fetched batch in one transaction; on a race with another poller (a
        row stored between our check and insert), one message per transaction."""
        try:
            with self.factory() as session, session.begin():
                return store_batch(session, source_name, gathered, now=now)
        except IntegrityError:
            log.info("a batch of %s raced another poller; storing one at a time", source_name)
        stored: list[Stored] = []
        for fetched in gathered:
            try:
                with self.factory() as session, session.begin():
                    stored.extend(store_batch(session, source_name, [fetched], now=now))
            except IntegrityError:
                stored.append(Stored(fetched, None, True))
        return stored

    def _store_and_finish(
        self,
        source: MailSource,
        gathered: list[Fetched],
        known: KnownUids,
        summary: PollSummary,
        *,
        now: datetime,
    ) -> None:
        batch: list[tuple[Fetched, int]] = []
        for item in self._store(source.name, gathered, now=now):
            fetched = item.fetched
            known.add(fetched.uidvalidity, fetched.uid)
            if item.duplicate or item.row_id is None:
                summary.duplicate += 1
                source.after_commit(fetched, quarantined=False)
                continue
            batch.append((Fetched(fetched.uidvalidity, fetched.uid, b""), item.row_id))
        self._finish_batch(source, batch, summary, now=now)

    def _finish_batch(
        self,
        source: MailSource,
        batch: list[tuple[Fetched, int]],
        summary: PollSummary,
        *,
        now: datetime,
    ) -> None:
        """Process the stored batch (with any other worker), then file it at the source.

        A row another worker is still processing is filed as processed; if it ends up
        quarantined, the database says so (``mailagent inspect``), not the folder.
        """
        self._drain(summary, now=now)
        if not batch:
            return
        with self.factory() as session:
            quarantined = set(
                session.scalars(
                    select(MailMessage.id).where(
                        MailMessage.id.in_([row_id for _, row_id in batch]),
                        MailMessage.disposition == Disposition.QUARANTINED,
                    )
                )
            )
        for fetched, row_id in batch:
            source.after_commit(fetched, quarantined=row_id in quarantined)

    def _drain(self, summary: PollSummary, *, now: datetime) -> None:
        """Claim and process pending rows, a batch per transaction, until none is left
        that nobody holds. If a batch's transaction itself fails (the database, not a
        message), the rest goes one message per transaction, so one bad row cannot hold
        the others back."""
        one_at_a_time = False
        while True:
            if one_at_a_time:
                disposition = self.process_next(now=now)
                if disposition is None:
                    return
                summary.count(disposition)
                continue
            try:
                outcomes = self.process_batch(now=now)
            except DBAPIError:
                log.exception("a processing batch failed; going on one message at a time")
                one_at_a_time = True
                continue
            if not outcomes:
                return
            for disposition in outcomes:
                summary.count(disposition)

    def process_pending(self, *, now: datetime) -> PollSummary:
        done = PollSummary()
        self._drain(done, now=now)
        return done

    def _claim_next(self, session: Session, *, now: datetime) -> MailMessage | None:
        """Lock the oldest pending row nobody else holds, in the caller's transaction."""
        return session.scalar(self._pending(now).limit(1))

    @staticmethod
    def _pending(now: datetime) -> Select[MailMessage]:
        return (
            select(MailMessage)
            .where(
                MailMessage.direction == Direction.IN,
                MailMessage.disposition == Disposition.PENDING,
                or_(
                    MailMessage.claimed_until.is_(None),
                    MailMessage.claimed_until < now,
                ),
            )
            .order_by(MailMessage.id)
            .with_for_update(skip_locked=True)
        )

    def _claim_chunk(
        self, session: Session, *, now: datetime, limit: int, threads: BatchThreads
    ) -> list[MailMessage]:
        """Lock up to ``limit`` of the oldest pending rows nobody else holds, with their
        raw bytes (one more query for the small ones; a large one loads on its own), and
        load the threads their headers name."""
        rows = list(
            session.scalars(self._pending(now).options(defer(MailMessage.raw)).limit(limit))
        )
        small = [row.id for row in rows if row.size <= RAW_IN_ONE_QUERY]
        if small:
            raws: dict[int, bytes | None] = {
                row_id: raw
                for row_id, raw in session.execute(
                    select(MailMessage.id, MailMessage.raw).where(MailMessage.id.in_(small))
                )
            }
            for row in rows:
                if row.id in raws:
                    set_committed_value(row, "raw", raws[row.id])
            threads.load(raw for raw in raws.values() if raw is not None)
        return rows

    def process_batch(self, *, now: datetime, limit: int | None = None) -> list[Disposition]:
        """Claim and process up to ``limit`` pending rows in one transaction.

        Rows are claimed a few at a time (``FOR UPDATE SKIP LOCKED``), so other workers
        take the rows this batch has not reached. Each message is read (parse, strip,
        route, guards) and then acted on inside a savepoint: a message that fails, or
        runs over its budget, is rolled back to it and quarantined with its reason, and
        the batch goes on; the rest commits together. The batch stops after
        ``PROCESS_BATCH_S`` seconds, at a turn that must think with no transaction open
        (it commits what is done, then thinks), and at a database error inside a
        savepoint, whose row is then retried alone in a transaction of its own. A crash
        before the commit leaves every row of the batch ``pending``.
        """
        limit = limit or PROCESS_BATCH
        done: list[Disposition] = []
        thinking: _Thinking | None = None
        retry: int | None = None
        started = self.clock()
        with self.factory() as session, session.begin():
            threads = BatchThreads(session)
            stop = False
            while not stop and len(done) < limit:
                rows = self._claim_chunk(
                    session, now=now, limit=min(CLAIM_CHUNK, limit - len(done)), threads=threads
                )
                if not rows:
                    break
                for row in rows:
                    outcome = self._batch_one(
                        session, row, now=now, nowait=bool(done), known=threads.by_token
                    )
                    # The raw bytes are not kept in memory past their message.
                    session.expire(row, ["raw"])
                    if isinstance(outcome, _Thinking):
                        thinking = outcome
                    elif isinstance(outcome, int):
                        retry = outcome
                    else:
                        done.append(outcome)
                    stop = (
                        thinking is not None
                        or retry is not None
                        or self.clock() - started > PROCESS_BATCH_S
                    )
                    if stop:
                        # Rows claimed and not reached are released by the commit.
                        break
        if thinking is not None:
            try:
                done.append(self._think(thinking, now=now))
            except Exception as exc:
                done.append(self._quarantine(thinking.row_id, exc, now=now))
        if retry is not None:
            done.append(self.process(retry, now=now))
        return done

    def _batch_one(
        self,
        session: Session,
        row: MailMessage,
        *,
        now: datetime,
        nowait: bool,
        known: Mapping[str, Thread],
    ) -> Disposition | _Thinking | int:
        """One message of a batch: its outcome, or its row id to retry alone."""
        try:
            reading = self._read(session, row, known=known)
        except DBAPIError:
            # The database, not the message: the batch's transaction cannot go on.
            raise
        except Exception as exc:
            # Nothing was written for this message yet: no savepoint to roll back to.
            return self._set_aside(row, exc, now=now)
        row_id = row.id
        savepoint = session.begin_nested()
        try:
            # Past the first row, wait for no thread lock while holding others: a busy
            # thread ends the batch and its reply is retried alone.
            outcome = self._act(session, row, reading, now=now, nowait=nowait)
            savepoint.commit()
        except DBAPIError:
            savepoint.rollback()
            return row_id
        except Exception as exc:
            savepoint.rollback()
            # What the rolled-back UPDATE wrote is gone from the database: read it again.
            session.expire(row)
            return self._set_aside(row, exc, now=now)
        return outcome

    def process_next(self, *, now: datetime) -> Disposition | None:
        """Claim the oldest pending row nobody else holds and process it; None if none."""
        claimed: int | None = None
        try:
            with self.factory() as session, session.begin():
                row = self._claim_next(session, now=now)
                if row is None:
                    return None
                claimed = row.id
                outcome = self._process_row(session, row, now=now)
            return self._think(outcome, now=now) if isinstance(outcome, _Thinking) else outcome
        except Exception as exc:
            if claimed is None:
                raise
            return self._quarantine(claimed, exc, now=now)

    def process(self, row_id: int, *, now: datetime) -> Disposition:
        """Run one stored message through the chain; quarantine it on any failure."""
        try:
            with self.factory() as session, session.begin():
                row = session.get(MailMessage, row_id, with_for_update=True)
                if row is None or row.disposition is not Disposition.PENDING:
                    return row.disposition if row is not None else Disposition.DUPLICATE
                outcome = self._process_row(session, row, now=now)
            return self._think(outcome, now=now) if isinstance(outcome, _Thinking) else outcome
        except Exception as exc:
            return self._quarantine(row_id, exc, now=now)

    def _think(self, thinking: _Thinking, *, now: datetime) -> Disposition:
        """Let the turn think with no transaction open, then record it in a new one."""
        for _ in range(MAX_RETHINKS + 1):
            thinking.deferred.think()
            with self.factory() as session, session.begin():
                row = session.get(MailMessage, thinking.row_id, with_for_update=True)
                if row is None or row.disposition is not Disposition.PENDING:
                    return row.disposition if row is not None else Disposition.DUPLICATE
                if row.claimed_by != thinking.claim:
                    # Our claim expired and another worker took the message over.
                    return Disposition.PENDING
                thread = session.get(Thread, thinking.thread_id, with_for_update=True)
                assert thread is not None
                outcome = thinking.deferred.finish(session, thread, row, thinking.email, now)
                if outcome == "moved":
                    log.info("thread %s moved while the model thought; redoing", thread.id)
                    again = self.handlers[thread.kind](session, thread, row, thinking.email, now)
                    if again is not None:
                        thinking.deferred = again
                        continue
                    outcome = "done"
                if outcome == "done":
                    row.disposition = Disposition.ACCEPTED
                    row.claimed_by = row.claimed_until = None
                    return row.disposition
        raise MailagentError(
            f"thread {thinking.thread_id} kept changing while the model thought "
            f"({MAX_RETHINKS} redos); run it again with `mailagent replay`"
        )

    @staticmethod
    def _set_aside(row: MailMessage, exc: Exception, *, now: datetime) -> Disposition:
        """Mark a claimed row quarantined with its error, in the caller's transaction."""
        if not isinstance(exc, MailagentError):
            log.error("message %s failed", row.id, exc_info=exc)
        row.disposition = Disposition.QUARANTINED
        row.error = f"{type(exc).__name__}: {exc}"[:4000]
        row.processed_at = now
        row.claimed_by = row.claimed_until = None
        return Disposition.QUARANTINED

    def _quarantine(self, row_id: int, exc: Exception, *, now: datetime) -> Disposition:
        with self.factory() as session, session.begin():
            row = session.get(MailMessage, row_id, with_for_update=True)
            if row is not None and row.disposition is Disposition.PENDING:
                return self._set_aside(row, exc, now=now)
        if not isinstance(exc, MailagentError):
            log.error("message %s failed", row_id, exc_info=exc)
        return Disposition.QUARANTINED

    def _process_row(
        self, session: Session, row: MailMessage, *, now: datetime, nowait: bool = False
    ) -> Disposition | _Thinking:
        return self._act(session, row, self._read(session, row), now=now, nowait=nowait)

    def _read(
        self, session: Session, row: MailMessage, *, known: Mapping[str, Thread] | None = None
    ) -> _Reading:
        """Parse, strip, route and judge one stored message; nothing is written."""
        assert row.raw is not None
        budget = Budget(self.config.message_budget_s, clock=self.clock)
        email = parse_email(row.raw, limits=self.config.limits)
        budget.check("strip")
        text = visible_text(email.text_plain, email.text_html)
        budget.check("route")
        attribution = attribute(
            session,
            email,
            address=self.config.address,
            secret=self.config.secret,
            delegates=self.config.delegates,
            known=known,
        )
        budget.check("guards")
        finding = run_chain(
            GuardInput(email, self.config.address, attribution, self.config.authserv_id)
        )
        budget.check("handler")
        return _Reading(email, text, attribution, finding)

    def _act(
        self,
        session: Session,
        row: MailMessage,
        reading: _Reading,
        *,
        now: datetime,
        nowait: bool = False,
    ) -> Disposition | _Thinking:
        """Record what was read on the row and do what the verdict calls for."""
        email, attribution, finding = reading.email, reading.attribution, reading.finding
        # The calendar route: an iMIP invitation is booked (or refused) here, before threading.
        if self.config.calendar is not None:
            booked = route_invitation(
                session, row, email, config=self.config.calendar, mailer=self.mailer, now=now
            )
            if booked is not None:
                return booked
        # One UPDATE with what was read, before any handler reads the row back. A reply
        # to accept is recorded as accepted here; a turn that must think first goes
        # back to pending under a claim (below), all inside the caller's savepoint.
        thread: Thread | None = None
        if attribution.thread_id is not None and (finding.verdict is Verdict.ACCEPT or nowait):
            # Before the row names its thread: on PostgreSQL that reference takes a key
            # lock on the thread, and a batch past its first row must wait for no lock.
            thread = self._lock_thread(session, attribution.thread_id, nowait=nowait)
        verdict_disposition = {
            Verdict.ACCEPT: Disposition.ACCEPTED,
            Verdict.UNATTRIBUTED: Disposition.UNATTRIBUTED,
        }.get(finding.verdict, Disposition.IGNORED_AUTO)
        _record(
            session,
            row,
            from_addr=email.from_addr,
            to_addrs=list(email.to),
            cc_addrs=list(email.cc),
            subject=email.subject[:2000],
            in_reply_to=email.in_reply_to,
            references=list(email.references),
            defects=list(email.defects),
            message_id=email.message_id or row.message_id,
            visible_text=reading.text,
            thread_id=attribution.thread_id,
            sender_role=attribution.role,
            rule=finding.rule,
            processed_at=now,
            disposition=verdict_disposition,
        )
        if finding.verdict is Verdict.ACCEPT:
            assert thread is not None
            handler = self.handlers.get(thread.kind)
            if handler is None:
                raise MailagentError(f"no handler for {thread.kind} threads")
            deferred = handler(session, thread, row, email, now)
            if deferred is not None:
                # Claimed and committed; the model is called after this transaction.
                row.disposition = Disposition.PENDING
                row.claimed_by = secrets.token_hex(16)
                row.claimed_until = now + CLAIM_FOR
                return _Thinking(row.id, thread.id, email, row.claimed_by, deferred)
            return Disposition.ACCEPTED
        if finding.verdict is Verdict.UNATTRIBUTED:
            effects.tell_recruiter_unattributed(
                session, self.mailer, row, attribution, finding, now=now
            )
            return Disposition.UNATTRIBUTED
        if finding.verdict is Verdict.OUT_OF_OFFICE:
            effects.pause_reminders(
                session,
                self.mailer,
                email,
                row.visible_text or "",
                now=now,
                max_days=self.config.ooo_max_pause_days,
            )
        elif finding.verdict is Verdict.BOUNCE:
            effects.record_bounce(session, self.mailer, email, row.raw, now=now)
        return Disposition.IGNORED_AUTO

    def _lock_thread(self, session: Session, thread_id: int, *, nowait: bool) -> Thread:
        """The thread, row-locked for the turn (replies on one thread run one at a time)."""
        if not self._row_locks:
            thread = session.get(Thread, thread_id)
        elif nowait:
            thread = session.get(Thread, thread_id, with_for_update={"nowait": True})
        else:
            thread = session.get(Thread, thread_id, with_for_update=True)
        assert thread is not None
        return thread
