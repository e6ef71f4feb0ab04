"""Intake: store raw bytes first, then process each message in its own transaction.

For every fetched message::

    1. store   (mailbox, UIDVALIDITY, UID) row with the raw bytes + cursor advance; commit.
               A row that exists already, or the same Message-ID + content hash seen
               under an older UIDVALIDITY, is a duplicate and is not processed again.
    2. process parse → strip → route → guard chain → handler (dialogue turn, approval),
               all in one transaction with the state and outbox rows it causes; a message
               over its time budget (``message_budget_s``, checked between stages) is
               quarantined with that reason.
    3. on any error in 2, the message is kept, marked quarantined with its error, and the
               batch goes on; ``mailagent replay ID`` runs it again.

Only the worker holding the mailbox's lock stores (step 1), a batch at a time; every
worker processes (step 2): it claims the oldest ``pending`` row with ``FOR UPDATE SKIP
LOCKED`` and handles it in the claiming transaction, so several workers work through
one mailbox's replies side by side and no row is handled twice. Replies on one thread
are serialised by the thread's row lock. A crash between 1 and 2 leaves the row
``pending``; the next poll of any worker processes it.

A handler whose brain thinks remotely returns a ``Deferred`` turn instead of finishing
in step 2: the row is then *claimed* (``claimed_by``/``claimed_until``, committed), the
model is called with no transaction open — other writers (an import, a tick, another
worker) go on meanwhile — and a new transaction re-checks the claim, lets the turn
re-read its thread (redoing the turn if the thread moved) and records it. A claim that
outlives ``CLAIM_FOR`` (a crashed worker) is taken over by the next poll.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Protocol

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailagent.calendar.people import BookingConfig
from mailagent.errors import MailagentError
from mailagent.inbox import effects
from mailagent.inbox.budget import Budget, Clock
from mailagent.inbox.calendar_route import route_invitation
from mailagent.inbox.chain import run_chain
from mailagent.inbox.parse import InboundEmail, Limits, content_hash, parse_email
from mailagent.inbox.route import attribute
from mailagent.inbox.rules import GuardInput, Verdict
from mailagent.inbox.source import Cursor, Fetched, MailSource
from mailagent.inbox.strip import visible_text
from mailagent.locks import try_lock
from mailagent.models import (
    Direction,
    Disposition,
    MailboxCursor,
    MailMessage,
    Thread,
    ThreadKind,
)
from mailagent.outbox.mailer import Mailer

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


# How many stored messages the poller holds before it stops to process them with the
# other workers and file them at the source.
STORE_BATCH = 50

_HEADER_PARSER = BytesHeaderParser(policy=compat32)


def _quick_message_id(raw: bytes) -> str | None:
    try:
        value = _HEADER_PARSER.parsebytes(raw[: 256 * 1024]).get("Message-ID")
    except Exception:
        return None
    if value is None:
        return None
    # PostgreSQL text holds no NUL: one in a Message-ID must not stop the store step.
    text = str(value).replace("\x00", "").strip()
    return text[:998] if text else None


def store_raw(
    session: Session, source_name: str, fetched: Fetched, *, now: datetime
) -> tuple[MailMessage | None, bool]:
    """Insert the raw row. Returns (row, is_duplicate); row is None if it existed already."""
    existing = session.scalar(
        select(MailMessage.id).where(
            MailMessage.mailbox == source_name,
            MailMessage.uidvalidity == fetched.uidvalidity,
            MailMessage.uid == fetched.uid,
        )
    )
    if existing is not None:
        return None, True
    digest = content_hash(fetched.raw)
    message_id = _quick_message_id(fetched.raw)
    twin = session.scalar(
        select(MailMessage.id)
        .where(
            MailMessage.direction == Direction.IN,
            MailMessage.content_hash == digest,
            MailMessage.message_id == message_id if message_id else MailMessage.id.is_not(None),
        )
        .limit(1)
    )
    row = MailMessage(
        direction=Direction.IN,
        mailbox=source_name,
        uidvalidity=fetched.uidvalidity,
        uid=fetched.uid,
        message_id=message_id,
        content_hash=digest,
        raw=fetched.raw,
        size=len(fetched.raw),
        received_at=now,
        disposition=Disposition.DUPLICATE if twin is not None else Disposition.PENDING,
    )
    session.add(row)
    session.flush()
    return row, twin is not None


def _advance_cursor(session: Session, source_name: str, fetched: Fetched, now: datetime) -> None:
    if not fetched.uid.isdigit():
        return
    cursor = session.get(MailboxCursor, source_name, with_for_update=True)
    if cursor is None:
        cursor = MailboxCursor(mailbox=source_name, uidvalidity=fetched.uidvalidity, last_uid=0)
        session.add(cursor)
    if cursor.uidvalidity != fetched.uidvalidity:
        cursor.uidvalidity = fetched.uidvalidity
        cursor.last_uid = 0
    cursor.last_uid = max(cursor.last_uid, int(fetched.uid))
    cursor.updated_at = now


class _KnownUids:
    """Which (UIDVALIDITY, UID) of a mailbox are stored, loaded on the first question only:
    an IMAP poll with nothing new never asks, so it costs no query."""

    def __init__(self, factory: sessionmaker[Session], mailbox: str) -> None:
        self._factory = factory
        self._mailbox = mailbox
        self._known: set[tuple[int | None, str | None]] | None = None

    def _load(self) -> set[tuple[int | None, str | None]]:
        if self._known is None:
            with self._factory() as session:
                self._known = {
                    (v, u)
                    for v, u in session.execute(
                        select(MailMessage.uidvalidity, MailMessage.uid).where(
                            MailMessage.mailbox == self._mailbox
                        )
                    )
                }
        return self._known

    def __call__(self, uidvalidity: int, uid: str) -> bool:
        return (uidvalidity, uid) in self._load()

    def add(self, uidvalidity: int, uid: str) -> None:
        if self._known is not None:
            self._known.add((uidvalidity, uid))


def read_cursor(session: Session, source_name: str) -> Cursor:
    row = session.get(MailboxCursor, source_name)
    return Cursor(row.uidvalidity, row.last_uid) if row else Cursor()


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
        known = _KnownUids(self.factory, source.name)
        batch: list[tuple[Fetched, int]] = []
        for fetched in source.fetch_new(cursor, known):
            summary.fetched += 1
            try:
                with self.factory() as session, session.begin():
                    row, duplicate = store_raw(session, source.name, fetched, now=now)
                    _advance_cursor(session, source.name, fetched, now)
                    row_id = row.id if row is not None else None
            except IntegrityError:
                # Another poller stored it between our check and insert.
                summary.duplicate += 1
                continue
            known.add(fetched.uidvalidity, fetched.uid)
            if duplicate or row_id is None:
                summary.duplicate += 1
                source.after_commit(fetched, quarantined=False)
                continue
            batch.append((Fetched(fetched.uidvalidity, fetched.uid, b""), row_id))
            if len(batch) >= STORE_BATCH:
                self._finish_batch(source, batch, summary, now=now)
                batch = []
        if batch:
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
        """Claim and process pending rows until none is left that nobody holds."""
        while (disposition := self.process_next(now=now)) is not None:
            summary.count(disposition)

    def process_pending(self, *, now: datetime) -> PollSummary:
        done = PollSummary()
        self._drain(done, now=now)
        return done

    def process_next(self, *, now: datetime) -> Disposition | None:
        """Claim the oldest pending row nobody else holds and process it; None if none."""
        claimed: int | None = None
        try:
            with self.factory() as session, session.begin():
                row = session.scalar(
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
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
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

    def _quarantine(self, row_id: int, exc: Exception, *, now: datetime) -> Disposition:
        if not isinstance(exc, MailagentError):
            log.exception("message %s failed", row_id)
        with self.factory() as session, session.begin():
            row = session.get(MailMessage, row_id, with_for_update=True)
            if row is not None and row.disposition is Disposition.PENDING:
                row.disposition = Disposition.QUARANTINED
                row.error = f"{type(exc).__name__}: {exc}"[:4000]
                row.processed_at = now
                row.claimed_by = row.claimed_until = None
        return Disposition.QUARANTINED

    def _process_row(
        self, session: Session, row: MailMessage, *, now: datetime
    ) -> Disposition | _Thinking:
        assert row.raw is not None
        budget = Budget(self.config.message_budget_s, clock=self.clock)
        email = parse_email(row.raw, limits=self.config.limits)
        budget.check("strip")
        row.from_addr = email.from_addr
        row.to_addrs = list(email.to)
        row.cc_addrs = list(email.cc)
        row.subject = email.subject[:2000]
        row.in_reply_to = email.in_reply_to
        row.references = list(email.references)
        row.defects = list(email.defects)
        row.message_id = email.message_id or row.message_id
        row.visible_text = visible_text(email.text_plain, email.text_html)
        budget.check("route")
        # The calendar route: an iMIP invitation is booked (or refused) here, before threading.
        if self.config.calendar is not None:
            booked = route_invitation(
                session, row, email, config=self.config.calendar, mailer=self.mailer, now=now
            )
            if booked is not None:
                return booked
        attribution = attribute(
            session,
            email,
            address=self.config.address,
            secret=self.config.secret,
            delegates=self.config.delegates,
        )
        row.thread_id = attribution.thread_id
        row.sender_role = attribution.role
        budget.check("guards")
        finding = run_chain(
            GuardInput(email, self.config.address, attribution, self.config.authserv_id)
        )
        row.rule = finding.rule
        row.processed_at = now
        budget.check("handler")
        if finding.verdict is Verdict.ACCEPT:
            assert attribution.thread_id is not None
            thread = session.get(Thread, attribution.thread_id, with_for_update=True)
            assert thread is not None
            handler = self.handlers.get(thread.kind)
            if handler is None:
                raise MailagentError(f"no handler for {thread.kind} threads")
            deferred = handler(session, thread, row, email, now)
            if deferred is not None:
                # Claimed and committed; the model is called after this transaction.
                row.claimed_by = secrets.token_hex(16)
                row.claimed_until = now + CLAIM_FOR
                return _Thinking(row.id, thread.id, email, row.claimed_by, deferred)
            row.disposition = Disposition.ACCEPTED
            return row.disposition
        if finding.verdict is Verdict.UNATTRIBUTED:
            row.disposition = Disposition.UNATTRIBUTED
            effects.tell_recruiter_unattributed(
                session, self.mailer, row, attribution, finding, now=now
            )
            return row.disposition
        row.disposition = Disposition.IGNORED_AUTO
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
        return row.disposition
