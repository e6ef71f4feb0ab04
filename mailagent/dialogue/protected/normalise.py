"""Fold obfuscated text to plain lowercase ASCII-ish letters, keeping every offset.

Each character of the folded text remembers the span of the original text it came from,
so a match on the folded text maps back to the exact original span (zero-width
characters inside a word, homoglyphs and all). Steps, in order:

1. zero-width characters and soft hyphens are dropped;
2. Unicode NFKC (full-width letters, ligatures), then accents are stripped (NFKD without
   combining marks) and a few letters spelled out (ß → ss, æ → ae, ø → o);
3. letters from other scripts that look like Latin ones (Cyrillic "р", Greek "ο") become
   the Latin letter (``confusable-homoglyphs``);
4. lowercase;
5. leetspeak inside words ("pr3gn4nt" → "pregnant"), never in plain numbers ("58", "40s");
6. letter-spaced words are joined ("p r e g n a n t", "p.r.e.g.n.a.n.t").

>>> f = fold("She is pr\\u200beg-\\u00adnant")
>>> f.text
'she is preg-nant'
>>> f.original_span(7, 16)
(7, 18)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import re2
from confusable_homoglyphs import confusables

_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
)
_SPELLED = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ħ": "h", "ŀ": "l", "ſ": "s", "Ι": "i", "ι": "i", "І": "i", "Ӏ": "i",
    "ӏ": "i", "Ꭵ": "i",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
}
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
         "@": "a", "$": "s", "!": "i", "|": "l", "+": "t", "€": "e"}
# Number + unit or ordinal: "40s", "58yo", "20th", "5k" stay as they are.
_NUMBER_UNIT = re2.compile(
    r"^\d+(s|th|st|nd|rd|k|m|yo|y|yr|yrs|h|hr|hrs|x|er|ers|ies|ish|am|pm|d|g|gb|mb|kb|tb|"
    r"ms|px|b|min|mins|mm|cm|km|kg|ml|fps|w|mo|q|p|l)?$"
)
_WORD = re2.compile(r"[a-z0-9@$!|+€]+")
_SEPARATORS = frozenset(" ._*·/-")


@dataclass(frozen=True)
class Folded:
    """Folded text; ``starts[i]``/``ends[i]`` is the original span of folded char ``i``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded ``text[start:end]`` (``end`` > ``start``)."""
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """The Latin letter a non-ASCII letter is confusable with, else the letter itself.

    A capital prefers a capital look-alike (Greek "Ι" is "I", not "l").
    """
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    letters = [
        str(g["c"])
        for f in found or []
        for g in f["homoglyphs"]
        if str(g["c"]).isascii() and str(g["c"]).isalpha()
    ]
    if char.isupper():
        upper = [c for c in letters if c.isupper()]
        letters = upper or letters
    return letters[0].lower() if letters else char


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One original character, folded (possibly to several characters, or none)."""
    if char in _INVISIBLE:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", char):
        c = _SPELLED.get(c, _SPELLED.get(c.lower(), c))
        for d in unicodedata.normalize("NFKD", c):
            if unicodedata.combining(d):
                continue
            if not d.isascii() and d.isalpha():
                d = _latin(d)
            out.append(d.lower())
    return "".join(out)


def _basic(text: str) -> tuple[list[str], list[int], list[int]]:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            if ch in "`":
                ch = "'"
            chars.append(ch.lower())
            starts.append(i)
            ends.append(i + 1)
            continue
        for c in fold_char(ch):
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    return chars, starts, ends


def _leet(chars: list[str], *, one: str) -> None:
    text = "".join(chars)
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not any(c.isalpha() for c in word) or word.isalpha():
            continue
        if _NUMBER_UNIT.match(word) or not any(c.isalpha() for c in word.strip("@$!|+€")):
            continue
        inner = word.strip("!|+")  # "great!" keeps its "!"
        offset = word.index(inner[0]) if inner else 0
        for j, c in enumerate(inner):
            if c in _LEET:
                chars[m.start() + offset + j] = one if c == "1" else _LEET[c]


# One-letter words of the seven languages ("a", "y", "e", "o"): a spaced-out word next to
# one of them ("she's a g i r l", "es g a y y los") is read twice, with and without it.
_ONE_LETTER_WORDS = frozenset("aeiouy")


def _join_spaced(
    chars: list[str], starts: list[int], ends: list[int], *, trim: str = ""
) -> tuple[list[str], list[int], list[int]]:
    """Drop the separators of runs of three or more single letters ("p r e g n a n t").

    A letter after an apostrophe ends a contraction ("she's"), so it starts no run. With
    ``trim`` "head", "tail" or "both", a one-letter word at that end of a run stays a word
    of its own.
    """
    n = len(chars)
    lone = [
        i
        for i in range(n)
        if chars[i].isalnum()
        and (i == 0 or not (chars[i - 1].isalnum() or chars[i - 1] == "'"))
        and (i + 1 == n or not chars[i + 1].isalnum())
    ]
    keep = [True] * n
    run: list[int] = []
    gap = ""
    for i in [*lone, -1]:
        between = "".join(chars[run[-1] + 1 : i]) if run and i >= 0 else ""
        if (
            run
            and i >= 0
            and 1 < i - run[-1] <= 3
            and all(c in _SEPARATORS for c in between)
            and (len(run) == 1 or between == gap)
        ):
            gap = between
            run.append(i)
            continue
        if trim in ("head", "both") and len(run) >= 4 and chars[run[0]] in _ONE_LETTER_WORDS:
            run = run[1:]
        if trim in ("tail", "both") and len(run) >= 4 and chars[run[-1]] in _ONE_LETTER_WORDS:
            run = run[:-1]
        if len(run) >= 3:
            for j in range(run[0], run[-1]):
                if not chars[j].isalnum():
                    keep[j] = False
        if (
            run
            and i >= 0
            and 1 < i - run[-1] <= 3
            and between
            and all(c in _SEPARATORS for c in between)
        ):
            # Another separator starts a new run at the previous letter ("e d-i-s-a-b").
            run, gap = [run[-1], i], between
        else:
            run, gap = [i], ""
    if all(keep):
        return chars, starts, ends
    return (
        [c for c, k in zip(chars, keep, strict=True) if k],
        [s for s, k in zip(starts, keep, strict=True) if k],
        [e for e, k in zip(ends, keep, strict=True) if k],
    )


def fold(text: str, *, one: str = "i", trim: str = "") -> Folded:
    """Fold ``text``; ``one`` is what a "1" inside a word stands for ("i" or "l");
    ``trim`` keeps one-letter words out of letter-spaced runs (see :func:`_join_spaced`)."""
    chars, starts, ends = _basic(text)
    _leet(chars, one=one)
    chars, starts, ends = _join_spaced(chars, starts, ends, trim=trim)
    return Folded("".join(chars), tuple(starts), tuple(ends))


def has_leet_one(text: str) -> bool:
    """True when some word mixes letters with a "1" (so "l" is worth a second reading)."""
    return bool(_LEET_ONE.search(text))


_LEET_ONE = re2.compile(r"[A-Za-z]1|1[A-Za-z]")
