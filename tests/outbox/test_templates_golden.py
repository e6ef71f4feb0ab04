"""Every mail template rendered with a realistic context and compared with a checked-in
text (``tests/outbox/golden/<kind>.txt``), so whitespace is reviewed like code.

After changing a template on purpose, run ``MAILAGENT_UPDATE_GOLDEN=1 pytest
tests/outbox/test_templates_golden.py`` and read every changed file as its recipient
would before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from mailagent.dialogue.brain import (
    AmendmentAnswer,
    Contradiction,
    ProtectedCategory,
    ProtectedRemark,
)
from mailagent.dialogue.policy import Move, Plan
from mailagent.jobs.feedback_lint import LintFinding
from mailagent.outbox.render import Renderer, templates_dir
from mailagent.r2.spec import Criterion, CriterionKind

GOLDEN = Path(__file__).parent / "golden"

TERRAFORM = Criterion(key="terraform", text="Infrastructure as code with Terraform.")
K8S = Criterion(
    key="kubernetes",
    text="Runs Kubernetes in production: Helm, cluster upgrades, troubleshooting.",
)
SCRIPTING = Criterion(
    key="scripting", text="Automation scripting in Python or Bash.", kind=CriterionKind.NICE
)
CRITERIA = [TERRAFORM, K8S, SCRIPTING]

ROW = SimpleNamespace(
    id=42,
    kind="candidate_feedback",
    to_addrs=["aisha.khan@example.org"],
    subject="Your interview for DevOps Engineer (AWS / Kubernetes)",
    message_id="<cf.42@hire.example>",
    last_error="550 5.1.1 mailbox unavailable",
)
DRAFT = (
    "Dear Aisha,\n\nThank you for interviewing with us for the DevOps Engineer role.\n\n"
    "Kind regards,\nThe hiring team"
)
CONTRA = Contradiction(
    claim="No Terraform experience.",
    criterion="terraform",
    evidence=[
        "Wrote and maintains the company's Terraform modules for VPCs, EKS clusters and RDS.",
    ],
)
FINDING = SimpleNamespace(describe=lambda: 'age: "at her age"')

CONTEXTS: dict[str, dict[str, Any]] = {
    "send_blocked": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "version": 2,
        "recruiter_name": "Lena Brandt",
        "hits": [
            SimpleNamespace(
                category=ProtectedCategory.AGE, sentence="At 58 she may find the pace hard."
            )
        ],
    },
    "claude_misconfigured": {
        "recruiter_name": "Lena Brandt",
        "reason": "401 authentication_error: invalid x-api-key",
        "model": "claude-sonnet-4-6",
        "day": "2026-06-01",
    },
    "feedback_request": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "criteria": CRITERIA,
    },
    "reminder": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "held_on": "2026-06-01",
        "criteria": CRITERIA,
        "recruiter_cc": True,
        "recruiter_name": "Lena Brandt",
        "days": 6,
        "throttle_warning": True,
        "throttle_days": 7,
    },
    "follow_up": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "ask": [K8S, SCRIPTING],
        "proposal": None,
        "plan": Plan(Move.FOLLOW_UP, "feedback is vague, subjective", ask=("kubernetes",)),
    },
    "push_back": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "contradictions": [CONTRA],
        "criteria": {c.key: c for c in CRITERIA},
    },
    "escalate": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "recruiter_name": "Lena Brandt",
        "contradictions": [CONTRA],
        "ask": [K8S],
    },
    "escalation_notice": {
        "recruiter_name": "Lena Brandt",
        "interviewer": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "remarks": [ProtectedRemark(category=ProtectedCategory.AGE, quote="she's 58")],
    },
    "complete": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "recorded": [
            (K8S, "not_met", "She could not explain how she'd roll back a failed Helm upgrade."),
            (TERRAFORM, "met", ""),
        ],
        "amendment_answer": AmendmentAnswer.ACCEPT,
        "plan": Plan(Move.COMPLETE, "specific"),
        "corrected": False,
    },
    "complete_corrected": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "recorded": [
            (TERRAFORM, "met", "Terraform was fine"),
            (K8S, "not_met", "the gap was Kubernetes"),
        ],
        "amendment_answer": None,
        "plan": Plan(Move.COMPLETE, "corrected by the HM"),
        "corrected": True,
        "template": "complete",
    },
    "closed_with_gaps": {
        "hm_name": "Grace Obi",
        "recruiter_name": "Lena Brandt",
        "gaps": [K8S, SCRIPTING],
    },
    "approval_request": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "version": 1,
        "expires_on": "2026-06-15",
        "body": DRAFT,
    },
    "approval_reminder": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "expires_on": "2026-06-15",
        "body": DRAFT,
    },
    "approval_expired": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "days": 14,
    },
    "approval_blocked": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "findings": [FINDING, LintFinding("third_person", "his", "His Kubernetes was thin.")],
        "version": 2,
    },
    "approval_skipped": {"hm_name": "Grace Obi", "candidate_name": "Aisha Khan"},
    "approval_stale": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "version": 1,
        "state": "superseded",
    },
    "approval_unclear": {"hm_name": "Grace Obi", "candidate_name": "Aisha Khan"},
    "candidate_feedback": {
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "interviews": 1,
        "points": [
            SimpleNamespace(
                criteria=[K8S.text],
                evidence=[
                    "We asked you to walk us through a failing Helm upgrade, and you could "
                    "not explain how you'd roll it back."
                ],
            ),
            SimpleNamespace(criteria=[SCRIPTING.text], evidence=[]),
        ],
    },
    "rejection_notice": {
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "reason": "role_filled",
        "detail": "",
    },
    "no_candidate_address": {
        "recruiter_name": "Lena Brandt",
        "candidate_name": "Aisha Khan",
        "candidate_id": "aisha-khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
    },
    "bounce_notice": {
        "recruiter_name": "Lena Brandt",
        "address": "grace.obi@example.com",
        "pipeline_title": "DevOps Engineer (AWS / Kubernetes)",
    },
    "delivery_failure": {"recruiter_name": "Lena Brandt", "row": ROW},
    "uncertain_notice": {"recruiter_name": "Lena Brandt", "row": ROW, "checked_sent_folder": True},
    "ooo_pause_notice": {
        "recruiter_name": "Lena Brandt",
        "interviewer": "Grace Obi (grace.obi@example.com)",
        "address": "grace.obi@example.com",
        "subject": "Automatic reply: Feedback on Aisha Khan",
        "until": "2 July 2026",
        "stated": "31 December 2099",
        "capped": True,
        "max_days": 30,
        "pipelines": [("DevOps Engineer (AWS / Kubernetes)", 3), ("Platform Engineer", 1)],
    },
    "unattributed_notice": {
        "sender": "attacker@evil.example",
        "subject": "Re: Feedback on Aisha Khan [#ma-abc123]",
        "reason": "attacker@evil.example may not speak on thread 7",
        "message_row_id": 31,
    },
    "throttle_notice": {
        "hm_name": "Grace Obi",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "week": "2026-W24",
        "next_week": "2026-W25",
        "days": 7,
        "overdue": [
            SimpleNamespace(candidate="Aisha Khan", held_on="2026-06-01", interviewer="Grace Obi"),
            SimpleNamespace(candidate="Lee Chen", held_on="2026-06-02", interviewer="Tom Reed"),
        ],
        "recruiter_name": "Lena Brandt",
    },
    "throttle_restored": {
        "hm_name": "Grace Obi",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "week": "2026-W25",
    },
    "calendar_cancelled": {
        "hm_name": "Grace Obi",
        "candidate_name": "Aisha Khan",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "summary": "Interview: Aisha Khan [R2:devops-aws]",
        "recruiter_name": "Lena Brandt",
    },
    "calendar_needs_pipeline": {
        "organizer_name": "Lena Brandt",
        "summary": "Interview: Aisha Khan",
        "when": "Tue 02 Jun 2026 09:00 UTC",
        "pipelines": [
            SimpleNamespace(id="devops-aws", title="DevOps Engineer (AWS / Kubernetes)"),
            SimpleNamespace(id="platform", title="Platform Engineer"),
        ],
    },
    "calendar_needs_resume": {
        "recruiter_name": "Lena Brandt",
        "candidate_name": "Bo Chen",
        "candidate_email": "bo.chen@mail.example",
        "candidate_id": "bo-chen",
        "role": "DevOps Engineer (AWS / Kubernetes)",
        "summary": "Interview: Bo Chen [R2:devops-aws]",
        "when": "Tue 02 Jun 2026 10:00 UTC",
    },
    "calendar_refused": {
        "recruiter_name": "Lena Brandt",
        "sender": "mallory@evil.example",
        "organizer": "mallory@evil.example",
        "summary": "Interview: Aisha Khan [R2:devops-aws]",
        "reason": "From mallory@evil.example is not in internal_domains",
        "message_row_id": 42,
    },
    "digest": {
        "recruiter_name": "Lena Brandt",
        "week": "2026-W24",
        "since": "2026-03-02",
        "lines": [
            "DevOps Engineer (AWS / Kubernetes): 1 interview graded, 2 waiting.",
            "Kubernetes is the criterion most often not met (3 of 5 rejections).",
        ],
    },
    "web_signin": {
        "link": "https://hire.example.com/recruiting/signin/eyJlIjoibGVuYSJ9.c2ln",
        "minutes": 15,
    },
}


def _kinds() -> list[str]:
    return sorted(
        p.name.removesuffix(".txt.j2")
        for p in templates_dir().glob("*.txt.j2")
        if not p.name.startswith("_")
    )


def _render(kind: str) -> str:
    """A context may name its template: one template, several situations."""
    context = dict(CONTEXTS[kind])
    template = context.pop("template", kind)
    return Renderer(signature="Acme Recruiting").text(template, **context)


def test_every_template_has_a_golden_context() -> None:
    assert sorted({c.get("template", k) for k, c in CONTEXTS.items()}) == _kinds()


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_template_renders_as_checked_in(kind: str) -> None:
    text = _render(kind)
    golden = GOLDEN / f"{kind}.txt"
    if os.environ.get("MAILAGENT_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file for {kind}: run with MAILAGENT_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_no_list_item_runs_into_the_next(kind: str) -> None:
    """The trim_blocks trap: ``{% endif %}`` at a line's end eats the newline."""
    text = _render(kind)
    for line in text.splitlines():
        assert ".- " not in line and ")- " not in line, line
    # Commands for the recruiter (indented or in backticks) may name the program; prose
    # may not: the organisation's name signs the mail.
    prose = re.sub(r"`[^`]*`", "", text)
    prose = "\n".join(ln for ln in prose.splitlines() if not ln.startswith("    "))
    assert "mailagent" not in prose.replace("mailagent.toml", ""), prose
