"""What each page shows, read from the database by index, for one viewer.

Every object a URL names is looked up with the pipeline it belongs to, and a viewer who
may not see that pipeline gets ``NotFound`` — the same answer as for an id that does not
exist, so ids of other recruiters' pipelines tell nothing. Lists never scan: each reads
a bounded page through an index (see migration ``0006_web``), and counts stop at
``COUNT_CAP``.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from mailagent.errors import NotFound
from mailagent.jobs.approval import application_key
from mailagent.jobs.feedback_lint import lint
from mailagent.jobs.overdue import UNGRADED, iso_week
from mailagent.models import (
    AmendmentProposal,
    ApprovalEvent,
    AssessmentRecord,
    AuditEvent,
    Candidate,
    CriterionRecord,
    Disposition,
    DraftState,
    Escalation,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    OutboxState,
    Pipeline,
    PublishingState,
    PublishStatus,
    R2Version,
    Thread,
)
from mailagent.web.signin import Viewer

COUNT_CAP = 1000
SET_ASIDE = (Disposition.QUARANTINED, Disposition.UNATTRIBUTED)
FALLBACK_KINDS = ("transient", "configuration", "answer")


def _capped_count(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` has, counting no further than ``COUNT_CAP + 1``."""
    sub = query.limit(COUNT_CAP + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


Q = TypeVar("Q")


def _scoped(query: Q, column: Any, viewer: Viewer) -> Q:
    """``query`` narrowed to the viewer's pipelines (unchanged for an admin)."""
    if viewer.admin:
        return query
    return cast(Any, query).where(column.in_(sorted(viewer.pipelines)))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- object → pipeline


def thread_pipeline(session: Session, thread: Thread) -> str | None:
    if thread.interview_id is not None:
        return session.scalar(
            select(Interview.pipeline_id).where(Interview.id == thread.interview_id)
        )
    return session.scalar(
        select(FeedbackDraft.pipeline_id).where(FeedbackDraft.thread_id == thread.id).limit(1)
    )


def message_pipeline(session: Session, row: MailMessage) -> str | None:
    if row.thread_id is None:
        return None
    thread = session.get(Thread, row.thread_id)
    return thread_pipeline(session, thread) if thread else None


def outbox_pipeline(session: Session, row: OutboxMessage) -> str | None:
    if row.interview_id is not None:
        return session.scalar(select(Interview.pipeline_id).where(Interview.id == row.interview_id))
    if row.thread_id is not None:
        thread = session.get(Thread, row.thread_id)
        return thread_pipeline(session, thread) if thread else None
    if row.dedupe_key and row.dedupe_key.startswith("application:"):
        return row.dedupe_key.split(":")[1]
    return None


def visible_thread(session: Session, viewer: Viewer, thread_id: int) -> tuple[Thread, str | None]:
    thread = session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(f"no thread {thread_id}")
    pipeline = thread_pipeline(session, thread)
    if not viewer.sees(pipeline):
        raise NotFound(f"no thread {thread_id}")
    return thread, pipeline


def visible_message(
    session: Session, viewer: Viewer, row_id: int
) -> tuple[MailMessage, str | None]:
    row = session.get(MailMessage, row_id)
    if row is None:
        raise NotFound(f"no message {row_id}")
    pipeline = message_pipeline(session, row)
    if not viewer.sees(pipeline):
        raise NotFound(f"no message {row_id}")
    return row, pipeline


def visible_outbox(
    session: Session, viewer: Viewer, row_id: int
) -> tuple[OutboxMessage, str | None]:
    row = session.get(OutboxMessage, row_id)
    if row is None:
        raise NotFound(f"no outbox mail {row_id}")
    pipeline = outbox_pipeline(session, row)
    if not viewer.sees(pipeline):
        raise NotFound(f"no outbox mail {row_id}")
    return row, pipeline


def visible_escalation(session: Session, viewer: Viewer, esc_id: int) -> tuple[Escalation, str]:
    row = session.get(Escalation, esc_id)
    pipeline = (
        session.scalar(select(Interview.pipeline_id).where(Interview.id == row.interview_id))
        if row
        else None
    )
    if row is None or pipeline is None or not viewer.sees(pipeline):
        raise NotFound(f"no escalation {esc_id}")
    return row, pipeline


def visible_pipeline(session: Session, viewer: Viewer, pipeline_id: str) -> Pipeline:
    row = session.get(Pipeline, pipeline_id)
    if row is None or not viewer.sees(row.id):
        raise NotFound(f"no pipeline {pipeline_id!r}")
    return row


# ---------------------------------------------------------------- needs attention


@dataclass
class Item:
    label: str
    href: str
    detail: str = ""


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    more_href: str | None = None
    how: str = ""


def attention(
    session: Session,
    viewer: Viewer,
    *,
    now: datetime,
    throttle_after_days: int,
    draft_days: int,
    limit: int = 20,
) -> list[Section]:
    """The landing page: everything that waits for a person, each item linking to where
    it is settled."""
    return [
        _escalations_section(session, viewer, limit),
        _uncertain_section(session, viewer),
        _set_aside_section(session, viewer, limit),
        _drafts_section(session, viewer, now=now, days=draft_days, limit=limit),
        _overdue_section(session, viewer, now=now, days=throttle_after_days, limit=limit),
        _excluded_section(session, viewer, now=now),
        _fallback_section(session, now=now),
    ]


def unreviewed_escalations(
    session: Session, viewer: Viewer, limit: int
) -> Select[Escalation, str, str]:
    query = (
        select(Escalation, Interview.pipeline_id, Candidate.name)
        .join(Interview, Interview.id == Escalation.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Escalation.reviewed_at.is_(None))
    )
    return _scoped(query, Interview.pipeline_id, viewer).order_by(Escalation.id).limit(limit)


def _escalations_section(session: Session, viewer: Viewer, limit: int) -> Section:
    count_q = _scoped(
        select(Escalation.id)
        .join(Interview, Interview.id == Escalation.interview_id)
        .where(Escalation.reviewed_at.is_(None)),
        Interview.pipeline_id,
        viewer,
    )
    rows = session.execute(unreviewed_escalations(session, viewer, limit)).all()
    return Section(
        "escalations",
        "Escalations not reviewed",
        _capped_count(session, count_q),
        [
            Item(
                f"{', '.join(e.categories)} — {name} ({pipeline})",
                f"/escalations/{e.id}",
                f"from {e.interviewer_email}",
            )
            for e, pipeline, name in rows
        ],
        "/escalations",
        "Read the remark and its thread, then mark it reviewed with a note.",
    )


def _uncertain_section(session: Session, viewer: Viewer) -> Section:
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.UNCERTAIN)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(200)
    ).all()
    seen = [r for r in rows if viewer.sees(outbox_pipeline(session, r))]
    return Section(
        "uncertain",
        "Candidate mail that may or may not have gone out",
        len(seen),
        [Item(f"#{r.id} {r.subject}", f"/outbox/{r.id}", ", ".join(r.to_addrs)) for r in seen],
        None,
        "Check with the candidate or the mail server's log, then settle it as sent or resend.",
    )


