"""Assessment + thread state → the agent's next move. Plain code, never a model.

The order is fixed: escalate > push_back > follow_up > complete.

- ``escalate``  — any discriminatory content: cc the recruiter, keep the remark out of the
  record and out of anything the candidate sees.
- ``push_back`` — otherwise, a claim the resume contradicts: answer with the evidence.
- ``follow_up`` — otherwise, any other issue, except a lone ``assumption`` next to a
  specific R2 reason: ask for specifics against named R2 criteria, or ask whether an
  off-R2 requirement should be added to the R2.
- ``complete``  — the signal suffices.

After ``MAX_FOLLOW_UPS`` follow-ups a thread closes with the gaps listed and the recruiter
told, rather than asking a fourth time.

>>> from mailagent.dialogue.brain import Assessment, Issue
>>> decide(Assessment(issues=[Issue.USELESS]), ThreadState()).move
<Move.FOLLOW_UP: 'follow_up'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mailagent.dialogue.brain import AmendmentAnswer, Assessment, Issue, Verdict
from mailagent.r2.spec import Criterion, CriterionKind

MAX_FOLLOW_UPS = 3


class Move(StrEnum):
    FOLLOW_UP = "follow_up"
    PUSH_BACK = "push_back"
    ESCALATE = "escalate"
    COMPLETE = "complete"


@dataclass(frozen=True)
class ThreadState:
    """What the thread already holds before this reply."""

    follow_ups: int = 0
    # Criteria the HM has already answered specifically (never asked again).
    answered: frozenset[str] = frozenset()
    # The off-R2 requirement we asked about and await an answer on.
    pending_amendment: str | None = None
    escalated: bool = False
    # True once the thread holds at least one specific, usable reason or verdict.
    has_signal: bool = False


@dataclass(frozen=True)
class Plan:
    """The move and what the reply must say."""

    move: Move
    reason: str
    # R2 criteria to ask about (follow_up) — never ones already answered.
    ask: tuple[str, ...] = ()
    # Off-R2 requirement to ask the HM to add to the R2 (follow_up).
    propose_amendment: str | None = None
    # A one-line note to add when completing (e.g. a lone assumption).
    note: str | None = None
    # Closing because follow-ups are exhausted: the criteria still without signal.
    gaps: tuple[str, ...] = ()
    cc_recruiter: bool = False


def _specific_keys(assessment: Assessment) -> set[str]:
    return {
        v.key
        for v in assessment.verdicts
        if v.specific and v.verdict in (Verdict.MET, Verdict.NOT_MET)
    }


def _usable_issues(assessment: Assessment) -> set[Issue]:
    """Issues that make the feedback unusable as it stands."""
    issues = set(assessment.issues) - {Issue.DISCRIMINATORY, Issue.CONTRADICTS_RESUME}
    # A lone assumption next to a specific R2 reason does not block completion.
    if issues == {Issue.ASSUMPTION} and _specific_keys(assessment):
        issues = set()
    return issues


def _criteria_to_ask(
    assessment: Assessment, criteria: tuple[Criterion, ...], answered: frozenset[str]
) -> tuple[str, ...]:
    """Name the criteria the reply gestured at, else the must-haves not yet answered."""
    done = answered | _specific_keys(assessment)
    touched = [v.key for v in assessment.verdicts if v.key not in done]
    if touched:
        return tuple(dict.fromkeys(touched))
    musts = [c.key for c in criteria if c.kind is CriterionKind.MUST and c.key not in done]
    rest = [c.key for c in criteria if c.kind is not CriterionKind.MUST and c.key not in done]
    return tuple((musts or rest)[:3])


def decide(
    assessment: Assessment,
    state: ThreadState,
    criteria: tuple[Criterion, ...] = (),
) -> Plan:
    """Choose the next move for one reply."""
    if assessment.has(Issue.DISCRIMINATORY):
        return Plan(
            Move.ESCALATE,
            "discriminatory remark: recruiter brought in, remark kept out of the record",
            ask=_criteria_to_ask(assessment, criteria, state.answered)
            if not _specific_keys(assessment)
            else (),
            cc_recruiter=True,
        )
    if assessment.has(Issue.CONTRADICTS_RESUME):
        return Plan(Move.PUSH_BACK, "a claim the resume contradicts")

    issues = _usable_issues(assessment)
    answered_amendment = (
        state.pending_amendment is not None and assessment.amendment_answer is not None
    )
    if answered_amendment and assessment.amendment_answer is AmendmentAnswer.ACCEPT:
        # The HM confirmed the off-R2 reason and it is now an R2 criterion: that is signal.
        return Plan(Move.COMPLETE, f"the HM added {state.pending_amendment} to the R2")
    if Issue.OFF_R2 in issues and assessment.off_r2:
        requirement = assessment.off_r2[0]
        if not (answered_amendment and requirement == state.pending_amendment):
            return _follow_up_or_close(
                state,
                criteria,
                assessment,
                reason=f"off-R2 requirement: {requirement}",
                propose_amendment=requirement,
            )
        issues.discard(Issue.OFF_R2)

    if issues:
        return _follow_up_or_close(
            state,
            criteria,
            assessment,
            reason="feedback is " + ", ".join(sorted(i.value for i in issues)),
        )

    note = None
    if assessment.has(Issue.ASSUMPTION):
        note = "a guess about the candidate's future choices was not recorded as a reason"
    accepted = answered_amendment and assessment.amendment_answer is AmendmentAnswer.ACCEPT
    if (
        _specific_keys(assessment)
        or state.has_signal
        or accepted
        or _all_musts_met(assessment, criteria)
    ):
        return Plan(Move.COMPLETE, "the signal suffices", note=note)
    reason = "no R2 criterion addressed specifically"
    if answered_amendment:
        reason = "the off-R2 reason was declined, so no usable reason is left"
    return _follow_up_or_close(state, criteria, assessment, reason=reason)


def _all_musts_met(assessment: Assessment, criteria: tuple[Criterion, ...]) -> bool:
    """The HM states every must-have is met (e.g. "she meets everything, move her on")."""
    musts = {c.key for c in criteria if c.kind is CriterionKind.MUST}
    met = {v.key for v in assessment.verdicts if v.verdict is Verdict.MET}
    return bool(musts) and musts <= met and assessment.decision is not None


def _follow_up_or_close(
    state: ThreadState,
    criteria: tuple[Criterion, ...],
    assessment: Assessment,
    *,
    reason: str,
    propose_amendment: str | None = None,
) -> Plan:
    ask = _criteria_to_ask(assessment, criteria, state.answered)
    if state.follow_ups >= MAX_FOLLOW_UPS:
        return Plan(
            Move.COMPLETE,
            f"{MAX_FOLLOW_UPS} follow-ups asked; closing with the gaps listed",
            gaps=ask,
            cc_recruiter=True,
        )
    return Plan(Move.FOLLOW_UP, reason, ask=ask, propose_amendment=propose_amendment)


def decide_correction(assessment: Assessment) -> Plan:
    """The move for a reply to a completion mail that is more than a thank-you.

    The same order holds: a protected remark is escalated (and nothing of the reply is
    recorded), a claim the resume contradicts is pushed back on. Otherwise the thread
    completes again: with the verdicts replaced when the reply states any, or as it was
    when nothing in it could be read as a change (the HM is told so, and asked again).

    >>> from mailagent.dialogue.brain import CriterionVerdict
    >>> decide_correction(Assessment(verdicts=[CriterionVerdict(key="k", verdict=Verdict.MET)]))
    Plan(move=<Move.COMPLETE: 'complete'>, reason='corrected by the HM', ask=(), \
propose_amendment=None, note=None, gaps=(), cc_recruiter=False)
    """
    if assessment.has(Issue.DISCRIMINATORY):
        return Plan(
            Move.ESCALATE,
            "discriminatory remark in a correction: recruiter brought in, nothing recorded",
            cc_recruiter=True,
        )
    if assessment.has(Issue.CONTRADICTS_RESUME):
        return Plan(Move.PUSH_BACK, "a correction the resume contradicts")
    stated = [v for v in assessment.verdicts if v.verdict in (Verdict.MET, Verdict.NOT_MET)]
    if stated or assessment.retracted:
        return Plan(Move.COMPLETE, "corrected by the HM")
    return Plan(Move.COMPLETE, "no change read from the reply; the record stands")
