"""One dialogue turn: context → brain → policy → records → reply.

The caller (intake) owns the transactions: the thread's new state and the reply's outbox
row commit together, so a crash before the commit redoes the whole turn and a crash after
it leaves exactly the stored reply to deliver.

A brain that thinks remotely (Claude: seconds, or minutes with retries) never runs inside
a transaction. The handler then returns a :class:`Deferred` turn instead of doing it:
intake ends the transaction, calls ``think()`` (the model calls, no session), opens a new
transaction and calls ``finish()``, which re-reads the thread and records only if nothing
the brain saw has changed (else intake redoes the turn). A brain that answers in
microseconds (offline) keeps the single transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.dialogue import records, reopen
from mailagent.dialogue.brain import (
    Assessment,
    Brain,
    BrainContext,
    BrainResult,
    Decision,
    ModelCall,
    Turn,
)
from mailagent.dialogue.policy import Move, Plan, ThreadState, decide, decide_correction
from mailagent.dialogue.protected import detect
from mailagent.dialogue.protected.gate import Detector, union
from mailagent.dialogue.thread_words import without_approval_decision
from mailagent.inbox.parse import InboundEmail
from mailagent.models import (
    AssessmentRecord,
    Candidate,
    Escalation,
    Interview,
    InterviewState,
    MailMessage,
    ModelCallRecord,
    OutboxMessage,
    Pipeline,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from mailagent.outbox.compose import reply_references, reply_subject
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.queue import CapReached
from mailagent.r2.spec import Criterion
from mailagent.r2.store import current_criteria

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnOutcome:
    plan: Plan
    result: BrainResult
    reply_outbox_id: int | None


def _history(session: Session, thread: Thread, current_row_id: int) -> tuple[Turn, ...]:
    """The thread so far, oldest first: our mails and the HM's visible text."""
    items: list[tuple[datetime, int, Turn]] = []
    for out in session.scalars(select(OutboxMessage).where(OutboxMessage.thread_id == thread.id)):
        items.append((out.created_at, out.id, Turn("agent", out.body_text)))
    for msg in session.scalars(
        select(MailMessage).where(
            MailMessage.thread_id == thread.id,
            MailMessage.id != current_row_id,
            MailMessage.visible_text.is_not(None),
            MailMessage.sender_role.in_(("interviewer", "delegate")),
        )
    ):
        items.append((msg.received_at, msg.id, Turn("manager", msg.visible_text or "")))
    items.sort(key=lambda t: (t[0], t[1]))
    return tuple(t for _, _, t in items)


@dataclass(frozen=True)
class _Snapshot:
    """What one turn reads before the brain runs; equal snapshots mean nothing moved."""

    ctx: BrainContext
    state: ThreadState
    interview: Interview = field(compare=False)
    pipeline: Pipeline = field(compare=False)
    candidate: Candidate = field(compare=False)
    # The reply answers a completion mail: a correction of what was recorded.
    reopened: bool = False


class Finish(StrEnum):
    DONE = "done"
    # The thread changed while the brain thought: read it again and think again.
    MOVED = "moved"
    # The reply's draft is ready: think once more (its wording), then finish again.
    THINK_AGAIN = "think_again"


@dataclass
class DeferredTurn:
    """A turn whose thinking runs outside any transaction (see the module doc)."""

    engine: DialogueEngine
    snapshot: _Snapshot
    result: BrainResult | None = None
    # The templated reply and the brain's wording of it, once both are known.
    draft: str | None = None
    phrased: str | None = None
    phrase_calls: tuple[ModelCall, ...] = ()

    def think(self) -> None:
        if self.result is None:
            self.result = self.engine.brain.assess(self.snapshot.ctx)
        elif self.draft is not None and self.phrased is None:
            self.phrased, self.phrase_calls = self.engine._phrase(self.snapshot.ctx, self.draft)

    def finish(
        self, session: Session, thread: Thread, row: MailMessage, email: InboundEmail, now: datetime
    ) -> Finish:
        assert self.result is not None, "think() before finish()"
        snapshot = self.engine._read(session, thread, row, now)
        if snapshot is None or snapshot != self.snapshot:
            return Finish.MOVED
        if self.draft is None and self.engine._wants_phrase():
            self.draft = self.engine._draft(session, snapshot, thread, row, self.result, now)
            return Finish.THINK_AGAIN
        self.engine._record(
            session,
            snapshot,
            thread,
            row,
            email,
            now,
            self.result,
            wording=(self.draft, self.phrased)
            if self.draft is not None and self.phrased is not None
            else None,
            phrase_calls=self.phrase_calls,
        )
        return Finish.DONE


