"""Tables (SQLAlchemy 2, ``Mapped[]``). The same code runs on SQLite and PostgreSQL.

Enums are stored as strings (``native_enum=False``) so migrations stay portable.
Times are timezone-aware UTC. Conversation state is explicit data: ``ThreadStatus`` with
its transition table ``THREAD_TRANSITIONS``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes; SQLite hands back naive ones, which we mark as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _enum(cls: type[StrEnum]) -> SAEnum:
    return SAEnum(
        cls,
        native_enum=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


# ---------------------------------------------------------------- enums


class InterviewState(StrEnum):
    SCHEDULED = "scheduled"  # imported; the feedback request is not out yet
    REQUESTED = "requested"  # request sent, no reply yet
    IN_DIALOGUE = "in_dialogue"  # the HM replied; the agent asked for more
    GRADED = "graded"  # the signal suffices; the thread is complete
    CANCELLED = "cancelled"  # its calendar invitation was cancelled: nothing more is asked


class ThreadStatus(StrEnum):
    OPEN = "open"  # request out, waiting for the HM
    AWAITING_HM = "awaiting_hm"  # agent asked a follow-up / pushed back / escalated
    COMPLETE = "complete"  # usable signal captured
    CLOSED_WITH_GAPS = "closed_with_gaps"  # follow-ups exhausted; recruiter told
    CANCELLED = "cancelled"  # the interview was cancelled after the request went out


THREAD_TRANSITIONS: dict[ThreadStatus, frozenset[ThreadStatus]] = {
    ThreadStatus.OPEN: frozenset(
        {
            ThreadStatus.AWAITING_HM,
            ThreadStatus.COMPLETE,
            ThreadStatus.CLOSED_WITH_GAPS,
            ThreadStatus.CANCELLED,
        }
    ),
    ThreadStatus.AWAITING_HM: frozenset(
        {
            ThreadStatus.AWAITING_HM,
            ThreadStatus.COMPLETE,
            ThreadStatus.CLOSED_WITH_GAPS,
            ThreadStatus.CANCELLED,
        }
    ),
    # A correction of the completion mail reopens the thread (dialogue/reopen.py).
    ThreadStatus.COMPLETE: frozenset({ThreadStatus.AWAITING_HM, ThreadStatus.COMPLETE}),
    ThreadStatus.CLOSED_WITH_GAPS: frozenset(),
    ThreadStatus.CANCELLED: frozenset(),
}


_CLOSED = frozenset(
    {ThreadStatus.COMPLETE, ThreadStatus.CLOSED_WITH_GAPS, ThreadStatus.CANCELLED}
)


class ThreadKind(StrEnum):
    FEEDBACK = "feedback"  # the interview's feedback conversation
    APPROVAL = "approval"  # the HM approves a candidate-feedback draft


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Disposition(StrEnum):
    """What the guard chain decided for one stored inbound message."""

    PENDING = "pending"  # stored, not yet run through the chain
    ACCEPTED = "accepted"  # processed by the dialogue
    IGNORED_AUTO = "ignored_auto"  # auto-reply, bounce, list mail: never answered
    UNATTRIBUTED = "unattributed"  # sender/route not trusted: stored, changes nothing
    QUARANTINED = "quarantined"  # could not be parsed or processed; kept with the error
    DUPLICATE = "duplicate"  # same Message-ID + content already processed
    CALENDAR = "calendar"  # a calendar invitation or reply, applied by mailagent.calendar


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    UNCERTAIN = "uncertain"  # candidate mail left in `sending` by a crash: never auto-resent
    FAILED = "failed"


class AmendmentState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class RecordStatus(StrEnum):
    RECORDED = "recorded"
    DISPUTED = "disputed"  # contradicted by the resume; not used until re-asserted
    WITHDRAWN = "withdrawn"


class DraftState(StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    SKIPPED = "skipped"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    SENT = "sent"


class PublishStatus(StrEnum):
    PUBLISH = "publish"
    EXCLUDE = "exclude"


# ---------------------------------------------------------------- pipelines and R2


class Pipeline(Base):
    __tablename__ = "pipelines"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    hm_name: Mapped[str] = mapped_column(String(200))
    hm_email: Mapped[str] = mapped_column(String(320))
    recruiter_name: Mapped[str] = mapped_column(String(200))
    recruiter_email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    r2_versions: Mapped[list[R2Version]] = relationship(
        back_populates="pipeline", order_by="R2Version.version"
    )


class R2Version(Base):
    __tablename__ = "r2_versions"
    __table_args__ = (UniqueConstraint("pipeline_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(320))
    source_thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")

    pipeline: Mapped[Pipeline] = relationship(back_populates="r2_versions")
    criteria: Mapped[list[R2Criterion]] = relationship(
        back_populates="r2_version", order_by="R2Criterion.position"
    )


class R2Criterion(Base):
    __tablename__ = "r2_criteria"
    __table_args__ = (UniqueConstraint("r2_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    r2_version_id: Mapped[int] = mapped_column(ForeignKey("r2_versions.id"))
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)

    r2_version: Mapped[R2Version] = relationship(back_populates="criteria")


# ---------------------------------------------------------------- candidates and interviews


class Candidate(Base):
    __tablename__ = "candidates"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    resume_text: Mapped[str | None] = mapped_column(Text, default=None)
    resume_file: Mapped[str | None] = mapped_column(String(500), default=None)
    resume_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(default=None)


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (
        Index("ix_interviews_state_held_at", "state", "held_at"),
        Index("ix_interviews_pipeline_candidate", "pipeline_id", "candidate_id"),
        # Throttling: a pipeline's interviews still waiting, by how long ago they were held.
        Index("ix_interviews_pipeline_state_held_at", "pipeline_id", "state", "held_at"),
        # The recruiter's page: a page of interviews, newest first, of all or one pipeline.
        Index("ix_interviews_held_at_id", "held_at", "id"),
        Index("ix_interviews_pipeline_held_at_id", "pipeline_id", "held_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"))
    interviewer_email: Mapped[str] = mapped_column(String(320), index=True)
    interviewer_name: Mapped[str] = mapped_column(String(200), default="")
    held_at: Mapped[datetime] = mapped_column()
    state: Mapped[InterviewState] = mapped_column(
        _enum(InterviewState), default=InterviewState.SCHEDULED
    )
    stated_decision: Mapped[str | None] = mapped_column(String(16), default=None)
    final_decision: Mapped[str | None] = mapped_column(String(16), default=None)
    # Indexed: the weekly digest asks whether anything was graded in the past week.
    graded_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    request_sent_at: Mapped[datetime | None] = mapped_column(default=None)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(default=None)
    # Next time a reminder is due; indexed so a tick finds due work without scanning.
    next_reminder_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    # Next time to look whether this interview's application needs candidate feedback
    # drafted: set when the interview is rejected or graded, cleared once the application
    # is drafted or advanced. Indexed for the same reason.
    draft_check_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The calendar event (invitation) this interview was booked from, if any.
    calendar_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_events.id"), default=None, index=True
    )

    pipeline: Mapped[Pipeline] = relationship()
    candidate: Mapped[Candidate] = relationship()

    def mark_graded(self, now: datetime) -> None:
        """The signal suffices: no more reminders, and the application may now be
        ready for candidate feedback (a rejection among several interviews)."""
        self.state = InterviewState.GRADED
        self.graded_at = now
        self.next_reminder_at = None
        self.draft_check_at = now


class Thread(Base):
    __tablename__ = "threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ThreadKind] = mapped_column(_enum(ThreadKind), default=ThreadKind.FEEDBACK)
    interview_id: Mapped[str | None] = mapped_column(
        ForeignKey("interviews.id"), default=None, index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[ThreadStatus] = mapped_column(_enum(ThreadStatus), default=ThreadStatus.OPEN)
    subject: Mapped[str] = mapped_column(String(500))
    follow_ups: Mapped[int] = mapped_column(Integer, default=0)
    pending_amendment: Mapped[str | None] = mapped_column(String(200), default=None)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)

    interview: Mapped[Interview | None] = relationship()

    def move_to(self, status: ThreadStatus, at: datetime) -> None:
        """Change status through the transition table; anything else is a bug."""
        if status not in THREAD_TRANSITIONS[self.status]:
            raise ValueError(f"thread {self.id}: {self.status} → {status} is not allowed")
        self.status = status
        self.updated_at = at
        if status in _CLOSED:
            self.closed_at = at

    @property
    def is_closed(self) -> bool:
        return self.status in _CLOSED


# ---------------------------------------------------------------- messages


class MailMessage(Base):
    """Every message in and out, with its raw bytes (the first thing stored)."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_messages_mailbox_uid"),
        Index("ix_messages_message_id", "message_id"),
        Index("ix_messages_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[Direction] = mapped_column(_enum(Direction))
    mailbox: Mapped[str | None] = mapped_column(String(500), default=None)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger, default=None)
    uid: Mapped[str | None] = mapped_column(String(200), default=None)
    message_id: Mapped[str | None] = mapped_column(String(998), default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    raw: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    size: Mapped[int] = mapped_column(Integer, default=0)
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id"), default=None, index=True
    )
    from_addr: Mapped[str] = mapped_column(String(320), default="")
    to_addrs: Mapped[list[Any]] = mapped_column(default=list)
    cc_addrs: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    in_reply_to: Mapped[str | None] = mapped_column(String(998), default=None)
    references: Mapped[list[Any]] = mapped_column(default=list)
    visible_text: Mapped[str | None] = mapped_column(Text, default=None)
    disposition: Mapped[Disposition] = mapped_column(
        _enum(Disposition), default=Disposition.PENDING, index=True
    )
    rule: Mapped[str | None] = mapped_column(String(100), default=None)
    sender_role: Mapped[str | None] = mapped_column(String(32), default=None)
    defects: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)
    # A worker that is thinking about this message (a model call, outside any
    # transaction) holds it until then; an expired claim can be taken over.
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)


