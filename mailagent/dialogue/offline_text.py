"""Text plumbing for the offline brain: sentences, clauses, tokens and stems.

>>> sentences("Not a fit. He seemed arrogant!")
['Not a fit.', 'He seemed arrogant!']
>>> stem("partitioning"), stem("queues"), stem("modelled")
('partition', 'queu', 'model')
"""

from __future__ import annotations

import functools
import re

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n+")
# A run of spaces is tried from its first space only ("(?<!\s)"): tried from every space,
# a long run took quadratic time.
_CLAUSE_RE = re.compile(r";|(?<!\s)\s+but\s+|(?<!\s)\s+—\s+|(?<!\s)\s+–\s+|:\s+|,\s+(?:and\s+)?"
                        r"(?:so|yet|although|though|while|whereas)\s+", re.IGNORECASE)
_TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9+#.'/-]*[a-z0-9+#]|[a-z0-9]", re.IGNORECASE)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
    "twenty": 20, "half": 0.5, "couple": 2, "few": 2,
}  # fmt: skip

# Words that say nothing about what a criterion is about.
STOPWORDS = frozenset(
    """
    a an the and or of to in on at for with by from as is are was were be been being has have
    had do does did not no nor but if so than then that this these those it its they them
    their he she him her his hers we us our you your i me my who whom which what when where
    how why all any each every some such other more most less least very too also just only
    can could should would will shall may might must into about over under up down out off
    again once there here both few many much own same well ideally least e.g. etc per via
    experience experienced years year strong strongly good great solid clear clearly real
    has have using use used uses work works worked working build builds built building
    including include includes like ability able skills skill knowledge comfortable
    professional production someone candidate team teams role new plus level way
    call calls start explain explains explained made make makes problem problems
    one two three four five six seven eight nine ten across within between among
    site sites similar day days daily week weeks weekly month months monthly eg i.e
    """.split()
)


def sentences(text: str) -> list[str]:
    """Split text into sentences, keeping each sentence's own words."""
    parts = (p.strip() for p in _SENTENCE_RE.split(text.strip()))
    return [p for p in parts if p]


def clauses(sentence: str) -> list[str]:
    """Split a sentence where its polarity may change ("strong on X, but only Y")."""
    parts = (p.strip(" ,.") for p in _CLAUSE_RE.split(sentence))
    return [p for p in parts if p]


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, keeping "c++", "node.js", "3+" and "on-call" whole."""
    return [t.lower().rstrip(".'") for t in _TOKEN_RE.findall(text)]


def stem(word: str) -> str:
    """A small suffix stripper: enough to match "partitioned" with "partitioning"."""
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    else:
        if re.search(r"(s|x|z|ch|sh)es$", w) and len(w) > 5:
            w = w[:-2]
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] in "lptmnrgd":
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def stems(text: str) -> set[str]:
    """Stems of the content words of ``text``; hyphenated words also give their parts."""
    words = tokens(text)
    words += [part for w in words if "-" in w for part in w.split("-") if len(part) > 1]
    return {stem(t) for t in words if t not in STOPWORDS and not t.isdigit()}


def has_term(text: str, term: str) -> bool:
    """Whole-word, case-insensitive match; a trailing "*" in ``term`` allows any ending.

    >>> has_term("Partitioned the table", "partition*"), has_term("rust belt", "rust")
    (True, True)
    """
    return _term_re(term).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _term_re(term: str) -> re.Pattern[str]:
    return term_pattern((term,))


def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that finds any of ``terms`` the way :func:`has_term` finds each."""
    bodies = (re.escape(t[:-1]) + r"[\w-]*" if t.endswith("*") else re.escape(t) for t in terms)
    return re.compile(r"(?<![\w+#])(?:" + "|".join(bodies) + r")(?![\w+#])", re.IGNORECASE)


def number_value(word: str) -> float | None:
    """The number a word or numeral stands for: "two" -> 2.0, "3+" -> 3.0."""
    w = word.lower().rstrip("+")
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    value = NUMBER_WORDS.get(w)
    return float(value) if value is not None else None
