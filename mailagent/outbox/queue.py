"""The transactional outbox: enqueue with the state that caused the mail, claim, deliver.

A row's life::

    pending ──claim──▶ sending ──250──▶ sent
       ▲                  │ 4xx / disconnect: back to pending, later (backoff)
       └──────────────────┤ 5xx or too many attempts: failed (recruiter told)
                          └ lease expired (crash): pending again, or ``uncertain`` for
                            candidate mail, which is never re-sent automatically

Candidate mail is claimed one row at a time, just before it is sent, so only a mail whose
SMTP conversation may have started can be left ``uncertain`` by a crash.

A claim bumps ``claim_generation``; a worker may only finish a row whose generation is
still the one it claimed, so a worker that lost its lease cannot mark someone else's send.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailagent.errors import Permanent, Transient
from mailagent.models import AddressFlag, OutboxMessage, OutboxState
from mailagent.outbox.compose import Envelope, compose
from mailagent.outbox.transport import Transport

log = logging.getLogger(__name__)

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
)
MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)


# Called in the failing row's transaction when a mail cannot be delivered for good.
PermanentFailureHook = Callable[[Session, OutboxMessage, str, datetime], None]


class CapReached(Transient):
    """The per-thread send cap is reached; nothing was enqueued."""


@dataclass(frozen=True)
class Caps:
    per_hour: int = 3
    per_day: int = 10


def enqueue(
    session: Session,
    envelope: Envelope,
    *,
    kind: str,
    now: datetime,
    thread_id: int | None = None,
    interview_id: str | None = None,
    candidate_facing: bool = False,
    dedupe_key: str | None = None,
    caps: Caps | None = None,
) -> OutboxMessage | None:
    """Store one mail to send, in the caller's transaction.

    Returns None when ``dedupe_key`` was enqueued before (the work already happened).
    Raises ``CapReached`` when the thread has had its share of mail from us.
    """
    if dedupe_key is not None:
        existing = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return None
    if caps is not None and thread_id is not None:
        _check_caps(session, thread_id, now, caps)
    raw = compose(envelope).as_bytes()
    row = OutboxMessage(
        message_id=envelope.message_id,
        dedupe_key=dedupe_key,
        kind=kind,
        thread_id=thread_id,
        interview_id=interview_id,
        sender=_bare(envelope.sender),
        to_addrs=[_bare(a) for a in envelope.to],
        cc_addrs=[_bare(a) for a in envelope.cc],
        subject=envelope.subject,
        raw=raw,
        body_text=envelope.text,
        candidate_facing=candidate_facing,
        state=OutboxState.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    if dedupe_key is None:
        session.add(row)
        session.flush()
        return row
    try:
        # Two schedulers can build the same mail at once (the weekly digest, say); the
        # unique key lets one insert win and the other step back without losing its
        # transaction.
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
            return None
        raise
    return row


def _check_caps(session: Session, thread_id: int, now: datetime, caps: Caps) -> None:
    for window, cap in ((timedelta(hours=1), caps.per_hour), (timedelta(days=1), caps.per_day)):
        sent = session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.thread_id == thread_id, OutboxMessage.created_at > now - window
            )
        )
        if (sent or 0) >= cap:
            raise CapReached(f"thread {thread_id}: {cap} mails in {window} already")


def _bare(address: str) -> str:
    from email.utils import parseaddr

    return parseaddr(address)[1].lower() or address


@dataclass(frozen=True)
class Claim:
    id: int
    generation: int
    raw: bytes
    sender: str
    recipients: tuple[str, ...]
    candidate_facing: bool
    attempts: int


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    stale: int = 0
    failures: list[str] = field(default_factory=list)


def claim_due(
    session: Session,
    *,
    now: datetime,
    worker: str,
    limit: int = 50,
    candidate_facing: bool | None = None,
    only: int | None = None,
) -> list[Claim]:
    """Claim due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and mark them sending.

    ``candidate_facing`` narrows the claim to candidate mail (True) or to the rest (False);
    ``only`` to one row.
    """
    query = select(OutboxMessage).where(
        OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now
    )
    if candidate_facing is not None:
        query = query.where(OutboxMessage.candidate_facing == candidate_facing)
    if only is not None:
        query = query.where(OutboxMessage.id == only)
    rows = session.scalars(
        query.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claims = []
    for row in rows:
        row.state = OutboxState.SENDING
        row.claimed_by = worker
        row.claim_generation += 1
        row.lease_until = now + LEASE
        row.attempts += 1
        claims.append(
            Claim(
                row.id,
                row.claim_generation,
                row.raw,
                row.sender,
                tuple(row.to_addrs) + tuple(row.cc_addrs),
                row.candidate_facing,
                row.attempts,
            )
        )
    return claims


def _finish(session: Session, claim: Claim, *, values: dict[str, object]) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == claim.id,
            OutboxMessage.claim_generation == claim.generation,
            OutboxMessage.state == OutboxState.SENDING,
        )
        .values(claimed_by=None, lease_until=None, **values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def deliver_due(
    factory: sessionmaker[Session],
    transport: Transport,
    *,
    now: datetime,
    worker: str = "worker",
    limit: int = 50,
    on_permanent_failure: PermanentFailureHook | None = None,
) -> DeliveryReport:
    """Send what is due. Each row: claim (commit) → SMTP → finish (commit).

    Mail to staff is claimed in batches: after a crash it is sent again, which is safe.
    Candidate mail is claimed one row per attempt, right before its SMTP conversation, so
    a crash leaves at most one candidate mail ``uncertain`` per worker, never a batch of
    mails that were not even tried.
    """
    report = DeliveryReport()
    with factory() as session, session.begin():
        report.stale = recover_stale(session, now=now)
        claims = claim_due(session, now=now, worker=worker, limit=limit, candidate_facing=False)
        candidate = claim_due(session, now=now, worker=worker, limit=1, candidate_facing=True)
    # The candidate mail claimed with the batch goes first: its lease starts its attempt.
    for claim in candidate:
        _attempt(factory, transport, claim, report, now=now, hook=on_permanent_failure)
    for claim in claims:
        _attempt(factory, transport, claim, report, now=now, hook=on_permanent_failure)
    for _ in range(limit - 1 if candidate else 0):
        with factory() as session, session.begin():
            candidate = claim_due(session, now=now, worker=worker, limit=1, candidate_facing=True)
        if not candidate:
            break
        _attempt(factory, transport, candidate[0], report, now=now, hook=on_permanent_failure)
    return report


def deliver_now(
    factory: sessionmaker[Session],
    transport: Transport,
    outbox_id: int,
    *,
    now: datetime,
    worker: str = "worker",
) -> DeliveryReport:
    """Send one mail to staff right away (a sign-in link), as ``deliver_due`` would: claim
    the row if it is still due, one SMTP attempt, the outcome recorded; a temporary failure
    leaves it to the workers' next delivery. Candidate mail is never sent this way."""
    report = DeliveryReport()
    with factory() as session, session.begin():
        claims = claim_due(
            session, now=now, worker=worker, limit=1, candidate_facing=False, only=outbox_id
        )
    for claim in claims:
        _attempt(factory, transport, claim, report, now=now, hook=None)
    return report


