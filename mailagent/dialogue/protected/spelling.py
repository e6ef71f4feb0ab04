"""Small misspellings of protected words, corrected before the patterns run.

A hurried reply misspells the very word that matters ("pregnent", "divorsiado",
"lespisch", "Ziguener", "célibatère"). A token is corrected to a protected word when:

- it is five letters or more, not longer than any protected word, and not itself a
  real word of the seven languages (``data/near_words.txt``, generated from simplemma's
  dictionaries by ``scripts/protected_near_words.py``) nor a protected word;
- it is one edit away (insertion, deletion, substitution or swap of neighbours), or two
  when both words have nine letters or more;
- it starts with the same letter, or with a letter that sounds the same at the start of
  a word (g/j, c/k/q, s/z, v/w/b, i/y) or drops a silent "h" ("ijos" for "hijos");
- it is not the protected word plus an ending (inflections are the patterns' job).

The protected words are the lexicon's list, every demonym of six letters or more, and
every single-word idiom (``data/idioms.yaml``). Lookups use the deletions of both words
(symmetric delete), so correcting one token costs a few dozen dictionary lookups.

>>> correct("divorsiado"), correct("lespisch"), correct("pregnent"), correct("present")
('divorciado', 'lesbisch', 'pregnant', None)
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

import yaml

from mailagent.dialogue.protected import lexicon, places
from mailagent.dialogue.protected.normalise import fold

# No protected word is longer; longer tokens are never corrected (keeps this linear).
LONGEST = 40
SHORTEST = 5
# Both words at least this long may be two edits apart.
LONG = 9
_SAME_SOUND = ("gj", "ckq", "sz", "vwb", "iy")
# Protected words in the other languages that the lexicon's list lacks.
_MORE_TARGETS = """
    divorciado divorciada divorciados divorcee divorce divorcio divorzio scheidung
    geschieden verheiratet marriage married matrimonio casamento huwelijk getrouwd
    celibataire celibatario soltera soltero alleinerziehend alleenstaande
    zigeuner zingara zingaro gitana gitano cigana cigano gypsy gipsy roma
    lesbisch lesbiana lesbica lesbienne lesbica schwul homosexuell homosexual
    transessuale transexual transsexuell transgender nonbinary binary nichtbinar
    epilettica epilettico epileptisch epileptico epileptica epileptique
    vecchio vecchia anziano anziana ancien ancienne viejo vieja velho velha
    sixties fifties seventies forties sechzig funfzig soixante cinquante
    rentner rentnerin retraite jubilado jubilada pensionato pensionata aposentado
    schwarzer schwarze schwarz zwarte negro negra nero nera preto preta
    homem hombre mujer mulher donna vrouw frauen
    tuerke turke turkin turco turca
    hijos figli filhos enfants kinder kinderen
    embarazada schwangere zwangere enceinte incinta gravida
    musulmana musulmano musulman muslima moslima islamisch islamique islamico
    adventista adventist testimone testemunha zeugen getuige
"""


def _targets() -> frozenset[str]:
    plain, language = places.demonyms()
    words = set(lexicon.FUZZY_TARGETS) | set(_MORE_TARGETS.split())
    words |= {w for w in plain | language if len(w) >= 6 and w.isalpha()}
    idioms = resources.files("mailagent.dialogue.protected").joinpath("data/idioms.yaml")
    for languages in (yaml.safe_load(idioms.read_text(encoding="utf-8")) or {}).values():
        for phrases in languages.values():
            words |= {str(p) for p in phrases if " " not in str(p) and "*" not in str(p)}
    return frozenset(
        f for f in (fold(w).text for w in words) if len(f) >= SHORTEST and f.isalpha()
    )


def _deletions(word: str, depth: int) -> Iterator[str]:
    yield word
    level = {word}
    for _ in range(depth):
        level = {w[:i] + w[i + 1 :] for w in level for i in range(len(w))}
        yield from level


@cache
def index() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """(deletion → protected words it comes from, words never corrected)."""
    targets = _targets()
    out: dict[str, set[str]] = {}
    for word in sorted(targets):
        for d in _deletions(word, 2 if len(word) >= LONG else 1):
            out.setdefault(d, set()).add(word)
    near = resources.files("mailagent.dialogue.protected").joinpath("data/near_words.txt")
    known = frozenset(
        line.strip()
        for line in near.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    language = places.demonyms()[1]
    return {k: tuple(sorted(v)) for k, v in out.items()}, known | targets | language


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps of neighbours (optimal string alignment), capped at
    ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def _same_start(word: str, target: str) -> bool:
    if word[0] == target[0] or (target[0] == "h" and word[0] == target[1]):
        return True
    return any(word[0] in group and target[0] in group for group in _SAME_SOUND)


def is_target(word: str) -> bool:
    """True when ``word`` is itself a protected word of the list."""
    return word in index()[0].get(word, ())


def correct(word: str, *, known_too: bool = False) -> str | None:
    """The protected word ``word`` misspells, if any (``known_too``: also for words in
    the list of real words, which the generator of that list uses)."""
    table, known = index()
    if not SHORTEST <= len(word) <= LONGEST or (word in known and not known_too):
        return None
    if is_target(word):
        return None
    best: tuple[int, str] | None = None
    for d in _deletions(word, 2 if len(word) >= LONG - 1 else 1):
        for target in table.get(d, ()):
            limit = 2 if min(len(word), len(target)) >= LONG else 1
            if word.startswith(target) or not _same_start(word, target):
                continue
            dist = distance(word, target, limit)
            if dist <= limit and (best is None or (dist, target) < best):
                best = (dist, target)
    return best[1] if best else None