class AssessmentRecord(Base):
    """One brain run on one reply, with the move chosen and the cost."""

    __tablename__ = "assessments"
    # The recruiter's page: recent turns where the model's answer was not used.
    __table_args__ = (Index("ix_assessments_failure_created_at", "failure", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"), index=True)
    message_row_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    brain: Mapped[str] = mapped_column(String(32))
    fallback_reason: Mapped[str | None] = mapped_column(Text, default=None)
    data: Mapped[dict[str, Any]] = mapped_column()
    move: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_write_tokens: Mapped[int] = mapped_column(Integer, default=0)
    llm_calls: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The model asked (where a model was), why its answer was not used
    # ("transient", "configuration", "answer"), and which prompt fields were cut.
    model: Mapped[str | None] = mapped_column(String(100), default=None)
    failure: Mapped[str | None] = mapped_column(String(16), default=None)
    prompt_cut: Mapped[list[Any]] = mapped_column(default=list)


class ModelCallRecord(Base):
    """One request to the language model during a turn, with its cache reads and writes."""

    __tablename__ = "claude_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    model: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(200))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_write_tokens: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CriterionRecord(Base):
    """The verdict recorded for one criterion of one interview (latest wins)."""

    __tablename__ = "criterion_records"
    __table_args__ = (UniqueConstraint("interview_id", "criterion_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"))
    criterion_key: Mapped[str] = mapped_column(String(100))
    verdict: Mapped[str] = mapped_column(String(16))
    quote: Mapped[str] = mapped_column(Text, default="")
    specific: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[RecordStatus] = mapped_column(_enum(RecordStatus), default=RecordStatus.RECORDED)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- outbox


class OutboxMessage(Base):
    """A mail to send, written in the same transaction as the state that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    # Work that must happen once (e.g. "reminder:iv-1:3") carries a key; a second enqueue
    # of the same key is a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(300), unique=True, default=None)
    kind: Mapped[str] = mapped_column(String(32))
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id"), default=None, index=True
    )
    interview_id: Mapped[str | None] = mapped_column(ForeignKey("interviews.id"), default=None)
    sender: Mapped[str] = mapped_column(String(320))
    to_addrs: Mapped[list[Any]] = mapped_column()
    cc_addrs: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    body_text: Mapped[str] = mapped_column(Text)
    candidate_facing: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[OutboxState] = mapped_column(_enum(OutboxState), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    refused: Mapped[list[Any]] = mapped_column(default=list)
    claimed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    claim_generation: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)


# ---------------------------------------------------------------- R2 amendments, escalations


class AmendmentProposal(Base):
    __tablename__ = "r2_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"), index=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"))
    interviewer_email: Mapped[str] = mapped_column(String(320))
    requirement: Mapped[str] = mapped_column(String(200))
    state: Mapped[AmendmentState] = mapped_column(
        _enum(AmendmentState), default=AmendmentState.PROPOSED
    )
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_by: Mapped[str | None] = mapped_column(String(320), default=None)
    new_r2_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("r2_versions.id"), default=None
    )


class Escalation(Base):
    """A discriminatory remark brought to the recruiter. The only place its words live."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[str] = mapped_column(ForeignKey("interviews.id"), index=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    message_row_id: Mapped[int] = mapped_column(ForeignKey("messages.id"))
    interviewer_email: Mapped[str] = mapped_column(String(320))
    categories: Mapped[list[Any]] = mapped_column()
    remarks: Mapped[list[Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A recruiter marked it reviewed on the recruiter's page (with an audit event).
    # Indexed: the page lists the ones not reviewed yet.
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(320), default=None)
    review_note: Mapped[str | None] = mapped_column(Text, default=None)


class AddressFlag(Base):
    """An address that bounced or is otherwise not to be mailed blindly."""

    __tablename__ = "address_flags"

    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- publishing and feedback


class PublishingState(Base):
    __tablename__ = "publishing"
    __table_args__ = (
        UniqueConstraint("pipeline_id", "iso_week"),
        # The recruiter's page: this week's exclusions.
        Index("ix_publishing_week_status", "iso_week", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    iso_week: Mapped[str] = mapped_column(String(10))
    status: Mapped[PublishStatus] = mapped_column(_enum(PublishStatus))
    reason: Mapped[str] = mapped_column(Text, default="")
    overdue: Mapped[list[Any]] = mapped_column(default=list)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackDraft(Base):
    """Candidate feedback for one application (pipeline × candidate), one version a row."""

    __tablename__ = "feedback_drafts"
    __table_args__ = (UniqueConstraint("pipeline_id", "candidate_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    candidate_id: Mapped[str] = mapped_column(ForeignKey("candidates.id"))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    # Indexed: each tick reads the open drafts (awaiting approval, approved) only.
    state: Mapped[DraftState] = mapped_column(
        _enum(DraftState), default=DraftState.AWAITING_APPROVAL, index=True
    )
    approver_email: Mapped[str] = mapped_column(String(320))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)


class ApprovalEvent(Base):
    """Audit trail of candidate-feedback approvals. Kept by ``purge``."""

    __tablename__ = "approval_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("feedback_drafts.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(320))
    message_row_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), default=None)
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MailboxCursor(Base):
    """Where polling of one mailbox stands: (UIDVALIDITY, highest committed UID)."""

    __tablename__ = "mailbox_cursors"

    mailbox: Mapped[str] = mapped_column(String(500), primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger, default=0)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---------------------------------------------------------------- the recruiter's page


class SignInLink(Base):
    """One request for a sign-in link on the recruiter's page. ``nonce`` is set only when
    a link was mailed (the address may sign in); ``used_at`` makes the link single use.
    Every request is a row, so sign-in is rate-limited per address and per IP across
    instances."""

    __tablename__ = "web_signins"
    __table_args__ = (
        Index("ix_web_signins_email_created_at", "email", "created_at"),
        Index("ix_web_signins_ip_created_at", "ip", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    email: Mapped[str] = mapped_column(String(320))
    ip: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEvent(Base):
    """What a person did on the recruiter's page, with their address."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    # What it acted on: "escalation:7", "outbox:12", "message:40", "session".
    subject: Mapped[str] = mapped_column(String(200))
    pipeline_id: Mapped[str | None] = mapped_column(String(100), default=None)
    detail: Mapped[str] = mapped_column(Text, default="")


# ---------------------------------------------------------------- calendar invitations


class CalendarEvent(Base):
    """One event (or one occurrence of a series) learned from calendar invitations.

    Its external key is the iCalendar ``UID`` plus ``RECURRENCE-ID`` ("" for a single
    event); ``sequence`` and ``dtstamp`` say which version was applied last, so an older
    copy changes nothing. ``status`` is ``active``, ``cancelled``, ``needs_pipeline``
    (waiting for the recruiter to say which pipeline) or ``ignored`` (with ``note``).
    """

    __tablename__ = "calendar_events"
    __table_args__ = (UniqueConstraint("uid", "recurrence_id", name="uq_calendar_events_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(500))
    recurrence_id: Mapped[str] = mapped_column(String(40), default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    dtstamp: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default="active")
    summary: Mapped[str] = mapped_column(Text, default="")
    organizer: Mapped[str] = mapped_column(String(320), default="")
    starts_at: Mapped[datetime | None] = mapped_column(default=None)
    ends_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    pipeline_id: Mapped[str | None] = mapped_column(ForeignKey("pipelines.id"), default=None)
    candidate_id: Mapped[str | None] = mapped_column(ForeignKey("candidates.id"), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    # The stored message applied last (no foreign key: messages → threads → interviews →
    # calendar_events would make a cycle of constraints).
    message_row_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarAttendance(Base):
    """What one attendee answered to an event (iMIP REPLY or COUNTER): recorded, never
    answered."""

    __tablename__ = "calendar_attendance"
    __table_args__ = (
        UniqueConstraint("event_id", "address", name="uq_calendar_attendance_event_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("calendar_events.id"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    partstat: Mapped[str] = mapped_column(String(32))
    proposed_end: Mapped[datetime | None] = mapped_column(default=None)
    message_row_id: Mapped[int | None] = mapped_column(Integer, default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
