"""Score the protected-remark detector on labelled sets (``tests/data/protected/*``).

A set is a folder with ``protected.yaml`` (items with ``text``, ``category``,
``language``, ``obfuscation`` and ``remark``, an exact substring of ``text``) and
``neutral.yaml`` (items with ``text`` and ``language``). A protected item is caught when
any hit overlaps its remark; a neutral item is a false positive when it has any hit.

>>> score = score_set(Path("tests/data/protected/dev"))  # doctest: +SKIP
>>> round(score.recall, 3), round(score.false_positive_rate, 3)  # doctest: +SKIP
(0.99, 0.01)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mailagent.dialogue.protected import Hit, detect
from mailagent.errors import ImportDataError

Detector = Callable[[str], list[Hit]]


@dataclass
class Tally:
    total: int = 0
    hit: int = 0

    @property
    def rate(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass
class SetScore:
    name: str
    protected: Tally = field(default_factory=Tally)
    neutral: Tally = field(default_factory=Tally)
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_obfuscation: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    fp_by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.protected.rate

    @property
    def false_positive_rate(self) -> float:
        return self.neutral.rate

    def as_json(self, *, with_items: bool = True) -> dict[str, Any]:
        def rates(d: dict[str, Tally]) -> dict[str, dict[str, float | int]]:
            return {k: {"n": t.total, "rate": round(t.rate, 4)} for k, t in sorted(d.items())}

        out: dict[str, Any] = {
            "set": self.name,
            "protected_items": self.protected.total,
            "recall": round(self.recall, 4),
            "neutral_items": self.neutral.total,
            "false_positive_rate": round(self.false_positive_rate, 4),
            "recall_by_category": rates(self.by_category),
            "recall_by_language": rates(self.by_language),
            "recall_by_obfuscation": rates(self.by_obfuscation),
            "false_positive_rate_by_language": rates(self.fp_by_language),
        }
        if with_items:
            out["missed"] = self.missed
            out["false_positives"] = self.false_positives
        return out


def _items(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ImportDataError(f"{path}: not valid YAML ({exc})") from exc
    items = loaded.get("items", []) if isinstance(loaded, dict) else loaded
    if not isinstance(items, list):
        raise ImportDataError(f"{path}: expected a list of items")
    return [i for i in items if isinstance(i, dict)]


def is_set(folder: Path) -> bool:
    return (folder / "protected.yaml").exists() or (folder / "neutral.yaml").exists()


def score_set(folder: Path, detector: Detector = detect) -> SetScore:
    """Recall and false positives of ``detector`` on one set folder."""
    score = SetScore(folder.name)
    for item in _items(folder / "protected.yaml"):
        text = str(item.get("text", ""))
        remark = str(item.get("remark", "")) or text
        start = text.find(remark)
        if start < 0:
            raise ImportDataError(f"{folder}: item {item.get('id')}: remark is not in text")
        end = start + len(remark)
        caught = any(h.start < end and start < h.end for h in detector(text))
        for tally in (
            score.protected,
            score.by_category[str(item.get("category", "?"))],
            score.by_language[str(item.get("language", "?"))],
            score.by_obfuscation[str(item.get("obfuscation", "?"))],
        ):
            tally.total += 1
            tally.hit += caught
        if not caught:
            score.missed.append(str(item.get("id", "?")))
    for item in _items(folder / "neutral.yaml"):
        flagged = bool(detector(str(item.get("text", ""))))
        for tally in (score.neutral, score.fp_by_language[str(item.get("language", "?"))]):
            tally.total += 1
            tally.hit += flagged
        if flagged:
            score.false_positives.append(str(item.get("id", "?")))
    return score


def score_all(root: Path, detector: Detector = detect) -> list[SetScore]:
    """Every set folder under ``root`` (dev, blind-1, blind-2, …), by name."""
    if is_set(root):
        return [score_set(root, detector)]
    return [score_set(d, detector) for d in sorted(root.iterdir()) if d.is_dir() and is_set(d)]
