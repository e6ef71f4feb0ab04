"""Regular expressions that run in linear time, for text that comes from the internet.

Python's :mod:`re` backtracks: a pattern such as ``^(.*?\\S)\\s+(On\\s.*\\d.*wrote:)$``
takes cubic time on ``"x On 1 " * 1000`` and froze the inbox for minutes.  Every
pattern the strip package runs on mail text is therefore compiled here, with Google's
RE2 (``google-re2``), whose automata never backtrack: the time to match is linear in
the text, whatever the pattern.  :data:`REGISTRY` lists every pattern compiled this way,
so a test can check that the strip package runs no other kind.

RE2 reads ``\\w``, ``\\d`` and ``\\s`` as ASCII only; :func:`linear` rewrites them to the
Unicode classes Python's :mod:`re` means by them, so "écrit" and "написал" stay words.
``\\b`` stays ASCII-only in RE2, and RE2 has no look-around or back-references: a
pattern that needs them fails to compile here instead of running slowly.

Example:
    >>> pattern = linear(r"^\\s*(?P<word>\\w+)\\s*:", ignorecase=True)
    >>> pattern.match("  Betreff: AW").group("word")
    'Betreff'
    >>> pattern.match("Привет: мир").group("word")
    'Привет'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, Protocol

import re2

# What Python's re means by \w, \d and \s on str patterns (Unicode letters, digits,
# numbers and "_"; decimal digits; every character str.isspace() accepts).
_WORD: Final = r"\pL\pN_"
_DIGIT: Final = r"\p{Nd}"
_SPACE: Final = r"\t-\r\x1c-\x1f\x85\p{Z}"
_CLASSES: Final = {"w": _WORD, "d": _DIGIT, "s": _SPACE}


class LinearMatch(Protocol):
    """The part of a match object the strip package uses (RE2's mirrors :mod:`re`'s)."""

    def group(self, group: int | str = 0, /) -> str | Any: ...

    def start(self, group: int | str = 0, /) -> int: ...

    def end(self, group: int | str = 0, /) -> int: ...


class LinearPattern(Protocol):
    """A compiled RE2 pattern; the methods mirror :class:`re.Pattern`'s."""

    @property
    def pattern(self) -> str: ...

    def match(self, text: str) -> LinearMatch | None: ...

    def search(self, text: str) -> LinearMatch | None: ...

    def fullmatch(self, text: str) -> LinearMatch | None: ...

    def finditer(self, text: str) -> Iterator[LinearMatch]: ...

    def sub(self, repl: str | Callable[[LinearMatch], str], text: str, count: int = 0) -> str: ...

    def split(self, text: str, maxsplit: int = 0) -> list[str]: ...


# Every pattern compiled by :func:`linear`, in the order they were compiled.
REGISTRY: Final[list[LinearPattern]] = []


def unicode_classes(pattern: str) -> str:
    """Rewrite ``\\w``, ``\\d`` and ``\\s`` (and their negations outside brackets) to the
    Unicode classes Python means, for RE2.

    Example:
        >>> unicode_classes(r"[\\w.+-]+@\\d")
        '[\\\\pL\\\\pN_.+-]+@[\\\\p{Nd}]'
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            code = pattern[i + 1]
            if code in _CLASSES:
                out.append(_CLASSES[code] if in_class else f"[{_CLASSES[code]}]")
            elif code.lower() in _CLASSES and code.isupper():
                if in_class:
                    raise ValueError(f"\\{code} inside [...] has no RE2 form: {pattern!r}")
                out.append(f"[^{_CLASSES[code.lower()]}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # A "]" right after "[" or "[^" is a literal, not the end of the class.
            for lead in ("^", "]"):
                if pattern.startswith(lead, i + 1):
                    out.append(lead)
                    i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def linear(pattern: str, *, ignorecase: bool = False) -> LinearPattern:
    """Compile ``pattern`` with RE2 (linear time), record it in :data:`REGISTRY`.

    Raises ``re2.error`` for what RE2 cannot run in linear time (look-around,
    back-references): such a pattern must be rewritten, not given a slower engine.
    """
    options = re2.Options()
    options.case_sensitive = not ignorecase
    compiled: LinearPattern = re2.compile(unicode_classes(pattern), options)
    REGISTRY.append(compiled)
    return compiled


def is_linear(pattern: object) -> bool:
    """Tell whether ``pattern`` was compiled by :func:`linear`."""
    return any(pattern is known for known in REGISTRY)


def escape(text: str) -> str:
    """Quote ``text`` as a literal for :func:`linear` (RE2's own quoting rules)."""
    quoted: str = re2.escape(text)
    return quoted