def _set_aside_query(viewer: Viewer) -> Select[Any]:
    query = (
        select(MailMessage)
        .outerjoin(Thread, Thread.id == MailMessage.thread_id)
        .outerjoin(Interview, Interview.id == Thread.interview_id)
        .where(MailMessage.disposition.in_(SET_ASIDE))
    )
    if not viewer.admin:
        query = query.where(Interview.pipeline_id.in_(sorted(viewer.pipelines)))
    return query


def _set_aside_section(session: Session, viewer: Viewer, limit: int) -> Section:
    query = _set_aside_query(viewer)
    rows = session.scalars(query.order_by(MailMessage.id.desc()).limit(limit)).all()
    return Section(
        "quarantine",
        "Quarantined and set-aside mail",
        _capped_count(session, query.with_only_columns(MailMessage.id)),
        [
            Item(
                f"#{m.id} {m.subject or '(no subject)'}",
                f"/messages/{m.id}",
                f"{m.disposition.value}: {m.error or m.rule or ''}",
            )
            for m in rows
        ],
        "/quarantine",
        "Read why it was set aside; replay it once the cause is fixed.",
    )


def _drafts_section(
    session: Session, viewer: Viewer, *, now: datetime, days: int, limit: int
) -> Section:
    query = _scoped(
        select(FeedbackDraft).where(
            FeedbackDraft.state == DraftState.AWAITING_APPROVAL,
            FeedbackDraft.created_at < now - timedelta(days=days),
        ),
        FeedbackDraft.pipeline_id,
        viewer,
    )
    rows = session.scalars(query.order_by(FeedbackDraft.created_at).limit(limit)).all()
    return Section(
        "drafts",
        f"Candidate feedback waiting for the HM's approval over {days} days",
        _capped_count(session, query.with_only_columns(FeedbackDraft.id)),
        [
            Item(
                f"{d.candidate_id} ({d.pipeline_id}), version {d.version}",
                f"/feedback/{d.pipeline_id}/{d.candidate_id}",
                f"asked {d.approver_email} on {d.created_at.date().isoformat()}",
            )
            for d in rows
        ],
        "/feedback",
        "Remind the hiring manager; only they can approve it, by email.",
    )


