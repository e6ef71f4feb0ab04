"""The rule reader: one reply's structure, read with patterns and lexicons, no model.

It works on R2s it has never seen: criterion matching comes from each criterion's own text
expanded through ``resources.CONCEPTS``, not from a list of known criteria. Its
assessment is what the learned reader refines (``refine``), and its findings are features
of that reader.

>>> from datetime import date
>>> from mailagent.dialogue.brain import BrainContext
>>> from mailagent.r2.spec import Criterion
>>> ctx = BrainContext(pipeline_title="DevOps", candidate_name="Lee", resume_text="",
...     criteria=(Criterion(key="kubernetes", text="Runs Kubernetes in production."),),
...     reply_text="Strong hire: he ran our Kubernetes upgrade.", as_of=date(2025, 6, 1))
>>> a = assess(ctx)
>>> a.decision.value, [(v.key, v.verdict.value) for v in a.verdicts]
('advance', [('kubernetes', 'met')])
"""

from __future__ import annotations

import re

from mailagent.dialogue.brain import (
    Assessment,
    BrainContext,
    CriterionVerdict,
    Decision,
    Issue,
    Verdict,
)
from mailagent.dialogue.offline.claims import (
    is_assumption,
    is_concrete,
    is_subjective,
    is_vague_label,
    negative_claims,
    requirement_name,
)
from mailagent.dialogue.offline.contra import find_contradictions, is_blanket
from mailagent.dialogue.offline.decisions import (
    ACCEPT_RE,
    DECLINE_RE,
    amendment_answer,
    stated_decision,
)
from mailagent.dialogue.offline.matcher import Matcher
from mailagent.dialogue.offline.stance import is_specific, polarity
from mailagent.dialogue.offline.text import clauses, sentences
from mailagent.dialogue.protected import find_protected
from mailagent.r2.resume import parse_resume

_ALL_MET_RE = re.compile(
    r"\b(meets|ticks|checks|satisfies|hits|covers)\s+(everything|every (box|criterion|"
    r"requirement)|all (the |of the |our )?(boxes|criteria|requirements|musts|must-haves|points))",
    re.IGNORECASE,
)
_RETRACT_RE = re.compile(
    r"\b(misread|my mistake|my bad|i was wrong|stand corrected|you're right|you are right|"
    r"scratch that|withdraw|take (that|it) back|mixed (him|her|them) up|ignore (that|my)|"
    r"fair enough|^fair\b|i missed)\b",
    re.IGNORECASE,
)
_ISSUE_ORDER = list(Issue)


def _verdicts(
    text: str, matcher: Matcher, default: bool | None, protected: set[str]
) -> tuple[list[CriterionVerdict], set[str]]:
    """Per-criterion verdicts and the keys that came only from protected sentences."""
    found: dict[str, CriterionVerdict] = {}
    from_protected: set[str] = set()
    for sentence in sentences(text):
        tainted = sentence.strip() in protected
        for clause in clauses(sentence):
            keys = matcher.match(clause)
            if not keys:
                continue
            met = polarity(clause, default)
            verdict = Verdict.UNCLEAR if met is None else (Verdict.MET if met else Verdict.NOT_MET)
            specific = not tainted and is_specific(clause, sentence)
            for key in keys:
                old = found.get(key)
                if old is None or (specific and not old.specific):
                    found[key] = CriterionVerdict(key=key, verdict=verdict, quote=clause,
                                                  specific=specific)
                if tainted and old is None:
                    from_protected.add(key)
                elif not tainted:
                    from_protected.discard(key)
    order = {p.key: i for i, p in enumerate(matcher.profiles)}
    return sorted(found.values(), key=lambda v: order[v.key]), from_protected


