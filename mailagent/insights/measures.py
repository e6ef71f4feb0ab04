"""Measures of one pipeline over a period: pure arithmetic over ``PipelineFacts``.

Nothing here decides anything; :mod:`mailagent.insights.rules` reads these numbers.
Definitions (the tests compute each one by hand):

- *decision* of an interview — its final decision, else the decision the HM stated.
- *rejections of a criterion* — rejected interviews with a recorded ``not_met`` verdict on
  it; ``share_of_rejections`` divides by all rejected interviews of the pipeline.
- *ambiguous verdicts* — verdicts that are ``unclear`` or given without specifics.
- *complete after n replies* — feedback threads whose status is complete and that had n
  accepted HM replies up to their completion; ``complete_within`` is cumulative over all
  feedback threads of the period (n ≤ 1, ≤ 2, ≤ 3).
- *reject rate* — rejects / decided interviews; an interviewer's ``others_rate`` is the
  pooled rate of everyone else in the pipeline.
- *disagreement* — pairs of decided interviews of the same candidate by two different
  interviewers whose decisions differ.

Example::

    >>> m = measure_pipeline(facts)
    >>> m.rejected, m.reject_rate, m.gaps[0].key, m.gaps[0].rejections
    (6, 0.6, 'spark_years', 5)
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from mailagent.insights.facts import AmendmentFact, InterviewFact, PipelineFacts

REPLY_BUCKETS = (1, 2, 3)


def percent(x: float | None) -> str:
    """A share as a whole percentage, rounded half up from three decimals: ``0.4545`` →
    ``"45%"``, ``0.455`` → ``"46%"``; every output rounds through here so they agree."""
    return "–" if x is None else f"{math.floor(round(x, 3) * 100 + 0.5)}%"


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class CriterionGap:
    """How often one criterion was missing in rejected candidates."""

    key: str
    text: str
    kind: str
    rejections: int
    by_interviewer: tuple[tuple[str, int], ...]  # most rejections first
    share_of_rejections: float
    verdicts: int
    ambiguous: int

    @property
    def interviewers(self) -> int:
        return len(self.by_interviewer)

    @property
    def top_interviewer(self) -> str | None:
        return self.by_interviewer[0][0] if self.by_interviewer else None

    @property
    def top_share(self) -> float:
        return self.by_interviewer[0][1] / self.rejections if self.rejections else 0.0

    @property
    def ambiguous_share(self) -> float:
        return self.ambiguous / self.verdicts if self.verdicts else 0.0


@dataclass(frozen=True)
class OffR2Item:
    """One requirement raised by one interviewer, counted by outcome."""

    requirement: str
    interviewer: str
    raised: int
    accepted: int
    declined: int
    versions: tuple[int, ...]  # R2 versions its acceptance created


@dataclass(frozen=True)
class OffR2Summary:
    raised: int
    accepted: int
    declined: int
    pending: int
    items: tuple[OffR2Item, ...]


@dataclass(frozen=True)
class FeedbackQuality:
    threads: int
    complete: int
    completed_after: tuple[tuple[int, int], ...]  # (HM replies, threads); 4 means 4 or more
    complete_within: tuple[tuple[int, float | None], ...]  # cumulative share of all threads
    replies: int
    issues: int
    escalations: int
    graded: int
    median_hours_to_grade: float | None
    max_hours_to_grade: float | None


@dataclass(frozen=True)
class InterviewerStats:
    email: str
    interviews: int
    decided: int
    rejects: int
    reject_rate: float | None
    others_rate: float | None
    replies: int
    issues: int
    issues_by_kind: tuple[tuple[str, int], ...]
    escalations: int
    shared_pairs: int
    disagreements: int

    @property
    def issues_per_reply(self) -> float | None:
        return ratio(self.issues, self.replies)

    @property
    def rate_gap(self) -> float | None:
        """How far this interviewer's reject rate sits above everyone else's."""
        if self.reject_rate is None or self.others_rate is None:
            return None
        return self.reject_rate - self.others_rate


@dataclass(frozen=True)
class Disagreement:
    candidates: int  # candidates decided by two or more interviewers
    pairs: int
    disagreeing: int

    @property
    def rate(self) -> float | None:
        return ratio(self.disagreeing, self.pairs)


@dataclass(frozen=True)
class PipelineMeasures:
    id: str
    title: str
    r2_version: int
    interviews: int
    decided: int
    rejected: int
    gaps: tuple[CriterionGap, ...]
    off_r2: OffR2Summary
    quality: FeedbackQuality
    interviewers: tuple[InterviewerStats, ...]
    disagreement: Disagreement

    @property
    def reject_rate(self) -> float | None:
        return ratio(self.rejected, self.decided)

    def interviewer(self, email: str) -> InterviewerStats | None:
        return next((s for s in self.interviewers if s.email == email), None)


def measure_pipeline(facts: PipelineFacts) -> PipelineMeasures:
    """All measures of one pipeline."""
    decided = [iv for iv in facts.interviews if iv.decision is not None]
    rejected = [iv for iv in decided if iv.decision == "reject"]
    pairs = _decision_pairs(facts.interviews)
    return PipelineMeasures(
        id=facts.id,
        title=facts.title,
        r2_version=facts.r2_version,
        interviews=len(facts.interviews),
        decided=len(decided),
        rejected=len(rejected),
        gaps=criterion_gaps(facts),
        off_r2=off_r2_summary(facts.amendments),
        quality=feedback_quality(facts.interviews),
        interviewers=interviewer_stats(facts.interviews, pairs),
        disagreement=Disagreement(
            candidates=len({a.candidate_id for a, _ in pairs}),
            pairs=len(pairs),
            disagreeing=sum(1 for a, b in pairs if a.decision != b.decision),
        ),
    )


def criterion_gaps(facts: PipelineFacts) -> tuple[CriterionGap, ...]:
    """Rejections per ``not_met`` criterion: must before nice, most rejections first."""
    rejected = [iv for iv in facts.interviews if iv.decision == "reject"]
    per_key: dict[str, Counter[str]] = defaultdict(Counter)
    for iv in rejected:
        for key in set(iv.not_met):
            per_key[key][iv.interviewer] += 1
    verdicts: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    for iv in facts.interviews:
        for v in iv.verdicts:
            verdicts[v.key] += 1
            if v.verdict == "unclear" or not v.specific:
                ambiguous[v.key] += 1
    gaps = []
    for key, by in per_key.items():
        crit = facts.criterion(key)
        total = sum(by.values())
        gaps.append(
            CriterionGap(
                key=key,
                text=crit.text if crit else key,
                # A key the R2 never had is an off-R2 reason recorded as a verdict.
                kind=crit.kind if crit else "off_r2",
                rejections=total,
                by_interviewer=tuple(sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))),
                share_of_rejections=total / len(rejected),
                verdicts=verdicts[key],
                ambiguous=ambiguous[key],
            )
        )
    order = {"must": 0, "nice": 1}
    return tuple(sorted(gaps, key=lambda g: (order.get(g.kind, 2), -g.rejections, g.key)))


def off_r2_summary(amendments: tuple[AmendmentFact, ...]) -> OffR2Summary:
    """Off-R2 requirements by outcome, grouped per interviewer and requirement."""
    groups: dict[tuple[str, str], list[AmendmentFact]] = defaultdict(list)
    for a in amendments:
        groups[(a.interviewer, " ".join(a.requirement.lower().split()))].append(a)
    items = [
        OffR2Item(
            requirement=group[0].requirement,
            interviewer=interviewer,
            raised=len(group),
            accepted=sum(1 for a in group if a.state == "accepted"),
            declined=sum(1 for a in group if a.state == "declined"),
            versions=tuple(sorted({a.r2_version for a in group if a.r2_version is not None})),
        )
        for (interviewer, _), group in groups.items()
    ]
    items.sort(key=lambda i: (-i.raised, i.interviewer, i.requirement.lower()))
    states = Counter(a.state for a in amendments)
    return OffR2Summary(
        raised=len(amendments),
        accepted=states["accepted"],
        declined=states["declined"],
        pending=states["proposed"],
        items=tuple(items),
    )


def feedback_quality(interviews: tuple[InterviewFact, ...]) -> FeedbackQuality:
    """Completion after n replies, issues, escalations and time to grade."""
    threads = [iv for iv in interviews if iv.thread_status is not None]
    after: Counter[int] = Counter()
    for iv in threads:
        if iv.replies_to_complete is not None:
            after[min(iv.replies_to_complete, 4)] += 1
    within = []
    running = after[0]  # A thread completed without any reply is counted from n = 1 on.
    for n in REPLY_BUCKETS:
        running += after[n]
        within.append((n, ratio(running, len(threads))))
    hours = [
        (iv.graded_at - iv.held_at).total_seconds() / 3600
        for iv in interviews
        if iv.graded_at is not None
    ]
    return FeedbackQuality(
        threads=len(threads),
        complete=sum(after.values()),
        completed_after=tuple((n, after[n]) for n in (*REPLY_BUCKETS, 4)),
        complete_within=tuple(within),
        replies=sum(iv.replies for iv in threads),
        issues=sum(len(iv.issues) for iv in interviews),
        escalations=sum(iv.escalations for iv in interviews),
        graded=len(hours),
        median_hours_to_grade=statistics.median(hours) if hours else None,
        max_hours_to_grade=max(hours) if hours else None,
    )


def interviewer_stats(
    interviews: tuple[InterviewFact, ...],
    pairs: list[tuple[InterviewFact, InterviewFact]],
) -> tuple[InterviewerStats, ...]:
    """Strictness and feedback quality per interviewer, by email."""
    by: dict[str, list[InterviewFact]] = defaultdict(list)
    for iv in interviews:
        by[iv.interviewer].append(iv)
    total_decided = sum(1 for iv in interviews if iv.decision is not None)
    total_rejects = sum(1 for iv in interviews if iv.decision == "reject")
    stats = []
    for email in sorted(by):
        own = by[email]
        decided = sum(1 for iv in own if iv.decision is not None)
        rejects = sum(1 for iv in own if iv.decision == "reject")
        kinds = Counter(issue for iv in own for issue in iv.issues)
        mine = [(a, b) for a, b in pairs if email in (a.interviewer, b.interviewer)]
        stats.append(
            InterviewerStats(
                email=email,
                interviews=len(own),
                decided=decided,
                rejects=rejects,
                reject_rate=ratio(rejects, decided),
                others_rate=ratio(total_rejects - rejects, total_decided - decided),
                replies=sum(iv.replies for iv in own),
                issues=sum(kinds.values()),
                issues_by_kind=tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
                escalations=sum(iv.escalations for iv in own),
                shared_pairs=len(mine),
                disagreements=sum(1 for a, b in mine if a.decision != b.decision),
            )
        )
    return tuple(stats)


def _decision_pairs(
    interviews: tuple[InterviewFact, ...],
) -> list[tuple[InterviewFact, InterviewFact]]:
    """Pairs of decided interviews of one candidate by two different interviewers."""
    by_candidate: dict[str, list[InterviewFact]] = defaultdict(list)
    for iv in interviews:
        if iv.decision is not None:
            by_candidate[iv.candidate_id].append(iv)
    return [
        (a, b)
        for cid in sorted(by_candidate)
        for a, b in combinations(by_candidate[cid], 2)
        if a.interviewer != b.interviewer
    ]