def _overdue_section(
    session: Session, viewer: Viewer, *, now: datetime, days: int, limit: int
) -> Section:
    query = _scoped(
        select(Interview).where(
            Interview.state.in_(UNGRADED), Interview.held_at < now - timedelta(days=days)
        ),
        Interview.pipeline_id,
        viewer,
    )
    rows = session.scalars(query.order_by(Interview.held_at, Interview.id).limit(limit)).all()
    return Section(
        "overdue",
        f"Interviews ungraded more than {days} days (their pipelines leave publishing)",
        _capped_count(session, query.with_only_columns(Interview.id)),
        [
            Item(
                f"{i.id}: {i.interviewer_email}",
                f"/interviews/{i.id}",
                f"held {i.held_at.date().isoformat()}, {i.state.value}",
            )
            for i in rows
        ],
        "/interviews?state=overdue",
        "Nudge the interviewer: grading restores the pipeline next week.",
    )


def _excluded_section(session: Session, viewer: Viewer, *, now: datetime) -> Section:
    week = iso_week(now)
    rows = session.scalars(
        _scoped(
            select(PublishingState).where(
                PublishingState.iso_week == week, PublishingState.status == PublishStatus.EXCLUDE
            ),
            PublishingState.pipeline_id,
            viewer,
        ).order_by(PublishingState.pipeline_id)
    ).all()
    return Section(
        "excluded",
        f"Pipelines left out of this week's publishing ({week})",
        len(rows),
        [Item(r.pipeline_id, f"/publishing#{r.pipeline_id}", r.reason) for r in rows],
        "/publishing",
        "Grade the overdue interviews; the pipeline is back next week.",
    )


def _fallback_section(session: Session, *, now: datetime) -> Section:
    rows = session.execute(
        select(AssessmentRecord.failure, func.count(), func.max(AssessmentRecord.id))
        .where(
            AssessmentRecord.failure.in_(FALLBACK_KINDS),
            AssessmentRecord.created_at >= now - timedelta(days=7),
        )
        .group_by(AssessmentRecord.failure)
    ).all()
    items = []
    for failure, count, last_id in sorted(rows, key=lambda r: str(r[0])):
        reason = session.scalar(
            select(AssessmentRecord.fallback_reason).where(AssessmentRecord.id == last_id)
        )
        items.append(Item(f"{failure}: {count} in 7 days", "#fallbacks", (reason or "")[:200]))
    return Section(
        "fallbacks",
        "Claude falling back to the offline brain",
        sum(int(r[1]) for r in rows),
        items,
        None,
        "Replies were still read (offline). A configuration failure needs the API key or "
        "model fixed in mailagent.toml.",
    )


# ---------------------------------------------------------------- escalations


