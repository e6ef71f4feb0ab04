"""The linter every candidate-facing feedback text passes before an HM may approve it.

It blocks three things a candidate must never read as a reason:

- protected characteristics and their proxies (the one detector,
  :mod:`mailagent.dialogue.protected`, the same that reads every reply);
- subjective impressions (attitude, looks, "didn't click", nerves);
- guesses about the candidate's future (will get bored, will leave, will want more money);

and three things that make a letter read like an internal note (issue #15):

- the candidate in the third person ("he", "her", "they" in a sentence that says nothing
  to "you", their name outside the greeting): the letter speaks to them;
- internal shorthand ("R2", "HM", "not met", "nice-to-have", "must-have", a criterion's
  key such as ``data_quality``);
- an interviewer's (or the recruiter's) name: the company signs, nobody is singled out.

A finding names the sentence, so the HM can see what to change.

>>> [(f.kind, f.category) for f in lint("Strong SQL. Probably too old for a young team.")]
[('protected', 'age')]
>>> lint("You could not explain how a Kafka consumer group rebalances.")
[]
>>> for f in lint("Ann was thin on Kafka (R2).", names=("Ann Lee",)):
...     print(f.describe())
third person ("Ann"): "Ann was thin on Kafka (R2)."
internal shorthand ("R2"): "Ann was thin on Kafka (R2)."
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
_HE_SHE = re.compile(r"\b(he|she|him|his|her|hers|himself|herself)\b", re.IGNORECASE)
_THEY = re.compile(r"\b(they|them|their|theirs|themselves)\b", re.IGNORECASE)
_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
_CANDIDATE = re.compile(r"\b(the|this|that) candidate\b", re.IGNORECASE)
SHORTHAND = re.compile(r"\bR2s?\b|\bHMs?\b")
SHORTHAND_ANY_CASE = re.compile(
    r"\bnot[- ]met\b|\bnice[- ]to[- ]haves?\b|\bmust[- ]haves?\b", re.IGNORECASE
)
# A greeting or a vocative ("Dear Ann,", "Thank you, Ann,") names the candidate in the
# second person; anywhere else their name is the third.
_VOCATIVE_BEFORE = re.compile(r"(^|\b(dear|hi|hello)\s+|,\s*)$", re.IGNORECASE)


@dataclass(frozen=True)
class LintFinding:
    # "protected", "subjective", "assumption", "third_person", "shorthand" or "staff_name"
    kind: str
    category: str
    quote: str

    def describe(self) -> str:
        label = self.category.replace("_", " ")
        if self.kind in _WORDING:
            return f'{_WORDING[self.kind]} ("{self.category}"): "{self.quote}"'
        return f'{self.kind} ({label}): "{self.quote}"'


_WORDING = {
    "third_person": "third person",
    "shorthand": "internal shorthand",
    "staff_name": "names a colleague",
}


def _parts(name: str) -> list[str]:
    return [p for p in dict.fromkeys([name, *name.split()]) if len(p) > 1]


def _third_person_name(sentence: str, parts: list[str]) -> str | None:
    """The candidate's name where it is not a greeting or a vocative, else None."""
    for part in sorted(parts, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(part)}\b", sentence):
            before = sentence[: match.start()]
            after = sentence[match.end() :]
            # Inside a full name ("Ann Lee"), the longer part was judged already.
            if any(
                re.search(rf"\b{re.escape(p)}\b", sentence) and part in p and p != part
                for p in parts
            ):
                continue
            if _VOCATIVE_BEFORE.search(before) and re.match(r"\s*[,!]", after):
                continue
            return part
    return None


def _wording(
    sentence: str,
    *,
    names: tuple[str, ...],
    staff: tuple[str, ...],
    keys: tuple[str, ...],
    requirements: tuple[str, ...],
) -> list[tuple[str, str]]:
    """(kind, what) for each way ``sentence`` reads like an internal note."""
    found: list[tuple[str, str]] = []
    # The role's own requirements may say "their"; only their shorthand counts.
    about = sentence
    for text in requirements:
        about = about.replace(text.strip(), " ")
    pronoun = _HE_SHE.search(about) or _CANDIDATE.search(about)
    if pronoun is None and not _YOU.search(about):
        pronoun = _THEY.search(about)
    if pronoun is not None:
        found.append(("third_person", pronoun.group(0)))
    candidate_parts = [p for n in names for p in _parts(n)]
    named = _third_person_name(sentence, candidate_parts)
    if named is not None:
        found.append(("third_person", named))
    short = SHORTHAND.search(sentence) or SHORTHAND_ANY_CASE.search(sentence)
    if short is not None:
        found.append(("shorthand", short.group(0)))
    for key in keys:
        # A key that is a plain word ("kubernetes") is no shorthand; "data_quality" is.
        if re.search(r"[_\d]", key) and re.search(rf"\b{re.escape(key)}\b", sentence, re.I):
            found.append(("shorthand", key))
    for person in staff:
        for part in sorted(_parts(person), key=len, reverse=True):
            if part in candidate_parts or len(part) < 3:
                continue
            if re.search(rf"\b{re.escape(part)}\b", sentence):
                found.append(("staff_name", part))
                break
    return found


def lint(
    text: str,
    *,
    names: tuple[str, ...] = (),
    staff: tuple[str, ...] = (),
    keys: tuple[str, ...] = (),
    requirements: tuple[str, ...] = (),
) -> list[LintFinding]:
    """Every blocked sentence, once per kind and category; empty means the text may go out.

    ``names`` (the candidate's name) are masked first: a name such as "Faith" or
    "Christian" is not a remark about religion. ``staff`` are the names of the
    interviewers, the hiring manager and the recruiter; ``keys`` and ``requirements`` the
    R2's criterion keys and texts (a requirement may say "their"; it is about the role).
    """
    original = text
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
    for sentence in _SENTENCES.split(original):
        quote = sentence.strip()
        for kind, what in _wording(
            quote, names=names, staff=staff, keys=keys, requirements=requirements
        ):
            add(kind, what, quote)
    return found


def is_clean(text: str, *, names: tuple[str, ...] = ()) -> bool:
    return not lint(text, names=names)


@dataclass(frozen=True)
class Audience:
    """Who a letter is to, and whose names and words stay out of it.

    >>> Audience(names=("Ann Lee",), staff=("Ken Park",)).lint("Ken thought Ann was slow.")[0].kind
    'third_person'
    """

    names: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()

    def lint(self, text: str) -> list[LintFinding]:
        return lint(
            text,
            names=self.names,
            staff=self.staff,
            keys=self.keys,
            requirements=self.requirements,
        )
