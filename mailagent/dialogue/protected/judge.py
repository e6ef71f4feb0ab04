"""The learned judge: is a pattern hit a remark about the person, or about the work?

The patterns find protected words; many of them also name the role, the customers, the
patients, the product, the employer or a requirement of the job ("maternity ward",
"family law", "halal certification", "our older customers", "five years in Poland").
The judge scores each hit with a logistic regression over hashed features of the hit's
sentence (words, word pairs, the words just before and after the hit, the hit's
category, and character 4-grams of the words around it, so inflections and the seven
languages share evidence). It is trained by :mod:`.train_judge` on the labelled
development sets and the hand-written sentences in ``tests/data/protected``; the model
is shipped as arrays only (``judge.npz``), loaded with numpy, no pickles.

When unsure, escalate: a hit is dropped only when the model is confident it is about the
work (probability of "about the person" below a threshold chosen on held-out folds so
that almost no true remark is lost). Without a model file every hit stands.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import re2

from mailagent.dialogue.protected.normalise import fold

if TYPE_CHECKING:
    from mailagent.dialogue.protected.hit import Hit

MODEL_PATH = Path(__file__).with_name("judge.npz")
DIMENSIONS = 1 << 16
WINDOW = 4
# The sentence model reads sentences of at least this many words ("Pass." is no remark).
MIN_WORDS = 4
# A hit in a sentence this short ("Needs a work permit.") has no context to be about the
# work: the judge leaves it standing.
SHORT = 4
# Whether the hit judge also reads every word of the sentence, not only the window.
SENTENCE_WORDS = True
_TOKEN = re2.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


def feature_names(sentence: str, start: int, end: int, category: str) -> list[str]:
    """Named features of a hit at ``sentence[start:end]`` (offsets into ``sentence``)."""
    folded = fold(sentence)
    tokens: list[tuple[str, bool]] = []
    for m in _TOKEN.finditer(folded.text):
        a, b = folded.original_span(m.start(), m.end())
        tokens.append((m.group(0), a < end and start < b))
    inside = [i for i, (_, hit) in enumerate(tokens) if hit]
    first = inside[0] if inside else 0
    last = inside[-1] if inside else -1
    words = [t for t, _ in tokens]
    names = [f"c={category}", "bias"]
    if SENTENCE_WORDS:
        names += [f"u={w}" for w in words]
        names += [f"b={a} {b}" for a, b in itertools.pairwise(words)]
    names += [f"h={words[i]}" for i in inside]
    names.append("h2=" + " ".join(words[i] for i in inside))
    before = words[max(0, first - WINDOW) : first]
    after = words[last + 1 : last + 1 + WINDOW]
    for k, w in enumerate(reversed(before)):
        names += [f"l={w}", f"l{k}={w}", f"cl={category} {w}"]
        names += [f"g={w[i:i + 4]}" for i in range(max(1, len(w) - 3))]
    for k, w in enumerate(after):
        names += [f"r={w}", f"r{k}={w}", f"cr={category} {w}"]
        names += [f"g={w[i:i + 4]}" for i in range(max(1, len(w) - 3))]
    names.append(f"n={min(len(words), 30) // 5}")
    return names


def vector(names: Iterable[str]) -> dict[int, float]:
    """Hashed, binary, L2-normalised feature vector (index → value)."""
    idx = {_index(n) for n in names}
    value = 1.0 / max(1.0, len(idx)) ** 0.5
    return dict.fromkeys(idx, value)


def sentence_feature_names(sentence: str) -> list[str]:
    """Named features of a whole sentence: words, word pairs, character 4-grams."""
    words = [m.group(0) for m in _TOKEN.finditer(fold(sentence).text)]
    names = ["bias"]
    names += [f"u={w}" for w in words]
    names += [f"b={a} {b}" for a, b in itertools.pairwise(words)]
    for w in words:
        padded = f"<{w}>"
        names += [f"g={padded[i:i + 4]}" for i in range(max(1, len(padded) - 3))]
    return names


@dataclass(frozen=True)
class _Model:
    weights: np.ndarray
    bias: float
    threshold: float
    sentence_weights: np.ndarray  # classes × DIMENSIONS; class 0 is "no remark"
    sentence_bias: np.ndarray
    sentence_threshold: float
    sentence_classes: tuple[str, ...]


@cache
def _model() -> _Model | None:
    if not MODEL_PATH.exists():
        return None
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        return _Model(
            np.asarray(data["weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["threshold"]),
            np.asarray(data["sentence_weights"], dtype=np.float64),
            np.asarray(data["sentence_bias"], dtype=np.float64),
            float(data["sentence_threshold"]),
            tuple(str(c) for c in data["sentence_classes"]),
        )


def sentence_remark(sentence: str) -> tuple[str, float] | None:
    """(category, probability) when the sentence model reads a remark with no protected
    word the patterns know ("not exactly a spring chicken"), else None."""
    model = _model()
    # Folding never makes more words than whitespace separates, so a sentence too short
    # before folding is too short after it: skip the fold (a reply of one-word lines
    # would otherwise fold every line).
    if model is None or len(sentence.split()) < MIN_WORDS:
        return None
    if len(_TOKEN.findall(fold(sentence).text)) < MIN_WORDS:
        return None
    vec = vector(sentence_feature_names(sentence))
    idx = np.fromiter(vec, dtype=np.int64)
    value = next(iter(vec.values())) if vec else 0.0
    z = model.sentence_weights[:, idx].sum(axis=1) * value + model.sentence_bias
    z = np.exp(z - z.max())
    p = z / z.sum()
    remark = 1.0 - float(p[0])
    if remark < model.sentence_threshold:
        return None
    best = int(np.argmax(p[1:])) + 1
    return model.sentence_classes[best], remark


def probability(sentence: str, start: int, end: int, category: str) -> float | None:
    """P(the hit is about the person), or None without a model."""
    model = _model()
    if model is None:
        return None
    weights, bias = model.weights, model.bias
    vec = vector(feature_names(sentence, start, end, category))
    z = bias + sum(weights[i] * v for i, v in vec.items())
    return float(1.0 / (1.0 + np.exp(-z)))


def about_person(hit: Hit) -> bool:
    """False only when the model is confident the hit is about the work, not the person."""
    model = _model()
    if model is None or len(_TOKEN.findall(fold(hit.sentence).text)) <= SHORT:
        return True  # no model, or too few words to tell the work from the person
    p = probability(
        hit.sentence,
        hit.start - hit.sentence_start,
        hit.end - hit.sentence_start,
        hit.category.value,
    )
    return p is None or p >= model.threshold
