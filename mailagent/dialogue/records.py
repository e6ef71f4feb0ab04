"""What a turn writes to the record: verdicts, withdrawals, R2 amendments, decisions.

Rules kept here, in one place:
- a verdict is recorded only from a reply that is not escalated (a discriminatory reply
  contributes nothing to the record);
- a claim the resume contradicts is recorded as ``disputed``, never as ``not_met``, until
  the HM re-asserts it with specifics;
- a retracted claim is ``withdrawn``;
- an accepted off-R2 requirement creates a new R2 version and is recorded as not met; a
  declined one is recorded on the proposal (insights count it toward coaching).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.dialogue.brain import AmendmentAnswer, Assessment, Verdict
from mailagent.dialogue.policy import Move, Plan, ThreadState
from mailagent.dialogue.protected.gate import scrub_data, scrub_text
from mailagent.models import (
    AmendmentProposal,
    AmendmentState,
    AssessmentRecord,
    CriterionRecord,
    Interview,
    Pipeline,
    RecordStatus,
    Thread,
)
from mailagent.r2.spec import Criterion, CriterionKind
from mailagent.r2.store import amend_r2, current_criteria

REMOVED = "[removed: escalated to the recruiter]"


def thread_state(session: Session, thread: Thread, interview: Interview) -> ThreadState:
    rows = session.scalars(
        select(CriterionRecord).where(
            CriterionRecord.interview_id == interview.id,
            CriterionRecord.status == RecordStatus.RECORDED,
        )
    ).all()
    answered = frozenset(r.criterion_key for r in rows if r.specific)
    return ThreadState(
        follow_ups=thread.follow_ups,
        answered=answered,
        pending_amendment=thread.pending_amendment,
        escalated=thread.escalated,
        has_signal=bool(answered),
    )


def scrubbed(assessment: Assessment) -> dict[str, Any]:
    """The assessment as stored: protected remarks' words never enter the record."""
    data = assessment.model_dump(mode="json")
    quotes = [p.quote for p in assessment.protected if p.quote]
    data["protected"] = [
        {"category": p.category.value, "quote": REMOVED} for p in assessment.protected
    ]
    if quotes:
        for verdict in data["verdicts"]:
            verdict["quote"] = REMOVED
        data["summary"] = ""
    # Whatever a brain wrote, no sentence with a protected remark is stored.
    scrubbed_data: dict[str, Any] = scrub_data(data)
    return scrubbed_data


def _upsert(
    session: Session,
    interview_id: str,
    key: str,
    *,
    verdict: str,
    quote: str,
    specific: bool,
    status: RecordStatus,
    assessment_id: int,
    now: datetime,
) -> None:
    row = session.scalar(
        select(CriterionRecord).where(
            CriterionRecord.interview_id == interview_id, CriterionRecord.criterion_key == key
        )
    )
    if row is None:
        row = CriterionRecord(interview_id=interview_id, criterion_key=key)
        session.add(row)
    elif row.status is RecordStatus.RECORDED and row.specific and not specific:
        # A vague restatement never overwrites a specific answer.
        return
    row.verdict = verdict
    row.quote = scrub_text(quote)
    row.specific = specific
    row.status = status
    row.assessment_id = assessment_id
    row.updated_at = now


