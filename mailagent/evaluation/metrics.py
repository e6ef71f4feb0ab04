"""Scores for a brain on labelled cases: per-label P/R/F1, macro-F1, actions, criteria.

>>> s = label_scores([{"vague"}], [{"vague", "useless"}])
>>> s["vague"].f1, s["useless"].precision
(1.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailagent.dialogue.brain import Issue

LABELS: tuple[str, ...] = tuple(i.value for i in Issue)


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0 if not self.fn else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0 if not self.fp else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def prf(expected: Sequence[set[str]], got: Sequence[set[str]]) -> PRF:
    """Micro counts over paired sets (one pair per case)."""
    tp = sum(len(e & g) for e, g in zip(expected, got, strict=True))
    fp = sum(len(g - e) for e, g in zip(expected, got, strict=True))
    fn = sum(len(e - g) for e, g in zip(expected, got, strict=True))
    return PRF(tp, fp, fn)


def label_scores(expected: Sequence[set[str]], got: Sequence[set[str]]) -> dict[str, PRF]:
    """P/R/F1 for each of the seven issue labels."""
    return {
        label: prf([{label} & e for e in expected], [{label} & g for g in got])
        for label in LABELS
    }


def macro_f1(scores: dict[str, PRF]) -> float:
    """Mean F1 over the labels."""
    return sum(s.f1 for s in scores.values()) / len(scores)


def accuracy(expected: Sequence[str], got: Sequence[str]) -> float:
    """Share of equal pairs."""
    pairs = list(zip(expected, got, strict=True))
    return sum(e == g for e, g in pairs) / len(pairs) if pairs else 1.0


def criteria_f1(expected: Sequence[set[str]], got: Sequence[set[str]]) -> PRF:
    """Micro P/R/F1 over (case, criterion key) pairs."""
    return prf(expected, got)


def evidence_hit(phrases: Sequence[str], reply: str) -> bool:
    """True when ``reply`` quotes at least one of ``phrases``, ignoring case."""
    low = reply.lower()
    return any(p.lower() in low for p in phrases)