class DialogueEngine:
    def __init__(
        self,
        *,
        brain: Brain,
        mailer: Mailer,
        as_of: datetime | None = None,
        admin_email: str | None = None,
        detector: Detector = detect,
    ) -> None:
        self.brain = brain
        # Gate 1: the protected-remark detector, unioned with whatever the brain found.
        self.detector = detector
        self.mailer = mailer
        # The date resumes are read "as of" (years of experience); defaults to the turn time.
        self.as_of = as_of
        # Who hears that the model refuses our requests; the recruiter when unset.
        self.admin_email = admin_email

    def __call__(
        self,
        session: Session,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        now: datetime,
    ) -> DeferredTurn | None:
        """Run the turn now, or (for a remote brain) return it to be thought outside."""
        if getattr(self.brain, "thinks_remotely", False):
            snapshot = self._read(session, thread, row, now)
            return DeferredTurn(self, snapshot) if snapshot is not None else None
        self.handle(session, thread, row, email, now)
        return None

    def handle(
        self,
        session: Session,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        now: datetime,
    ) -> TurnOutcome | None:
        """The whole turn in the caller's transaction (a brain that answers at once)."""
        snapshot = self._read(session, thread, row, now)
        if snapshot is None:
            return None
        result = self.brain.assess(snapshot.ctx)
        return self._record(session, snapshot, thread, row, email, now, result)

    def _read(
        self, session: Session, thread: Thread, row: MailMessage, now: datetime
    ) -> _Snapshot | None:
        if row.sender_role == "recruiter":
            # The recruiter's own notes are kept on the thread but start no turn.
            return None
        reopened = thread.is_closed
        if reopened and not (
            thread.status is ThreadStatus.COMPLETE and thread.kind is ThreadKind.FEEDBACK
        ):
            # Late mail on a thread closed with gaps is kept but starts no turn.
            return None
        assert thread.interview_id is not None
        interview = session.get(Interview, thread.interview_id)
        assert interview is not None
        pipeline = session.get(Pipeline, interview.pipeline_id)
        candidate = session.get(Candidate, interview.candidate_id)
        assert pipeline is not None and candidate is not None
        criteria = current_criteria(session, pipeline.id)
        state = records.thread_state(session, thread, interview)
        ctx = BrainContext(
            pipeline_title=pipeline.title,
            criteria=criteria,
            candidate_name=candidate.name,
            resume_text=candidate.resume_text or "",
            reply_text=row.visible_text or "",
            as_of=(self.as_of or now).date(),
            stated_decision=_decision(interview.final_decision or interview.stated_decision),
            history=_history(session, thread, row.id),
            pending_amendment=thread.pending_amendment,
            answered=state.answered,
        )
        if reopened and reopen.is_acknowledgment(ctx.reply_text, criteria):
            # "Thanks, looks right": nothing to record and nothing to answer.
            return None
        return _Snapshot(ctx, state, interview, pipeline, candidate, reopened)

    def _gate(self, result: BrainResult, snap: _Snapshot) -> BrainResult:
        """Gate 1: whichever brain read the reply, the detector's findings are added.

        And plain code after any brain: an approval word (APPROVE, SKIP) is no hiring
        decision on a feedback thread (:mod:`mailagent.dialogue.thread_words`).
        """
        gated = union(result.assessment, snap.ctx.reply_text, detector=self.detector)
        gated = without_approval_decision(gated, snap.ctx.reply_text)
        if snap.reopened:
            gated = reopen.corrected(gated, snap.ctx.reply_text, snap.ctx.criteria)
        return result if gated is result.assessment else replace(result, assessment=gated)

    def _wants_phrase(self) -> bool:
        return bool(getattr(self.brain, "rephrase", False)) and hasattr(self.brain, "phrase_result")

    def _phrase(self, ctx: BrainContext, draft: str) -> tuple[str, tuple[ModelCall, ...]]:
        phrased = self.brain.phrase_result(ctx, draft)  # type: ignore[attr-defined]
        return str(phrased.text), tuple(phrased.calls)

    def _draft(
        self,
        session: Session,
        snapshot: _Snapshot,
        thread: Thread,
        row: MailMessage,
        result: BrainResult,
        now: datetime,
    ) -> str:
        """The reply this turn would send, rehearsed in a savepoint that is rolled back."""
        nested = session.begin_nested()
        try:
            result = self._gate(result, snapshot)
            plan, _record = self._apply(
                session, snapshot, thread, result, now, row_id=row.id, actor=row.from_addr
            )
            self._advance(thread, snapshot.interview, plan, now)
            template = reply_template(plan)
            context = self._reply_context(session, snapshot, thread, result.assessment, plan)
            return self.mailer.renderer.text(template, **context)
        finally:
            nested.rollback()

    def _apply(
        self,
        session: Session,
        snap: _Snapshot,
        thread: Thread,
        result: BrainResult,
        now: datetime,
        *,
        row_id: int,
        actor: str,
    ) -> tuple[Plan, AssessmentRecord]:
        # ``result`` has been through gate 1 already (``_gate``, by the caller).
        assessment = result.assessment
        criteria = snap.ctx.criteria
        if snap.reopened:
            plan = decide_correction(assessment)
        else:
            plan = decide(assessment, snap.state, criteria)
        usage = result.usage
        record = AssessmentRecord(
            thread_id=thread.id,
            message_row_id=row_id,
            brain=result.brain,
            fallback_reason=result.fallback_reason,
            data=records.scrubbed(assessment),
            move=plan.move.value,
            reason=plan.reason,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_tokens=usage.cache_read_tokens,
            cache_write_tokens=usage.cache_write_tokens,
            llm_calls=usage.calls,
            model=result.model,
            failure=result.failure,
            prompt_cut=list(result.prompt_cut),
            created_at=now,
        )
        session.add(record)
        session.flush()
        records.apply(
            session,
            thread,
            snap.interview,
            snap.pipeline,
            assessment,
            plan,
            record,
            actor=actor,
            now=now,
        )
        if snap.reopened and plan.move is Move.COMPLETE:
            # The correction's verdicts replace the recorded ones, specific or not.
            reopen.replace_records(
                session, snap.interview.id, assessment, assessment_id=record.id, now=now
            )
        return plan, record

    def _record(
        self,
        session: Session,
        snap: _Snapshot,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        now: datetime,
        result: BrainResult,
        *,
        wording: tuple[str, str] | None = None,
        phrase_calls: tuple[ModelCall, ...] = (),
    ) -> TurnOutcome:
        result = self._gate(result, snap)
        assessment = result.assessment
        interview, _pipeline, _candidate = snap.interview, snap.pipeline, snap.candidate
        plan, record = self._apply(
            session, snap, thread, result, now, row_id=row.id, actor=row.from_addr
        )
        for call in (*result.calls, *phrase_calls):
            session.add(
                ModelCallRecord(
                    assessment_id=record.id,
                    purpose=call.purpose,
                    model=call.model,
                    outcome=call.outcome[:200],
                    input_tokens=call.input_tokens,
                    output_tokens=call.output_tokens,
                    cache_read_tokens=call.cache_read_tokens,
                    cache_write_tokens=call.cache_write_tokens,
                    created_at=now,
                )
            )
            if call.purpose == "phrase":
                record.input_tokens += call.input_tokens
                record.output_tokens += call.output_tokens
                record.cache_read_tokens += call.cache_read_tokens
                record.cache_write_tokens += call.cache_write_tokens
                record.llm_calls += 1
        if plan.move is Move.ESCALATE:
            session.add(
                Escalation(
                    interview_id=interview.id,
                    thread_id=thread.id,
                    message_row_id=row.id,
                    interviewer_email=interview.interviewer_email,
                    categories=sorted({p.category.value for p in assessment.protected}),
                    remarks=[p.quote for p in assessment.protected],
                    created_at=now,
                )
            )
        if result.failure == "configuration":
            self._tell_misconfigured(session, snap, result, now)
        self._advance(thread, interview, plan, now)
        outbox_id = self._reply(
            session, snap, thread, row, email, assessment, plan, now, wording=wording
        )
        return TurnOutcome(plan, result, outbox_id)

    def _tell_misconfigured(
        self, session: Session, snap: _Snapshot, result: BrainResult, now: datetime
    ) -> None:
        """Tell a person, at most once a day, that the model refuses our requests."""
        to = self.admin_email or snap.pipeline.recruiter_email
        self.mailer.queue(
            session,
            kind="claude_misconfigured",
            template="claude_misconfigured",
            to=[to],
            subject="mailagent: Claude refuses its requests; the offline brain answers",
            now=now,
            context={
                "recruiter_name": snap.pipeline.recruiter_name if not self.admin_email else "",
                "reason": result.fallback_reason or "",
                "model": result.model or "",
                "day": now.date().isoformat(),
            },
            thread_id=None,
            interview_id=None,
            dedupe_key=f"claude-misconfigured:{now.date().isoformat()}:{to.lower()}",
        )

    def _advance(self, thread: Thread, interview: Interview, plan: Plan, now: datetime) -> None:
        if plan.move is Move.COMPLETE:
            thread.move_to(
                ThreadStatus.CLOSED_WITH_GAPS if plan.gaps else ThreadStatus.COMPLETE, now
            )
            interview.mark_graded(now)
        else:
            thread.follow_ups += 1
            thread.move_to(ThreadStatus.AWAITING_HM, now)
            interview.state = InterviewState.IN_DIALOGUE
        if plan.move is Move.ESCALATE:
            thread.escalated = True

    def _reply_context(
        self,
        session: Session,
        snap: _Snapshot,
        thread: Thread,
        assessment: Assessment,
        plan: Plan,
    ) -> dict[str, Any]:
        criteria = {c.key: c for c in snap.ctx.criteria}
        return reply_context(
            plan,
            assessment,
            criteria=criteria,
            hm_name=snap.interview.interviewer_name or snap.pipeline.hm_name,
            candidate_name=snap.candidate.name,
            role=snap.pipeline.title,
            recruiter_name=snap.pipeline.recruiter_name,
            escalated=thread.escalated or plan.move is Move.ESCALATE,
            recorded=records.recorded_for_reply(session, snap.interview.id, criteria),
            corrected=snap.reopened,
        )

    def _reply(
        self,
        session: Session,
        snap: _Snapshot,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        assessment: Assessment,
        plan: Plan,
        now: datetime,
        *,
        wording: tuple[str, str] | None = None,
    ) -> int | None:
        interview, pipeline, candidate = snap.interview, snap.pipeline, snap.candidate
        context = self._reply_context(session, snap, thread, assessment, plan)
        template = reply_template(plan)
        draft = self.mailer.renderer.text(template, **context)
        if wording is not None:
            # The wording was made for the rehearsed draft; a different draft keeps its own.
            text = wording[1] if wording[0] == draft else draft
        elif getattr(self.brain, "thinks_remotely", False):
            text = draft
        else:
            text = self.brain.phrase(snap.ctx, draft)
        if text != draft and _new_remarks(self.detector, draft, text):
            # A rewrite that brings a protected remark in (say, quoting the HM) is not used.
            text = draft
        cc = [pipeline.recruiter_email] if plan.cc_recruiter else []
        try:
            out = self.mailer.queue(
                session,
                kind=plan.move.value,
                template=template,
                to=[row.from_addr],
                cc=cc,
                subject=reply_subject(thread.subject),
                now=now,
                context=context,
                token=thread.token,
                thread_id=thread.id,
                interview_id=interview.id,
                in_reply_to=email.message_id,
                references=reply_references(email.references, email.message_id),
                reply=True,
                capped=True,
                text=text,
            )
        except CapReached as exc:
            log.warning("not replying on thread %s: %s", thread.id, exc)
            return None
        if plan.move is Move.ESCALATE:
            self.mailer.queue(
                session,
                kind="escalation_notice",
                template="escalation_notice",
                to=[pipeline.recruiter_email],
                subject=f"Escalation: feedback on {candidate.name}",
                now=now,
                context={
                    **context,
                    "remarks": assessment.protected,
                    "interviewer": interview.interviewer_email,
                },
                thread_id=None,
                interview_id=interview.id,
                dedupe_key=f"escalation:{row.id}",
            )
        return int(out.id) if out is not None else None


