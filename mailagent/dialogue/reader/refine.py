"""Combine the rule reader's assessment with the learned reading into the final one.

The rules keep what needs structure and quotes (protected remarks, contradictions with
their resume lines, off-R2 requirement names, decisions, amendments, withdrawals); the
model decides which issues the reply has and which criteria it speaks to. Where the
model finds a contradiction the rules did not, the resume lines most like the claim are
quoted; with none like it, there is nothing to push back with and the label is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from mailagent.dialogue.brain import (
    Assessment,
    BrainContext,
    CriterionVerdict,
    Decision,
    Issue,
    Verdict,
)
from mailagent.dialogue.offline_match import polarity
from mailagent.dialogue.offline_text import sentences
from mailagent.dialogue.reader.features import lemmas
from mailagent.dialogue.reader.model import LearnedReader, Reading
from mailagent.r2.spec import CriterionKind

_ORDER = list(Issue)


def refine(ctx: BrainContext, rules: Assessment, reader: LearnedReader) -> Assessment:
    # A protected remark is the detector's to handle; the model reads the rest.
    remarks = [p.quote for p in rules.protected]
    kept = [s for s in sentences(ctx.reply_text) if not any(q in s or s in q for q in remarks)]
    if remarks and not "".join(kept).strip():
        return rules
    read_ctx = replace(ctx, reply_text=" ".join(kept)) if remarks else ctx
    reading = reader.read(read_ctx, rules)
    issues = {Issue(label) for label in reader.labels if reader.has(reading, label)}
    if _all_musts_met(ctx, rules):
        # "She meets everything, move her forward": the rules read that statement.
        issues -= {Issue.USELESS, Issue.VAGUE}
    if Issue.DISCRIMINATORY in rules.issues:
        issues.add(Issue.DISCRIMINATORY)
    if rules.amendment_answer is not None:
        # An answer to "add it to the R2?" is read by the rules alone.
        issues = set(rules.issues)

    contradictions = list(rules.contradictions)
    if Issue.CONTRADICTS_RESUME in issues and not contradictions:
        found = reader.evidence(ctx)
        if found is not None:
            contradictions = [found]
        else:
            issues.discard(Issue.CONTRADICTS_RESUME)
    if Issue.CONTRADICTS_RESUME not in issues:
        contradictions = []

    verdicts = (
        list(rules.verdicts)
        if _all_musts_met(ctx, rules)
        else _verdicts(read_ctx, rules, reader, reading, issues)
    )
    off_r2 = list(rules.off_r2) if Issue.OFF_R2 in issues else []
    return rules.model_copy(
        update={
            "issues": [i for i in _ORDER if i in issues],
            "verdicts": verdicts,
            "contradictions": contradictions,
            "off_r2": off_r2,
        }
    )


def _verdicts(
    ctx: BrainContext,
    rules: Assessment,
    reader: LearnedReader,
    reading: Reading,
    issues: set[Issue],
) -> list[CriterionVerdict]:
    unspecific = bool(issues & {Issue.USELESS, Issue.VAGUE})
    basis = rules.decision or ctx.stated_decision
    default = None if basis is None else basis is Decision.ADVANCE
    by_key = {v.key: v for v in rules.verdicts}
    out: list[CriterionVerdict] = []
    for criterion in ctx.criteria:
        if not reader.speaks_to(reading, criterion.key):
            continue
        old = by_key.get(criterion.key)
        if old is None:
            quote = _best_sentence(ctx.reply_text, criterion.text + " " + criterion.key)
            met = polarity(quote, default)
            verdict = Verdict.UNCLEAR if met is None else (Verdict.MET if met else Verdict.NOT_MET)
            old = CriterionVerdict(key=criterion.key, verdict=verdict, quote=quote)
        out.append(old.model_copy(update={"specific": not unspecific and bool(old.quote)}))
    return out


def _all_musts_met(ctx: BrainContext, rules: Assessment) -> bool:
    musts = {c.key for c in ctx.criteria if c.kind is CriterionKind.MUST}
    met = {v.key for v in rules.verdicts if v.verdict is Verdict.MET}
    return bool(musts) and musts <= met and rules.decision is not None


def _best_sentence(text: str, about: str) -> str:
    target = lemmas(about)
    best, best_score = "", -1
    for sentence in sentences(text):
        score = len(lemmas(sentence) & target)
        if score > best_score:
            best, best_score = sentence.strip(), score
    return best
