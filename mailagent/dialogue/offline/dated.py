"""Claims of too little time ("only 2 years of X", "since 2024") against dated roles.

>>> claimed_start("Only two years in a ward.", 2026)
2024.0
>>> dated_against("Only two years in a ward.", "Staff nurse, St Mary's, 2016 - present", 2026)
True
"""

from __future__ import annotations

import re

from mailagent.dialogue.brain import BrainContext, Contradiction
from mailagent.dialogue.offline.claims import claim_sentences
from mailagent.dialogue.offline.text import line_frequencies, resume_lines, skill_terms

YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SINCE_RE = re.compile(r"\bsince\s+(?:\w+\s+)?(19[5-9]\d|20[0-4]\d)\b", re.IGNORECASE)
# "only 2 years", "only been a sup for a year or so", "maybe 3 yrs", "~2 yrs": a few words
# may sit between the belittling word and the span.
_FEW_YEARS_RE = re.compile(
    r"\b(?:only|just|barely|under|less than|not even|nowhere near|a bit over|maybe)\s+"
    r"(?:[\w'-]+\s+){0,4}?~?"
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)"
    r"\s*(years?|yrs?|months?)\b|\b(\d+|a few|six|eighteen|a couple of)\s+months\b",
    re.IGNORECASE,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "a few": 3,
            "eighteen": 18}


def claimed_start(claim: str, as_of_year: int) -> float | None:
    """The earliest year a "too little time" claim allows: "only 2 years" in 2026 → 2024;
    "since 2024" → 2024; None when the claim states no such span."""
    m = _SINCE_RE.search(claim)
    if m:
        return float(m.group(1))
    m = _FEW_YEARS_RE.search(claim)
    if not m or not as_of_year:
        return None
    word = (m.group(1) or m.group(3) or "").lower()
    unit = (m.group(2) or "months").lower()
    n = float(word) if word.isdigit() else float(_NUMBERS.get(word, 0))
    if not n:
        return None
    years = n / 12 if unit.startswith("month") else n
    return as_of_year - years


def dated_against(claim: str, line: str, as_of_year: int) -> bool:
    """A dated line that starts well before the claim allows ("only 2 years" against a
    role from 2016) disproves it."""
    start = claimed_start(claim, as_of_year)
    years = [int(y) for y in YEAR_RE.findall(line)]
    return start is not None and bool(years) and min(years) < start - 1


_PRESENT_RE = re.compile(r"\b(present|current|now|date)\b", re.IGNORECASE)


def dated_evidence(ctx: BrainContext, *, strict: bool = True) -> Contradiction | None:
    """A "too little time" claim ("only 2 years of X", "since 2024") and the earliest
    resume line dated years before it. ``strict`` also asks that the line share a word
    with the claim (a role, not a school-leaving date)."""
    claims = claim_sentences(ctx.reply_text)
    year = ctx.as_of.year
    found: list[tuple[int, int, str, str]] = []
    lines = resume_lines(ctx.resume_text)
    df = line_frequencies(lines)
    # A word most of the resume uses ("pharmacy" on a pharmacist's) names no one role.
    rare = max(1, len(lines) // 4)
    for line in lines:
        for claim in claims:
            if not dated_against(claim, line, year):
                continue
            shared = {t for t in skill_terms(claim) & skill_terms(line)
                      if not t.isdigit() and not t.endswith("~") and df.get(t, 0) <= rare}
            if strict and not shared:
                continue
            # A dated role ("Sep 2016 to Dec 2023", "2019 – Present") before a lone year
            # (a degree), then the earliest.
            is_role = len(YEAR_RE.findall(line)) >= 2 or bool(_PRESENT_RE.search(line))
            found.append((0 if is_role else 1, min(int(y) for y in YEAR_RE.findall(line)),
                          line, claim))
            break
    if not found:
        return None
    _role, _start, line, claim = min(found)
    return Contradiction(claim=claim.strip(), evidence=[line])