def reply_template(plan: Plan) -> str:
    """The Jinja2 template that answers a move."""
    return {
        Move.FOLLOW_UP: "follow_up",
        Move.PUSH_BACK: "push_back",
        Move.ESCALATE: "escalate",
        Move.COMPLETE: "closed_with_gaps" if plan.gaps else "complete",
    }[plan.move]


def reply_context(
    plan: Plan,
    assessment: Assessment,
    *,
    criteria: dict[str, Criterion],
    hm_name: str,
    candidate_name: str,
    role: str,
    recruiter_name: str,
    escalated: bool,
    recorded: list[tuple[Criterion, str, str]],
    corrected: bool = False,
) -> dict[str, Any]:
    """What the reply templates may say: the plan, the criteria it names, the evidence."""
    return {
        "hm_name": hm_name,
        "candidate_name": candidate_name,
        "role": role,
        "plan": plan,
        "ask": [criteria[k] for k in plan.ask if k in criteria],
        "gaps": [criteria[k] for k in plan.gaps if k in criteria],
        "contradictions": assessment.contradictions,
        "criteria": criteria,
        "recorded": recorded,
        "recruiter_name": recruiter_name,
        "escalated": escalated,
        "proposal": plan.propose_amendment,
        "amendment_answer": assessment.amendment_answer,
        # A completion that answers a correction: short, and says what changed.
        "corrected": corrected,
    }


def _new_remarks(detector: Detector, draft: str, text: str) -> bool:
    """True when ``text`` holds a protected remark that ``draft`` does not."""
    known = {h.text.lower() for h in detector(draft)}
    return any(h.text.lower() not in known for h in detector(text))


def _decision(value: str | None) -> Decision | None:
    try:
        return Decision(value) if value else None
    except ValueError:
        return None
