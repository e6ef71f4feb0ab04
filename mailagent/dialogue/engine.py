"""One dialogue turn: context → brain → policy → records → reply, in one transaction.

The caller (intake) owns the transaction: the thread's new state and the reply's outbox
row commit together, so a crash before the commit redoes the whole turn and a crash after
it leaves exactly the stored reply to deliver.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.dialogue import records
from mailagent.dialogue.brain import (
    Assessment,
    Brain,
    BrainContext,
    BrainResult,
    Decision,
    Turn,
)
from mailagent.dialogue.policy import Move, Plan, decide
from mailagent.dialogue.protected import detect
from mailagent.dialogue.protected.gate import Detector, union
from mailagent.inbox.parse import InboundEmail
from mailagent.models import (
    AssessmentRecord,
    Candidate,
    Escalation,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    Pipeline,
    Thread,
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


class DialogueEngine:
    def __init__(
        self,
        *,
        brain: Brain,
        mailer: Mailer,
        as_of: datetime | None = None,
        detector: Detector = detect,
    ) -> None:
        self.brain = brain
        # Gate 1: the protected-remark detector, unioned with whatever the brain found.
        self.detector = detector
        self.mailer = mailer
        # The date resumes are read "as of" (years of experience); defaults to the turn time.
        self.as_of = as_of

    def __call__(
        self,
        session: Session,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        now: datetime,
    ) -> None:
        self.handle(session, thread, row, email, now)

    def handle(
        self,
        session: Session,
        thread: Thread,
        row: MailMessage,
        email: InboundEmail,
        now: datetime,
    ) -> TurnOutcome | None:
        if row.sender_role == "recruiter" or thread.is_closed:
            # The recruiter's own notes, and late mail on a closed thread, are kept on the
            # thread but start no turn.
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
        result = self.brain.assess(ctx)
        assessment = union(result.assessment, ctx.reply_text, detector=self.detector)
        plan = decide(assessment, state, criteria)
        record = AssessmentRecord(
            thread_id=thread.id,
            message_row_id=row.id,
            brain=result.brain,
            fallback_reason=result.fallback_reason,
            data=records.scrubbed(assessment),
            move=plan.move.value,
            reason=plan.reason,
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
            cache_read_tokens=result.usage.cache_read_tokens,
            cache_write_tokens=result.usage.cache_write_tokens,
            llm_calls=result.usage.calls,
            created_at=now,
        )
        session.add(record)
        session.flush()
        records.apply(
            session,
            thread,
            interview,
            pipeline,
            assessment,
            plan,
            record,
            actor=row.from_addr,
            now=now,
        )
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
        self._advance(thread, interview, plan, now)
        outbox_id = self._reply(
            session, ctx, thread, interview, pipeline, candidate, row, email, assessment, plan, now
        )
        return TurnOutcome(plan, result, outbox_id)

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

    def _reply(
        self,
        session: Session,
        ctx: BrainContext,
        thread: Thread,
        interview: Interview,
        pipeline: Pipeline,
        candidate: Candidate,
        row: MailMessage,
        email: InboundEmail,
        assessment: Assessment,
        plan: Plan,
        now: datetime,
    ) -> int | None:
        criteria = {c.key: c for c in ctx.criteria}
        context = reply_context(
            plan,
            assessment,
            criteria=criteria,
            hm_name=interview.interviewer_name or pipeline.hm_name,
            candidate_name=candidate.name,
            role=pipeline.title,
            recruiter_name=pipeline.recruiter_name,
            escalated=thread.escalated,
            recorded=records.recorded_for_reply(session, interview.id, criteria),
        )
        template = reply_template(plan)
        draft = self.mailer.renderer.text(template, **context)
        text = self.brain.phrase(ctx, draft)
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
