"""Train the learned judge (:mod:`.judge`) and write ``judge.npz``.

    python -m mailagent.dialogue.protected.train_judge [ROOT] [--cv]

ROOT defaults to ``tests/data/protected``. Only the development sets named in
:data:`TRAIN_SETS` and the hand-written ``judge-sentences.yaml`` are read; the blind sets
are never opened. Two models:

- the hit judge (about the person = 1): every pattern hit, with or without the role
  guards, that overlaps a protected item's ``remark``; about the work = 0: every hit on a
  neutral item with the role guards switched off (so the judge learns what the guards
  know, and more);
- the sentence model: each sentence of every item, labelled with the remark's category
  where it overlaps the remark, else "none".

Thresholds are chosen on held-out folds (grouped by item): the hit judge keeps
:data:`KEEP` of the protected items' hits (when unsure, escalate); the sentence model may
flag at most :data:`FP_SENTENCE` of held-out neutral items. ``--cv`` also prints the
whole detector's held-out recall and false-positive rate per set (each fold's items read
by models trained without them): the honest figure for the development sets.
"""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from mailagent.dialogue.protected import judge
from mailagent.dialogue.protected.detector import Hit, _sentences, candidates
from mailagent.evaluation.protected_sets import _items

TRAIN_SETS = ("dev", "dev-2", "train-3", "train-4")
# The sets' labels that are not detector categories: an accent is a remark on origin.
_CATEGORY = {"accent_language": "national_origin"}
SENTENCES = "judge-sentences.yaml"
# The project's own tuning corpora (never the held-out ones).
CORPORA = ("care-support", "data-eng")
KEEP = 0.997
FP_SENTENCE = 0.005
FOLDS = 5
C = 4.0


@dataclass(frozen=True)
class Item:
    source: str
    text: str
    remark: str  # "" for a neutral item
    category: str  # "" when unknown or neutral

    @property
    def fold(self) -> int:
        return zlib.crc32(self.text.encode("utf-8")) % FOLDS

    @property
    def span(self) -> tuple[int, int]:
        a = self.text.find(self.remark) if self.remark else -1
        return a, a + len(self.remark)


def items(root: Path) -> list[Item]:
    out: list[Item] = []
    for name in TRAIN_SETS:
        folder = root / name
        for it in _items(folder / "protected.yaml"):
            text = str(it["text"])
            category = str(it.get("category", ""))
            out.append(Item(name, text, str(it.get("remark") or text),
                            _CATEGORY.get(category, category)))
        out += [Item(name, str(it["text"]), "", "") for it in _items(folder / "neutral.yaml")]
    extra = root / SENTENCES
    if extra.exists():
        loaded = yaml.safe_load(extra.read_text(encoding="utf-8")) or {}
        out += [Item(SENTENCES, str(t), str(t), "") for t in loaded.get("protected", [])]
        out += [Item(SENTENCES, str(t), "", "") for t in loaded.get("neutral", [])]
    # Ordinary feedback of the tuning corpora (blunt, negative, about "she" and "he"):
    # every message a case does not expect to be discriminatory.
    for name in CORPORA:
        path = root.parent / "corpora" / name / "cases.yaml"
        if not path.exists():
            continue
        cases = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("cases", [])
        out += [
            Item(f"corpora/{name}", str(c["message"]), "", "")
            for c in cases
            if c.get("message")
            and "discriminatory" not in (c.get("expect") or {}).get("issues", [])
        ]
    return out


@dataclass(frozen=True)
class Example:
    item: int
    label: int
    hit: Hit


def _hits(text: str) -> list[Hit]:
    seen: dict[tuple[int, int, str], Hit] = {}
    for guarded in (True, False):
        for h in candidates(text, guarded=guarded):
            seen.setdefault((h.start, h.end, h.category.value), h)
    return list(seen.values())


def hit_examples(data: list[Item]) -> list[Example]:
    out: list[Example] = []
    for i, item in enumerate(data):
        if item.remark:
            a, b = item.span
            out += [Example(i, 1, h) for h in _hits(item.text) if h.start < b and a < h.end]
        else:
            out += [Example(i, 0, h) for h in candidates(item.text, guarded=False)]
    return out


def sentence_examples(data: list[Item]) -> list[tuple[int, str, str]]:
    """(item, sentence, class) rows for the sentence model; class "" is no remark."""
    rows: list[tuple[int, str, str]] = []
    for i, item in enumerate(data):
        if item.remark and not item.category:
            continue  # a hand-written remark without a category: hit judge only
        a, b = item.span
        for s, e in _sentences(item.text):
            label = item.category if item.remark and s < b and a < e else ""
            rows.append((i, item.text[s:e], label))
    return rows


def _csr(vectors: list[dict[int, float]]) -> sparse.csr_matrix:
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for vec in vectors:
        indices += list(vec)
        data += list(vec.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(vectors), judge.DIMENSIONS),
    )


def hit_matrix(rows: list[Example]) -> sparse.csr_matrix:
    return _csr([
        judge.vector(judge.feature_names(
            r.hit.sentence, r.hit.start - r.hit.sentence_start,
            r.hit.end - r.hit.sentence_start, r.hit.category.value,
        ))
        for r in rows
    ])


def sentence_matrix(sentences: list[str]) -> sparse.csr_matrix:
    return _csr([judge.vector(judge.sentence_feature_names(s)) for s in sentences])


