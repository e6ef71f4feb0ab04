"""Load the shipped model (``model.npz``: arrays only) and read one reply with it.

The learned part of the offline brain reads what rules cannot enumerate: whether a reply
is useless, vague, subjective, a guess, off the R2 or contradicted; which criteria it
speaks to; and which resume line a contradicted claim is about. It is learned from
labelled replies by many separate writers (``tests/data/replies``). The models are
linear (scikit-learn's logistic regression, fitted by ``train``) over hashed word and
character n-grams plus the rule reader's own findings, chosen by leave-one-writer-out on
the train writers and by the dev corpus (``train``'s docstring has the figures). Hashing
keeps the model free of pickles and vocabularies: it loads with numpy alone, on any
scikit-learn version, with no network, and reading imports neither scikit-learn nor SciPy.

>>> reader = LearnedReader.load()
>>> reader is None or sorted(reader.labels)[:2] == ["assumption", "contradicts_resume"]
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from mailagent.dialogue.brain import Assessment, BrainContext, Contradiction
from mailagent.dialogue.offline.claims import claim_sentences
from mailagent.dialogue.offline.dated import dated_evidence
from mailagent.dialogue.offline.features import (
    dense_reply,
    evidence_features,
    ngram_counts,
    pair_features,
    reply_text,
)
from mailagent.dialogue.offline.resources import MODEL_PATH
from mailagent.dialogue.offline.text import lemma, line_frequencies, resume_lines, skill_terms

# The issue labels the model reads; "discriminatory" stays with the protected-remark
# detector, which quotes the remark it found.
# How close (in probability) a second resume line must be to the best to be quoted too.
SECOND_LINE_MARGIN = 0.15
LABELS = ("useless", "vague", "subjective", "assumption", "off_r2", "contradicts_resume")


def reply_row(
    ctx: BrainContext, rules: Assessment, idf_words: np.ndarray, idf_chars: np.ndarray,
    dense_weight: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One reply's features as (columns, values) of its non-zero entries: TF-IDF of its
    hashed word n-grams, then of its character n-grams, then the dense rule features
    times ``dense_weight``. Training stacks these rows (``train.reply_matrix``)."""
    columns, values, offset = [], [], 0
    for counts, idf in zip(ngram_counts(reply_text(ctx)), (idf_words, idf_chars), strict=True):
        # TF-IDF with sublinear counts, each block scaled to unit length.
        index = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weighted = np.log1p(np.fromiter(counts.values(), dtype=np.float64,
                                        count=len(counts))) * idf[index]
        norm = float(np.sqrt(weighted @ weighted)) or 1.0
        columns.append(index + offset)
        values.append(weighted / norm)
        offset += idf.shape[0]
    dense = np.asarray(dense_reply(ctx, rules), dtype=np.float64) * dense_weight
    columns.append(np.arange(dense.shape[0], dtype=np.int64) + offset)
    values.append(dense)
    return np.concatenate(columns), np.concatenate(values)


@dataclass(frozen=True)
class Reading:
    """What the model reads in one reply: issue probabilities and criterion scores."""

    issues: dict[str, float]
    criteria: dict[str, float]


@dataclass(frozen=True)
class LearnedReader:
    labels: tuple[str, ...]
    idf_words: np.ndarray
    idf_chars: np.ndarray
    dense_weight: float
    # The issue models' weights, only for the columns any of them uses (sorted), as
    # labels × those columns (float32): 2 MB where all columns took 12.
    coef_columns: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    thresholds: np.ndarray
    pair_coef: np.ndarray
    pair_intercept: float
    pair_threshold: float
    evidence_coef: np.ndarray
    evidence_intercept: float
    evidence_threshold: float

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LearnedReader | None:
        """The shipped model, or None where it was never trained (a fresh checkout)."""
        return _load(str(path))

    def read(self, ctx: BrainContext, rules: Assessment) -> Reading:
        columns, values = reply_row(ctx, rules, self.idf_words, self.idf_chars,
                                    self.dense_weight)
        # One row, mostly zeros: the weights of its non-zero columns, not a full product.
        at = np.minimum(np.searchsorted(self.coef_columns, columns),
                        self.coef_columns.shape[0] - 1)
        used = self.coef_columns[at] == columns
        scores = self.coef[:, at[used]] @ values[used] + self.intercept
        probs = 1 / (1 + np.exp(-scores))
        issues = {label: float(p) for label, p in zip(self.labels, probs, strict=True)}
        criteria: dict[str, float] = {}
        for criterion in ctx.criteria:
            f = np.asarray(pair_features(ctx, criterion, rules))
            s = float(f @ self.pair_coef + self.pair_intercept)
            criteria[criterion.key] = 1 / (1 + float(np.exp(-s)))
        return Reading(issues=issues, criteria=criteria)

    def evidence(self, ctx: BrainContext) -> Contradiction | None:
        """The denying sentence and the resume line that most likely disproves it."""
        claims = claim_sentences(ctx.reply_text)
        lines = resume_lines(ctx.resume_text)
        if not claims or not lines:
            return None
        df = line_frequencies(lines)
        scored = []
        for line in lines:
            f = np.asarray(evidence_features(claims, line, df, len(lines), ctx.as_of.year))
            s = float(f @ self.evidence_coef + self.evidence_intercept)
            scored.append((1 / (1 + float(np.exp(-s))), line))
        scored.sort(key=lambda pair: -pair[0])
        prob, line = scored[0]
        # "Only 2 years" / "since 2024" against a role dated years before: that role is
        # the proof, whatever the ranker scores.
        dated = dated_evidence(ctx, strict=False)
        if dated is not None:
            return dated
        if prob < self.evidence_threshold:
            return None
        # A close second line is quoted too: the HM sees both sides of the record.
        quoted = [line] + [
            other for p, other in scored[1:2]
            if p >= self.evidence_threshold and p >= prob - SECOND_LINE_MARGIN
        ]
        terms = skill_terms(" ".join(quoted))
        claim = max(claims, key=lambda c: len(skill_terms(c) & terms))
        return Contradiction(claim=claim.strip(), evidence=quoted)

    def has(self, reading: Reading, label: str) -> bool:
        i = self.labels.index(label)
        return reading.issues[label] >= float(self.thresholds[i])

    def speaks_to(self, reading: Reading, key: str) -> bool:
        return reading.criteria.get(key, 0.0) >= self.pair_threshold


@lru_cache(maxsize=2)
def _load(path: str) -> LearnedReader | None:
    if not Path(path).exists():
        return None
    # simplemma reads its English dictionary on first use (0.4 s): here, not in a reply.
    lemma("loaded")
    with np.load(path, allow_pickle=False) as data:
        return LearnedReader(
            labels=tuple(str(s) for s in data["labels"]),
            idf_words=data["idf_words"].astype(np.float64),
            idf_chars=data["idf_chars"].astype(np.float64),
            dense_weight=float(data["dense_weight"]),
            coef_columns=data["coef_columns"].astype(np.int64),
            coef=data["coef"],
            intercept=data["intercept"].astype(np.float64),
            thresholds=data["thresholds"].astype(np.float64),
            pair_coef=data["pair_coef"].astype(np.float64),
            pair_intercept=float(data["pair_intercept"]),
            pair_threshold=float(data["pair_threshold"]),
            evidence_coef=data["evidence_coef"].astype(np.float64),
            evidence_intercept=float(data["evidence_intercept"]),
            evidence_threshold=float(data["evidence_threshold"]),
        )