def _attempt(
    factory: sessionmaker[Session],
    transport: Transport,
    claim: Claim,
    report: DeliveryReport,
    *,
    now: datetime,
    hook: PermanentFailureHook | None,
) -> None:
    """One SMTP conversation for one claimed row, and its outcome recorded."""
    try:
        result = transport.send(claim.raw, sender=claim.sender, recipients=claim.recipients)
    except Transient as exc:
        permanent = claim.attempts >= MAX_ATTEMPTS
        _record_failure(factory, claim, str(exc), now=now, permanent=permanent, hook=hook)
        if permanent:
            report.failed += 1
            report.failures.append(f"#{claim.id}: {exc}")
        else:
            report.deferred += 1
        return
    except Permanent as exc:
        _record_failure(factory, claim, str(exc), now=now, permanent=True, hook=hook)
        report.failed += 1
        report.failures.append(f"#{claim.id}: {exc}")
        return
    with factory() as session, session.begin():
        refused = sorted(result.refused)
        for address, (code, text) in result.refused.items():
            if code >= 500 and session.get(AddressFlag, address) is None:
                session.add(AddressFlag(address=address, reason=f"{code} {text}", flagged_at=now))
        if _finish(
            session,
            claim,
            values={
                "state": OutboxState.SENT,
                "sent_at": now,
                "refused": refused,
                "last_error": None,
            },
        ):
            report.sent += 1


def _record_failure(
    factory: sessionmaker[Session],
    claim: Claim,
    error: str,
    *,
    now: datetime,
    permanent: bool,
    hook: PermanentFailureHook | None,
) -> None:
    with factory() as session, session.begin():
        if permanent:
            ok = _finish(session, claim, values={"state": OutboxState.FAILED, "last_error": error})
            row = session.get(OutboxMessage, claim.id)
            if ok and hook is not None and row is not None:
                hook(session, row, error, now)
            log.warning("outbox #%s failed for good: %s", claim.id, error)
        else:
            delay = BACKOFF[min(claim.attempts - 1, len(BACKOFF) - 1)]
            _finish(
                session,
                claim,
                values={
                    "state": OutboxState.PENDING,
                    "last_error": error,
                    "next_attempt_at": now + delay,
                },
            )


def recover_stale(session: Session, *, now: datetime) -> int:
    """Rows left in ``sending`` past their lease: retry, or ``uncertain`` for candidates."""
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.lease_until < now)
        .with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.claimed_by = None
        row.lease_until = None
        row.claim_generation += 1
        if row.candidate_facing:
            row.state = OutboxState.UNCERTAIN
            row.last_error = "left in sending by a crash; not re-sent (a recruiter decides)"
        else:
            row.state = OutboxState.PENDING
            row.next_attempt_at = now
    return len(rows)


def resolve_uncertain(
    session: Session, *, outbox_id: int, sent: bool, now: datetime
) -> OutboxMessage:
    """A recruiter (or the Sent-folder reconciler) settles an uncertain candidate mail."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None or row.state is not OutboxState.UNCERTAIN:
        from mailagent.errors import NotFound

        raise NotFound(f"no uncertain outbox row #{outbox_id}")
    if sent:
        row.state = OutboxState.SENT
        row.sent_at = now
    else:
        row.state = OutboxState.PENDING
        row.next_attempt_at = now
    return row
