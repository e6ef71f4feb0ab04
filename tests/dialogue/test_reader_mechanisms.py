"""The learned reader's plain-code mechanisms: whose words a sentence uses, what a reply
needs that the R2 does not name, conceded claims, and claims dated roles disprove."""

from __future__ import annotations

from datetime import date

import pytest

from mailagent.dialogue.brain import BrainContext, Issue, Turn, Verdict
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.dialogue.offline.dated import claimed_start, dated_against
from mailagent.dialogue.offline.matcher import speaks_to
from mailagent.dialogue.offline.reader import LearnedReader
from mailagent.dialogue.offline.requirements import uncovered_requirements
from mailagent.dialogue.offline.text import skill_terms
from mailagent.r2.spec import Criterion, CriterionKind

# A pipeline none of the corpora use: a platform engineer with two cloud criteria.
PLATFORM = (
    Criterion(key="aws", text="Runs production workloads on AWS: IAM, VPC networking, RDS."),
    Criterion(key="terraform", text="Writes Terraform modules for shared infrastructure."),
    Criterion(key="kubernetes", text="Operates Kubernetes clusters: upgrades, autoscaling, "
              "pod scheduling."),
    Criterion(key="incidents", text="Leads incident response and writes blameless postmortems.",
              kind=CriterionKind.NICE),
)
PLATFORM_RESUME = """\
Lee Chen
Platform Engineer

Experience
Platform Engineer, Northwind Cloud — Mar 2019 to Present
- Wrote the Terraform modules for 40 AWS accounts (VPC, IAM, RDS).
- Runs EKS clusters for 60 services; upgraded Kubernetes 1.24 to 1.29.
- On-call lead since 2022; wrote 14 postmortems.
Site Reliability Engineer, Tally Ltd — Jan 2016 to Feb 2019
- Tuned PostgreSQL queries behind the billing API.
"""


def ctx(reply: str, *, history: tuple[Turn, ...] = (), decision: str | None = "reject",
        criteria: tuple[Criterion, ...] = PLATFORM, resume: str = PLATFORM_RESUME
        ) -> BrainContext:
    from mailagent.dialogue.brain import Decision

    return BrainContext(
        pipeline_title="Platform Engineer",
        criteria=criteria,
        candidate_name="Lee Chen",
        resume_text=resume,
        reply_text=reply,
        as_of=date(2026, 6, 1),
        stated_decision=None if decision is None else Decision(decision),
        history=history,
    )


needs_model = pytest.mark.skipif(LearnedReader.load() is None, reason="model.npz not trained")


# --- a sentence speaks to the criterion whose own words it uses ---------------------------

def test_a_sentence_about_pods_is_filed_under_kubernetes_not_aws() -> None:
    assert speaks_to("he could not explain how pod scheduling works on EKS", PLATFORM) == [
        "kubernetes"
    ]


def test_a_terraform_sentence_is_not_an_aws_verdict() -> None:
    assert speaks_to("his Terraform modules were copy-pasted", PLATFORM) == ["terraform"]


def test_a_sentence_with_no_criterion_words_speaks_to_none() -> None:
    assert speaks_to("nice enough chap", PLATFORM) == []


# --- off the R2 by meaning --------------------------------------------------------------

def test_a_needed_requirement_in_plain_words_is_named() -> None:
    assert uncovered_requirements("We need fluent German for the Frankfurt clients.",
                                  PLATFORM) == ["German"]


def test_a_lacked_certification_is_named_by_its_code() -> None:
    assert uncovered_requirements("No CKA certification, and the client insists on it.",
                                  PLATFORM) == ["CKA"]


def test_a_shared_head_keeps_the_thing_lacked() -> None:
    crits = (Criterion(key="conveyancing", text="3+ years in residential and commercial "
                       "conveyancing."),)
    assert uncovered_requirements("No retail or commercial leasing experience.", crits) == [
        "commercial leasing"
    ]


def test_a_gap_the_r2_names_is_not_off_r2() -> None:
    assert uncovered_requirements("He has never operated a Kubernetes cluster.", PLATFORM) == []


# --- conceded and withdrawn claims ------------------------------------------------------

