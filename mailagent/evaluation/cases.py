"""Run a brain over a corpus's single-reply cases and score it.

``reply_text`` turns (case, plan, assessment) into the text the agent would send; the
engine plugs the real rendered reply in. The default joins the plan reason and every
contradiction's evidence line, as the push-back template quotes them verbatim.

>>> report = run_cases(load_corpus(Path("tests/data/corpora/data-eng")), OfflineBrain())
...     # doctest: +SKIP
>>> round(report.macro_f1, 2), round(report.action_accuracy, 2)  # doctest: +SKIP
(0.93, 0.95)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mailagent.dialogue.brain import Assessment, Brain
from mailagent.dialogue.policy import Plan, ThreadState, decide
from mailagent.evaluation.corpus import Case, Corpus
from mailagent.evaluation.metrics import (
    PRF,
    accuracy,
    criteria_f1,
    evidence_hit,
    label_scores,
    macro_f1,
)

ReplyText = Callable[[Case, Plan, Assessment], str]


def default_reply_text(case: Case, plan: Plan, assessment: Assessment) -> str:
    """The plan's reason plus every contradiction's evidence lines."""
    lines = [plan.reason]
    for c in assessment.contradictions:
        lines += c.evidence
    return "\n".join(lines)


@dataclass(frozen=True)
class CaseResult:
    """One case: what was expected and what the brain and policy produced."""

    case: Case
    assessment: Assessment
    plan: Plan
    reply: str
    issues: frozenset[str]
    criteria: frozenset[str]
    evidence_hit: bool | None

    @property
    def ok(self) -> bool:
        return (
            self.issues == {i.value for i in self.case.expect.issues}
            and self.plan.move.value == self.case.expect.action
        )


@dataclass(frozen=True)
class CaseReport:
    """Scores over all cases, with each case's result for inspection."""

    results: tuple[CaseResult, ...]
    labels: dict[str, PRF] = field(default_factory=dict)
    macro_f1: float = 0.0
    action_accuracy: float = 0.0
    criteria: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    evidence_hit_rate: float = 1.0

    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.ok]

    def table(self) -> str:
        """A plain-text summary, one label a line."""
        rows = [f"{'label':20} {'P':>5} {'R':>5} {'F1':>5}"]
        for label, s in self.labels.items():
            rows.append(f"{label:20} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}")
        rows.append(
            f"macro-F1 {self.macro_f1:.3f}  action accuracy {self.action_accuracy:.3f}  "
            f"criteria F1 {self.criteria.f1:.3f}  evidence hit {self.evidence_hit_rate:.3f}"
        )
        return "\n".join(rows)


def run_cases(
    corpus: Corpus, brain: Brain, *, reply_text: ReplyText = default_reply_text
) -> CaseReport:
    """Assess every case with ``brain``, decide with ``policy`` on a fresh thread, score."""
    results: list[CaseResult] = []
    for case in corpus.cases:
        spec = corpus.r2s[case.pipeline]
        ctx = corpus.context(case)
        assessment = brain.assess(ctx).assessment
        plan = decide(assessment, ThreadState(), spec.criteria)
        reply = reply_text(case, plan, assessment)
        hit = evidence_hit(case.expect.evidence, reply) if case.expect.evidence else None
        results.append(
            CaseResult(
                case=case,
                assessment=assessment,
                plan=plan,
                reply=reply,
                issues=frozenset(i.value for i in assessment.issues),
                criteria=frozenset(assessment.criteria),
                evidence_hit=hit,
            )
        )
    expected_issues = [{i.value for i in r.case.expect.issues} for r in results]
    labels = label_scores(expected_issues, [set(r.issues) for r in results])
    hits = [r.evidence_hit for r in results if r.evidence_hit is not None]
    return CaseReport(
        results=tuple(results),
        labels=labels,
        macro_f1=macro_f1(labels),
        action_accuracy=accuracy([r.case.expect.action for r in results],
                                 [r.plan.move.value for r in results]),
        criteria=criteria_f1([set(r.case.expect.criteria) for r in results],
                             [set(r.criteria) for r in results]),
        evidence_hit_rate=sum(hits) / len(hits) if hits else 1.0,
    )
