"""A claim the resume disproves is pushed back with the resume line that disproves it, in
whatever spelling, word form or abbreviation the HM wrote it (issue #13's findings)."""

from __future__ import annotations

from datetime import date

from mailagent.dialogue.brain import BrainContext, Decision, Issue, Turn, Verdict
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.dialogue.offline.claims import claim_sentences, negative_claims
from mailagent.dialogue.offline.dated import claimed_start
from mailagent.r2.spec import Criterion, CriterionKind

SRE = (
    Criterion(key="databases", text="Tunes relational databases for performance."),
    Criterion(key="incidents", text="Carries the pager for production systems and runs "
              "incident response."),
    Criterion(key="enterprise", text="Onboards enterprise customers onto the platform.",
              kind=CriterionKind.NICE),
)
SRE_RESUME = """\
Dana Roe
Site Reliability Engineer

Experience
Site Reliability Engineer, Tally Ltd — Apr 2019 to Present
- Tuned PostgreSQL queries behind the billing API; p99 down from 900 ms to 120 ms.
- On-call lead since 2022; ran 30 incident reviews.
- Onboarded 12 enterprise customers onto the platform.
"""
WAREHOUSE = (
    Criterion(key="supervision", text="Has supervised a shift team of 20 or more."),
    Criterion(key="safety", text="Holds a current forklift licence."),
)
WAREHOUSE_RESUME = """\
Sam Okafor
Warehouse Shift Supervisor, ParcelPeak — Apr 2020 to Present
- Supervises 38 associates across inbound and pick/pack.
Army Logistics Corporal — 2014 to 2020
- Supervised 6 soldiers in a field supply unit.
"""


def read(reply: str, criteria: tuple[Criterion, ...] = SRE, resume: str = SRE_RESUME,
         history: tuple[Turn, ...] = ()) -> list[str]:
    ctx = BrainContext(pipeline_title="SRE", criteria=criteria, candidate_name="Dana Roe",
                       resume_text=resume, reply_text=reply, as_of=date(2026, 6, 1),
                       stated_decision=Decision.REJECT, history=history)
    a = OfflineBrain().assess(ctx).assessment
    assert Issue.CONTRADICTS_RESUME in a.issues, [i.value for i in a.issues]
    return [line for c in a.contradictions for line in c.evidence]


def test_postgres_is_postgresql() -> None:
    quoted = read("No real experience with Postgres performance, so it's a no from me.")
    assert any("Tuned PostgreSQL queries" in line for line in quoted)


def test_on_call_is_on_call_however_it_is_hyphenated() -> None:
    quoted = read("She has never been on call, so I'd pass.")
    assert any("On-call lead since 2022" in line for line in quoted)


def test_an_enterprise_customer_is_one_of_the_enterprise_customers() -> None:
    quoted = read("She never onboarded an enterprise customer. No.")
    assert any("12 enterprise customers" in line for line in quoted)


def test_a_contraction_without_its_apostrophe_is_still_a_denial() -> None:
    assert [c.obj for c in negative_claims("doesnt have any postgres experience")] == [
        "postgres experience"]
    assert claim_sentences("she hasnt tuned a query in her life")
    quoted = read("doesnt have any postgres experience")
    assert any("PostgreSQL" in line for line in quoted)


def test_a_verb_is_the_claim_when_its_object_names_no_one() -> None:
    quoted = read("never supervised anybody before parcelpeak", criteria=WAREHOUSE,
                  resume=WAREHOUSE_RESUME)
    assert any("Supervised 6 soldiers" in line or "Supervises 38" in line for line in quoted)


def test_only_a_year_or_so_in_a_role_against_a_role_dated_six_years_back() -> None:
    assert claimed_start("only been a sup for a year or so, not enough", 2026) == 2025.0
    assert claimed_start("only 2 yrs as a planner", 2026) == 2024.0
    quoted = read("only been a supervisor for a year or so, he was a lead before that. "
                  "not enough", criteria=WAREHOUSE, resume=WAREHOUSE_RESUME)
    assert any("2020" in line or "2014" in line for line in quoted)


def test_x_is_fine_after_a_push_back_is_met_not_dropped() -> None:
    history = (Turn(role="manager", text="He has no real database tuning experience."),
               Turn(role="agent", text="The resume says: Tuned PostgreSQL queries..."))
    ctx = BrainContext(pipeline_title="SRE", criteria=SRE, candidate_name="Dana Roe",
                       resume_text=SRE_RESUME, as_of=date(2026, 6, 1), history=history,
                       reply_text="OK, the database tuning is fine. The real gap is incident "
                       "response: she could not say how she would run a major incident call.")
    a = OfflineBrain().assess(ctx).assessment
    verdicts = {v.key: v for v in a.verdicts}
    assert verdicts.get("databases") is None or verdicts["databases"].verdict is Verdict.MET
    assert verdicts["incidents"].verdict is Verdict.NOT_MET
    assert "incident" in verdicts["incidents"].quote


def test_a_missing_phd_is_not_disproved_by_another_degree_or_an_llm() -> None:
    from mailagent.dialogue.offline.contra import find_contradictions
    from mailagent.dialogue.offline.matcher import Matcher
    from mailagent.r2.resume import parse_resume

    resume = parse_resume("Sam Okafor\nEXPERIENCE\nAcme — ML engineer — 2019 to now\n"
                          "- Built the LLM evaluation harness.\nEDUCATION\n"
                          "BSc Computer Science, 2018")
    found = find_contradictions("He doesn't have a PhD, and I'd like someone who publishes.",
                                resume, Matcher(SRE), date(2026, 6, 1))
    assert found == []


def test_never_led_one_refers_back_and_is_no_claim_about_leading() -> None:
    # "one" stands for the incident just named: a line saying he "led upgrades" does not
    # disprove it (the demo's second conversation).
    claims = negative_claims("he had never led one and had never written a postmortem")
    assert all(c.verb != "led" for c in claims)
    assert [c.obj for c in negative_claims("never supervised anybody before parcelpeak")] == [
        "anybody"]


def test_a_line_must_name_the_thing_denied_not_share_a_word_in_passing() -> None:
    from mailagent.dialogue.offline.refine import _about_the_claim

    claim = "she had never written a data test or a quality check of any kind."
    assert not _about_the_claim(claim, ["Maintains 60 DAGs that load point-of-sale data."])
    assert _about_the_claim(claim, ["Added row-count checks to every load."])
