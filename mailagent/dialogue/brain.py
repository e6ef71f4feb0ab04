"""The Brain protocol and the Assessment both brains produce.

A brain reads one hiring-manager reply in its context and says, in structure, what the
reply contains. It never decides what to do next: that is ``policy``'s job, in plain code.

Example of an assessment of "No Terraform experience, which the R2 requires." for a
candidate whose resume shows Terraform work::

    Assessment(
        verdicts=[CriterionVerdict(key="terraform", verdict="not_met",
                                   quote="No Terraform experience")],
        issues=[Issue.CONTRADICTS_RESUME],
        contradictions=[Contradiction(claim="No Terraform experience", criterion="terraform",
            evidence=["- Wrote and maintains the company's Terraform modules ..."])],
        decision="reject",
    )
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from mailagent.r2.spec import Criterion


class Issue(StrEnum):
    """Problems a reply can have (see the eval corpus README for each one's meaning)."""

    USELESS = "useless"
    VAGUE = "vague"
    SUBJECTIVE = "subjective"
    DISCRIMINATORY = "discriminatory"
    ASSUMPTION = "assumption"
    OFF_R2 = "off_r2"
    CONTRADICTS_RESUME = "contradicts_resume"


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNCLEAR = "unclear"


class Decision(StrEnum):
    ADVANCE = "advance"
    REJECT = "reject"


class ProtectedCategory(StrEnum):
    AGE = "age"
    SEX = "sex"
    PREGNANCY = "pregnancy"
    FAMILY_STATUS = "family_status"
    RELIGION = "religion"
    DISABILITY = "disability"
    NATIONAL_ORIGIN = "national_origin"
    RACE = "race"
    SEXUAL_ORIENTATION = "sexual_orientation"
    GENDER_IDENTITY = "gender_identity"
    MARITAL_STATUS = "marital_status"
    CULTURE_FIT = "culture_fit"


class AmendmentAnswer(StrEnum):
    """How the HM answered our question whether to add an off-R2 requirement."""

    ACCEPT = "accept"
    DECLINE = "decline"


class CriterionVerdict(BaseModel):
    """What the reply says about one R2 criterion, in the HM's own words."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="R2 criterion key")
    verdict: Verdict
    quote: str = Field(default="", description="the HM's own words about this criterion")
    specific: bool = Field(
        default=True,
        description="true when the HM gave concrete evidence, not just a label",
    )


class Contradiction(BaseModel):
    """A claim in the reply that the resume disproves, with the resume lines that do."""

    model_config = ConfigDict(frozen=True)

    claim: str
    criterion: str | None = None
    evidence: list[str] = Field(default_factory=list, description="exact resume lines")


class ProtectedRemark(BaseModel):
    """A remark about a protected characteristic. Escalated, never recorded as a reason."""

    model_config = ConfigDict(frozen=True)

    category: ProtectedCategory
    quote: str


class Assessment(BaseModel):
    """What one HM reply says, in structure. Shared by the offline and Claude brains."""

    model_config = ConfigDict(frozen=True)

    verdicts: list[CriterionVerdict] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    off_r2: list[str] = Field(
        default_factory=list, description="requirements named that are not in the R2"
    )
    contradictions: list[Contradiction] = Field(default_factory=list)
    protected: list[ProtectedRemark] = Field(default_factory=list)
    decision: Decision | None = Field(default=None, description="the decision the HM states")
    amendment_answer: AmendmentAnswer | None = Field(
        default=None,
        description="answer to a pending question whether to add an off-R2 requirement",
    )
    retracted: list[str] = Field(
        default_factory=list,
        description="criterion keys of earlier claims the HM now withdraws",
    )
    summary: str = ""

    @property
    def criteria(self) -> list[str]:
        """The R2 criterion keys this reply speaks to."""
        return [v.key for v in self.verdicts]

    def has(self, issue: Issue) -> bool:
        return issue in self.issues


@dataclass(frozen=True)
class Turn:
    """One message of the thread so far, as the brain sees it."""

    role: Literal["agent", "manager"]
    text: str


@dataclass(frozen=True)
class BrainContext:
    """Everything a brain may read to assess one reply. All text fields are untrusted."""

    pipeline_title: str
    criteria: tuple[Criterion, ...]
    candidate_name: str
    resume_text: str
    reply_text: str
    as_of: date
    stated_decision: Decision | None = None
    history: tuple[Turn, ...] = ()
    # The off-R2 requirement we last asked about, if the thread has an open question.
    pending_amendment: str | None = None
    # Criteria already answered specifically earlier in the thread.
    answered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    calls: int = 0


@dataclass(frozen=True)
class ModelCall:
    """One request to a language model: what it was for, how it ended, what it cost."""

    purpose: Literal["assess", "phrase"]
    model: str
    # "ok", or why the call gave nothing usable ("refusal", "429 rate_limit_error", …).
    outcome: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(frozen=True)
class BrainResult:
    """An assessment plus how it was made (which brain, fallbacks, tokens)."""

    assessment: Assessment
    brain: str
    fallback_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    # The model that answered (or was asked), where a model was involved.
    model: str | None = None
    # Why the model's answer was not used: "transient", "configuration" or "answer".
    failure: Literal["transient", "configuration", "answer"] | None = None
    # Every model request of this turn, in order.
    calls: tuple[ModelCall, ...] = ()
    # Untrusted fields cut to fit the prompt ("reply", "resume", …).
    prompt_cut: tuple[str, ...] = ()


class Brain(Protocol):
    """Reads one reply. Implementations: ``OfflineBrain`` and ``ClaudeBrain``."""

    name: str

    def assess(self, ctx: BrainContext) -> BrainResult:
        """Return what the reply says. Raises ``BrainUnavailable`` on transient failure."""
        ...

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        """Optionally rewrite a templated reply ``draft``; return ``draft`` to keep it."""
        ...
