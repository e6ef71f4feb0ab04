"""Write hiring history straight as rows: pipelines, R2 versions, interviews, threads.

``HistoryWriter`` writes one pipeline, R2 version, interview (with its feedback thread,
HM replies, assessments and recorded verdicts), amendment proposal or escalation at a
time. ``mailagent.demo.history.simulate_history`` and the insights tests build their
data with it.

Example::

    >>> w = HistoryWriter(session)
    >>> w.pipeline("de", "Data Engineer", [("sql", "Advanced SQL.", "must")], at=t0).version
    1
    >>> w.interview("iv-1", pipeline_id="de", candidate="c-1", interviewer="ana@example.com",
    ...             held_at=t0, decision="reject", verdicts={"sql": "not_met"},
    ...             replies=[["vague"], []]).status
    <ThreadStatus.COMPLETE: 'complete'>
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import (
    AmendmentProposal,
    AmendmentState,
    AssessmentRecord,
    Candidate,
    CriterionRecord,
    Direction,
    Disposition,
    Escalation,
    Interview,
    InterviewState,
    MailMessage,
    Pipeline,
    R2Criterion,
    R2Version,
    RecordStatus,
    Thread,
    ThreadStatus,
)

CriterionRow = tuple[str, str, str]  # (key, text, kind)
REPLY_DELAY = timedelta(hours=20)
REPLY_GAP = timedelta(hours=24)


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


@dataclass
class HistoryWriter:
    """Writes history rows into ``session`` (flushing for ids, never committing)."""

    session: Session

    def pipeline(
        self, pipeline_id: str, title: str, criteria: Sequence[CriterionRow], *, at: datetime
    ) -> R2Version:
        """A pipeline and its R2 version 1."""
        self.session.add(
            Pipeline(
                id=pipeline_id,
                title=title,
                hm_name="Hiring Manager",
                hm_email=f"hm@{pipeline_id}.example.com",
                recruiter_name="Jonas Weber",
                recruiter_email="jonas.weber@example.com",
                created_at=at,
            )
        )
        return self.r2_version(pipeline_id, 1, criteria, by="import", at=at)

    def r2_version(
        self,
        pipeline_id: str,
        version: int,
        criteria: Sequence[CriterionRow],
        *,
        by: str,
        at: datetime,
        thread_id: int | None = None,
        note: str = "",
    ) -> R2Version:
        row = R2Version(
            pipeline_id=pipeline_id,
            version=version,
            created_at=at,
            created_by=by,
            source_thread_id=thread_id,
            note=note,
        )
        self.session.add(row)
        self.session.flush()
        for pos, (key, text, kind) in enumerate(criteria):
            self.session.add(
                R2Criterion(r2_version_id=row.id, key=key, text=text, kind=kind, position=pos)
            )
        self.session.flush()
        return row

    def interview(
        self,
        interview_id: str,
        *,
        pipeline_id: str,
        candidate: str,
        interviewer: str,
        held_at: datetime,
        decision: str | None,
        verdicts: Mapping[str, str] | None = None,
        unspecific: Sequence[str] = (),
        replies: Sequence[Sequence[str]] = (),
        complete: bool = True,
        escalated: bool = False,
    ) -> Thread:
        """An interview and its feedback thread.

        ``replies`` lists the issues of each HM reply; reply n arrives 20 h + (n-1) days
        after the interview. A complete thread closes (and the interview is graded) at
        its last reply; otherwise it waits for the HM.
        """
        if self.session.get(Candidate, candidate) is None:
            self.session.add(Candidate(id=candidate, name=candidate.title(), created_at=held_at))
        times = [held_at + REPLY_DELAY + n * REPLY_GAP for n in range(len(replies))]
        done = complete and bool(replies)
        iv = Interview(
            id=interview_id,
            pipeline_id=pipeline_id,
            candidate_id=candidate,
            interviewer_email=interviewer,
            interviewer_name=interviewer.split("@")[0].replace(".", " ").title(),
            held_at=held_at,
            state=InterviewState.GRADED
            if done
            else (InterviewState.IN_DIALOGUE if replies else InterviewState.REQUESTED),
            stated_decision=decision,
            final_decision=decision if done else None,
            graded_at=times[-1] if done else None,
            request_sent_at=held_at + timedelta(hours=1),
            created_at=held_at,
        )
        status = (
            ThreadStatus.COMPLETE
            if done
            else (ThreadStatus.AWAITING_HM if replies else ThreadStatus.OPEN)
        )
        thread = Thread(
            interview_id=interview_id,
            token=_hash("token", interview_id)[:32],
            status=status,
            subject=f"Feedback on {candidate.title()}",
            follow_ups=max(len(replies) - 1, 0),
            escalated=escalated,
            created_at=held_at,
            updated_at=times[-1] if times else held_at,
            closed_at=times[-1] if done else None,
        )
        self.session.add_all([iv, thread])
        self.session.flush()
        self.message(thread, at=held_at + timedelta(hours=1), direction=Direction.OUT)
        for n, (issues, at) in enumerate(zip(replies, times, strict=True)):
            msg = self.message(thread, at=at, sender=interviewer)
            last = n == len(replies) - 1
            self.session.add(
                AssessmentRecord(
                    thread_id=thread.id,
                    message_row_id=msg.id,
                    brain="offline",
                    data={
                        "verdicts": [],
                        "issues": list(issues),
                        "off_r2": [],
                        "decision": decision,
                    },
                    move="complete" if last and done else "follow_up",
                    created_at=at,
                )
            )
        for key, verdict in (verdicts or {}).items():
            self.session.add(
                CriterionRecord(
                    interview_id=interview_id,
                    criterion_key=key,
                    verdict=verdict,
                    specific=key not in unspecific,
                    status=RecordStatus.RECORDED,
                    updated_at=times[-1] if times else held_at,
                )
            )
        if escalated:
            self.session.flush()
            self.escalation(thread)
        self.session.flush()
        return thread

    def message(
        self,
        thread: Thread,
        *,
        at: datetime,
        sender: str = "feedback@mailagent.example.com",
        direction: Direction = Direction.IN,
        disposition: Disposition = Disposition.ACCEPTED,
    ) -> MailMessage:
        """One message of a thread; inbound ones count as HM replies when accepted."""
        row = MailMessage(
            direction=direction,
            content_hash=_hash(thread.id, at.isoformat(), direction, sender),
            message_id=f"<{_hash(thread.id, at.isoformat(), direction)[:24]}@example.com>",
            thread_id=thread.id,
            from_addr=sender,
            subject=thread.subject,
            disposition=disposition,
            received_at=at,
            processed_at=at,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def amendment(
        self,
        thread: Thread,
        *,
        requirement: str,
        state: AmendmentState,
        at: datetime,
        new_version: R2Version | None = None,
    ) -> AmendmentProposal:
        """An off-R2 requirement raised in ``thread`` and what the HM answered."""
        iv = self.session.get(Interview, thread.interview_id)
        assert iv is not None, "an amendment needs the thread's interview"
        row = AmendmentProposal(
            pipeline_id=iv.pipeline_id,
            thread_id=thread.id,
            interview_id=iv.id,
            interviewer_email=iv.interviewer_email,
            requirement=requirement,
            state=state,
            proposed_at=at,
            decided_at=None if state is AmendmentState.PROPOSED else at + timedelta(hours=3),
            decided_by=None if state is AmendmentState.PROPOSED else iv.interviewer_email,
            new_r2_version_id=new_version.id if new_version else None,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def escalation(self, thread: Thread) -> Escalation | None:
        """Escalate the thread's first HM reply (as a discriminatory remark would be)."""
        first = self.session.scalars(
            select(MailMessage)
            .where(MailMessage.thread_id == thread.id, MailMessage.direction == Direction.IN)
            .order_by(MailMessage.received_at)
        ).first()
        iv = self.session.get(Interview, thread.interview_id)
        if first is None or iv is None:
            return None
        thread.escalated = True
        row = Escalation(
            interview_id=iv.id,
            thread_id=thread.id,
            message_row_id=first.id,
            interviewer_email=iv.interviewer_email,
            categories=["age"],
            remarks=["(the remark is kept for the recruiter only)"],
            created_at=first.received_at,
        )
        self.session.add(row)
        self.session.flush()
        return row
