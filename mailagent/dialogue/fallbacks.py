"""How often the model's answer was not used, per day and kind, for ``mailagent status``.

>>> # with an open session: fallback_lines(session)
>>> # → ["claude fallbacks per day (the model's answer not used):",
>>> #    '  2026-11-30: configuration=3 (last: claude misconfigured: 401 …)']
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import AssessmentRecord


def fallback_lines(session: Session, *, days: int = 7, scan: int = 5000) -> list[str]:
    """One line for each of the ``days`` latest days with fallbacks, newest first (from the
    ``scan`` latest fallbacks)."""
    rows = session.execute(
        select(
            AssessmentRecord.created_at,
            AssessmentRecord.failure,
            AssessmentRecord.fallback_reason,
        )
        .where(AssessmentRecord.fallback_reason.is_not(None))
        .order_by(AssessmentRecord.id.desc())
        .limit(scan)
    ).all()[::-1]
    if not rows:
        return []
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    last: dict[str, str] = {}
    for created, failure, reason in rows:
        day = created.date().isoformat()
        per_day[day][failure or "other"] += 1
        last[day] = reason or ""
    lines = ["claude fallbacks per day (the model's answer not used):"]
    for day in sorted(per_day, reverse=True)[:days]:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(per_day[day].items()))
        lines.append(f"  {day}: {counts} (last: {last[day][:120]})")
    return lines
