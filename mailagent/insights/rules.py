"""Measures → recommendations, as two tables you can read top to bottom.

Every finding names the rule that produced it. For each *must* criterion that rejected
candidates lacked, ``CRITERION_RULES`` is tried in order and the first rule that applies
wins. Guards come first: they stop the table and the gap is reported, not acted on.

==================== ===== =============================================== ==================
rule                 type  applies when                                    action
==================== ===== =============================================== ==================
min_sample           guard < 5 rejections, or from < 2 interviewers        none (held)
outlier_interviewer  guard one interviewer gives ≥ 70 % of the rejections, none (held)
                           or ≥ 50 % while rejecting ≥ 35 points more often
                           than the rest of the pipeline (≥ 4 decisions)
personality_gap      guard the criterion is a personality trait (keywords) report only
edge_case            rule  < 20 % of the pipeline's rejections lack it     none
vague_criterion      rule  ≥ 40 % of verdicts on it unclear or unspecific  clarify job ad
years_screen         rule  asks for years of experience or a credential    screening question
raise_threshold      rule  an assessment already tests it (config/wording) raise threshold
skill_assessment     rule  any other skill                                 add an assessment
==================== ===== =============================================== ==================

Off-R2 requirements (``off_r2_findings``): each accepted one gives ``r2_amended`` (shown
with the R2 version it created); a requirement the same interviewer raised and then
declined to add ≥ 3 times gives ``coaching`` for that interviewer. Nice-to-have criteria
are measured but never acted on: missing one is not a reason to reject.

Example::

    >>> [(f.rule, f.action, f.subject) for f in recommend(measures)]
    [('skill_assessment', 'add_assessment', 'warehouse_sql'),
     ('min_sample', 'none', 'orchestration'),
     ('r2_amended', 'r2_amended', 'Kubernetes in production')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from mailagent.insights.measures import (
    CriterionGap,
    InterviewerStats,
    PipelineMeasures,
    percent,
)


class Action(StrEnum):
    ADD_ASSESSMENT = "add_assessment"
    RAISE_THRESHOLD = "raise_threshold"
    CLARIFY_JOB_AD = "clarify_job_ad"
    SCREENING_QUESTION = "screening_question"
    R2_AMENDED = "r2_amended"
    COACHING = "coaching"
    REPORT = "report"  # reported to the recruiter, nothing to change in the funnel
    NONE = "none"  # held by a guard or judged an edge case


ACTED = frozenset(
    {
        Action.ADD_ASSESSMENT,
        Action.RAISE_THRESHOLD,
        Action.CLARIFY_JOB_AD,
        Action.SCREENING_QUESTION,
        Action.R2_AMENDED,
        Action.COACHING,
    }
)


class CriterionType(StrEnum):
    YEARS = "years"
    CREDENTIAL = "credential"
    PERSONALITY = "personality"
    ASSESSED = "assessed"
    SKILL = "skill"


@dataclass(frozen=True)
class InsightsConfig:
    """Thresholds of the rule table. ``assessed`` lists criterion keys (or
    ``pipeline:key``) that a pre-interview assessment already tests."""

    min_rejections: int = 5
    min_interviewers: int = 2
    outlier_share: float = 0.7
    outlier_partial_share: float = 0.5
    outlier_rate_gap: float = 0.35
    outlier_min_decided: int = 4
    edge_share: float = 0.2
    vague_share: float = 0.4
    coaching_min_declines: int = 3
    assessed: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Finding:
    """One line of advice (or a reasoned non-advice), with the rule that produced it."""

    rule: str
    action: Action
    subject: str  # criterion key or off-R2 requirement
    summary: str
    interviewer: str | None = None
    evidence: tuple[tuple[str, str | int | float | None], ...] = ()

    @property
    def acted(self) -> bool:
        return self.action in ACTED


YEARS_RE = re.compile(r"\b\d+\s*\+?\s*(?:years?|yrs?)\b|_years?\b|\byears? of\b", re.I)
CREDENTIAL_RE = re.compile(
    r"\b(?:degree|certif\w*|licen[cs]e\w*|work permit|visa|clearance|bachelor|master)\b", re.I
)
PERSONALITY_RE = re.compile(
    r"\b(?:personality|culture|cultural fit|attitude|curio\w+|humble|humility|passion\w*|"
    r"enthusias\w+|energy|charism\w+|team player|mindset|empath\w+|likeab\w+|friendl\w+|"
    r"handles critique|resilien\w+|ego)\b",
    re.I,
)
ASSESSED_RE = re.compile(r"\b(?:assessment|test score|scores?|pass mark|take-home)\b", re.I)


def criterion_type(gap: CriterionGap, *, pipeline: str, config: InsightsConfig) -> CriterionType:
    """Classify a criterion from its key and wording (and the configured assessments)."""
    words = f"{gap.key.replace('_', ' ')} {gap.text}"
    if gap.key in config.assessed or f"{pipeline}:{gap.key}" in config.assessed:
        return CriterionType.ASSESSED
    if PERSONALITY_RE.search(words):
        return CriterionType.PERSONALITY
    if YEARS_RE.search(f"{gap.key} {gap.text}"):
        return CriterionType.YEARS
    if CREDENTIAL_RE.search(words):
        return CriterionType.CREDENTIAL
    if ASSESSED_RE.search(gap.text):
        return CriterionType.ASSESSED
    return CriterionType.SKILL


def is_strict_outlier(stats: InterviewerStats | None, config: InsightsConfig) -> bool:
    """True when an interviewer rejects far more often than the rest of the pipeline."""
    if stats is None or stats.decided < config.outlier_min_decided or stats.rate_gap is None:
        return False
    return stats.rate_gap >= config.outlier_rate_gap


@dataclass(frozen=True)
class Evidence:
    """What the criterion rules read about one gap."""

    gap: CriterionGap
    ctype: CriterionType
    top_is_strict: bool


Check = Callable[[Evidence, InsightsConfig], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    guard: bool
    applies: Check
    action: Action
    explain: Callable[[Evidence, InsightsConfig], str]


def _counts(e: Evidence) -> str:
    g = e.gap
    return (
        f"{g.rejections} rejection{'s' if g.rejections != 1 else ''} "
        f"({percent(g.share_of_rejections)} of the pipeline's) from "
        f"{g.interviewers} interviewer{'s' if g.interviewers != 1 else ''}"
    )


def _outlier(e: Evidence, c: InsightsConfig) -> bool:
    share = e.gap.top_share
    return share >= c.outlier_share or (share >= c.outlier_partial_share and e.top_is_strict)


CRITERION_RULES: tuple[Rule, ...] = (
    Rule(
        "min_sample",
        True,
        lambda e, c: e.gap.rejections < c.min_rejections or e.gap.interviewers < c.min_interviewers,
        Action.NONE,
        lambda e, c: (
            f"Too little evidence yet: {_counts(e)}; a change needs "
            f"≥ {c.min_rejections} rejections from ≥ {c.min_interviewers} interviewers."
        ),
    ),
    Rule(
        "outlier_interviewer",
        True,
        _outlier,
        Action.NONE,
        lambda e, c: (
            f"Held: {e.gap.top_interviewer} gave {e.gap.by_interviewer[0][1]} of the "
            f"{e.gap.rejections} rejections ({percent(e.gap.top_share)})"
            + (", and rejects far more often than the others" if e.top_is_strict else "")
            + "; calibrate with that interviewer before changing the funnel."
        ),
    ),
    Rule(
        "personality_gap",
        True,
        lambda e, c: e.ctype is CriterionType.PERSONALITY,
        Action.REPORT,
        lambda e, c: (
            f"Reported only: a personality trait no screening step can filter; {_counts(e)}."
        ),
    ),
    Rule(
        "edge_case",
        False,
        lambda e, c: e.gap.share_of_rejections < c.edge_share,
        Action.NONE,
        lambda e, c: f"No change: an edge case, {_counts(e)}.",
    ),
    Rule(
        "vague_criterion",
        False,
        lambda e, c: e.gap.ambiguous_share >= c.vague_share,
        Action.CLARIFY_JOB_AD,
        lambda e, c: (
            f"Clarify this criterion in the job ad: {percent(e.gap.ambiguous_share)} of "
            f"the interviewers' verdicts on it were unclear or unspecific; {_counts(e)}."
        ),
    ),
    Rule(
        "years_screen",
        False,
        lambda e, c: e.ctype in (CriterionType.YEARS, CriterionType.CREDENTIAL),
        Action.SCREENING_QUESTION,
        lambda e, c: (
            f"Add a yes/no screening question on it to the application form; {_counts(e)}."
        ),
    ),
    Rule(
        "raise_threshold",
        False,
        lambda e, c: e.ctype is CriterionType.ASSESSED,
        Action.RAISE_THRESHOLD,
        lambda e, c: f"Raise the pass mark of the assessment that tests it; {_counts(e)}.",
    ),
    Rule(
        "skill_assessment",
        False,
        lambda e, c: True,
        Action.ADD_ASSESSMENT,
        lambda e, c: f"Add a short skills assessment before the interview; {_counts(e)}.",
    ),
)


def criterion_findings(m: PipelineMeasures, config: InsightsConfig) -> list[Finding]:
    """The first matching rule of ``CRITERION_RULES`` for each missed must criterion."""
    findings = []
    for gap in m.gaps:
        if gap.kind != "must":
            continue
        top = m.interviewer(gap.top_interviewer) if gap.top_interviewer else None
        e = Evidence(
            gap=gap,
            ctype=criterion_type(gap, pipeline=m.id, config=config),
            top_is_strict=is_strict_outlier(top, config),
        )
        rule = next(r for r in CRITERION_RULES if r.applies(e, config))
        findings.append(
            Finding(
                rule=rule.name,
                action=rule.action,
                subject=gap.key,
                summary=rule.explain(e, config),
                interviewer=gap.top_interviewer if rule.name == "outlier_interviewer" else None,
                evidence=(
                    ("criterion_type", str(e.ctype)),
                    ("rejections", gap.rejections),
                    ("interviewers", gap.interviewers),
                    ("share_of_rejections", round(gap.share_of_rejections, 3)),
                    ("top_share", round(gap.top_share, 3)),
                    ("ambiguous_share", round(gap.ambiguous_share, 3)),
                ),
            )
        )
    return findings


def off_r2_findings(m: PipelineMeasures, config: InsightsConfig) -> list[Finding]:
    """``r2_amended`` per accepted requirement; ``coaching`` per repeatedly declined one."""
    findings = []
    for item in m.off_r2.items:
        for version in item.versions:
            findings.append(
                Finding(
                    rule="r2_amended",
                    action=Action.R2_AMENDED,
                    subject=item.requirement,
                    interviewer=item.interviewer,
                    summary=f"R2 amended (v{version}): “{item.requirement}” is now a "
                    f"criterion, accepted by {item.interviewer}.",
                    evidence=(("r2_version", version), ("accepted", item.accepted)),
                )
            )
        if item.declined >= config.coaching_min_declines:
            findings.append(
                Finding(
                    rule="coaching",
                    action=Action.COACHING,
                    subject=item.requirement,
                    interviewer=item.interviewer,
                    summary=f"Coach {item.interviewer}: raised “{item.requirement}” "
                    f"{item.raised} times and declined {item.declined} times to add it to "
                    "the R2; either add it or stop judging candidates on it.",
                    evidence=(("raised", item.raised), ("declined", item.declined)),
                )
            )
    return findings


def recommend(m: PipelineMeasures, config: InsightsConfig | None = None) -> list[Finding]:
    """All findings for one pipeline: criterion rules first, then off-R2 rules."""
    cfg = config or InsightsConfig()
    return criterion_findings(m, cfg) + off_r2_findings(m, cfg)