def escalation_list(
    session: Session, viewer: Viewer, *, reviewed: bool, limit: int = 100
) -> list[Any]:
    query = (
        select(Escalation, Interview.pipeline_id, Candidate.name)
        .join(Interview, Interview.id == Escalation.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(
            Escalation.reviewed_at.is_not(None) if reviewed else Escalation.reviewed_at.is_(None)
        )
    )
    query = _scoped(query, Interview.pipeline_id, viewer)
    return list(session.execute(query.order_by(Escalation.id.desc()).limit(limit)).all())


# ---------------------------------------------------------------- interviews


@dataclass
class InterviewPage:
    rows: list[Any]
    next_before: str | None


def interviews_page(
    session: Session,
    viewer: Viewer,
    *,
    pipeline: str | None = None,
    state: str | None = None,
    interviewer: str | None = None,
    week: str | None = None,
    before: str | None = None,
    now: datetime,
    throttle_after_days: int = 7,
    size: int = 50,
) -> InterviewPage:
    """One page of interviews, newest first, after the ``before`` cursor
    (``"2026-11-23T09:00:00+00:00|iv-17"``)."""
    query: Any = (
        select(Interview, Candidate.name, Pipeline.title)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Pipeline, Pipeline.id == Interview.pipeline_id)
    )
    if pipeline:
        visible_pipeline(session, viewer, pipeline)
        query = query.where(Interview.pipeline_id == pipeline)
    else:
        query = _scoped(query, Interview.pipeline_id, viewer)
    if state == "overdue":
        query = query.where(
            Interview.state.in_(UNGRADED),
            Interview.held_at < now - timedelta(days=throttle_after_days),
        )
    elif state:
        try:
            query = query.where(Interview.state == InterviewState(state))
        except ValueError as exc:
            raise NotFound(f"no interview state {state!r}") from exc
    if interviewer:
        query = query.where(Interview.interviewer_email == interviewer.strip().lower())
    if week:
        from mailagent.jobs.overdue import week_start

        try:
            start = datetime.combine(week_start(week), datetime.min.time(), tzinfo=now.tzinfo)
        except (ValueError, IndexError) as exc:
            raise NotFound(f"no week {week!r} (expected 2026-W48)") from exc
        query = query.where(Interview.held_at >= start, Interview.held_at < start + timedelta(7))
    if before:
        at_text, _, last_id = before.partition("|")
        try:
            at = datetime.fromisoformat(at_text)
        except ValueError as exc:
            raise NotFound(f"bad page cursor {before!r}") from exc
        query = query.where(
            or_(Interview.held_at < at, (Interview.held_at == at) & (Interview.id < last_id))
        )
    rows = list(
        session.execute(
            query.order_by(Interview.held_at.desc(), Interview.id.desc()).limit(size + 1)
        ).all()
    )
    more = len(rows) > size
    rows = rows[:size]
    cursor = f"{rows[-1][0].held_at.isoformat()}|{rows[-1][0].id}" if more and rows else None
    return InterviewPage(rows=rows, next_before=cursor)


def interview_threads(session: Session, interview_id: str) -> list[Thread]:
    return list(
        session.scalars(
            select(Thread).where(Thread.interview_id == interview_id).order_by(Thread.id)
        )
    )


# ---------------------------------------------------------------- thread


@dataclass
class Entry:
    """One mail of a thread, in or out, in time order."""

    at: datetime
    direction: str
    kind: str
    sender: str
    to: list[str]
    subject: str
    text: str
    raw_href: str
    state: str = ""
    assessment: AssessmentRecord | None = None


@dataclass
class ThreadView:
    thread: Thread
    pipeline: Pipeline | None
    interview: Interview | None
    candidate: Candidate | None
    entries: list[Entry]
    records: list[CriterionRecord]
    escalations: list[Escalation]
    reminders: int


def thread_view(session: Session, viewer: Viewer, thread_id: int) -> ThreadView:
    thread, pipeline_id = visible_thread(session, viewer, thread_id)
    interview = session.get(Interview, thread.interview_id) if thread.interview_id else None
    candidate = session.get(Candidate, interview.candidate_id) if interview else None
    assessments = {
        a.message_row_id: a
        for a in session.scalars(
            select(AssessmentRecord).where(AssessmentRecord.thread_id == thread.id)
        )
    }
    entries: list[Entry] = []
    for m in session.scalars(
        select(MailMessage).where(MailMessage.thread_id == thread.id).order_by(MailMessage.id)
    ):
        entries.append(
            Entry(
                at=m.received_at,
                direction=m.direction.value,
                kind=m.disposition.value,
                sender=m.from_addr,
                to=list(m.to_addrs),
                subject=m.subject,
                text=m.visible_text or "",
                raw_href=f"/messages/{m.id}/raw",
                state=m.error or "",
                assessment=assessments.get(m.id),
            )
        )
    outbound = session.scalars(
        select(OutboxMessage).where(OutboxMessage.thread_id == thread.id).order_by(OutboxMessage.id)
    ).all()
    for o in outbound:
        entries.append(
            Entry(
                at=o.created_at,
                direction="out",
                kind=o.kind,
                sender=o.sender,
                to=list(o.to_addrs) + list(o.cc_addrs),
                subject=o.subject,
                text=o.body_text,
                raw_href=f"/outbox/{o.id}/raw",
                state=o.state.value,
            )
        )
    entries.sort(key=lambda e: e.at)
    records: list[CriterionRecord] = []
    escalations: list[Escalation] = []
    if interview is not None:
        records = list(
            session.scalars(
                select(CriterionRecord)
                .where(CriterionRecord.interview_id == interview.id)
                .order_by(CriterionRecord.criterion_key)
            )
        )
        escalations = list(
            session.scalars(
                select(Escalation)
                .where(Escalation.interview_id == interview.id)
                .order_by(Escalation.id)
            )
        )
    return ThreadView(
        thread=thread,
        pipeline=session.get(Pipeline, pipeline_id) if pipeline_id else None,
        interview=interview,
        candidate=candidate,
        entries=entries,
        records=records,
        escalations=escalations,
        reminders=sum(1 for o in outbound if o.kind == "reminder"),
    )


