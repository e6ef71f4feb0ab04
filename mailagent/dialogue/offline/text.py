"""Text plumbing for the offline brain: sentences, clauses, tokens, stems, lemmas, years.

``skill_terms`` is the one normal form claims, criteria and resume lines are compared
in: English lemmas (simplemma) with the skill synonyms of ``resources.SYNONYMS`` folded.

>>> sentences("Not a fit. He seemed arrogant!")
['Not a fit.', 'He seemed arrogant!']
>>> stem("partitioning"), stem("queues"), stem("modelled")
('partition', 'queu', 'model')
"""

from __future__ import annotations

import functools
import re

import simplemma

from mailagent.dialogue.offline.resources import CANON, RELATED

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


# "doesnt", "hasnt", "cant": a denial typed without its apostrophe is still a denial.
_BARE_NT_RE = re.compile(
    r"\b(does|did|has|have|had|is|was|were|are|could|would|should|must|need|do|ca|wo)nt\b",
    re.IGNORECASE,
)


def with_apostrophes(text: str) -> str:
    """``text`` with negated contractions spelled with their apostrophe, for the patterns
    that read claims (quotes keep the HM's own spelling).

    >>> with_apostrophes("she doesnt have it and cant drive")
    "she doesn't have it and can't drive"
    """
    return _BARE_NT_RE.sub(lambda m: m.group(1) + "n't", text)


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


YEARS_CLAIM_RE = re.compile(
    r"\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half a|"
    r"a couple of|a few)\+?\s+(?:more\s+)?(?:full\s+)?years?\b",
    re.IGNORECASE,
)


def years_in(text: str) -> float | None:
    """The number of years a claim states ("about two years" -> 2.0)."""
    m = YEARS_CLAIM_RE.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    if word in ("a couple of", "a few"):
        return 2.0
    if word == "half a":
        return 0.5
    return number_value(word)


_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#./'-]*")
_STOP = frozenset(
    """a an the and or but of to in on at for with by from as is was were be been being it
    its this that these those he she they his her their them him i we you our your my me
    us not no do did does done have has had can could would should will shall may might
    very really just also so too than then there here what which who whom how when where
    why all any some more most much many such only own same other into out up down over
    about after before again further once if while because until nor each few both s t
    re ve ll d m o y""".split()
)


def lemmas(text: str) -> set[str]:
    """Content-word lemmas (English), e.g. "managed teams" → {"manage", "team"}."""
    out: set[str] = set()
    for word in _WORD_RE.findall(text.lower()):
        word = word.strip(".'-")
        if len(word) < 2 or word in _STOP:
            continue
        out.add(lemma(word))
    return out


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The English lemma of one lower-case word (cached: a reply's words recur)."""
    return str(simplemma.lemmatize(word, lang="en"))


# Synonyms of more than one word ("on call"), found as whole words.
_PHRASE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(
        (a for a in CANON if " " in a), key=len, reverse=True)) + r")(?![\w-])"
)


@functools.lru_cache(maxsize=16384)
def skill_terms(text: str) -> frozenset[str]:
    """Lemmas with synonyms folded and 5-letter prefixes added, for claim ↔ resume matching:
    "researches case law" and "legal research" share "research" and "law"."""
    low = _PHRASE_RE.sub(lambda m: CANON[m.group(0)], text.lower())
    out: set[str] = set()
    for word in lemmas(low):
        word = CANON.get(word, word)
        out.add(word)
        out.update(RELATED.get(word, ()))
        if len(word) >= 6:
            out.add(word[:5] + "~")
    return frozenset(out)


def resume_lines(resume_text: str) -> list[str]:
    """Lines of a resume worth quoting (bullets and sentences, not headings)."""
    out = []
    for raw in resume_text.splitlines():
        line = raw.strip().strip("-•*").strip()
        if len(line.split()) >= 3:
            out.append(line)
    return out


def line_frequencies(lines: list[str]) -> dict[str, int]:
    """How many of ``lines`` use each skill term (a word every line has names no role)."""
    df: dict[str, int] = {}
    for line in lines:
        for t in skill_terms(line):
            df[t] = df.get(t, 0) + 1
    return df