@needs_model
def test_a_conceded_claim_is_withdrawn_not_recorded_as_not_met() -> None:
    history = (Turn(role="agent", text="How did it go?"),
               Turn(role="manager", text="No Terraform at all, so no."),
               Turn(role="agent", text="The resume says: Wrote the Terraform modules..."))
    reply = ("OK, he does have Terraform. The real gap was Kubernetes: he could not explain "
             "how pod scheduling works and had never run a cluster upgrade himself.")
    a = OfflineBrain().assess(ctx(reply, history=history)).assessment
    verdicts = {v.key: v for v in a.verdicts}
    assert "terraform" not in verdicts or verdicts["terraform"].verdict is Verdict.MET
    assert "terraform" in a.retracted
    assert verdicts["kubernetes"].verdict is Verdict.NOT_MET
    assert "pod scheduling" in verdicts["kubernetes"].quote


@needs_model
def test_scrap_that_withdraws_the_earlier_claim() -> None:
    history = (Turn(role="manager", text="He has never touched AWS networking."),)
    reply = ("Scrap that, I mixed him up with another candidate. The real issue: he could not "
             "say how he would run a blameless postmortem after an outage.")
    a = OfflineBrain().assess(ctx(reply, history=history)).assessment
    assert "aws" in a.retracted
    assert all(v.key != "aws" or v.verdict is not Verdict.NOT_MET for v in a.verdicts)


@needs_model
def test_x_is_fine_is_met_and_quotes_that_sentence() -> None:
    reply = ("The AWS side is fine, he clearly knows IAM and VPC design. But he could not "
             "explain how pod scheduling works in Kubernetes, so no.")
    a = OfflineBrain().assess(ctx(reply)).assessment
    verdicts = {v.key: v for v in a.verdicts}
    assert verdicts["aws"].verdict is Verdict.MET
    assert "AWS" in verdicts["aws"].quote and "pod" not in verdicts["aws"].quote
    assert verdicts["kubernetes"].verdict is Verdict.NOT_MET


# --- claims the resume's dated roles disprove -------------------------------------------

def test_only_two_years_allows_a_start_two_years_back() -> None:
    assert claimed_start("She has only 2 years of teaching.", 2026) == 2024.0
    assert claimed_start("He's only been teaching since 2024.", 2026) == 2024.0
    assert claimed_start("He is weak on Kubernetes.", 2026) is None


def test_a_role_dated_years_earlier_disproves_only_two_years() -> None:
    role = "Platform Engineer, Northwind Cloud — Mar 2019 to Present"
    assert dated_against("Only 2 years of platform work.", role, 2026)
    assert not dated_against("Only 2 years of platform work.", "Joined in 2025", 2026)


def test_spelling_variants_fold_to_one_skill() -> None:
    assert "postgresql" in skill_terms("No real experience with Postgres performance")
    assert "oncall" in skill_terms("never been on call")
    assert skill_terms("no legal qualifications") & skill_terms("Bachelor of Laws (Hons)")


@needs_model
def test_only_two_years_against_a_dated_role_is_contradicted_with_the_role_quoted() -> None:
    resume = PLATFORM_RESUME
    reply = "He's only got 2 years of platform engineering, not enough to run our clusters."
    a = OfflineBrain().assess(ctx(reply, resume=resume)).assessment
    assert Issue.CONTRADICTS_RESUME in a.issues
    quoted = [line for c in a.contradictions for line in c.evidence]
    assert any("2019" in line or "2016" in line for line in quoted)


@needs_model
def test_isnt_the_problem_withdraws_the_earlier_claim() -> None:
    history = (Turn(role="manager", text="He has never written a Terraform module."),)
    reply = ("ok fair, I'd missed the Northwind modules, so Terraform isn't the problem. The "
             "real gap is incidents: he could not describe a single postmortem he wrote.")
    a = OfflineBrain().assess(ctx(reply, history=history)).assessment
    assert "terraform" in a.retracted
    assert all(v.key != "terraform" for v in a.verdicts)


@needs_model
def test_a_contradicted_claim_names_its_criterion_so_it_is_held_as_disputed() -> None:
    reply = "He's never touched Kubernetes, so no."
    a = OfflineBrain().assess(ctx(reply)).assessment
    assert Issue.CONTRADICTS_RESUME in a.issues
    assert [c.criterion for c in a.contradictions] == ["kubernetes"]
