"""Train the learned reader: ``python -m mailagent.dialogue.offline.train``.

Reads the train corpora (``TRAIN``, folders in the eval schema), fits one logistic
regression per issue label over hashed word and character n-grams plus the rule
reader's findings, and one over reply × criterion features; picks each label's
threshold on the train folds by cross-validation; writes ``model.npz`` beside this file.
With the same corpora and library versions it writes the same bytes (fixed seed,
deterministic solver, a fixed ``PYTHONHASHSEED`` so that sums over sets of words add in
one order, and zip entries with a fixed date, where ``np.savez`` stamps the time of
writing). ``--dev DIR`` scores a corpus afterwards (figures only).

Model choice, by leave-one-writer-out over the eight train writers (w01–w03, w06, w07,
w09–w11: train on seven, score the eighth; issue labels' mean F1 at a 0.5 cut, one IDF
fitted on all train text, 2026-11-30):

| issue C | dense weight | mean F1 | worst writer (w09-clinics) |
| --- | --- | --- | --- |
| 1 | 1.0 | 0.828 | 0.763 |
| 4 | 1.0 | 0.851 | 0.781 |
| 16 | 1.0 | 0.859 | 0.790 |

C = 16 is best on average and on the worst writer, so it ships (it was 4). A heavier
dense-feature weight, other n-gram ranges and per-label C were not measured in time:
word 1–2-grams and char_wb 2–5-grams stay as first chosen on dev. Per-label thresholds
stay chosen by 5-fold cross-validation on train (F1-maximising cut).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import zipfile
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from mailagent.dialogue.brain import Assessment, BrainContext
from mailagent.dialogue.offline import rules as offline
from mailagent.dialogue.offline.claims import claim_sentences
from mailagent.dialogue.offline.features import (
    CHAR_FEATURES,
    WORD_FEATURES,
    dense_reply,
    evidence_features,
    ngram_counts,
    pair_features,
    reply_text,
    stack,
)
from mailagent.dialogue.offline.reader import LABELS, reply_row
from mailagent.dialogue.offline.resources import MODEL_PATH
from mailagent.dialogue.offline.text import line_frequencies, resume_lines
from mailagent.evaluation.corpus import Corpus, load_corpus

REPO = Path(__file__).resolve().parents[3]
TRAIN = (
    "tests/data/replies/w01-care",
    "tests/data/replies/w02-finance",
    "tests/data/replies/w03-logistics",
    "tests/data/replies/w06-sales-support-hr",
    "tests/data/replies/w07-design-marketing",
    "tests/data/replies/w09-clinics",
    "tests/data/replies/w10-office-finance",
    "tests/data/replies/w11-manufacturing",
    "tests/data/corpora/care-support",
    "tests/data/corpora/data-eng",
)
SEED = 20261130
DENSE_WEIGHT = 1.0
C_ISSUES = 16.0
C_PAIRS = 1.0
# Chosen on the train writers, end to end (mean over w01–w03, w06, w07, w09–w11 of
# evidence hit / action accuracy, 2026-11-30): 0.775 (line F1 cut) 0.589 / 0.871;
# 0.6 0.643 / 0.887; 0.5 0.652 / 0.890; 0.4 0.654 / 0.890. 0.5: a line likelier than not.
EVIDENCE_CUT = 0.5


Row = tuple[BrainContext, Assessment, set[str], set[str], tuple[str, ...]]


def examples(corpus: Corpus) -> list[Row]:
    out = []
    for case in corpus.cases:
        ctx = corpus.context(case)
        out.append(
            (ctx, offline.assess(ctx), {i.value for i in case.expect.issues},
             set(case.expect.criteria), tuple(case.expect.evidence))
        )
    return out


def _counts(texts: list[str], which: int, n_features: int) -> sparse.csr_matrix:
    rows = [ngram_counts(t)[which] for t in texts]
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.fromiter((v for r in rows for v in r.values()), dtype=np.float64,
                       count=int(indptr[-1]))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), n_features))


def _idf(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    words = TfidfTransformer(sublinear_tf=True).fit(_counts(texts, 0, WORD_FEATURES))
    chars = TfidfTransformer(sublinear_tf=True).fit(_counts(texts, 1, CHAR_FEATURES))
    return words.idf_.astype(np.float32), chars.idf_.astype(np.float32)


def reply_matrix(contexts: list[BrainContext], rules: list[Assessment], idf_words: np.ndarray,
                 idf_chars: np.ndarray, dense_weight: float) -> sparse.csr_matrix:
    """The replies' rows exactly as the reader computes each (``reader.reply_row``)."""
    width = idf_words.shape[0] + idf_chars.shape[0] + len(dense_reply(contexts[0], rules[0]))
    rows = [reply_row(c, r, idf_words, idf_chars, dense_weight)
            for c, r in zip(contexts, rules, strict=True)]
    indptr = np.cumsum([0] + [len(cols) for cols, _ in rows])
    indices = np.concatenate([cols for cols, _ in rows])
    data = np.concatenate([vals for _, vals in rows])
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def _threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The cut that maximises F1 on out-of-fold probabilities (0.5 when no positives)."""
    if y.sum() == 0:
        return 0.5
    best, best_f1 = 0.5, -1.0
    for t in np.linspace(0.15, 0.85, 29):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        f1 = 2 * tp / (pred.sum() + y.sum()) if pred.sum() + y.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


def fit(rows: list[Row]) -> dict[str, np.ndarray]:
    contexts = [r[0] for r in rows]
    rules = [r[1] for r in rows]
    idf_words, idf_chars = _idf([reply_text(c) for c in contexts])
    # The reader loads the stored float32 IDF as float64: train on the same numbers.
    x = reply_matrix(contexts, rules, idf_words.astype(np.float64),
                     idf_chars.astype(np.float64), DENSE_WEIGHT)
    coef, intercept, thresholds = [], [], []
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    for label in LABELS:
        y = np.array([1 if label in r[2] else 0 for r in rows])
        oof = np.zeros(len(rows))
        for train, test in folds.split(np.zeros(len(y)), y):
            m = _issue_model().fit(x[train], y[train])
            oof[test] = m.predict_proba(x[test])[:, 1]
        thresholds.append(_threshold(y, oof))
        model = _issue_model().fit(x, y)
        coef.append(model.coef_.ravel().astype(np.float32))
        intercept.append(float(model.intercept_[0]))

    weights = np.vstack(coef)
    used = np.flatnonzero(np.any(weights != 0, axis=0))

    pairs, targets = [], []
    for ctx, rule, _issues, keys, _evidence in rows:
        for criterion in ctx.criteria:
            pairs.append(pair_features(ctx, criterion, rule))
            targets.append(1 if criterion.key in keys else 0)
    px, py = stack(pairs), np.array(targets)
    pair_oof = np.zeros(len(py))
    for train, test in folds.split(px, py):
        pm = _pair_model().fit(px[train], py[train])
        pair_oof[test] = pm.predict_proba(px[test])[:, 1]
    pair = _pair_model().fit(px, py)

    # Which resume line disproves a contradicted claim: lines holding an evidence phrase.
    ev_x, ev_y = [], []
    for ctx, _rule, issues_, _keys, evidence in rows:
        if "contradicts_resume" not in issues_ or not evidence:
            continue
        claims = claim_sentences(ctx.reply_text)
        lines = resume_lines(ctx.resume_text)
        df = line_frequencies(lines)
        for line in lines:
            ev_x.append(evidence_features(claims, line, df, len(lines), ctx.as_of.year))
            ev_y.append(1 if any(e.lower() in line.lower() for e in evidence) else 0)
    ex, ey = stack(ev_x), np.array(ev_y)
    ev = _pair_model().fit(ex, ey)
    return {
        "labels": np.array(LABELS),
        "idf_words": idf_words,
        "idf_chars": idf_chars,
        "dense_weight": np.array(DENSE_WEIGHT),
        "coef_columns": used.astype(np.int32),
        "coef": weights[:, used],
        "intercept": np.array(intercept, dtype=np.float32),
        "thresholds": np.array(thresholds, dtype=np.float32),
        "pair_coef": pair.coef_.ravel().astype(np.float32),
        "pair_intercept": np.array(float(pair.intercept_[0])),
        "pair_threshold": np.array(_threshold(py, pair_oof)),
        "evidence_coef": ev.coef_.ravel().astype(np.float32),
        "evidence_intercept": np.array(float(ev.intercept_[0])),
        # Not the F1-best cut of line-vs-line (0.775): the line is only looked for once
        # the reply reads as contradicted, and then a likelier-than-not line beats none.
        "evidence_threshold": np.array(EVIDENCE_CUT),
    }


def _issue_model() -> LogisticRegression:
    return LogisticRegression(C=C_ISSUES, class_weight="balanced", solver="liblinear",
                              max_iter=2000, random_state=SEED)


def _pair_model() -> LogisticRegression:
    return LogisticRegression(C=C_PAIRS, class_weight="balanced", solver="liblinear",
                              max_iter=2000, random_state=SEED)


def write_model(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as an ``.npz`` that ``np.load`` reads, byte for byte the same for
    the same arrays (sorted entries, a fixed date, no pickles)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue())


def main(argv: list[str]) -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Sums over sets of words run in hash order, which Python varies per process: with
        # one fixed seed the floats, and so the file's bytes, come out the same every run.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", "mailagent.dialogue.offline.train",
                                  *argv])
    parser = argparse.ArgumentParser(prog="python -m mailagent.dialogue.offline.train")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--dev", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    rows = []
    for folder in TRAIN:
        rows += examples(load_corpus(REPO / folder))
    arrays = fit(rows)
    write_model(args.out, arrays)
    print(f"trained on {len(rows)} replies from {len(TRAIN)} corpora → {args.out} "
          f"({args.out.stat().st_size // 1024} KB)")
    if args.dev:
        from mailagent.dialogue.offline.brain import OfflineBrain
        from mailagent.evaluation.command import evaluate

        for folder in args.dev:
            report, scenarios = evaluate(load_corpus(folder), OfflineBrain())
            passed = sum(s.passed for s in scenarios)
            print(f"{folder}: macro-F1 {report.macro_f1:.3f}  action {report.action_accuracy:.3f}"
                  f"  evidence {report.evidence_hit_rate:.3f}  scenarios {passed}/{len(scenarios)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
