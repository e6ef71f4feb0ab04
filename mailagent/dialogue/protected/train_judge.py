"""Train the learned judge (:mod:`.judge`) and write ``judge.npz``.

    python -m mailagent.dialogue.protected.train_judge [ROOT]

ROOT defaults to ``tests/data/protected``. Only the development sets named in
:data:`TRAIN_SETS` and the hand-written ``judge-sentences.yaml`` are read; the blind sets
are never opened. Examples:

- about the person (1): every pattern hit, with or without the role guards, that
  overlaps a protected item's ``remark``;
- about the work (0): every pattern hit on a neutral item with the role guards switched
  off (so the judge learns what the guards know, and more), and every hit on a
  hand-written neutral sentence.

The threshold is chosen on held-out folds (grouped by item): the highest one that still
keeps :data:`KEEP` of the protected items caught, so the judge drops a hit only when it
is confident — when unsure, escalate.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from mailagent.dialogue.protected import judge
from mailagent.dialogue.protected.detector import Hit, _sentences, candidates
from mailagent.evaluation.protected_sets import _items

TRAIN_SETS = ("dev", "dev-2")
# The sets' labels that are not detector categories: an accent is a remark on origin.
_CATEGORY = {"accent_language": "national_origin"}
SENTENCES = "judge-sentences.yaml"
KEEP = 0.997
FP_SENTENCE = 0.01
FOLDS = 5
C = 4.0


@dataclass(frozen=True)
class Example:
    group: int
    label: int
    hit: Hit


def _hits(text: str) -> list[Hit]:
    seen: dict[tuple[int, int, str], Hit] = {}
    for guarded in (True, False):
        for h in candidates(text, guarded=guarded):
            seen.setdefault((h.start, h.end, h.category.value), h)
    return list(seen.values())


def examples(root: Path) -> tuple[list[Example], dict[int, bool]]:
    """Training examples, and for each group (item) whether it is a protected item."""
    out: list[Example] = []
    kinds: dict[int, bool] = {}
    group = 0
    protected: list[dict[str, Any]] = []
    neutral: list[dict[str, Any]] = []
    for name in TRAIN_SETS:
        folder = root / name
        protected += _items(folder / "protected.yaml")
        neutral += _items(folder / "neutral.yaml")
    extra = root / SENTENCES
    if extra.exists():
        loaded = yaml.safe_load(extra.read_text(encoding="utf-8")) or {}
        protected += [{"text": t} for t in loaded.get("protected", [])]
        neutral += [{"text": t} for t in loaded.get("neutral", [])]
    for item in protected:
        text = str(item["text"])
        remark = str(item.get("remark") or text)
        a = text.find(remark)
        b = a + len(remark)
        group += 1
        kinds[group] = True
        for h in _hits(text):
            if h.start < b and a < h.end:
                out.append(Example(group, 1, h))
    for item in neutral:
        group += 1
        kinds[group] = False
        out += [Example(group, 0, h) for h in candidates(str(item["text"]), guarded=False)]
    return out, kinds


def matrix(rows: list[Example]) -> sparse.csr_matrix:
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for r in rows:
        h = r.hit
        vec = judge.vector(
            judge.feature_names(
                h.sentence, h.start - h.sentence_start, h.end - h.sentence_start,
                h.category.value,
            )
        )
        indices += list(vec)
        data += list(vec.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data), np.array(indices), np.array(indptr)),
        shape=(len(rows), judge.DIMENSIONS),
    )


def _model() -> LogisticRegression:
    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000)


def _threshold(rows: list[Example], p: np.ndarray, kinds: dict[int, bool]) -> float:
    """The highest threshold keeping KEEP of the protected items caught (held out)."""
    best: dict[int, float] = {}
    for r, q in zip(rows, p, strict=True):
        if r.label == 1:
            best[r.group] = max(best.get(r.group, 0.0), float(q))
    scores = np.sort(np.array(list(best.values())))
    k = int(np.floor((1 - KEEP) * len(scores)))
    return float(scores[k]) - 1e-6 if len(scores) else 0.5


def cross_validate(rows: list[Example], kinds: dict[int, bool]) -> tuple[float, np.ndarray]:
    x = matrix(rows)
    y = np.array([r.label for r in rows])
    groups = np.array([r.group for r in rows])
    fold = groups % FOLDS
    p = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        p[test] = _model().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    return _threshold(rows, p, kinds), p


def report(rows: list[Example], p: np.ndarray, kinds: dict[int, bool], t: float) -> str:
    caught: dict[int, bool] = {}
    flagged: dict[int, bool] = {}
    for r, q in zip(rows, p, strict=True):
        if r.label == 1:
            caught[r.group] = caught.get(r.group, False) or q >= t
        else:
            flagged[r.group] = flagged.get(r.group, False) or q >= t
    n_prot = sum(kinds.values())
    n_neut = len(kinds) - n_prot
    return (
        f"held-out threshold {t:.3f}: protected items kept "
        f"{sum(caught.values())}/{len(caught)} (of {n_prot} items), neutral items with an "
        f"unguarded hit still flagged {sum(flagged.values())}/{len(flagged)} "
        f"(of {n_neut} items)"
    )


def sentence_examples(root: Path) -> list[tuple[int, str, str]]:
    """(item, sentence, class) rows for the sentence model; class "" is no remark."""
    rows: list[tuple[int, str, str]] = []
    group = 0
    texts: list[tuple[str, str, str]] = []
    for name in TRAIN_SETS:
        folder = root / name
        for item in _items(folder / "protected.yaml"):
            category = str(item.get("category", ""))
            texts.append((str(item["text"]), str(item.get("remark") or ""),
                          _CATEGORY.get(category, category)))
        for item in _items(folder / "neutral.yaml"):
            texts.append((str(item["text"]), "", ""))
    extra = root / SENTENCES
    if extra.exists():
        loaded = yaml.safe_load(extra.read_text(encoding="utf-8")) or {}
        texts += [(str(t), "", "") for t in loaded.get("neutral", [])]
    for text, remark, category in texts:
        group += 1
        a = text.find(remark) if remark else -1
        b = a + len(remark)
        for s, e in _sentences(text):
            label = category if remark and s < b and a < e else ""
            rows.append((group, text[s:e], label))
    return rows


def sentence_matrix(sentences: list[str]) -> sparse.csr_matrix:
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for text in sentences:
        vec = judge.vector(judge.sentence_feature_names(text))
        indices += list(vec)
        data += list(vec.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data), np.array(indices), np.array(indptr)),
        shape=(len(sentences), judge.DIMENSIONS),
    )


def _sentence_model() -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000)


def sentence_threshold(rows: list[tuple[int, str, str]], classes: list[str]) -> float:
    """The lowest threshold with at most FP_SENTENCE of held-out neutral items flagged."""
    x = sentence_matrix([s for _, s, _ in rows])
    y = np.array([classes.index(c) for _, _, c in rows])
    groups = np.array([g for g, _, _ in rows])
    fold = groups % FOLDS
    p = np.zeros(len(rows))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        model = _sentence_model().fit(x[train], y[train])
        p[test] = 1.0 - model.predict_proba(x[test])[:, 0]
    remark_items = {g for g, _, c in rows if c}
    worst: dict[int, float] = {}
    for (g, _, _), q in zip(rows, p, strict=True):
        if g not in remark_items:
            worst[g] = max(worst.get(g, 0.0), float(q))
    scores = np.sort(np.array(list(worst.values())))[::-1]
    k = int(np.floor(FP_SENTENCE * len(scores)))
    t = float(scores[k]) + 1e-6
    caught = {g for (g, _, c), q in zip(rows, p, strict=True) if c and q >= t}
    print(f"sentence model: held-out threshold {t:.3f}, remark items read "
          f"{len(caught)}/{len(remark_items)}, neutral items flagged "
          f"{int((scores >= t).sum())}/{len(scores)}")
    return t


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path("tests/data/protected")
    rows, kinds = examples(root)
    t, p = cross_validate(rows, kinds)
    print(report(rows, p, kinds, t))
    model = _model().fit(matrix(rows), np.array([r.label for r in rows]))
    srows = sentence_examples(root)
    classes = [""] + sorted({c for _, _, c in srows if c})
    st = sentence_threshold(srows, classes)
    smodel = _sentence_model().fit(
        sentence_matrix([s for _, s, _ in srows]),
        np.array([classes.index(c) for _, _, c in srows]),
    )
    np.savez_compressed(
        judge.MODEL_PATH,
        weights=model.coef_[0].astype(np.float32),
        bias=np.float64(model.intercept_[0]),
        threshold=np.float64(t),
        sentence_weights=smodel.coef_.astype(np.float32),
        sentence_bias=smodel.intercept_.astype(np.float64),
        sentence_threshold=np.float64(st),
        sentence_classes=np.array(["none", *classes[1:]]),
    )
    print(f"wrote {judge.MODEL_PATH} ({len(rows)} examples)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
