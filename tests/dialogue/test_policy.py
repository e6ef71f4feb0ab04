"""The policy, in plain code: escalate > push_back > follow_up > complete."""

from __future__ import annotations

from mailagent.dialogue.brain import (
    AmendmentAnswer,
    Assessment,
    Contradiction,
    CriterionVerdict,
    Issue,
    Verdict,
)
from mailagent.dialogue.policy import MAX_FOLLOW_UPS, Move, ThreadState, decide
from mailagent.r2.spec import Criterion, CriterionKind

R2 = (
    Criterion(key="sql", text="Strong SQL.", kind=CriterionKind.MUST),
    Criterion(key="airflow", text="Runs Airflow.", kind=CriterionKind.MUST),
    Criterion(key="quality", text="Data tests.", kind=CriterionKind.MUST),
    Criterion(key="python", text="Python.", kind=CriterionKind.NICE),
)
SPECIFIC_SQL = CriterionVerdict(key="sql", verdict=Verdict.NOT_MET, quote="no index plan")
LABEL_SQL = CriterionVerdict(key="sql", verdict=Verdict.NOT_MET, quote="weak SQL", specific=False)


def test_order_escalate_before_push_back_before_follow_up() -> None:
    everything = Assessment(issues=[Issue.VAGUE, Issue.CONTRADICTS_RESUME, Issue.DISCRIMINATORY])
    assert decide(everything, ThreadState(), R2).move is Move.ESCALATE
    assert decide(everything, ThreadState(), R2).cc_recruiter
    contradicted = Assessment(
        issues=[Issue.VAGUE, Issue.CONTRADICTS_RESUME],
        contradictions=[Contradiction(claim="no SQL", evidence=["x"])],
    )
    assert decide(contradicted, ThreadState(), R2).move is Move.PUSH_BACK
    assert decide(Assessment(issues=[Issue.VAGUE]), ThreadState(), R2).move is Move.FOLLOW_UP
    assert decide(Assessment(verdicts=[SPECIFIC_SQL]), ThreadState(), R2).move is Move.COMPLETE


def test_a_follow_up_names_what_the_reply_gestured_at_else_the_unanswered_musts() -> None:
    assert decide(
        Assessment(verdicts=[LABEL_SQL], issues=[Issue.VAGUE]), ThreadState(), R2
    ).ask == ("sql",)
    assert decide(Assessment(issues=[Issue.USELESS]), ThreadState(), R2).ask == (
        "sql",
        "airflow",
        "quality",
    )


def test_a_criterion_answered_specifically_is_never_asked_again() -> None:
    state = ThreadState(answered=frozenset({"sql", "airflow"}), has_signal=True)
    plan = decide(Assessment(issues=[Issue.OFF_R2], off_r2=["Rust"]), state, R2)
    assert plan.move is Move.FOLLOW_UP and plan.propose_amendment == "Rust"
    assert plan.ask == ("quality",)
    vague_again = Assessment(verdicts=[LABEL_SQL], issues=[Issue.VAGUE])
    assert "sql" not in decide(vague_again, state, R2).ask


def test_after_the_last_follow_up_the_thread_closes_with_the_gaps() -> None:
    plan = decide(Assessment(issues=[Issue.USELESS]), ThreadState(follow_ups=MAX_FOLLOW_UPS), R2)
    assert plan.move is Move.COMPLETE
    assert plan.gaps == ("sql", "airflow", "quality") and plan.cc_recruiter


def test_a_lone_assumption_next_to_a_specific_reason_completes_with_a_note() -> None:
    plan = decide(Assessment(verdicts=[SPECIFIC_SQL], issues=[Issue.ASSUMPTION]), ThreadState(), R2)
    assert plan.move is Move.COMPLETE and plan.note
    alone = decide(Assessment(issues=[Issue.ASSUMPTION]), ThreadState(), R2)
    assert alone.move is Move.FOLLOW_UP
    with_vague = Assessment(verdicts=[SPECIFIC_SQL], issues=[Issue.ASSUMPTION, Issue.SUBJECTIVE])
    assert decide(with_vague, ThreadState(), R2).move is Move.FOLLOW_UP


def test_amendment_answers() -> None:
    pending = ThreadState(pending_amendment="Rust", follow_ups=1)
    yes = Assessment(
        amendment_answer=AmendmentAnswer.ACCEPT, off_r2=["Rust"], issues=[Issue.OFF_R2]
    )
    assert decide(yes, pending, R2).move is Move.COMPLETE
    no = Assessment(amendment_answer=AmendmentAnswer.DECLINE)
    plan = decide(no, pending, R2)
    assert plan.move is Move.FOLLOW_UP and "declined" in plan.reason
    meets_all = Assessment(
        verdicts=[
            CriterionVerdict(key=k, verdict=Verdict.MET, specific=False)
            for k in ("sql", "airflow", "quality")
        ],
        decision="advance",  # type: ignore[arg-type]
    )
    assert decide(meets_all, ThreadState(follow_ups=2), R2).move is Move.COMPLETE
