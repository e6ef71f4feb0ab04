"""A reply to the completion mail: a thank-you changes nothing; a correction reopens it.

The completion mail lists what was recorded and ends with "If any of this is wrong, just
reply and say what should change". The HM's answer is read like any reply (the brain,
then gate 1), and then by this plain code:

- a short acknowledgment ("Thanks, looks right") with no sign of a change is no turn at
  all: nothing is recorded and nothing is sent, so completions never loop;
- anything else is a correction. What the brain read is kept, and the correction's own
  shape is added: "X was fine" (or "wasn't the problem") records X as met, "the gap was
  Y" (or "Y was the problem") records Y as not met, each replacing the recorded verdict
  for its criterion (one record per criterion: replaced, never duplicated).

>>> from mailagent.r2.spec import Criterion
>>> crit = (Criterion(key="terraform", text="Infrastructure as code with Terraform."),
...         Criterion(key="kubernetes", text="Runs Kubernetes in production."))
>>> is_acknowledgment("Thanks, looks right!", crit), is_acknowledgment("No, wrong.", crit)
(True, False)
>>> [(v.key, v.verdict.value) for v in stated_verdicts(
...     "No - Terraform was fine, the gap was Kubernetes", crit)]
[('terraform', 'met'), ('kubernetes', 'not_met')]
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.dialogue.brain import Assessment, CriterionVerdict, Issue, Verdict
from mailagent.dialogue.protected.gate import scrub_text
from mailagent.models import CriterionRecord, RecordStatus
from mailagent.r2.spec import Criterion

# Words that say something should change: a reply holding one is never a thank-you.
_CHANGE = re.compile(
    r"\b(no|not|wrong|actually|but|however|instead|change|should|incorrect|mistake|"
    r"missed|meant|fix|correct(ion)?|update|gap|problem|issue|weak|met|fine|strong|"
    r"didn'?t|wasn'?t|isn'?t|doesn'?t|never)\b|n't\b",
    re.IGNORECASE,
)
_MAX_ACK_WORDS = 15
_MET = re.compile(
    r"\b(was|is|were|are)\s+(fine|ok|okay|good|great|solid|strong|met|no problem|not the "
    r"(problem|issue|gap))\b|\b(wasn'?t|isn'?t|was not|is not)\s+(the|a|an)\s+"
    r"(problem|issue|gap|concern)\b|\bno (problem|issue|concern) with\b",
    re.IGNORECASE,
)
_NOT_MET = re.compile(
    r"\b(gap|problem|issue|weakness|concern)\s+(was|is|were|are)\b|"
    r"\b(was|is|were|are)\s+(the|a)\s+(real |actual |main )?(gap|problem|issue|weakness)\b|"
    r"\b(was|is|were|are)\s+(weak|thin|missing|not met|lacking)\b|\bnot met\b",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[.;!?\n]+|,\s+|\s+[-–—]+\s+|:\s+|\bbut\b", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9+#.-]*[A-Za-z0-9+#]|[A-Za-z]")
_COMMON = frozenset(
    """with from that this into over under their have has and the for can runs run
    experience production including years writes designs builds puts operates""".split()
)


def _names(criterion: Criterion) -> set[str]:
    """Words that name this criterion in a short correction: its key, its rarer words."""
    words = {w.lower() for w in _WORDS.findall(criterion.text) if len(w) > 3}
    words |= {part for part in re.split(r"[_\W]+", criterion.key.lower()) if len(part) > 2}
    return words - _COMMON


def _named(clause: str, criteria: tuple[Criterion, ...]) -> list[str]:
    words = {w.lower() for w in _WORDS.findall(clause)}
    counts = {c.key: len(_names(c) & words) for c in criteria}
    best = max(counts.values(), default=0)
    return [k for k, n in counts.items() if n and n == best]


def is_acknowledgment(text: str, criteria: tuple[Criterion, ...]) -> bool:
    """A short reply that names no criterion and no change: "Thanks", "Looks right"."""
    words = _WORDS.findall(text)
    if len(words) > _MAX_ACK_WORDS or _CHANGE.search(text):
        return False
    return not _named(text, criteria)


def stated_verdicts(text: str, criteria: tuple[Criterion, ...]) -> list[CriterionVerdict]:
    """The verdicts a correction states in so many words, clause by clause."""
    out: dict[str, CriterionVerdict] = {}
    for clause in (c.strip() for c in _CLAUSES.split(text)):
        if not clause:
            continue
        met, not_met = _MET.search(clause), _NOT_MET.search(clause)
        if bool(met) == bool(not_met):
            continue
        for key in _named(clause, criteria):
            out[key] = CriterionVerdict(
                key=key,
                verdict=Verdict.MET if met else Verdict.NOT_MET,
                quote=clause,
                # A bare "the gap was Y" is a verdict, not evidence for a letter.
                specific=bool(met),
            )
    return list(out.values())


def corrected(assessment: Assessment, text: str, criteria: tuple[Criterion, ...]) -> Assessment:
    """The brain's reading of a correction, with the verdicts it states in so many words.

    The brain's own verdicts stand where the correction states none; a stated verdict
    replaces the brain's when they disagree, and is no longer "retracted".
    """
    stated = {v.key: v for v in stated_verdicts(text, criteria)}
    verdicts = [
        v
        for v in assessment.verdicts
        if v.key not in stated or (v.verdict is stated[v.key].verdict and v.specific)
    ]
    kept = {v.key for v in verdicts}
    verdicts += [v for k, v in stated.items() if k not in kept]
    issues = [i for i in assessment.issues if not (stated and i in (Issue.USELESS, Issue.VAGUE))]
    return assessment.model_copy(
        update={
            "verdicts": verdicts,
            "issues": issues,
            "retracted": [k for k in assessment.retracted if k not in stated],
        }
    )


def replace_records(
    session: Session,
    interview_id: str,
    assessment: Assessment,
    *,
    assessment_id: int,
    now: datetime,
) -> list[str]:
    """Each verdict of the correction replaces the recorded one; returns the keys changed.

    Retracted criteria are withdrawn. There is one record per criterion, so a correction
    never adds a second verdict next to the first.
    """
    changed: list[str] = []
    for v in assessment.verdicts:
        if v.verdict is Verdict.UNCLEAR:
            continue
        row = session.scalar(
            select(CriterionRecord).where(
                CriterionRecord.interview_id == interview_id,
                CriterionRecord.criterion_key == v.key,
            )
        )
        if row is None:
            row = CriterionRecord(interview_id=interview_id, criterion_key=v.key)
            session.add(row)
        row.verdict = v.verdict.value
        row.quote = scrub_text(v.quote)
        row.specific = v.specific
        row.status = RecordStatus.RECORDED
        row.assessment_id = assessment_id
        row.updated_at = now
        changed.append(v.key)
    for key in assessment.retracted:
        row = session.scalar(
            select(CriterionRecord).where(
                CriterionRecord.interview_id == interview_id,
                CriterionRecord.criterion_key == key,
            )
        )
        if row is not None and row.status is not RecordStatus.WITHDRAWN:
            row.status = RecordStatus.WITHDRAWN
            row.updated_at = now
            changed.append(key)
    session.flush()
    return changed
