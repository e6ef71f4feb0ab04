"""The offline brain, read like the feedback it checks."""

from __future__ import annotations

from datetime import date

from mailagent.dialogue.brain import (
    AmendmentAnswer,
    Assessment,
    BrainContext,
    Decision,
    Issue,
    ProtectedCategory,
    Turn,
    Verdict,
)
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.dialogue.policy import Move, ThreadState, decide
from mailagent.dialogue.protected import find_protected
from mailagent.r2.spec import Criterion, CriterionKind

discriminatory, useless, vague, subjective = (
    Issue.DISCRIMINATORY, Issue.USELESS, Issue.VAGUE, Issue.SUBJECTIVE)
assumption, off_r2, contradicts = Issue.ASSUMPTION, Issue.OFF_R2, Issue.CONTRADICTS_RESUME
escalate, push_back, follow_up, complete = (
    Move.ESCALATE, Move.PUSH_BACK, Move.FOLLOW_UP, Move.COMPLETE)

# A pipeline none of the shipped corpora use: a mobile engineer.
CRITERIA = (
    Criterion(key="swift_years", text="3+ years shipping iOS apps in Swift."),
    Criterion(key="offline_sync", text="Has built offline-first sync with conflict resolution."),
    Criterion(key="ci_release", text="Owns the release pipeline: CI builds, TestFlight, staged "
              "rollouts.", kind=CriterionKind.NICE),
    Criterion(key="crash_triage", text="Triages crashes from Crashlytics or Sentry and fixes "
              "the root cause."),
)
RESUME = """\
Mina Park
iOS Engineer

EXPERIENCE
Trailhead — Senior iOS Engineer — Feb 2019 to Present
- Swift and SwiftUI app for 1.2M hikers; offline maps with a CRDT-based sync engine.
- Triages Sentry crashes weekly; crash-free sessions up from 97.1% to 99.6%.
- Runs the fastlane release pipeline with TestFlight and staged rollouts.

Appfactory — iOS Developer — Jun 2016 to Jan 2019
- Objective-C and Swift apps for retail clients.
"""


def read(text: str, **ctx: object) -> Assessment:
    context = BrainContext(
        pipeline_title="iOS Engineer",
        criteria=CRITERIA,
        candidate_name="Mina Park",
        resume_text=RESUME,
        reply_text=text,
        as_of=date(2025, 6, 1),
        **ctx,  # type: ignore[arg-type]
    )
    return OfflineBrain().assess(context).assessment


def assert_reads(
    text: str,
    *,
    as_: set[Issue],
    action: Move,
    criteria: set[str] | None = None,
    **ctx: object,
) -> Assessment:
    assessment = read(text, **ctx)
    assert set(assessment.issues) == as_, assessment.summary
    assert decide(assessment, ThreadState(), CRITERIA).move is action
    if criteria is not None:
        assert set(assessment.criteria) == criteria
    return assessment


def test_age_remarks_are_escalated() -> None:
    assert_reads("He's probably too old to keep up", as_={discriminatory}, action=escalate)
    assert_reads("We need digital natives and she isn't one.", as_={discriminatory},
                 action=escalate)


def test_proxies_for_protected_characteristics_are_escalated() -> None:
    for remark in (
        "She'll probably start a family soon.",
        "Her husband works for a competitor, awkward.",
        "She is a mother of three, so evenings are out.",
        "He prays at lunch, which clashes with our standup.",
        "She wears a headscarf, not sure clients will like it.",
        "He is in a wheelchair and the office has stairs.",
        "I'm not sure about where he's from.",
        "Not a native speaker, you notice it.",
    ):
        assert read(remark).has(discriminatory), remark


def test_technical_and_company_uses_are_not_protected() -> None:
    for remark in (
        "The CSV had accented characters and she fixed the parser.",
        "We have an old codebase in Objective-C.",
        "We're a young startup, so expect chaos.",
        "Built a native app with offline sync.",
        "Her cloud-native background is a plus.",
    ):
        assert find_protected(remark) == [], remark


def test_protected_remarks_are_kept_by_category() -> None:
    (remark,) = find_protected("Has a heavy accent that clients might struggle with.")
    assert remark.category is ProtectedCategory.NATIONAL_ORIGIN


def test_a_bare_verdict_is_useless() -> None:
    assert_reads("Not for us, sorry.", as_={useless}, action=follow_up)


def test_an_area_without_specifics_is_vague() -> None:
    assert_reads("Her sync knowledge felt shallow.", as_={vague}, action=follow_up,
                 criteria={"offline_sync"})


def test_impressions_are_subjective() -> None:
    assert_reads("She seemed arrogant and rolled her eyes twice.", as_={subjective},
                 action=follow_up)


def test_guesses_about_the_future_are_assumptions() -> None:
    assert_reads("She'll get bored with a small app and leave.", as_={assumption},
                 action=follow_up)


def test_a_requirement_outside_the_r2_is_named() -> None:
    a = assert_reads("She has never written Kotlin, and Android is next year.",
                     as_={off_r2}, action=follow_up)
    assert a.off_r2 == ["Kotlin"]


def test_a_claim_the_resume_disproves_is_pushed_back_with_its_lines() -> None:
    a = assert_reads("She has never used Sentry.", as_={contradicts}, action=push_back)
    assert any("Sentry crashes" in line for line in a.contradictions[0].evidence)
    assert all(line in RESUME.splitlines() for line in a.contradictions[0].evidence)


def test_short_years_claims_are_counted_against_the_resume() -> None:
    a = assert_reads("Only about two years of Swift, the R2 wants three.", as_={contradicts},
                     action=push_back)
    assert any("Feb 2019" in line for line in a.contradictions[0].evidence)


def test_a_blanket_rejection_of_a_qualified_candidate_is_contradicted() -> None:
    assert_reads("She isn't qualified for this role.", as_={useless, contradicts},
                 action=push_back)


def test_specific_r2_feedback_completes() -> None:
    a = assert_reads(
        "When I asked how she resolves a conflict between two offline edits she described "
        "last-writer-wins only and could not explain the data loss. Offline sync is a must.",
        as_=set(), action=complete, criteria={"offline_sync"})
    assert a.verdicts[0].verdict is Verdict.NOT_MET and a.verdicts[0].specific


def test_a_lone_assumption_next_to_a_specific_reason_completes() -> None:
    assert_reads(
        "She walked me through the Sentry triage that took crash-free sessions to 99.6%. "
        "Hire, though she'll probably want more money in a year.",
        as_={assumption}, action=complete)


def test_stated_decision() -> None:
    assert read("Strong hire, she explained the CRDT sync in depth.").decision is Decision.ADVANCE
    assert read("Not a fit.").decision is Decision.REJECT


def test_amendment_answers() -> None:
    yes = read("Yes, please add Kotlin to the spec.", pending_amendment="Kotlin")
    no = read("No, don't add it, Kotlin is a nice-to-have.", pending_amendment="Kotlin")
    assert (yes.amendment_answer, no.amendment_answer) == (
        AmendmentAnswer.ACCEPT, AmendmentAnswer.DECLINE)
    assert yes.issues == []


def test_meeting_every_must_have_completes() -> None:
    a = read("Then honestly she meets everything. I'll move her forward.")
    assert decide(a, ThreadState(), CRITERIA).move is complete


def test_retraction_withdraws_the_earlier_claim() -> None:
    a = read(
        "Fair, I misread her CV. The real gap: when I asked how she'd stage a rollout she "
        "had no idea what TestFlight groups are.",
        history=(Turn("manager", "She has never used Sentry."),),
    )
    assert a.retracted == ["crash_triage"]