# ---------------------------------------------------------------- candidate feedback


def feedback_list(session: Session, viewer: Viewer, *, limit: int = 100) -> list[FeedbackDraft]:
    """The newest draft versions, open ones first."""
    query = _scoped(select(FeedbackDraft), FeedbackDraft.pipeline_id, viewer)
    return list(
        session.scalars(
            query.where(
                FeedbackDraft.state.in_((DraftState.AWAITING_APPROVAL, DraftState.APPROVED))
            )
            .order_by(FeedbackDraft.created_at)
            .limit(limit)
        ).all()
    ) + list(
        session.scalars(
            query.where(
                FeedbackDraft.state.not_in((DraftState.AWAITING_APPROVAL, DraftState.APPROVED))
            )
            .order_by(FeedbackDraft.id.desc())
            .limit(limit)
        ).all()
    )


@dataclass
class ApplicationView:
    pipeline: Pipeline
    candidate: Candidate
    drafts: list[tuple[FeedbackDraft, list[str]]]
    events: list[ApprovalEvent]
    mail: list[OutboxMessage]


def application_view(
    session: Session, viewer: Viewer, pipeline_id: str, candidate_id: str
) -> ApplicationView:
    pipeline = visible_pipeline(session, viewer, pipeline_id)
    candidate = session.get(Candidate, candidate_id)
    drafts = list(
        session.scalars(
            select(FeedbackDraft)
            .where(
                FeedbackDraft.pipeline_id == pipeline_id, FeedbackDraft.candidate_id == candidate_id
            )
            .order_by(FeedbackDraft.version)
        )
    )
    if candidate is None or not drafts:
        raise NotFound(f"no candidate feedback for {candidate_id!r} in {pipeline_id!r}")
    events = list(
        session.scalars(
            select(ApprovalEvent)
            .where(ApprovalEvent.draft_id.in_([d.id for d in drafts]))
            .order_by(ApprovalEvent.at, ApprovalEvent.id)
        )
    )
    mail = list(
        session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.dedupe_key == application_key(pipeline_id, candidate_id)
            )
        )
    )
    return ApplicationView(
        pipeline=pipeline,
        candidate=candidate,
        drafts=[(d, [f.describe() for f in lint(d.body, names=(candidate.name,))]) for d in drafts],
        events=events,
        mail=mail,
    )


# ---------------------------------------------------------------- quarantine


def quarantine_list(session: Session, viewer: Viewer, *, limit: int = 100) -> list[MailMessage]:
    return list(
        session.scalars(_set_aside_query(viewer).order_by(MailMessage.id.desc()).limit(limit)).all()
    )


def parsed_headers(raw: bytes | None, *, limit: int = 60) -> list[tuple[str, str]]:
    """The message's header fields as parsed (names and decoded values), never its body."""
    if not raw:
        return []
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0][:65536]
    msg = email.message_from_bytes(head + b"\n\n", policy=email.policy.default)
    out: list[tuple[str, str]] = []
    for name, value in list(msg.items())[:limit]:
        try:
            text = str(value)
        except (ValueError, TypeError, IndexError):
            text = "(unreadable)"
        out.append((name, text[:2000]))
    return out


# ---------------------------------------------------------------- publishing and R2


def r2_history(
    session: Session, pipeline_id: str
) -> tuple[list[R2Version], list[AmendmentProposal]]:
    versions = list(
        session.scalars(
            select(R2Version)
            .where(R2Version.pipeline_id == pipeline_id)
            .order_by(R2Version.version)
        )
    )
    amendments = list(
        session.scalars(
            select(AmendmentProposal)
            .where(AmendmentProposal.pipeline_id == pipeline_id)
            .order_by(AmendmentProposal.id.desc())
            .limit(50)
        )
    )
    return versions, amendments


def audit_of(session: Session, subject: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.subject == subject).order_by(AuditEvent.id)
        )
    )