def assess(ctx: BrainContext) -> Assessment:
    """Read one reply in its context."""
    text = ctx.reply_text.strip()
    matcher = Matcher(ctx.criteria)
    resume = parse_resume(ctx.resume_text)
    protected = find_protected(text)
    protected_quotes = {
        s.strip() for s in sentences(text) if any(p.quote in s or s in p.quote for p in protected)
    }
    # An answer to our "add it to the R2?" question ("Yes, please add it") is neither a
    # hiring decision nor a vague verdict: read the decision from the other sentences.
    answer = amendment_answer(text) if ctx.pending_amendment else None
    answer_sentences = {
        s.strip() for s in sentences(text)
        if answer is not None and (ACCEPT_RE.search(s) or DECLINE_RE.search(s))
    }
    decision = stated_decision(
        " ".join(s for s in sentences(text) if s.strip() not in answer_sentences)
    )
    basis = decision or ctx.stated_decision
    default = None if basis is None else basis is Decision.ADVANCE
    verdicts, from_protected = _verdicts(text, matcher, default, protected_quotes)

    clean = [s for s in sentences(text) if s.strip() not in protected_quotes]
    issues: set[Issue] = set()
    if protected:
        issues.add(Issue.DISCRIMINATORY)

    # A manager saying every must-have is met gives a usable, if brief, verdict on each.
    if any(_ALL_MET_RE.search(s) for s in clean):
        have = {v.key for v in verdicts}
        verdicts += [
            CriterionVerdict(key=p.key, verdict=Verdict.MET, quote=text, specific=False)
            for p in matcher.profiles
            if p.must and p.key not in have
        ]

    off_r2: list[str] = []
    for sentence in clean:
        for claim in negative_claims(sentence):
            if not is_concrete(claim.obj, sentence) or matcher.covers(claim.obj):
                continue
            name = requirement_name(claim.obj)
            if name and name.lower() not in {o.lower() for o in off_r2}:
                off_r2.append(name)
    if off_r2:
        issues.add(Issue.OFF_R2)

    if any(is_subjective(s) for s in clean):
        issues.add(Issue.SUBJECTIVE)
    if any(is_assumption(s) for s in clean):
        issues.add(Issue.ASSUMPTION)

    contradictions = find_contradictions(text, resume, matcher, ctx.as_of) if resume.lines else []

    # Sentences already explained as something else (an impression, a guess, an off-R2
    # requirement, a contradicted claim) are not also labels without specifics.
    explained = {c.claim for c in contradictions} | {
        s for s in clean if is_subjective(s) or is_assumption(s) or _off_r2_in(s, matcher)
    }
    usable = [v for v in verdicts if v.key not in from_protected]
    labels = [
        v for v in usable
        if not v.specific and not any(v.quote in e or e in v.quote for e in explained)
    ]
    any_specific = any(v.specific for v in usable)
    if not any_specific and (
        (labels and not any(_ALL_MET_RE.search(s) for s in clean))
        or any(is_vague_label(s) for s in clean if s not in explained)
    ):
        issues.add(Issue.VAGUE)

    if contradictions:
        issues.add(Issue.CONTRADICTS_RESUME)
        have = {v.key for v in verdicts}
        for c in contradictions:
            if c.criterion and c.criterion not in have:
                verdicts.append(CriterionVerdict(key=c.criterion, verdict=Verdict.NOT_MET,
                                                 quote=c.claim, specific=False))
                have.add(c.criterion)

    if answer is not None:
        # The answer itself carries the reason (accepted) or withdraws it (declined).
        issues.discard(Issue.VAGUE)
        verdicts = [v for v in verdicts if v.specific or v.verdict is Verdict.MET
                    or not any(v.quote in a or a in v.quote for a in answer_sentences)]
    reasons = usable or issues - {Issue.DISCRIMINATORY, Issue.CONTRADICTS_RESUME}
    blanket_only = bool(clean) and all(is_blanket(s) or not s.strip() for s in clean)
    # With a protected remark, the rest is useless only if it is a bare decision.
    bare = not protected or stated_decision(" ".join(clean)) is not None
    if clean and bare and answer is None and (not reasons or blanket_only) and not (
        contradictions and not blanket_only
    ):
        issues.add(Issue.USELESS)

    retracted: list[str] = []
    if _RETRACT_RE.search(text):
        current = {v.key for v in verdicts}
        for turn in ctx.history:
            if turn.role == "manager":
                retracted += [k for k in matcher.match(turn.text) if k not in current]
        retracted = list(dict.fromkeys(retracted))

    return Assessment(
        verdicts=verdicts,
        issues=[i for i in _ISSUE_ORDER if i in issues],
        off_r2=off_r2,
        contradictions=contradictions,
        protected=protected,
        decision=decision,
        amendment_answer=answer,
        retracted=retracted,
        summary=_summary(verdicts, issues),
    )


def _off_r2_in(sentence: str, matcher: Matcher) -> bool:
    return any(
        is_concrete(c.obj, sentence) and not matcher.covers(c.obj)
        for c in negative_claims(sentence)
    )


def _summary(verdicts: list[CriterionVerdict], issues: set[Issue]) -> str:
    parts = [f"{v.key}: {v.verdict.value}" for v in verdicts]
    parts += [i.value for i in _ISSUE_ORDER if i in issues]
    return "; ".join(parts)
