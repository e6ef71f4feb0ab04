"""Protected-remark detector figures: recall and false positives on every labelled set.

Every folder under ``tests/data/protected/`` with a ``protected.yaml`` or ``neutral.yaml``
is a set (dev, and the blind sets the lead adds); each is scored the same way
(:mod:`mailagent.evaluation.protected_sets`). ``protected_recall_min`` is the lowest
recall over the sets, ``protected_false_positive_max`` the highest share of neutral items
with a hit. Also the mean time to read one item (ms), a rate from this run only.
"""

from __future__ import annotations

import time
from pathlib import Path

from mailagent.dialogue.protected import detect
from mailagent.evaluation.protected_sets import score_all

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "tests" / "data" / "protected"

DESCRIPTIONS = {
    "protected_recall_min": "lowest recall of the protected-remark detector over every set",
    "protected_false_positive_max": "highest share of neutral items with a hit, over every set",
    "protected_ms_per_item": "mean time to scan one labelled item (ms)",
}


def measure() -> tuple[dict[str, object], dict[str, object]]:
    detect("warm up: the patterns compile once")
    start = time.perf_counter()
    scores = score_all(SETS)
    elapsed = time.perf_counter() - start
    items = sum(s.protected.total + s.neutral.total for s in scores) or 1
    with_protected = [s for s in scores if s.protected.total]
    with_neutral = [s for s in scores if s.neutral.total]
    figures: dict[str, object] = {
        "protected_recall_min": round(min(s.recall for s in with_protected), 4)
        if with_protected
        else None,
        "protected_false_positive_max": round(
            max(s.false_positive_rate for s in with_neutral), 4
        )
        if with_neutral
        else None,
        "protected_ms_per_item": round(elapsed * 1000 / items, 3),
    }
    details: dict[str, object] = {
        f"protected set {s.name}": (
            f"recall {s.recall:.3f} ({s.protected.hit}/{s.protected.total}), "
            f"false positives {s.false_positive_rate:.3f} ({s.neutral.hit}/{s.neutral.total})"
        )
        for s in scores
    }
    return figures, details
