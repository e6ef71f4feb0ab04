"""Combine the rule reader's assessment with the learned reading into the final one.

The rules keep what needs structure and quotes (protected remarks, contradictions with
their resume lines, off-R2 requirement names, decisions, amendments, withdrawals); the
model decides which issues the reply has and which criteria it speaks to. Where the
model finds a contradiction the rules did not, the resume lines most like the claim are
quoted; with none like it, there is nothing to push back with and the label is dropped.

Verdicts mean what the HM said: each quote is the HM's own clause about that criterion
(the clause that uses the criterion's own words, ``requirements.speaks_to``); a conceded
claim ("OK, he does have X", "scrap that") is withdrawn, never recorded as not met. An
off-R2 label the model reads without a name from the rules gets the name of the thing
the reply says is lacking and no criterion names; with no such thing, the label goes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mailagent.dialogue.brain import (
    Assessment,
    BrainContext,
    Contradiction,
    CriterionVerdict,
    Decision,
    Issue,
    Verdict,
)
from mailagent.dialogue.offline.claims import is_assumption, is_subjective, negative_claims
from mailagent.dialogue.offline.dated import dated_evidence
from mailagent.dialogue.offline.matcher import criterion_scores, speaks_to
from mailagent.dialogue.offline.reader import LearnedReader, Reading
from mailagent.dialogue.offline.requirements import head_terms, requirements
from mailagent.dialogue.offline.stance import polarity
from mailagent.dialogue.offline.text import clauses, lemmas, sentences, skill_terms
from mailagent.r2.spec import CriterionKind

_ORDER = list(Issue)
_REASON_RE = re.compile(
    r"\b(?:real|actual|main|only|true)\s+(?:reason|gap|issue|problem|concern)\b", re.IGNORECASE
)
# The HM grants what an earlier claim denied: that claim is withdrawn, not a gap.
CONCESSION_RE = re.compile(
    r"\b(?:(?:he|she|they|cand)\s+(?:does|do|did)\s+have|(?:he|she|they)\s+(?:has|have)\s+got|"
    r"scrap that|scratch that|take (?:the|your) point|point taken|fair point|i stand corrected|"
    r"(?:isn't|wasn't|aren't|is not|was not)\s+(?:the|a|an|my|our)\s+(?:problem|issue|gap|concern)|"
    r"ok(?:ay)?,? fair|fair enough|i'd (?:skipped|missed)|i missed|my mistake|my bad|"
    r"you're right|you are right|"
    r"(?:is|are|was|were)\s+(?:fine|ok|okay|not the (?:issue|problem))|"
    r"ignore (?:that|what i said))\b",
    re.IGNORECASE,
)

FINE_RE = re.compile(
    r"\b(?:is|are|was|were|'s)\s+(?:(?:totally|perfectly|absolutely|actually|really|all)\s+)?"
    r"(?:fine|ok|okay|good enough|solid|not the (?:issue|problem|gap|concern))\b",
    re.IGNORECASE,
)


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
    if Issue.CONTRADICTS_RESUME not in issues and rules.amendment_answer is None:
        dated = dated_evidence(ctx)
        if dated is not None:
            issues.add(Issue.CONTRADICTS_RESUME)
            contradictions = [_with_criterion(dated, ctx)]
    if Issue.CONTRADICTS_RESUME in issues and not contradictions:
        found = reader.evidence(ctx)
        if found is not None and _about_the_claim(found.claim, found.evidence):
            contradictions = [_with_criterion(found, ctx)]
        else:
            issues.discard(Issue.CONTRADICTS_RESUME)
    if Issue.CONTRADICTS_RESUME not in issues:
        contradictions = []

    verdicts = (
        list(rules.verdicts)
        if _all_musts_met(ctx, rules) or rules.amendment_answer is not None
        else _verdicts(read_ctx, rules, reader, reading, issues)
    )
    if not verdicts and not issues - {Issue.DISCRIMINATORY}:
        # The model finds nothing wrong with the reply but no criterion either: the
        # rules' specific verdicts stand, or a usable reply would be asked again.
        verdicts = [v for v in rules.verdicts if v.specific]
    off_r2 = list(rules.off_r2)
    if Issue.OFF_R2 in issues and not off_r2 and rules.amendment_answer is None:
        off_r2, covered = requirements(read_ctx.reply_text, ctx.criteria)
        if not off_r2 and (covered or any(
            v.specific and v.verdict is Verdict.NOT_MET for v in rules.verdicts
        )):
            # Everything the reply says is lacking, the R2 names: a gap, not off the R2.
            issues.discard(Issue.OFF_R2)
    if Issue.OFF_R2 not in issues:
        off_r2 = []
    retracted = list(rules.retracted)
    if any(CONCESSION_RE.search(s) for s in sentences(read_ctx.reply_text)):
        # "X is fine" grants the criterion: met. Any other concession withdraws the claim.
        verdicts = [v.model_copy(update={"verdict": Verdict.MET}) if v.verdict is not
                    Verdict.MET and FINE_RE.search(v.quote) else v for v in verdicts]
        granted = [v.key for v in verdicts
                   if v.verdict is not Verdict.MET and CONCESSION_RE.search(v.quote)]
        verdicts = [v for v in verdicts if v.key not in granted]
        current = {v.key for v in verdicts}
        earlier = [k for turn in ctx.history if turn.role == "manager"
                   for k in speaks_to(turn.text, ctx.criteria) if k not in current]
        retracted = list(dict.fromkeys(retracted + granted + earlier))
    return rules.model_copy(
        update={
            "issues": [i for i in _ORDER if i in issues],
            "verdicts": verdicts,
            "contradictions": contradictions,
            "off_r2": off_r2,
            "retracted": retracted,
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
    # Each clause speaks to the criteria whose own words it uses.
    own: dict[str, str] = {}
    own_score: dict[str, float] = {}
    for sentence in sentences(ctx.reply_text):
        for clause in clauses(sentence):
            scores = criterion_scores(clause, ctx.criteria)
            for key in speaks_to(clause, ctx.criteria):
                if scores[key] > own_score.get(key, 0.0):
                    own[key], own_score[key] = clause, scores[key]
    keys = [c.key for c in ctx.criteria if reader.speaks_to(reading, c.key)]
    if not keys and not issues and by_key and _REASON_RE.search(ctx.reply_text):
        # "The real reason: ..." after a push-back names a criterion in its own words
        # even where the model reads it as about nothing: the clauses' own criteria.
        keys = [c.key for c in ctx.criteria if c.key in own and c.key in by_key]
    out: list[CriterionVerdict] = []
    for key in keys:
        criterion = next(c for c in ctx.criteria if c.key == key)
        old = by_key.get(key)
        if old is not None and key in own and _score(old.quote, key, ctx) < own_score[key]:
            # The rules quoted a clause that says less about this criterion (or is about
            # another one): quote the clause in this criterion's own words.
            met = polarity(own[key], None)
            old = old.model_copy(update={
                "quote": own[key],
                "verdict": old.verdict if met is None else (Verdict.MET if met
                                                            else Verdict.NOT_MET),
            })
        if old is None:
            quote = own.get(key) or _best_sentence(ctx.reply_text,
                                                   criterion.text + " " + criterion.key)
            met = polarity(quote, default)
            verdict = Verdict.UNCLEAR if met is None else (Verdict.MET if met else Verdict.NOT_MET)
            old = CriterionVerdict(key=key, verdict=verdict, quote=quote)
        # A guess or an impression is not a specific reason, whichever criterion it names.
        explained = (Issue.ASSUMPTION in issues and is_assumption(old.quote)) or (
            Issue.SUBJECTIVE in issues and is_subjective(old.quote))
        out.append(old.model_copy(update={
            "specific": not unspecific and not explained and bool(old.quote)}))
    return out


def _score(quote: str, key: str, ctx: BrainContext) -> float:
    """How much ``quote`` uses ``key``'s own words (0 when it names another's)."""
    return criterion_scores(quote, ctx.criteria).get(key, 0.0)


def _with_criterion(found: Contradiction, ctx: BrainContext) -> Contradiction:
    """The criterion a contradicted claim is about, so its verdict is held as disputed
    (never recorded as not met) until the HM answers the push-back."""
    if found.criterion is not None:
        return found
    keys = speaks_to(found.claim, ctx.criteria)
    return found.model_copy(update={"criterion": keys[0]}) if len(keys) == 1 else found


def _about_the_claim(claim: str, evidence: list[str]) -> bool:
    """A resume line answers a claim when it names the thing the claim denies: its head
    word or a name in it ("a data test or a quality check" → check), not only a word in
    passing ("data" in "load point-of-sale data")."""
    objects = [c.obj for c in negative_claims(claim)]
    if not objects:
        return True
    heads = [k for obj in objects for k in head_terms(obj)]
    if not heads:
        got: set[str] = set()
        for obj in objects:
            got |= skill_terms(obj)
        return any(got & skill_terms(line) for line in evidence)
    return any(k & skill_terms(line) for k in heads for line in evidence)


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
