"""Off-R2 by meaning: what a reply says is needed or lacking that no criterion names.

A thing the reply names ("no retail or commercial leasing experience", "we need someone
who can coach netball") is off the R2 when its head word, as a lemma with skill synonyms
folded (``text.skill_terms``), is used by no criterion, whatever its vocabulary.

>>> from mailagent.r2.spec import Criterion
>>> crits = (Criterion(key="conveyancing", text="3+ years in residential and commercial "
...          "conveyancing."), Criterion(key="contracts", text="Drafts off-the-plan contracts."))
>>> uncovered_requirements("No retail or commercial leasing experience.", crits)
['commercial leasing']
>>> uncovered_requirements("She's never drafted an off-the-plan contract.", crits)
[]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mailagent.dialogue.offline.claims import negative_claims
from mailagent.dialogue.offline.matcher import criterion_terms
from mailagent.dialogue.offline.text import sentences, skill_terms
from mailagent.r2.spec import Criterion

# Words that say how much of a thing, not what the thing is.
_GENERIC = frozenset(
    "experience background knowledge exposure skill skills work track record level years year "
    "vertical industry sector domain space market side stuff thing things".split()
)
_TAIL_RE = re.compile(
    r"\s+(?:experience|background|knowledge|exposure|skills?|work|vertical|industry|sector|"
    r"domain|space|market|side)$",
    re.IGNORECASE,
)


def _plain(word: str) -> set[str]:
    return {t for t in skill_terms(word) if not t.endswith("~")}


_ANY_KIND_RE = re.compile(r"\s+of (?:any|some|that|this) (?:kind|sort|type)\b.*$", re.IGNORECASE)


def head_terms(obj: str) -> list[set[str]]:
    """The words naming the thing lacked, each as lemmas: the head noun and any name or
    code ("retail or commercial leasing" → leasing; "D1 licence" → D1, licence)."""
    obj = _ANY_KIND_RE.sub("", obj)
    words = [w for w in re.findall(r"[\w'+#.-]+", obj) if w.lower() not in _GENERIC]
    if not words:
        return []
    named = [w for w in words[:-1] if any(ch.isupper() or ch.isdigit() for ch in w)]
    return [k for k in (_plain(w) for w in [*named, words[-1]]) if k]


def requirement_phrase(obj: str) -> str:
    """A short name for what is lacked: "retail or commercial leasing experience" →
    "commercial leasing"; "a German speaker" → "German speaker"."""
    name = _TAIL_RE.sub("", obj.strip()).strip()
    parts = re.split(r"\s+or\s+|/", name)
    if len(parts) > 1 and len(parts[0].split()) == 1 and len(parts[-1].split()) > 1:
        name = parts[-1]  # "retail or commercial leasing": the head is shared
    elif len(parts) > 1:
        name = parts[0]
    return " ".join(name.split()[:4]).strip(" '\"")


_NEED_OBJ = r"(?P<obj>[^,.;:!?()—–]{2,50})"
# "We need X", "we'd want someone with X", "can she coach X?", "not trained in X".
_NEED_RES = (
    re.compile(
        r"\b(?:we|i|they|the \w+)(?:'d| would| really| also| will| do| still)*\s+"
        r"(?:need|want|like|require|expect|prefer)s?\s+(?:to have\s+)?"
        r"(?:someone|somebody|a person|people|whoever|candidates?)?\s*"
        r"(?:who\s+(?:can|could|has|have|is|will)\s+(?:also\s+)?(?:\w+\s+)?|with\s+|for\s+|to\s+)?"
        r"(?:(?:a|an|the|some|fluent|proper)\s+)?" + _NEED_OBJ,
        re.IGNORECASE,
    ),
    re.compile(r"\bcan (?:he|she|they|cand) (?:\w+\s+)?" + _NEED_OBJ + r"\?", re.IGNORECASE),
    re.compile(r"\bnot (?:trained|qualified|certified|registered|licensed) (?:in|on|for|as)\s+"
               r"(?:a|an|the)?\s*" + _NEED_OBJ, re.IGNORECASE),
    re.compile(r"\bnever\s+(?:\w+ed|done|run|taught|sat|held|seen|written|drawn|spoken|driven)"
               r"\s+(?:(?:on|in|with|at|for|to)\s+)?(?:(?:a|an|the|any)\s+)?" + _NEED_OBJ,
               re.IGNORECASE),
    re.compile(r"\b(?:has|have)\s*(?:n't|not) got (?:a|an|the|any)?\s*" + _NEED_OBJ,
               re.IGNORECASE),
)
_OBJ_STOP_RE = re.compile(
    r"\s+(?:and|but|so|because|as|for the|for our|which|that|who|when|if|from|now|"
    r"any ?more|these days|too|either|here|there)\b.*$",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(r"^(?:a|an|the|any|some|real|proper|fluent|good|in|on|to|with|of)\s+",
                      re.IGNORECASE)
_PRONOUNS = frozenset("it that this them him her one ones any none".split())


def _objects(sentence: str) -> list[str]:
    out = [c.obj for c in negative_claims(sentence)]
    for regex in _NEED_RES:
        for m in regex.finditer(sentence):
            obj = _OBJ_STOP_RE.sub("", m.group("obj").strip())
            for _ in range(2):
                obj = _LEAD_RE.sub("", obj.strip())
            out.append(obj)
    cleaned = [o.strip(" .'\"") for o in out]
    return [o for o in cleaned if o and o.split()[0].lower() not in _PRONOUNS]


def requirements(text: str, criteria: Sequence[Criterion]) -> tuple[list[str], int]:
    """Names of things the reply says are lacking or needed whose head word no criterion
    uses, and how many such things a criterion does name."""
    all_terms: set[str] = set()
    for c in criteria:
        all_terms |= criterion_terms(c)
    out: list[str] = []
    covered = 0
    for sentence in sentences(text):
        for obj in _objects(sentence):
            keys = head_terms(obj)
            if not keys:
                continue
            if all(k & all_terms for k in keys):
                covered += 1
                continue
            name = requirement_phrase(obj)
            if name and name.lower() not in {o.lower() for o in out}:
                out.append(name)
    return out, covered


def uncovered_requirements(text: str, criteria: Sequence[Criterion]) -> list[str]:
    """Things the reply says are lacking or needed whose head word no criterion uses."""
    return requirements(text, criteria)[0]
