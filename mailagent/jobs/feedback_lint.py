"""The linter every candidate-facing feedback text passes before an HM may approve it.

It blocks three things a candidate must never read as a reason:

- protected characteristics and their proxies (the one detector,
  :mod:`mailagent.dialogue.protected`, the same that reads every reply);
- subjective impressions (attitude, looks, "didn't click", nerves);
- guesses about the candidate's future (will get bored, will leave, will want more money).

A finding names the sentence, so the HM can see what to change.

>>> [(f.kind, f.category) for f in lint("Strong SQL. Probably too old for a young team.")]
[('protected', 'age')]
>>> lint("Could not explain how a Kafka consumer group rebalances.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailagent.dialogue.protected import detect

SUBJECTIVE = (
    r"\battitude\b|\bdidn'?t click\b|\bvibes?\b|\bpersonality\b|\bgut (feeling|instinct)\b|"
    r"\brubbed (me|us)\b|\bhoodie\b|\b(dressed|clothes|outfit|appearance)\b|"
    r"\b(his|her|their) looks\b|\bimage we want\b|\bcompany image\b|\bnervous\w*|\bshy\b|"
    r"\bawkward\b|\barrogan\w*|\blikeable\b|\bunlikeable\b|"
    r"\bcharisma\w*|\bcultur(e|al) fit\b|\bnot (a|the) (good |right )?fit\b|"
    r"\bunprofessional\b|\bjob[- ]hopp\w*|\bmessy background\b|\bi (just )?didn'?t like\b"
)

ASSUMPTION = (
    r"\boverqualified\b|\bwill (probably |likely )?(get bored|leave|quit|want more)\b|"
    r"\bwon'?t stay\b|\bflight risk\b|\bwon'?t have (much )?time\b"
)

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")


@dataclass(frozen=True)
class LintFinding:
    kind: str  # "protected", "subjective" or "assumption"
    category: str
    quote: str

    def describe(self) -> str:
        label = self.category.replace("_", " ")
        return f'{self.kind} ({label}): "{self.quote}"'


def lint(text: str, *, names: tuple[str, ...] = ()) -> list[LintFinding]:
    """Every blocked sentence, once per kind and category; empty means the text may go out.

    ``names`` (the candidate's name) are masked first: a name such as "Faith" or
    "Christian" is not a remark about religion.
    """
    for name in names:
        for part in (name, *name.split()):
            if len(part) > 1:
                text = re.sub(rf"\b{re.escape(part)}\b", "Candidate", text)
    found: list[LintFinding] = []
    seen: set[tuple[str, str, str]] = set()

    def add(kind: str, category: str, quote: str) -> None:
        key = (kind, category, quote)
        if key not in seen:
            seen.add(key)
            found.append(LintFinding(kind, category, quote))

    for hit in detect(text):
        add("protected", hit.category.value, hit.sentence)
    for sentence in _SENTENCES.split(text):
        quote = sentence.strip()
        if not quote:
            continue
        if re.search(SUBJECTIVE, quote, re.IGNORECASE):
            add("subjective", "impression", quote)
        if re.search(ASSUMPTION, quote, re.IGNORECASE):
            add("assumption", "guess", quote)
    return found


def is_clean(text: str, *, names: tuple[str, ...] = ()) -> bool:
    return not lint(text, names=names)
