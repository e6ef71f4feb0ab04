"""Candidate feedback: rejected application → draft → HM approval by email → candidate mail.

One application is one pipeline × candidate. It is *rejected* when an interview's final
decision is ``reject`` and none says ``advance``; it is *ready* once every interview of it
is graded (plus an hour, so the closing summaries arrive first), or
``feedback_deadline_days`` after the first rejection. Grading or rejecting an interview
sets its ``draft_check_at``; a tick looks only at applications whose check is due, by
that index, and sets the next check or clears it. The draft is built
from the recorded ``not_met`` verdicts (with the interviewers' evidence) on criteria of the
current R2 only, every sentence passes :mod:`feedback_lint`, and the HM gets it on an
approval thread of its own (see :mod:`mailagent.jobs.approval` for the replies). Drafts
not decided within ``approval_expiry_days`` get one reminder, then expire: nothing is sent.

The letter speaks to the candidate (:mod:`candidate_voice`): each criterion in the R2's
own words, and what the interview showed in the second person; the interviewer's note is
rewritten ("she could not explain" → "You could not explain"), and a sentence that cannot
be said to the candidate plainly is left out. Example of a draft's ``points``::

    [Point(criteria=("Designs and runs Kafka pipelines.",),
           evidence=("You could not explain how consumer groups rebalance.",))]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailagent.dialogue.protected import Hit, detect
from mailagent.jobs.approval import (
    application_key,
    approval_handler,
    open_approval,
    record_event,
    send_approved,
)
from mailagent.jobs.audience import audience
from mailagent.jobs.candidate_voice import to_candidate
from mailagent.models import (
    AssessmentRecord,
    Candidate,
    CriterionRecord,
    DraftState,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    OutboxState,
    Pipeline,
    RecordStatus,
    Thread,
    ThreadStatus,
)
from mailagent.outbox.mailer import Mailer
from mailagent.r2.store import current_criteria
from mailagent.staff import address_refusal

if TYPE_CHECKING:
    from mailagent.wiring import App

__all__ = [
    "approval_handler",
    "candidate_feedback_step",
    "check_application",
    "draft_points",
    "due_applications",
]

log = logging.getLogger(__name__)

# The HM reads the closing summary of what was recorded before being asked to approve
# what the candidate will read: the draft waits this long after the last grading.
SETTLE = timedelta(hours=1)

@dataclass(frozen=True)
class Point:
    """One item of the letter: what the role asks for, and what the interview showed.

    Criteria with the same evidence share one point, so the letter never repeats it.
    """

    criteria: tuple[str, ...]
    evidence: tuple[str, ...] = field(default_factory=tuple)


def send_held(
    session: Session, mailer: Mailer, *, now: datetime, secret: bytes | None = None
) -> int:
    """Approved drafts held for want of an address go out once one is on record."""
    done = 0
    for draft in session.scalars(
        select(FeedbackDraft)
        .join(Candidate, Candidate.id == FeedbackDraft.candidate_id)
        .where(FeedbackDraft.state == DraftState.APPROVED, Candidate.email.is_not(None))
        .order_by(FeedbackDraft.id)
        .with_for_update(of=FeedbackDraft, skip_locked=True)
    ):
        key = application_key(draft.pipeline_id, draft.candidate_id)
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
            continue
        candidate = session.get(Candidate, draft.candidate_id)
        assert candidate is not None and candidate.email is not None
        if address_refusal(session, candidate.email, agent_address=mailer.config.address):
            continue
        if send_approved(session, mailer, draft, now=now, secret=secret):
            done += 1
    return done


def due_applications(
    session: Session, *, now: datetime, limit: int = 200
) -> list[tuple[str, str]]:
    """Applications (pipeline, candidate) with a draft check due, oldest first, by index."""
    rows = session.execute(
        select(Interview.pipeline_id, Interview.candidate_id)
        .where(Interview.draft_check_at.is_not(None), Interview.draft_check_at <= now)
        .order_by(Interview.draft_check_at, Interview.id)
        .limit(limit)
    ).all()
    return list(dict.fromkeys((p, c) for p, c in rows))


def check_application(
    session: Session, pipeline_id: str, candidate_id: str, *, now: datetime, deadline_days: int
) -> bool:
    """True when the application is rejected, has no draft and is ready for one now.

    Locks the application's interviews, so two schedulers look at it one after the
    other. When it is not ready, the next check is set to the moment it will be; when it
    never will be (drafted already, advanced, nothing rejected), the checks are cleared.
    """
    interviews = session.scalars(
        select(Interview)
        .where(Interview.pipeline_id == pipeline_id, Interview.candidate_id == candidate_id)
        .order_by(Interview.id)
        .with_for_update()
    ).all()
    for interview in interviews:
        interview.draft_check_at = None
    latest = latest_draft(session, pipeline_id, candidate_id)
    drafted = latest is not None and outdated(session, latest, interviews) is None
    rejected = [i for i in interviews if i.final_decision == "reject"]
    advanced = any(i.final_decision == "advance" for i in interviews)
    if drafted or not rejected or advanced:
        return False
    deadline = min(i.graded_at or i.held_at for i in rejected) + timedelta(days=deadline_days)
    ready_at = deadline
    # A cancelled interview (calendar invitations) is not waited for.
    if all(i.state in (InterviewState.GRADED, InterviewState.CANCELLED) for i in interviews):
        ready_at = min(deadline, max(i.graded_at or i.held_at for i in interviews) + SETTLE)
    if now >= ready_at:
        return True
    rejected[0].draft_check_at = ready_at
    return False


def latest_draft(session: Session, pipeline_id: str, candidate_id: str) -> FeedbackDraft | None:
    return session.scalar(
        select(FeedbackDraft)
        .where(FeedbackDraft.pipeline_id == pipeline_id, FeedbackDraft.candidate_id == candidate_id)
        .order_by(FeedbackDraft.version.desc())
        .limit(1)
    )


def outdated(
    session: Session, draft: FeedbackDraft, interviews: Sequence[Interview]
) -> str | None:
    """Why ``draft`` must be redrafted, or None: the HM corrected the record after it.

    A draft still waiting for approval (or approved but not yet handed to delivery) that
    was written before a verdict of the application changed is superseded by a new
    version built from the corrected record; the HM approves that one. A letter already
    enqueued or sent is never recalled.
    """
    if draft.state is DraftState.APPROVED:
        key = application_key(draft.pipeline_id, draft.candidate_id)
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
            return None
    elif draft.state is not DraftState.AWAITING_APPROVAL:
        return None
    changed = session.scalar(
        select(CriterionRecord.updated_at)
        .where(CriterionRecord.interview_id.in_([i.id for i in interviews]))
        .order_by(CriterionRecord.updated_at.desc())
        .limit(1)
    )
    if changed is None or _aware(changed) <= _aware(draft.created_at):
        return None
    return "the recorded verdicts were corrected after it was written"


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _from_remark(
    session: Session, record: CriterionRecord, detector: Callable[[str], list[Hit]]
) -> bool:
    """Gate 2: True when the record's quote comes from, or holds, a protected remark.

    The quote itself is checked, and so is the reply it was read from: a clause taken
    out of a sentence that holds a remark is not used either.
    """
    quote = record.quote.strip()
    if detector(quote):
        return True
    assessment = (
        session.get(AssessmentRecord, record.assessment_id) if record.assessment_id else None
    )
    message = session.get(MailMessage, assessment.message_row_id) if assessment else None
    source = (message.visible_text or "") if message else ""
    if not source or not quote:
        return False
    return any(quote in hit.sentence or hit.sentence in quote for hit in detector(source))


def draft_points(
    session: Session,
    pipeline_id: str,
    candidate: Candidate,
    *,
    detector: Callable[[str], list[Hit]] = detect,
) -> list[Point]:
    """``not_met`` verdicts on current R2 criteria, with evidence in the candidate's voice
    that passes the linter and that no sentence with a protected remark gave (gate 2)."""
    criteria = {c.key: c for c in current_criteria(session, pipeline_id)}
    readers = audience(session, pipeline_id, candidate)
    records = session.scalars(
        select(CriterionRecord)
        .join(Interview, Interview.id == CriterionRecord.interview_id)
        .where(
            Interview.pipeline_id == pipeline_id,
            Interview.candidate_id == candidate.id,
            CriterionRecord.verdict == "not_met",
            CriterionRecord.status == RecordStatus.RECORDED,
        )
        .order_by(Interview.held_at, CriterionRecord.id)
    ).all()
    evidence: dict[str, list[str]] = {}
    for record in records:
        # A criterion no longer (or never) in the R2 is an unconfirmed reason: left out.
        if record.criterion_key not in criteria:
            continue
        said = evidence.setdefault(record.criterion_key, [])
        if not record.specific or _from_remark(session, record, detector):
            continue
        for sentence in to_candidate(record.quote, candidate.name, staff=readers.staff):
            if sentence not in said and not readers.lint(sentence):
                said.append(sentence)
    points: list[Point] = []
    for key in (k for k in criteria if k in evidence):
        shown = tuple(evidence[key])
        same = next((i for i, p in enumerate(points) if shown and p.evidence == shown), None)
        if same is None:
            points.append(Point((criteria[key].text,), shown))
        else:
            points[same] = Point((*points[same].criteria, criteria[key].text), shown)
    return points


def create_draft(
    session: Session, app: App, pipeline: Pipeline, candidate: Candidate, *, now: datetime
) -> FeedbackDraft:
    points = draft_points(session, pipeline.id, candidate)
    interviews = len(
        session.scalars(
            select(Interview.id).where(
                Interview.pipeline_id == pipeline.id, Interview.candidate_id == candidate.id
            )
        ).all()
    )
    context = {"candidate_name": candidate.name, "role": pipeline.title, "interviews": interviews}
    body = app.renderer.text("candidate_feedback", points=points, **context)
    findings = audience(session, pipeline.id, candidate).lint(body)
    if findings:
        # Every sentence was checked on its way in; a hit here means the template itself
        # changed. The generic letter goes to the HM instead, and the audit says why.
        body = app.renderer.text("candidate_feedback", points=[], **context)
    previous = latest_draft(session, pipeline.id, candidate.id)
    draft = FeedbackDraft(
        pipeline_id=pipeline.id,
        candidate_id=candidate.id,
        version=previous.version + 1 if previous is not None else 1,
        body=body,
        state=DraftState.AWAITING_APPROVAL,
        approver_email=pipeline.hm_email,
        created_at=now,
        expires_at=now + timedelta(days=app.settings.approval_expiry_days),
    )
    session.add(draft)
    session.flush()
    if previous is not None and previous.state in (
        DraftState.AWAITING_APPROVAL,
        DraftState.APPROVED,
    ):
        # Built before the HM corrected the record: it can no longer be approved or sent.
        previous.state, previous.decided_at = DraftState.SUPERSEDED, now
        old_thread = session.get(Thread, previous.thread_id) if previous.thread_id else None
        if old_thread is not None and not old_thread.is_closed:
            old_thread.move_to(ThreadStatus.COMPLETE, now)
        record_event(
            session,
            previous,
            "superseded",
            actor="mailagent",
            now=now,
            detail=f"by v{draft.version}: the recorded verdicts were corrected",
        )
    record_event(
        session,
        draft,
        "drafted",
        actor="mailagent",
        now=now,
        detail=f"{len(points)} point(s)"
        + ("; generated text blocked by the linter, generic letter used" if findings else ""),
    )
    note = None
    if previous is not None:
        note = (
            f"This replaces version {previous.version}, which was written before the record "
            f"was corrected; version {previous.version} can no longer be approved."
        )
    open_approval(session, app.mailer, draft, secret=app.secret, now=now, note=note)
    return draft


def remind_or_expire(
    session: Session, mailer: Mailer, *, now: datetime, expiry_days: int
) -> dict[str, int]:
    """One reminder before expiry (two days before, or halfway for short windows); then expire."""
    counts = {"reminded": 0, "expired": 0}
    remind_before = timedelta(days=min(2, expiry_days / 2))
    waiting = session.scalars(
        select(FeedbackDraft)
        .where(FeedbackDraft.state == DraftState.AWAITING_APPROVAL)
        .with_for_update(skip_locked=True)
    ).all()
    for draft in waiting:
        assert draft.expires_at is not None
        pipeline = session.get(Pipeline, draft.pipeline_id)
        candidate = session.get(Candidate, draft.candidate_id)
        assert pipeline is not None and candidate is not None
        thread = session.get(Thread, draft.thread_id) if draft.thread_id else None
        if now >= draft.expires_at:
            draft.state = DraftState.EXPIRED
            draft.decided_at = now
            if thread is not None and not thread.is_closed:
                thread.move_to(ThreadStatus.CLOSED_WITH_GAPS, now)
            record_event(session, draft, "expired", actor="mailagent", now=now)
            mailer.queue(
                session,
                kind="approval_expired",
                template="approval_expired",
                to=[draft.approver_email],
                cc=[pipeline.recruiter_email],
                subject=f"Feedback for {candidate.name} was not sent",
                now=now,
                context={
                    "candidate_name": candidate.name,
                    "role": pipeline.title,
                    "hm_name": pipeline.hm_name,
                    "days": expiry_days,
                },
                dedupe_key=f"approval-expired:{draft.id}",
            )
            counts["expired"] += 1
        elif draft.reminded_at is None and now >= draft.expires_at - remind_before:
            draft.reminded_at = now
            record_event(session, draft, "reminded", actor="mailagent", now=now)
            mailer.queue(
                session,
                kind="approval_reminder",
                template="approval_reminder",
                to=[draft.approver_email],
                subject=f"Re: {thread.subject}" if thread else "Candidate feedback",
                now=now,
                context={
                    "candidate_name": candidate.name,
                    "role": pipeline.title,
                    "hm_name": pipeline.hm_name,
                    "body": draft.body,
                    "expires_on": draft.expires_at.date().isoformat(),
                },
                token=thread.token if thread else None,
                thread_id=thread.id if thread else None,
                dedupe_key=f"approval-reminder:{draft.id}",
            )
            counts["reminded"] += 1
    return counts


def mark_sent(session: Session, *, now: datetime) -> int:
    """Approved drafts whose candidate mail has gone out become ``sent`` (with an event)."""
    done = 0
    for draft in session.scalars(
        select(FeedbackDraft)
        .where(FeedbackDraft.state == DraftState.APPROVED)
        .order_by(FeedbackDraft.id)
        # Another scheduler settling the same draft holds it; it writes the one event.
        .with_for_update(skip_locked=True)
    ):
        state = session.scalar(
            select(OutboxMessage.state).where(
                OutboxMessage.dedupe_key == application_key(draft.pipeline_id, draft.candidate_id)
            )
        )
        if state is OutboxState.SENT:
            draft.state = DraftState.SENT
            record_event(session, draft, "sent", actor="mailagent", now=now)
            done += 1
    return done


def candidate_feedback_step(app: App, now: datetime) -> dict[str, object]:
    """The tick step: draft what is ready (one transaction each), remind, expire, settle."""
    s = app.settings
    drafted: list[str] = []
    with app.factory() as session:
        due = due_applications(session, now=now)
    for pipeline_id, candidate_id in due:
        try:
            with app.factory() as session, session.begin():
                if not check_application(
                    session,
                    pipeline_id,
                    candidate_id,
                    now=now,
                    deadline_days=s.feedback_deadline_days,
                ):
                    continue
                pipeline = session.get(Pipeline, pipeline_id)
                candidate = session.get(Candidate, candidate_id)
                assert pipeline is not None and candidate is not None
                create_draft(session, app, pipeline, candidate, now=now)
            drafted.append(f"{pipeline_id}/{candidate_id}")
        except IntegrityError:
            # Another worker drafted the same application first.
            log.info("draft for %s/%s exists already", pipeline_id, candidate_id)
    with app.factory() as session, session.begin():
        counts = remind_or_expire(session, app.mailer, now=now, expiry_days=s.approval_expiry_days)
        held = send_held(session, app.mailer, now=now, secret=app.secret)
        sent = mark_sent(session, now=now)
    return {"drafted": drafted, **counts, "released": held, "sent": sent}
