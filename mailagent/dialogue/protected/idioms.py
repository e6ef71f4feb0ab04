"""Idioms and euphemisms for protected characteristics, read from ``data/idioms.yaml``.

The patterns in :mod:`.lexicon` name characteristics; people often talk around them
instead ("eating for two", "nicht mehr die Jüngste", "in dolce attesa", "van de oude
stempel"). The data file lists such phrases by category and language as plain words;
this module turns each category's phrases into one RE2 pattern over folded text:
accents stripped like the text (:func:`.normalise.fold`), any run of spaces or hyphens
between words, and a trailing ``*`` for any word ending.

>>> import re2
>>> pregnancy = dict(patterns())[ProtectedCategory.PREGNANCY]
>>> re2.search(pregnancy, "sie ist in anderen umstanden").group(0)
'in anderen umstanden'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import re2
import yaml

from mailagent.dialogue.brain import ProtectedCategory
from mailagent.dialogue.protected.normalise import fold


def _phrase(words: str) -> str:
    parts = []
    for word in fold(words).text.split():
        stem = word.endswith("*")
        escaped = re2.escape(word.rstrip("*"))
        parts.append(escaped + (r"[a-z]*" if stem else ""))
    return r"[\s-]+".join(parts)


@cache
def patterns() -> tuple[tuple[ProtectedCategory, str], ...]:
    """One pattern per category: its idioms in every language, longest first."""
    data = resources.files("mailagent.dialogue.protected").joinpath("data/idioms.yaml")
    loaded = yaml.safe_load(data.read_text(encoding="utf-8")) or {}
    out = []
    for category, languages in loaded.items():
        phrases = {_phrase(str(p)) for ps in languages.values() for p in ps}
        ordered = sorted(phrases, key=lambda p: (-len(p), p))
        out.append((ProtectedCategory(category), r"\b(?:" + "|".join(ordered) + r")\b"))
    return tuple(out)
