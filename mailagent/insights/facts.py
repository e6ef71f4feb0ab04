"""Load the rows insights need and turn them into plain, typed facts.

This is the only insights module that talks to the database. Everything downstream
(measures, rules, report) is a pure function over these frozen dataclasses, so a test can
build facts by hand or load them from a small SQLite file and compute the same numbers.

The period is the interviews held on or after ``since`` (UTC midnight); the threads,
replies, assessments, amendment proposals and escalations of those interviews come with
them, so every number in a report speaks about the same set of interviews.

Example (one pipeline, one interview)::

    >>> load_facts(session, pipeline="data-engineer", since=None)[0].interviews[0]
    InterviewFact(id='iv-1', candidate_id='c-1', interviewer='ana@example.com',
        held_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC), decision='reject',
        graded_at=datetime(2026, 3, 3, 10, 0, tzinfo=UTC),
        verdicts=(VerdictFact(key='spark_years', verdict='not_met', specific=True),),
        thread_status='complete', replies=2, replies_to_complete=2,
        issues=('vague',), escalations=0)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import (
    AmendmentProposal,
    AssessmentRecord,
    CriterionRecord,
    Direction,
    Disposition,
    Escalation,
    Interview,
    MailMessage,
    Pipeline,
    R2Criterion,
    R2Version,
    RecordStatus,
    Thread,
    ThreadKind,
    ThreadStatus,
)


@dataclass(frozen=True)
class CriterionFact:
    """One R2 criterion as the pipeline knows it (the newest version that names it)."""

    key: str
    text: str
    kind: str  # "must" or "nice"


@dataclass(frozen=True)
class VerdictFact:
    """The recorded verdict of one interview on one criterion."""

    key: str
    verdict: str  # "met", "not_met" or "unclear"
    specific: bool = True


@dataclass(frozen=True)
class InterviewFact:
    """One interview with what its feedback thread produced."""

    id: str
    candidate_id: str
    interviewer: str
    held_at: datetime
    decision: str | None = None  # final decision, else the stated one
    graded_at: datetime | None = None
    verdicts: tuple[VerdictFact, ...] = ()
    thread_status: str | None = None
    # Accepted HM replies in the feedback thread, in all and up to its completion.
    replies: int = 0
    replies_to_complete: int | None = None
    # Every issue the brain found, one entry per issue per reply.
    issues: tuple[str, ...] = ()
    escalations: int = 0

    @property
    def not_met(self) -> tuple[str, ...]:
        """Criterion keys this interview found the candidate lacking."""
        return tuple(v.key for v in self.verdicts if v.verdict == "not_met")


@dataclass(frozen=True)
class AmendmentFact:
    """One off-R2 requirement an interviewer raised, and what became of it."""

    requirement: str
    interviewer: str
    state: str  # "proposed", "accepted" or "declined"
    r2_version: int | None = None  # the version the acceptance created


@dataclass(frozen=True)
class PipelineFacts:
    """Everything insights knows about one pipeline in the period."""

    id: str
    title: str
    r2_version: int
    criteria: tuple[CriterionFact, ...]
    interviews: tuple[InterviewFact, ...] = ()
    amendments: tuple[AmendmentFact, ...] = ()

    def criterion(self, key: str) -> CriterionFact | None:
        return next((c for c in self.criteria if c.key == key), None)


def period_start(since: date | None) -> datetime | None:
    """UTC midnight of ``since``; ``None`` means all history."""
    return None if since is None else datetime.combine(since, time.min, tzinfo=UTC)


def load_facts(
    session: Session, *, pipeline: str | None, since: date | None
) -> list[PipelineFacts]:
    """Read one pipeline (or all, by id) and the interviews held since ``since``."""
    query = select(Pipeline).order_by(Pipeline.id)
    if pipeline is not None:
        query = query.where(Pipeline.id == pipeline)
    return [_load_pipeline(session, p, period_start(since)) for p in session.scalars(query)]


def _load_pipeline(session: Session, pipeline: Pipeline, start: datetime | None) -> PipelineFacts:
    versions = list(
        session.scalars(
            select(R2Version)
            .where(R2Version.pipeline_id == pipeline.id)
            .order_by(R2Version.version)
        )
    )
    version_no = {v.id: v.version for v in versions}
    # A criterion dropped in a later version still explains old rejections, so the union
    # over all versions is kept, with the newest wording winning.
    criteria: dict[str, CriterionFact] = {}
    for version in versions:
        rows = session.scalars(
            select(R2Criterion)
            .where(R2Criterion.r2_version_id == version.id)
            .order_by(R2Criterion.position)
        )
        for row in rows:
            criteria.pop(row.key, None)
            criteria[row.key] = CriterionFact(key=row.key, text=row.text, kind=row.kind)

    iv_query = select(Interview).where(Interview.pipeline_id == pipeline.id)
    if start is not None:
        iv_query = iv_query.where(Interview.held_at >= start)
    interviews = list(session.scalars(iv_query.order_by(Interview.held_at, Interview.id)))
    ids = [iv.id for iv in interviews]

    verdicts: dict[str, list[VerdictFact]] = defaultdict(list)
    for rec in session.scalars(
        select(CriterionRecord)
        .where(CriterionRecord.interview_id.in_(ids))
        .where(CriterionRecord.status == RecordStatus.RECORDED)
        .order_by(CriterionRecord.criterion_key)
    ):
        verdicts[rec.interview_id].append(
            VerdictFact(key=rec.criterion_key, verdict=rec.verdict, specific=rec.specific)
        )

    threads = {
        t.interview_id: t
        for t in session.scalars(
            select(Thread)
            .where(Thread.interview_id.in_(ids))
            .where(Thread.kind == ThreadKind.FEEDBACK)
            .order_by(Thread.id)
        )
    }
    thread_ids = [t.id for t in threads.values()]
    received: dict[int, list[datetime]] = defaultdict(list)
    for thread_id, at in session.execute(
        select(MailMessage.thread_id, MailMessage.received_at)
        .where(MailMessage.thread_id.in_(thread_ids))
        .where(MailMessage.direction == Direction.IN)
        .where(MailMessage.disposition == Disposition.ACCEPTED)
    ):
        if thread_id is not None:
            received[thread_id].append(at)
    issues: dict[int, list[str]] = defaultdict(list)
    for thread_id, data in session.execute(
        select(AssessmentRecord.thread_id, AssessmentRecord.data)
        .where(AssessmentRecord.thread_id.in_(thread_ids))
        .order_by(AssessmentRecord.id)
    ):
        issues[thread_id].extend(str(i) for i in data.get("issues", []))
    escalations: dict[str, int] = defaultdict(int)
    for (interview_id,) in session.execute(
        select(Escalation.interview_id).where(Escalation.interview_id.in_(ids))
    ):
        escalations[interview_id] += 1

    facts = []
    for iv in interviews:
        thread = threads.get(iv.id)
        replies = sorted(received.get(thread.id, [])) if thread else []
        to_complete: int | None = None
        if thread is not None and thread.status == ThreadStatus.COMPLETE:
            closed = thread.closed_at
            to_complete = len([r for r in replies if closed is None or r <= closed])
        facts.append(
            InterviewFact(
                id=iv.id,
                candidate_id=iv.candidate_id,
                interviewer=iv.interviewer_email.lower(),
                held_at=iv.held_at,
                decision=iv.final_decision or iv.stated_decision,
                graded_at=iv.graded_at,
                verdicts=tuple(verdicts.get(iv.id, ())),
                thread_status=str(thread.status) if thread else None,
                replies=len(replies),
                replies_to_complete=to_complete,
                issues=tuple(issues.get(thread.id, ())) if thread else (),
                escalations=escalations.get(iv.id, 0),
            )
        )

    amendments = [
        AmendmentFact(
            requirement=a.requirement,
            interviewer=a.interviewer_email.lower(),
            state=str(a.state),
            r2_version=version_no.get(a.new_r2_version_id) if a.new_r2_version_id else None,
        )
        for a in session.scalars(
            select(AmendmentProposal)
            .where(AmendmentProposal.interview_id.in_(ids))
            .order_by(AmendmentProposal.proposed_at, AmendmentProposal.id)
        )
    ]
    return PipelineFacts(
        id=pipeline.id,
        title=pipeline.title,
        r2_version=versions[-1].version if versions else 0,
        criteria=tuple(criteria.values()),
        interviews=tuple(facts),
        amendments=tuple(amendments),
    )
