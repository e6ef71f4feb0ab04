"""One test per recommendation rule and per guard, on facts built by hand (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailagent.insights.facts import (
    AmendmentFact,
    CriterionFact,
    InterviewFact,
    PipelineFacts,
    VerdictFact,
)
from mailagent.insights.measures import measure_pipeline
from mailagent.insights.rules import (
    CRITERION_RULES,
    Action,
    Finding,
    InsightsConfig,
    recommend,
)

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SKILL = CriterionFact("sql", "Advanced SQL in a cloud warehouse.", "must")
YEARS = CriterionFact("spark_years", "2+ years building batch pipelines with Spark.", "must")
CERT = CriterionFact("aws", "Holds an AWS certification.", "must")
TAKE_HOME = CriterionFact("api", "Passes our API-design take-home assessment.", "must")
TRAIT = CriterionFact("critique", "Handles critique well and stays curious.", "must")
NICE = CriterionFact("streaming", "Streaming data (Kafka).", "nice")
OTHER = CriterionFact("other", "Something else entirely.", "must")

_n = 0


def iv(
    who: str,
    decision: str,
    *,
    not_met: tuple[str, ...] = (),
    unclear: tuple[str, ...] = (),
    met: tuple[str, ...] = (),
) -> InterviewFact:
    """One interview; each gets a candidate of its own."""
    global _n
    _n += 1
    verdicts = (
        *(VerdictFact(k, "not_met") for k in not_met),
        *(VerdictFact(k, "unclear") for k in unclear),
        *(VerdictFact(k, "met") for k in met),
    )
    return InterviewFact(
        id=f"iv{_n}",
        candidate_id=f"c{_n}",
        interviewer=who,
        held_at=T0 + timedelta(hours=_n),
        decision=decision,
        verdicts=verdicts,
    )


def rejects(key: str, **per_interviewer: int) -> list[InterviewFact]:
    """``rejects("sql", ana=2, ben=3)``: that many rejections lacking ``key``."""
    return [
        iv(f"{who}@example.com", "reject", not_met=(key,))
        for who, count in per_interviewer.items()
        for _ in range(count)
    ]


def advances(**per_interviewer: int) -> list[InterviewFact]:
    return [
        iv(f"{who}@example.com", "advance")
        for who, count in per_interviewer.items()
        for _ in range(count)
    ]


def findings(
    *interviews: InterviewFact,
    criteria: tuple[CriterionFact, ...] = (SKILL, YEARS, CERT, TAKE_HOME, TRAIT, NICE, OTHER),
    amendments: tuple[AmendmentFact, ...] = (),
    config: InsightsConfig | None = None,
) -> list[Finding]:
    facts = PipelineFacts(
        id="de",
        title="Data Engineer",
        r2_version=1,
        criteria=criteria,
        interviews=interviews,
        amendments=amendments,
    )
    return recommend(measure_pipeline(facts), config)


def only(result: list[Finding], subject: str) -> Finding:
    (finding,) = [f for f in result if f.subject == subject]
    return finding


def test_rule_table_puts_guards_first_and_ends_with_a_catch_all() -> None:
    names = [r.name for r in CRITERION_RULES]
    assert names == [
        "min_sample",
        "outlier_interviewer",
        "personality_gap",
        "edge_case",
        "vague_criterion",
        "years_screen",
        "raise_threshold",
        "skill_assessment",
    ]
    assert [r.guard for r in CRITERION_RULES] == [True] * 3 + [False] * 5


def test_skill_criterion_with_many_rejections_gets_an_assessment() -> None:
    # 6 rejections from 3 interviewers (2 each, top share 33%), all of the pipeline's.
    f = only(findings(*rejects("sql", ana=2, ben=2, cy=2), *advances(ana=2)), "sql")
    assert (f.rule, f.action, f.acted) == ("skill_assessment", Action.ADD_ASSESSMENT, True)
    assert dict(f.evidence)["share_of_rejections"] == 1.0
    assert "6 rejections (100% of the pipeline's) from 3 interviewers" in f.summary


def test_years_criterion_gets_a_screening_question() -> None:
    f = only(findings(*rejects("spark_years", ana=3, ben=2)), "spark_years")
    assert (f.rule, f.action) == ("years_screen", Action.SCREENING_QUESTION)
    assert dict(f.evidence)["criterion_type"] == "years"


def test_credential_criterion_gets_a_screening_question_too() -> None:
    f = only(findings(*rejects("aws", ana=3, ben=2)), "aws")
    assert (f.rule, f.action) == ("years_screen", Action.SCREENING_QUESTION)
    assert dict(f.evidence)["criterion_type"] == "credential"


def test_criterion_an_assessment_already_tests_gets_a_higher_threshold() -> None:
    # The wording names the take-home assessment …
    f = only(findings(*rejects("api", ana=3, ben=2)), "api")
    assert (f.rule, f.action) == ("raise_threshold", Action.RAISE_THRESHOLD)
    # … or the configuration lists the criterion, with or without its pipeline.
    for assessed in ({"sql"}, {"de:sql"}):
        cfg = InsightsConfig(assessed=frozenset(assessed))
        f = only(findings(*rejects("sql", ana=3, ben=2), config=cfg), "sql")
        assert f.rule == "raise_threshold"


def test_criterion_interviewers_keep_judging_unclearly_gets_a_clearer_job_ad() -> None:
    # sql: 5 rejections (ana 3, ben 2) + 3 unclear verdicts in advances → 3 of 8 = 37.5 %,
    # under the 40 % bar; one more unclear verdict makes 4 of 9 = 44 %.
    base = [
        *rejects("sql", ana=3, ben=2),
        *(iv("ana@example.com", "advance", unclear=("sql",)) for _ in range(3)),
    ]
    assert only(findings(*base), "sql").rule == "skill_assessment"
    more = [*base, iv("ben@example.com", "advance", unclear=("sql",))]
    f = only(findings(*more), "sql")
    assert (f.rule, f.action) == ("vague_criterion", Action.CLARIFY_JOB_AD)
    assert dict(f.evidence)["ambiguous_share"] == 0.444


def test_edge_case_does_nothing() -> None:
    # sql lacks in 5 of 26 rejections (19 % < 20 %): an edge case. other: 21 rejections.
    result = findings(*rejects("sql", ana=3, ben=2), *rejects("other", ana=7, ben=7, cy=7))
    f = only(result, "sql")
    assert (f.rule, f.action, f.acted) == ("edge_case", Action.NONE, False)
    # With 5 of 25 (20 %) it is no longer an edge case.
    result = findings(*rejects("sql", ana=3, ben=2), *rejects("other", ana=7, ben=7, cy=6))
    assert only(result, "sql").rule == "skill_assessment"


def test_guard_min_sample_too_few_rejections() -> None:
    # 4 rejections from 2 interviewers: one short of the minimum.
    f = only(findings(*rejects("sql", ana=2, ben=2)), "sql")
    assert (f.rule, f.action, f.acted) == ("min_sample", Action.NONE, False)
    assert "4 rejections" in f.summary and "≥ 5 rejections from ≥ 2 interviewers" in f.summary


def test_guard_min_sample_one_interviewer_only() -> None:
    # 6 rejections, all from ana: not enough interviewers, whatever the count.
    f = only(findings(*rejects("sql", ana=6)), "sql")
    assert f.rule == "min_sample"
    # The minimum is configurable.
    cfg = InsightsConfig(min_rejections=3, min_interviewers=1)
    assert only(findings(*rejects("sql", ana=2, ben=1), config=cfg), "sql").acted


def test_guard_outlier_interviewer_by_share() -> None:
    # tom gives 5 of 7 rejections (71 % ≥ 70 %).
    f = only(findings(*rejects("sql", tom=5, ana=1, ben=1)), "sql")
    assert (f.rule, f.action, f.interviewer) == (
        "outlier_interviewer",
        Action.NONE,
        "tom@example.com",
    )
    assert "5 of the 7 rejections (71%)" in f.summary
    # 4 of 6 (67 %) is under the bar when tom's reject rate is like the others': tom
    # rejects 4 of 8, ana and ben 2 of 4 → both 50 %.
    calm = [*rejects("sql", tom=4, ana=1, ben=1), *advances(tom=4, ana=1, ben=1)]
    f = only(findings(*calm), "sql")
    assert f.rule == "skill_assessment"


def test_guard_outlier_interviewer_by_reject_rate() -> None:
    # tom gives 4 of 7 rejections (57 %, above 50 %) and rejects 4 of 4, while ana and
    # ben reject 3 of 10 → a gap of 100 − 30 = 70 points ≥ 35: held.
    held = [*rejects("sql", tom=4, ana=2, ben=1), *advances(ana=4, ben=3)]
    f = only(findings(*held), "sql")
    assert f.rule == "outlier_interviewer"
    assert "rejects far more often" in f.summary
    # The same share from a tom who advances as often as the others is no outlier:
    # tom 4 of 8 (50 %), others 3 of 10 (30 %) → a gap of 20 points.
    calm = [*held, *advances(tom=4)]
    assert only(findings(*calm), "sql").rule == "skill_assessment"


def test_guard_personality_gap_is_reported_not_acted_on() -> None:
    f = only(findings(*rejects("critique", ana=3, ben=3)), "critique")
    assert (f.rule, f.action, f.acted) == ("personality_gap", Action.REPORT, False)
    assert dict(f.evidence)["criterion_type"] == "personality"


def test_nice_to_have_criteria_are_measured_but_not_acted_on() -> None:
    assert findings(*rejects("streaming", ana=3, ben=3)) == []


def test_accepted_off_r2_requirement_shows_r2_amended_with_its_version() -> None:
    amendments = (
        AmendmentFact("Kubernetes in production", "ben@example.com", "accepted", 3),
        AmendmentFact("dbt", "ben@example.com", "declined"),
    )
    (f,) = findings(amendments=amendments)
    assert (f.rule, f.action, f.subject) == (
        "r2_amended",
        Action.R2_AMENDED,
        "Kubernetes in production",
    )
    assert f.summary.startswith("R2 amended (v3)")
    assert dict(f.evidence)["r2_version"] == 3


def test_requirement_declined_again_and_again_by_one_interviewer_gets_coaching() -> None:
    three = tuple(
        AmendmentFact(r, "tom@example.com", "declined")
        for r in ("Culture fit", "culture  fit", "Culture Fit")
    )
    (f,) = findings(amendments=three)
    assert (f.rule, f.action, f.interviewer) == ("coaching", Action.COACHING, "tom@example.com")
    assert "declined 3 times" in f.summary
    # Twice is not yet "again and again"; three times by three people is not one habit.
    assert findings(amendments=three[:2]) == []
    spread = tuple(
        AmendmentFact("Culture fit", f"{p}@example.com", "declined") for p in ("tom", "ana", "ben")
    )
    assert findings(amendments=spread) == []
