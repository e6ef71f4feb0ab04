"""Gate 1: every hiring-manager reply, whichever brain read it.

The detector's findings are unioned with the brain's ``protected`` list (a hit makes the
reply discriminatory, so policy escalates), and no text derived from a sentence with a
hit survives in the assessment: verdicts, contradictions and off-R2 names quoting such a
sentence are dropped, and every stored string is scrubbed again (:func:`scrub_data`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mailagent.dialogue.brain import Assessment, Issue, ProtectedRemark
from mailagent.dialogue.protected.detector import Hit, detect, without_remarks

Detector = Callable[[str], list[Hit]]


def _overlaps(quote: str, text: str, hits: list[Hit]) -> bool:
    """True when ``quote`` (a piece of ``text``) shares words with a tainted sentence."""
    if not quote:
        return False
    for hit in hits:
        if quote in hit.sentence or hit.sentence in quote:
            return True
    start = text.find(quote)
    return start >= 0 and any(
        h.sentence_start < start + len(quote) and start < h.sentence_end for h in hits
    )


def union(assessment: Assessment, reply_text: str, *, detector: Detector = detect) -> Assessment:
    """The brain's assessment with the detector's findings added and their sentences out."""
    hits = detector(reply_text)
    remarks = list(assessment.protected)
    seen = {(r.category, r.quote) for r in remarks}
    for hit in hits:
        if (hit.category, hit.sentence) not in seen:
            seen.add((hit.category, hit.sentence))
            remarks.append(ProtectedRemark(category=hit.category, quote=hit.sentence))
    if not remarks:
        return assessment
    issues = list(assessment.issues)
    if Issue.DISCRIMINATORY not in issues:
        issues.insert(0, Issue.DISCRIMINATORY)
    quotes = [r.quote for r in remarks]
    tainted_hits = hits + [
        Hit(r.category, 0, 0, "", r.quote, *_span(reply_text, r.quote)) for r in remarks
    ]

    def clean(q: str) -> bool:
        return not _overlaps(q, reply_text, tainted_hits) and not any(
            x and (x in q or q in x) for x in quotes
        )

    return assessment.model_copy(
        update={
            "protected": remarks,
            "issues": issues,
            "verdicts": [v for v in assessment.verdicts if clean(v.quote)],
            "contradictions": [c for c in assessment.contradictions if clean(c.claim)],
            "off_r2": [o for o in assessment.off_r2 if clean(o) and not detector(o)],
            "summary": "",
        }
    )


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 else (0, 0)


def scrub_text(text: str, *, marker: str = "[removed: escalated to the recruiter]") -> str:
    """``text`` without its sentences that hold a protected remark (``marker`` if empty)."""
    if not text:
        return text
    kept = without_remarks(text)
    if kept == text:
        return text
    return kept or marker


def scrub_data(data: Any) -> Any:
    """Every string inside JSON-like ``data``, scrubbed with :func:`scrub_text`."""
    if isinstance(data, str):
        return scrub_text(data)
    if isinstance(data, list):
        return [scrub_data(x) for x in data]
    if isinstance(data, dict):
        return {k: v if k in _LABELS else scrub_data(v) for k, v in data.items()}
    return data


# Fields that hold labels, not anyone's words.
_LABELS = frozenset(
    {"key", "verdict", "category", "criterion", "decision", "amendment_answer", "issues",
     "retracted", "specific"}
)
