"""The linter every candidate-facing feedback text passes before an HM may approve it.

It blocks three things a candidate must never read as a reason:

- protected characteristics and their proxies (``find_protected`` from the dialogue
  lexicon, plus the extra proxies below, which catch the softer ways of saying the same);
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

from mailagent.dialogue.lexicon import find_protected

# Extra proxies, by category: softer wordings the dialogue lexicon may not hold.
PROXIES: tuple[tuple[str, str], ...] = (
    (
        "age",
        r"\b(recent|fresh|new) grad(uate)?s?\b.*\b(energy|young|fit)\b|\bnew blood\b|"
        r"\byoung and hungry\b|\bold school\b|\bset in (his|her|their) ways\b|"
        r"\bsenior citizen\b|\byears? young\b|\bolder generation\b|"
        r"\bhow old\b|\b(his|her|their) age\b|\bage\b",
    ),
    (
        "sex",
        r"\bgender\b|\b(a|the) (girl|lady|gal|bloke)\b|\bfeminine\b|\bmasculine\b|"
        r"\bmaiden name\b|\bpretty\b|\bhandsome\b|\battractive\b",
    ),
    (
        "family_status",
        r"\b(husband|wife|spouse|married|divorced|pregnan\w*|mum|mom|"
        r"mother|dad|father|parental|parenthood|nanny|daycare)\b",
    ),
    (
        "religion",
        r"\b(christian|catholic|buddhis\w*|atheis\w*|faith|holy day|prayer|"
        r"religious holiday|halal|kosher)\b",
    ),
    (
        "disability",
        r"\b(sick leave|medical (condition|history)|health (issue|problem)s?|"
        r"handicap\w*|stammer\w*|stutter\w*|mentally|medication)\b",
    ),
    (
        "national_origin",
        r"\b(native|non-native) (english|german|french|speaker)\b|"
        r"\b(second|2nd) language\b|\bsounds? (foreign|exotic)\b|"
        r"\b(his|her|their) name\b|\bvisa\b|\bpassport\b|\bcitizen(ship)?\b|"
        r"\bwork (permit|authori[sz]ation)\b|\bnot from here\b",
    ),
    ("race", r"\b(complexion|skin tone|ethnicity|ethnic background)\b"),
)

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

    for remark in find_protected(text):
        add("protected", remark.category.value, remark.quote)
    protected_quotes = {f.quote for f in found}
    for sentence in _SENTENCES.split(text):
        quote = sentence.strip()
        if not quote:
            continue
        for category, pattern in PROXIES:
            if quote not in protected_quotes and re.search(pattern, quote, re.IGNORECASE):
                add("protected", category, quote)
        if re.search(SUBJECTIVE, quote, re.IGNORECASE):
            add("subjective", "impression", quote)
        if re.search(ASSUMPTION, quote, re.IGNORECASE):
            add("assumption", "guess", quote)
    return found


def is_clean(text: str, *, names: tuple[str, ...] = ()) -> bool:
    return not lint(text, names=names)