def _hit_model() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000)


def _sentence_model() -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000)


def hit_threshold(data: list[Item], rows: list[Example]) -> tuple[float, np.ndarray]:
    """Held-out probabilities, and the highest threshold keeping KEEP of the protected
    items' best hit."""
    x = hit_matrix(rows)
    y = np.array([r.label for r in rows])
    fold = np.array([data[r.item].fold for r in rows])
    p = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        p[test] = _hit_model().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    best: dict[int, float] = {}
    for r, q in zip(rows, p, strict=True):
        if r.label == 1:
            best[r.item] = max(best.get(r.item, 0.0), float(q))
    scores = np.sort(np.array(list(best.values())))
    k = int(np.floor((1 - KEEP) * len(scores)))
    return float(scores[k]) - 1e-6, p


def sentence_threshold(
    data: list[Item], rows: list[tuple[int, str, str]], classes: list[str]
) -> tuple[float, np.ndarray]:
    """Held-out P(remark) per row, and the lowest threshold flagging at most FP_SENTENCE of
    held-out neutral items."""
    x = sentence_matrix([s for _, s, _ in rows])
    y = np.array([classes.index(c) for _, _, c in rows])
    fold = np.array([data[i].fold for i, _, _ in rows])
    p = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        model = _sentence_model().fit(x[train], y[train])
        p[test] = 1.0 - model.predict_proba(x[test])[:, 0]
    worst: dict[int, float] = {}
    for (i, _, _), q in zip(rows, p, strict=True):
        if not data[i].remark:
            worst[i] = max(worst.get(i, 0.0), float(q))
    # Every source of neutral text on its own (a set, the hand-written sentences, the
    # tuning corpora's real replies) keeps at most FP_SENTENCE held-out false positives.
    threshold = 0.0
    for source in {data[i].source for i in worst}:
        scores = np.sort([q for i, q in worst.items() if data[i].source == source])[::-1]
        k = int(np.floor(FP_SENTENCE * len(scores)))
        threshold = max(threshold, float(scores[k]) + 1e-6)
    return threshold, p


def held_out_report(
    data: list[Item],
    hits: list[Example], hp: np.ndarray, ht: float,
    sents: list[tuple[int, str, str]], sp: np.ndarray, st: float,
) -> dict[str, tuple[int, int, int, int]]:
    """Per source: (protected caught, protected, neutral flagged, neutral), held out.

    Approximate: a sentence-model reading counts wherever the sentence has no kept hit."""
    score: dict[tuple[int, int, int, str], float] = {
        (r.item, r.hit.start, r.hit.end, r.hit.category.value): float(q)
        for r, q in zip(hits, hp, strict=True)
    }
    caught: set[int] = set()
    flagged: set[int] = set()
    for i, item in enumerate(data):
        a, b = item.span
        for h in candidates(item.text):
            if item.remark and not (h.start < b and a < h.end):
                continue
            if score.get((i, h.start, h.end, h.category.value), 1.0) >= ht:
                (caught if item.remark else flagged).add(i)
    for (i, _, label), q in zip(sents, sp, strict=True):
        if q >= st:
            if label:
                caught.add(i)
            elif not data[i].remark:
                flagged.add(i)
    out: dict[str, tuple[int, int, int, int]] = {}
    for i, item in enumerate(data):
        c, n, f, m = out.get(item.source, (0, 0, 0, 0))
        if item.remark:
            c, n = c + (i in caught), n + 1
        else:
            f, m = f + (i in flagged), m + 1
        out[item.source] = (c, n, f, m)
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    root = Path(args[0]) if args else Path("tests/data/protected")
    data = items(root)
    hits = hit_examples(data)
    ht, hp = hit_threshold(data, hits)
    sents = sentence_examples(data)
    classes = ["", *sorted({c for _, _, c in sents if c})]
    st, sp = sentence_threshold(data, sents, classes)
    print(f"thresholds (held out): hit judge {ht:.3f}, sentence model {st:.3f}")
    if "--cv" in argv:
        for source, (c, n, f, m) in held_out_report(data, hits, hp, ht, sents, sp, st).items():
            print(f"  held out {source}: recall {c / max(n, 1):.3f} ({c}/{n}), "
                  f"false positives {f / max(m, 1):.3f} ({f}/{m})")
    hit_model = _hit_model().fit(hit_matrix(hits), np.array([r.label for r in hits]))
    smodel = _sentence_model().fit(
        sentence_matrix([s for _, s, _ in sents]),
        np.array([classes.index(c) for _, _, c in sents]),
    )
    np.savez_compressed(
        judge.MODEL_PATH,
        # Rounded, so that a retrain on the same data writes the same arrays (the solver's
        # last digits vary with the BLAS threads).
        weights=np.round(hit_model.coef_[0], 5).astype(np.float32),
        bias=np.float64(round(float(hit_model.intercept_[0]), 6)),
        threshold=np.float64(round(ht, 6)),
        sentence_weights=np.round(smodel.coef_, 5).astype(np.float32),
        sentence_bias=np.round(smodel.intercept_, 6).astype(np.float64),
        sentence_threshold=np.float64(round(st, 6)),
        sentence_classes=np.array(["none", *classes[1:]]),
    )
    print(f"wrote {judge.MODEL_PATH} ({len(hits)} hits, {len(sents)} sentences)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
