"""The protected-remark detector: ``detect(text)`` → hits with category, span, sentence.

Every gate calls this one function: the reading of each hiring-manager reply (whichever
brain read it), candidate-feedback drafting, the final send gate and the feedback linter.
The text is folded first (:mod:`normalise`), small misspellings of protected words are
corrected (:mod:`.spelling`: one edit, two on long words, never a real word),
technical and role uses are masked (:data:`lexicon.GUARDS`), then the patterns run. Every
pattern is RE2, so reading one reply is linear in its length. The learned judge
(:mod:`.judge`) then drops a hit only when it is confident the protected word is about the
work (the role, the customers, a place of past work), and reads the sentences with no hit
for remarks no pattern knows.

>>> [(h.category.value, h.text) for h in detect("Strong SQL. But she is pr3gnant.")]
[('pregnancy', 'pr3gnant')]
>>> detect("The on-call rota needs weekend cover; the parent process forks a child.")
[]
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache, lru_cache

import re2

from mailagent.dialogue.brain import ProtectedCategory, ProtectedRemark
from mailagent.dialogue.protected import idioms, judge, lexicon, places, spelling
from mailagent.dialogue.protected.hit import Hit as Hit  # re-exported: callers import it from here
from mailagent.dialogue.protected.normalise import Folded, fold, has_leet_one


def _expand(pattern: str) -> str:
    """Macros, and a space outside a character class → any run of spaces or hyphens."""
    # "she's", "he'd": no space between the subject and what follows.
    pattern = pattern.replace("{SUBJ} ", "{SUBJ}_SP_")
    for name, value in lexicon.MACROS.items():
        pattern = pattern.replace("{" + name + "}", value)
    out: list[str] = []
    depth = 0
    escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            out.append(ch)
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(r"[\s-]+" if ch == " " and depth == 0 else ch)
    return "".join(out).replace("_SP_", r"[\s-]*")


def _compile(pattern: str) -> re2._Regexp:
    options = re2.Options()
    options.max_mem = 256 << 20
    return re2.compile(_expand(pattern), options)


_Terms = tuple[tuple[ProtectedCategory, re2._Regexp], ...]
_unguards: list[re2._Regexp] = []


@cache
def _patterns(guarded: bool = True) -> tuple[_Terms, tuple[re2._Regexp, ...]]:
    terms, guards = places.patterns()
    compiled = [
        (cat, _compile("|".join(f"(?:{p})" for p in ps))) for cat, ps in lexicon.TERMS.items()
    ]
    compiled += [(ProtectedCategory.NATIONAL_ORIGIN, _compile(p)) for p in terms]
    compiled += [(category, _compile(p)) for category, p in idioms.patterns()]
    if not _unguards:
        _unguards.extend(_compile(u) for u in lexicon.UNGUARDS)
    masks = [_compile(g) for g in (*lexicon.GUARDS, *guards)] if guarded else []
    return tuple(compiled), tuple(masks)


_TOKEN = re2.compile(r"[a-z]+(?:-[a-z]+)*")
# Three single letters in a row with separators between them ("p r e g", "g.a.y").
_SPACED = re2.compile(r"(?:^|[^\w'])\w[ ._*·/-]{1,2}\w[ ._*·/-]{1,2}\w(?:[^\w]|$)")


def _fix_spelling(f: Folded) -> Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    changed = False
    for m in _TOKEN.finditer(f.text):
        token = m.group(0)
        joined = token.replace("-", "")
        fixed = None
        if joined != token and spelling.is_target(joined):
            fixed = joined
        elif "-" not in token:
            fixed = spelling.correct(token)
        else:
            fixed = spelling.correct(joined)
        if fixed is None or fixed == token:
            continue
        a, b = m.start(), m.end()
        chars.extend(f.text[pos:a])
        starts.extend(f.starts[pos:a])
        ends.extend(f.ends[pos:a])
        chars.extend(fixed)
        starts.extend([f.starts[a]] * len(fixed))
        ends.extend([f.ends[b - 1]] * len(fixed))
        pos = b
        changed = True
    if not changed:
        return f
    chars.extend(f.text[pos:])
    starts.extend(f.starts[pos:])
    ends.extend(f.ends[pos:])
    return Folded("".join(chars), tuple(starts), tuple(ends))


def _masked(text: str, guarded: bool) -> str:
    chars = list(text)
    for guard in _patterns(guarded)[1]:
        for m in guard.finditer(text):
            for j in range(m.start(), m.end()):
                if chars[j] not in " \n\t":
                    chars[j] = "#"
    for unguard in _unguards:
        for m in unguard.finditer(text):
            chars[m.start() : m.end()] = text[m.start() : m.end()]
    return "".join(chars)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the original text: split after . ! ? ; before a space, and at
    line breaks."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        end = None
        if ch == "\n":
            end = i
        elif ch in ".!?;…" and (i + 1 == n or text[i + 1].isspace()):
            end = i + 1
        if end is not None:
            spans.append((start, end))
            start = end
        i += 1
    spans.append((start, n))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _cased_ok(original: str, folded_match: str) -> bool:
    words = set(folded_match.replace("-", " ").split())
    return not any(
        word in words and word.capitalize() not in original and word.upper() not in original
        for word in places.CASED
    )


def _scan(text: str, f: Folded, guarded: bool) -> list[tuple[ProtectedCategory, int, int]]:
    found = []
    masked = _masked(f.text, guarded)
    for category, regex in _patterns(guarded)[0]:
        for m in regex.finditer(masked):
            a, b = m.start(), m.end()
            # Trailing punctuation or spaces a pattern needed as a boundary are not quoted.
            while b > a and not masked[b - 1].isalnum():
                b -= 1
            if b <= a:
                continue
            start, end = f.original_span(a, b)
            if _cased_ok(text[start:end], f.text[a:b]):
                found.append((category, start, end))
    return found


def detect(text: str) -> list[Hit]:
    """Every protected remark in ``text``, in order; spans index ``text`` itself."""
    # A turn reads the same reply more than once (the brain, the gate, the records); long
    # texts get a small cache of their own so they cannot push the short ones out.
    if len(text) > 20_000:
        return list(_detect_long(text))
    return list(_detect(text))


@lru_cache(maxsize=4)
def _detect_long(text: str) -> tuple[Hit, ...]:
    return _detect.__wrapped__(text)


@lru_cache(maxsize=512)
def _detect(text: str) -> tuple[Hit, ...]:
    hits = [h for h in candidates(text) if judge.about_person(h)]
    covered = {h.sentence_start for h in hits}
    for a, b in _sentences(text):
        if a in covered or not any(c.isalpha() for c in text[a:b]):
            continue
        found = judge.sentence_remark(text[a:b])
        if found is not None:
            hits.append(Hit(ProtectedCategory(found[0]), a, b, text[a:b], text[a:b], a, b))
    return tuple(sorted(hits, key=lambda h: (h.start, h.end)))


def candidates(text: str, *, guarded: bool = True) -> tuple[Hit, ...]:
    """Every pattern hit before the learned judge; ``guarded=False`` skips the role guards
    (the judge learns from those unguarded hits on neutral text)."""
    if not text.strip():
        return ()
    readings = [fold(text)]
    if has_leet_one(text):
        readings.append(fold(text, one="l"))
    # Letter-spaced words next to a one-letter word ("es g a y y los", "È s e p a r a t o"),
    # read again only where the text has a letter-spaced run at all.
    for trim in ("head", "tail", "both") if _SPACED.search(text) else ():
        trimmed = fold(text, trim=trim)
        if all(trimmed.text != r.text for r in readings):
            readings.append(trimmed)
    raw: list[tuple[ProtectedCategory, int, int]] = []
    for reading in readings:
        raw += _scan(text, reading, guarded)
        fixed = _fix_spelling(reading)
        if fixed is not reading:
            raw += _scan(text, fixed, guarded)
    if not raw:
        return ()
    sentences = _sentences(text)
    starts = [a for a, _ in sentences]
    hits: list[Hit] = []
    # The end of the last hit kept, per category: a hit inside it is the same remark.
    reach: dict[ProtectedCategory, int] = {}
    for category, start, end in sorted(raw, key=lambda r: (r[1], -r[2])):
        if start < reach.get(category, -1):
            continue
        reach[category] = end
        k = bisect_right(starts, start) - 1
        s_start, s_end = sentences[k] if k >= 0 and start < sentences[k][1] else (start, end)
        s_end = max(s_end, end)
        hits.append(
            Hit(category, start, end, text[start:end], text[s_start:s_end], s_start, s_end)
        )
    return tuple(hits)


def find_protected(text: str) -> list[ProtectedRemark]:
    """One remark per sentence and category, quoting the sentence (the brains' form).

    >>> [r.category.value for r in find_protected("We're a young team; she has kids.")]
    ['age', 'family_status']
    """
    seen: set[tuple[ProtectedCategory, str]] = set()
    out: list[ProtectedRemark] = []
    for hit in detect(text):
        key = (hit.category, hit.sentence)
        if key not in seen:
            seen.add(key)
            out.append(ProtectedRemark(category=hit.category, quote=hit.sentence))
    return out


def tainted_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` that hold a hit, merged, in order."""
    spans = sorted({(h.sentence_start, h.sentence_end) for h in detect(text)})
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def without_remarks(text: str, *, marker: str = "") -> str:
    """``text`` with every sentence that holds a protected remark taken out.

    >>> without_remarks("Strong SQL. She is pregnant. Weak on Kafka.")
    'Strong SQL. Weak on Kafka.'
    """
    spans = tainted_spans(text)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        if marker:
            parts.append(marker)
        pos = b
    parts.append(text[pos:])
    joined = "".join(parts)
    lines = [" ".join(line.split()) for line in joined.split("\n")]
    return "\n".join(lines).strip()
