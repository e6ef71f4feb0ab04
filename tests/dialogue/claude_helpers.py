"""Shared test data for the Claude brain tests: an R2, a resume, a context and a fake brain."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import anthropic

from mailagent.dialogue.brain import (
    Assessment,
    BrainContext,
    BrainResult,
    Decision,
    Issue,
    Turn,
)
from mailagent.dialogue.claude import ClaudeBrain
from mailagent.dialogue.claude.capabilities import Capabilities
from mailagent.r2.spec import Criterion, CriterionKind

CRITERIA = (
    Criterion(key="aws", text="Runs production workloads on AWS.", kind=CriterionKind.MUST),
    Criterion(key="terraform", text="Infrastructure as code with Terraform.", kind="must"),
    Criterion(key="kubernetes", text="Operates Kubernetes clusters in production.", kind="must"),
    Criterion(key="incident_response", text="Has led incident response.", kind="nice"),
)

RESUME = """\
Aisha Khan
DevOps Engineer — Manchester, UK

EXPERIENCE
ShopFast — DevOps Engineer — Jan 2020 to Present
- Operates production on AWS (EKS, RDS, IAM, CloudFront) for a 40-service platform.
- Wrote and maintains the company's Terraform modules for VPCs, EKS clusters and RDS.
- Led Kubernetes upgrades from 1.21 to 1.28 with zero downtime; maintains 30+ Helm charts.
- On-call lead since 2022; led incident response for the 2023 checkout outage.

NorthBank — Junior Systems Engineer — Sep 2017 to Dec 2019
- Linux administration, Ansible playbooks.
"""

TERRAFORM_LINE = (
    "- Wrote and maintains the company's Terraform modules for VPCs, EKS clusters and RDS."
)


EMPTY_RECORD: dict[str, Any] = {
    "verdicts": [],
    "issues": [],
    "off_r2": [],
    "contradictions": [],
    "protected": [],
    "decision": None,
    "amendment_answer": None,
    "retracted": [],
    "summary": "",
}


def record(**fields: Any) -> dict[str, Any]:
    """A complete tool input, as a strict tool returns it: every field present.

    Verdicts and contradictions given in short form get their other fields filled in.
    """
    out = {**EMPTY_RECORD, **fields}
    out["verdicts"] = [{"quote": "", "specific": True, **v} for v in out["verdicts"]]
    out["contradictions"] = [{"criterion": None, **c} for c in out["contradictions"]]
    return out


def context(
    reply: str = "No Terraform experience, which the R2 requires.",
    *,
    history: tuple[Turn, ...] = (),
    resume: str = RESUME,
    candidate: str = "Aisha Khan",
) -> BrainContext:
    """A DevOps thread's context for ``reply``."""
    return BrainContext(
        pipeline_title="DevOps Engineer (AWS)",
        criteria=CRITERIA,
        candidate_name=candidate,
        resume_text=resume,
        reply_text=reply,
        as_of=date(2026, 11, 23),
        stated_decision=Decision.REJECT,
        history=history,
    )


def next_turn(ctx: BrainContext, reply: str) -> BrainContext:
    """The same thread one exchange later."""
    history = (*ctx.history, Turn("manager", ctx.reply_text), Turn("agent", "Could you say more?"))
    return replace(ctx, reply_text=reply, history=history)


@dataclass
class FallbackBrain:
    """A typed stand-in for the offline brain that records what it was asked."""

    name: str = "offline"
    seen: list[BrainContext] = field(default_factory=list)

    def assess(self, ctx: BrainContext) -> BrainResult:
        self.seen.append(ctx)
        return BrainResult(assessment=Assessment(issues=[Issue.VAGUE]), brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


@dataclass
class Sleeps:
    """Records the backoff delays instead of sleeping."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def brain(
    client: anthropic.Anthropic,
    *,
    fallback: FallbackBrain | None = None,
    sleeps: Sleeps | None = None,
    max_attempts: int = 3,
    allowed_url_hosts: frozenset[str] = frozenset(),
    model: str = "claude-sonnet-4-6",
    capabilities: Capabilities | None = None,
    cache_ttl: str = "5m",
    rephrase: bool = True,
) -> ClaudeBrain:
    """A ClaudeBrain on ``client`` that never really sleeps (and backs off without jitter)."""
    return ClaudeBrain(
        client=client,
        model=model,
        fallback=fallback or FallbackBrain(),
        max_attempts=max_attempts,
        sleep=sleeps or Sleeps(),
        allowed_url_hosts=allowed_url_hosts,
        capabilities=capabilities,
        cache_ttl="1h" if cache_ttl == "1h" else "5m",
        rephrase=rephrase,
        jitter=lambda: 0.0,
    )