def apply(
    session: Session,
    thread: Thread,
    interview: Interview,
    pipeline: Pipeline,
    assessment: Assessment,
    plan: Plan,
    record: AssessmentRecord,
    *,
    actor: str,
    now: datetime,
) -> None:
    keys = {c.key for c in current_criteria(session, pipeline.id)}
    if plan.move is not Move.ESCALATE:
        disputed = {c.criterion for c in assessment.contradictions if c.criterion}
        for v in assessment.verdicts:
            if v.key not in keys or v.verdict is Verdict.UNCLEAR:
                continue
            status = RecordStatus.DISPUTED if v.key in disputed else RecordStatus.RECORDED
            _upsert(
                session,
                interview.id,
                v.key,
                verdict=v.verdict.value,
                quote=v.quote,
                specific=v.specific,
                status=status,
                assessment_id=record.id,
                now=now,
            )
    for key in assessment.retracted:
        row = session.scalar(
            select(CriterionRecord).where(
                CriterionRecord.interview_id == interview.id, CriterionRecord.criterion_key == key
            )
        )
        if row is not None and row.status is not RecordStatus.RECORDED:
            row.status = RecordStatus.WITHDRAWN
            row.updated_at = now
    _amendments(
        session, thread, interview, pipeline, assessment, plan, record, actor=actor, now=now
    )
    if assessment.decision is not None and plan.move is not Move.ESCALATE:
        interview.final_decision = assessment.decision.value
    elif interview.final_decision is None:
        interview.final_decision = interview.stated_decision
    if interview.final_decision == "reject":
        # The candidate-feedback step looks at this application at its next tick.
        interview.draft_check_at = now


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"req_{slug}"


def _amendments(
    session: Session,
    thread: Thread,
    interview: Interview,
    pipeline: Pipeline,
    assessment: Assessment,
    plan: Plan,
    record: AssessmentRecord,
    *,
    actor: str,
    now: datetime,
) -> None:
    pending = thread.pending_amendment
    if pending is not None and assessment.amendment_answer is not None:
        proposal = session.scalar(
            select(AmendmentProposal)
            .where(
                AmendmentProposal.thread_id == thread.id,
                AmendmentProposal.state == AmendmentState.PROPOSED,
            )
            .order_by(AmendmentProposal.id.desc())
        )
        thread.pending_amendment = None
        if proposal is not None:
            proposal.decided_at = now
            proposal.decided_by = actor
            if assessment.amendment_answer is AmendmentAnswer.ACCEPT:
                proposal.state = AmendmentState.ACCEPTED
                key = _slug(pending)
                kind = (
                    CriterionKind.NICE
                    if re.search(r"\bnice[- ]to[- ]have\b", _reply_text(assessment), re.I)
                    else CriterionKind.MUST
                )
                version = amend_r2(
                    session,
                    pipeline.id,
                    Criterion(key=key, text=f"Experience with {pending}.", kind=kind),
                    created_by=actor,
                    thread_id=thread.id,
                    now=now,
                    note=f"added from the feedback thread on interview {interview.id}",
                )
                proposal.new_r2_version_id = version.id
                _upsert(
                    session,
                    interview.id,
                    key,
                    verdict=Verdict.NOT_MET.value,
                    quote=f"No {pending} experience (added to the R2 by the HM)",
                    specific=True,
                    status=RecordStatus.RECORDED,
                    assessment_id=record.id,
                    now=now,
                )
            else:
                proposal.state = AmendmentState.DECLINED
    if plan.propose_amendment is not None:
        thread.pending_amendment = plan.propose_amendment
        session.add(
            AmendmentProposal(
                pipeline_id=pipeline.id,
                thread_id=thread.id,
                interview_id=interview.id,
                interviewer_email=interview.interviewer_email,
                requirement=plan.propose_amendment,
                proposed_at=now,
            )
        )


def _reply_text(assessment: Assessment) -> str:
    return " ".join([assessment.summary, *(v.quote for v in assessment.verdicts)])


def recorded_for_reply(
    session: Session, interview_id: str, criteria: dict[str, Criterion]
) -> list[tuple[Criterion, str, str]]:
    """(criterion, verdict, quote) recorded so far, for the closing summary."""
    rows = session.scalars(
        select(CriterionRecord).where(
            CriterionRecord.interview_id == interview_id,
            CriterionRecord.status == RecordStatus.RECORDED,
        )
    ).all()
    out = []
    for r in rows:
        crit = criteria.get(r.criterion_key) or Criterion(key=r.criterion_key, text=r.criterion_key)
        out.append((crit, r.verdict, r.quote))
    return out
