"""Which R2 criteria a piece of feedback speaks to, in which direction, and how concretely.

Each criterion gets a profile built from its own text: its content-word stems, the concepts
of ``resources.CONCEPTS`` it names (and so every part of those concepts), and the years it
asks for. A clause speaks to a criterion when the weighted overlap reaches a threshold;
a word shared by many criteria of the same R2 weighs less than a word only one of them has.

>>> from mailagent.r2.spec import Criterion
>>> m = Matcher((Criterion(key="aws_years", text="3+ years operating workloads on AWS."),
...              Criterion(key="terraform", text="Infrastructure as code with Terraform.")))
>>> m.match("His cloud knowledge wasn't there."), m.match("No Azure experience.")
(['aws_years'], [])

``criterion_scores`` and ``speaks_to`` are the second matcher, over lemmas with skill
synonyms folded (``text.skill_terms``): a sentence speaks to the criterion whose own words
it uses ("motion" → the court-documents criterion), not to every criterion that shares a
common word ("commercial") or a vendor name.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mailagent.dialogue.offline.resources import CONCEPTS, TECH, concept_members
from mailagent.dialogue.offline.text import (
    YEARS_CLAIM_RE,
    has_term,
    skill_terms,
    stems,
    term_pattern,
    tokens,
)
from mailagent.r2.spec import Criterion

THRESHOLD = 0.5
RELATIVE = 0.34
_YEARS_RE = re.compile(r"\b(\d+(?:\.\d+)?)\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Profile:
    """What one criterion is about, derived from its own text."""

    key: str
    must: bool
    stems: frozenset[str]
    # Concept name -> True when the criterion names the concept itself (so any part of it
    # counts), False when it only names one part (so only the concept's own name counts).
    concepts: dict[str, bool]
    years: float | None
    # The criterion's own examples ("(e.g. Manhattan, Blue Yonder, SAP EWM)"): a resume
    # line naming one shows the criterion.
    examples: tuple[str, ...] = ()
    # Acronyms of its multi-word terms ("warehouse management system" -> "wms",
    # "health and safety" -> "hs"), so "no WMS" or "H&S" in a reply speaks to it.
    acronyms: frozenset[str] = frozenset()

    def skill_terms(self) -> list[str]:
        """Words whose presence in a resume role means the role exercised this criterion."""
        words = [t for t in tokens(self.key.replace("_", " ")) if t not in ("years", "year")]
        for name, whole in self.concepts.items():
            if whole:
                words.extend(concept_members(name))
        return list(dict.fromkeys(words))


@functools.lru_cache(maxsize=4096)
def profile(criterion: Criterion) -> Profile:
    """One criterion's profile (cached: an R2's criteria come back with every reply)."""
    text = criterion.text
    concepts: dict[str, bool] = {}
    for name, members in CONCEPTS.items():
        if has_term(text, name):
            concepts[name] = True
        elif any(has_term(text, m) for m in members):
            concepts[name] = False
    years_match = _YEARS_RE.search(text)
    return Profile(
        key=criterion.key,
        must=criterion.kind.value == "must",
        stems=frozenset(stems(text) | stems(criterion.key.replace("_", " "))),
        concepts=concepts,
        years=float(years_match.group(1)) if years_match else None,
        examples=examples_in(text),
        acronyms=acronyms_of(text),
    )


_EXAMPLES_RE = re.compile(r"\(([^)]{3,200})\)|(?:such as|e\.g\.|for example|like)\s+"
                          r"([^.;()]{3,200})", re.IGNORECASE)
_LEAD_IN_RE = re.compile(r"^\s*(?:e\.g\.|eg|i\.e\.|such as|for example)\s*", re.IGNORECASE)
_LIST_SPLIT_RE = re.compile(r"(?<!\s)\s*(?:,|/|\bor\b|\band\b|\bor similar\b|\betc\.?)\s*",
                            re.IGNORECASE)


def examples_in(text: str) -> tuple[str, ...]:
    """The named examples a criterion lists.

    >>> examples_in("Uses a WMS (e.g. Manhattan, Blue Yonder, SAP EWM) for slotting.")
    ('Manhattan', 'Blue Yonder', 'SAP EWM')
    """
    found: list[str] = []
    for m in _EXAMPLES_RE.finditer(text):
        body = _LEAD_IN_RE.sub("", m.group(1) or m.group(2))
        for item in _LIST_SPLIT_RE.split(body):
            item = item.strip(" .:")
            words = item.split()
            # Named things only: a capital, a digit or a symbol, and at most three words.
            if 0 < len(words) <= 3 and re.search(r"[A-Z0-9+#]", item) and item.lower() not in (
                "similar", "others"
            ):
                found.append(item)
    return tuple(dict.fromkeys(found))


_ACRONYM_SKIP = frozenset("and & of the for".split())


def acronyms_of(text: str) -> frozenset[str]:
    """Initials of every run of two to four content words in ``text``.

    >>> {"hs", "wms"} <= acronyms_of("Runs health and safety via a warehouse management system.")
    True
    """
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", text) if w.lower() not in _ACRONYM_SKIP]
    out: set[str] = set()
    for n in (2, 3, 4):
        for i in range(len(words) - n + 1):
            out.add("".join(w[0].lower() for w in words[i : i + n]))
    return frozenset(out)


_ACRONYM_TOKEN_RE = re.compile(r"(?<![\w&])([A-Z](?:&?[A-Z]){1,4})(?![\w&])")


def acronyms_in(text: str) -> set[str]:
    """Acronyms written in capitals in ``text``, named technologies aside.

    Two capitals alone ("UI", "CV", "QA") mean too many things; with "&" they are
    specific enough.

    >>> sorted(acronyms_in("No WMS and no H&S; the UI was fine, AWS too."))
    ['hs', 'wms']
    """
    found = set()
    for m in _ACRONYM_TOKEN_RE.finditer(text):
        token = m.group(1)
        letters = token.replace("&", "").lower()
        if (len(letters) >= 3 or "&" in token) and letters not in TECH:
            found.add(letters)
    return found


def _concept_hit(text: str, name: str, whole: bool) -> bool:
    return _concept_re(name, whole).search(text) is not None


@functools.lru_cache(maxsize=1024)
def _concept_re(name: str, whole: bool) -> re.Pattern[str]:
    """One pattern for ``has_term`` on the concept's name or any of its terms: a clause
    is read once per concept, not once per term (the brain's cost on a long reply)."""
    members = CONCEPTS.get(name, ())
    if not whole:
        # Only the concept's generic words count: a sibling product (Azure next to an AWS
        # criterion) is a different requirement, not the same one in other words.
        members = tuple(m for m in members if m.rstrip("*") not in TECH)
    return term_pattern((name, *members))


class Matcher:
    """Matches feedback text to the criteria of one R2."""

    def __init__(self, criteria: tuple[Criterion, ...]) -> None:
        self.criteria = criteria
        self.profiles = [profile(c) for c in criteria]
        self._stem_df = Counter(s for p in self.profiles for s in p.stems)
        self._concept_df = Counter(c for p in self.profiles for c in p.concepts)
        self._years_df = sum(1 for p in self.profiles if p.years is not None)
        # An acronym that only one criterion's words spell, and that is not a word of it.
        spelled = Counter(a for p in self.profiles for a in p.acronyms)
        self._acronym_owner = {
            a: p.key for p in self.profiles for a in p.acronyms
            if spelled[a] == 1 and a not in p.stems
        }

    def scores(self, text: str) -> dict[str, float]:
        """Weighted evidence that ``text`` speaks to each criterion."""
        text_stems = stems(text)
        years_claim = YEARS_CLAIM_RE.search(text) is not None
        owners = Counter(
            self._acronym_owner[a] for a in acronyms_in(text) if a in self._acronym_owner
        )
        out: dict[str, float] = {}
        for p in self.profiles:
            score = sum(1.0 / self._stem_df[s] for s in p.stems & text_stems)
            # An acronym only this criterion's words spell ("WMS", "H&S") names it.
            score += owners[p.key]
            score += sum(
                1.0 / self._concept_df[name]
                for name, whole in p.concepts.items()
                if _concept_hit(text, name, whole)
            )
            if years_claim and p.years is not None:
                score += 0.5 / self._years_df
            if score > 0:
                out[p.key] = score
        return out

    def match(self, text: str) -> list[str]:
        """Criterion keys ``text`` speaks to, in R2 order."""
        scores = self.scores(text)
        best = max(scores.values(), default=0.0)
        # A criterion that shares only a word or two with a clause that clearly speaks to
        # another one is a side match ("designed" in a distributed-systems criterion).
        floor = max(THRESHOLD, RELATIVE * best)
        return [p.key for p in self.profiles if scores.get(p.key, 0.0) >= floor]

    def get(self, key: str) -> Profile | None:
        return next((p for p in self.profiles if p.key == key), None)

    def covers(self, phrase: str) -> list[str]:
        """Criteria that name the thing in ``phrase`` (used to tell off-R2 requirements)."""
        return self.match(phrase)


def criterion_terms(criterion: Criterion) -> frozenset[str]:
    return skill_terms(criterion.text + " " + criterion.key.replace("_", " "))


def _weights(criteria: Sequence[Criterion]) -> tuple[list[frozenset[str]], dict[str, float]]:
    return _weights_of(tuple(criteria))


@functools.lru_cache(maxsize=256)
def _weights_of(criteria: tuple[Criterion, ...]) -> tuple[list[frozenset[str]], dict[str, float]]:
    terms = [criterion_terms(c) for c in criteria]
    df: dict[str, int] = {}
    for ts in terms:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    n = len(criteria)
    return terms, {t: math.log((n + 1) / d) for t, d in df.items()}


def criterion_scores(text: str, criteria: Sequence[Criterion]) -> dict[str, float]:
    """How strongly ``text`` uses each criterion's own words (0 when it uses none)."""
    terms, weight = _weights(criteria)
    words = [skill_terms(w) for w in re.findall(r"[\w'+#./-]+", text)]
    counts: dict[str, int] = {}
    for ws in words:
        for t in ws:
            counts[t] = counts.get(t, 0) + 1
    out: dict[str, float] = {}
    for criterion, ts in zip(criteria, terms, strict=True):
        out[criterion.key] = sum(
            weight[t] * (1 + math.log(counts[t])) for t in ts if t in counts and not t.endswith("~")
        ) + 0.5 * sum(weight[t] for t in ts if t in counts and t.endswith("~"))
    return out


def speaks_to(clause: str, criteria: Sequence[Criterion], ratio: float = 0.75) -> list[str]:
    """The criteria a clause is about: the best-scoring one, and any close to it."""
    scores = criterion_scores(clause, criteria)
    best = max(scores.values(), default=0.0)
    if best < 0.5:
        return []
    return [k for k, s in scores.items() if s >= ratio * best]
