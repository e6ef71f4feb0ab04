"""Message → thread: reply token, then our own Message-IDs, then the subject tag.

A reply never crosses interviews: each step resolves to exactly one thread, and
attribution then decides whether the sender may speak on it (the interviewer, a
configured delegate, the pipeline's recruiter, or — on approval threads — the approver).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.inbox.parse import InboundEmail
from mailagent.inbox.rules import Attribution
from mailagent.inbox.sender import normalize_address
from mailagent.models import (
    FeedbackDraft,
    Interview,
    OutboxMessage,
    Pipeline,
    Thread,
    ThreadKind,
)
from mailagent.outbox.tokens import SUBJECT_TAG_RE, token_from_address, verify_token


def _by_token(
    session: Session,
    email: InboundEmail,
    address: str,
    secret: bytes,
    known: Mapping[str, Thread],
) -> Thread | None:
    for recipient in email.recipients:
        token = token_from_address(recipient, address)
        if token and verify_token(secret, token):
            thread = known.get(token.lower()) or session.scalar(
                select(Thread).where(Thread.token == token.lower())
            )
            if thread is not None:
                return thread
    return None


def _by_references(session: Session, email: InboundEmail) -> Thread | None:
    ids = [i for i in (email.in_reply_to, *reversed(email.references)) if i]
    if not ids:
        return None
    # Rows unpack like tuples; SQLAlchemy 2.1 deprecates Result.tuples().
    found: dict[str | None, int | None] = {
        mid: tid
        for mid, tid in session.execute(
            select(OutboxMessage.message_id, OutboxMessage.thread_id).where(
                OutboxMessage.message_id.in_(ids), OutboxMessage.thread_id.is_not(None)
            )
        ).all()
    }
    # The nearest parent (In-Reply-To, then the newest reference) decides.
    for mid in ids:
        thread_id = found.get(mid)
        if thread_id is not None:
            return session.get(Thread, thread_id)
    return None


def _by_subject(session: Session, email: InboundEmail) -> Thread | None:
    match = SUBJECT_TAG_RE.search(email.subject)
    if not match:
        return None
    prefix = match.group(1).lower()
    threads = session.scalars(select(Thread).where(Thread.token.startswith(prefix))).all()
    return threads[0] if len(threads) == 1 else None


def _has_forged_token(email: InboundEmail, address: str, secret: bytes) -> bool:
    """A +token address of ours whose HMAC does not verify: someone guessed or tampered."""
    return any(
        (token := token_from_address(r, address)) is not None and not verify_token(secret, token)
        for r in email.recipients
    )


def find_thread(
    session: Session,
    email: InboundEmail,
    *,
    address: str,
    secret: bytes,
    known: Mapping[str, Thread] | None = None,
) -> tuple[Thread | None, str | None]:
    """The message's thread and how it was found. ``known`` maps tokens to threads the
    caller has loaded already (intake loads a batch's at once); others are looked up."""
    if _has_forged_token(email, address, secret):
        # No fallback: a tampered token must not be rescued by references or the subject.
        return None, None
    thread = _by_token(session, email, address, secret, known or {})
    if thread is not None:
        return thread, "token"
    thread = _by_references(session, email)
    if thread is not None:
        return thread, "references"
    thread = _by_subject(session, email)
    if thread is not None:
        return thread, "subject"
    return None, None


def _key(address: str) -> str:
    """Addresses of record compare as inbound senders do (lower case, IDNA domain)."""
    return normalize_address(address) or address.strip().lower()


def attribute(
    session: Session,
    email: InboundEmail,
    *,
    address: str,
    secret: bytes,
    delegates: Mapping[str, Sequence[str]],
    known: Mapping[str, Thread] | None = None,
) -> Attribution:
    """Route the message and say whether its sender may speak on that thread."""
    thread, via = find_thread(session, email, address=address, secret=secret, known=known)
    if thread is None:
        return Attribution(None, None, frozenset(), None, None)
    roles: dict[str, str] = {}
    recruiter: str | None = None
    if thread.kind is ThreadKind.FEEDBACK and thread.interview_id is not None:
        interview = session.get(Interview, thread.interview_id)
        if interview is not None:
            pipeline = session.get(Pipeline, interview.pipeline_id)
            owner = interview.interviewer_email.lower()
            roles[_key(owner)] = "interviewer"
            for delegate in delegates.get(owner, ()):
                roles.setdefault(_key(delegate), "delegate")
            if pipeline is not None:
                recruiter = pipeline.recruiter_email.lower()
                roles.setdefault(_key(recruiter), "recruiter")
    elif thread.kind is ThreadKind.APPROVAL:
        draft = session.scalar(select(FeedbackDraft).where(FeedbackDraft.thread_id == thread.id))
        if draft is not None:
            roles[_key(draft.approver_email)] = "approver"
            for delegate in delegates.get(draft.approver_email.lower(), ()):
                roles.setdefault(_key(delegate), "delegate")
            pipeline = session.get(Pipeline, draft.pipeline_id)
            if pipeline is not None:
                recruiter = pipeline.recruiter_email.lower()
    return Attribution(
        thread_id=thread.id,
        via=via,
        allowed=frozenset(roles),
        recruiter=recruiter,
        # Only the one attributable From mailbox counts; "" (none) matches no role.
        role=roles.get(email.from_addr) if email.from_addr else None,
    )
