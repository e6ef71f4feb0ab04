"""The publishing list: each pipeline as ``publish`` or ``exclude`` for one ISO week, with why.

It reads the ``PublishingState`` rows the throttling step wrote; for a week the step has
not reached yet (a pipeline added since, or the current week before the first tick) it
says what the step would decide now, without writing anything.

>>> rows = [PublishingRow("devops-aws", "DevOps", "2026-W48", "exclude", "1 ungraded", ["iv-1"])]
>>> print(to_csv(rows), end="")
pipeline,title,week,status,reason,overdue
devops-aws,DevOps,2026-W48,exclude,1 ungraded,iv-1
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent import csv_out
from mailagent.jobs.overdue import iso_week, overdue_interviews
from mailagent.models import Pipeline, PublishingState


@dataclass(frozen=True)
class PublishingRow:
    pipeline: str
    title: str
    week: str
    status: str
    reason: str
    overdue: list[str] = field(default_factory=list)


def publishing_report(
    session: Session, *, week: str, now: datetime, after_days: int = 7
) -> list[PublishingRow]:
    """One row per pipeline for ``week`` (``2026-W48``)."""
    stored = {
        r.pipeline_id: r
        for r in session.scalars(select(PublishingState).where(PublishingState.iso_week == week))
    }
    rows: list[PublishingRow] = []
    for pipeline in session.scalars(select(Pipeline).order_by(Pipeline.id)):
        state = stored.get(pipeline.id)
        if state is not None:
            rows.append(
                PublishingRow(
                    pipeline.id,
                    pipeline.title,
                    week,
                    state.status.value,
                    state.reason,
                    list(state.overdue),
                )
            )
            continue
        if week != iso_week(now):
            rows.append(
                PublishingRow(
                    pipeline.id, pipeline.title, week, "publish", "no record for the week"
                )
            )
            continue
        overdue = overdue_interviews(session, pipeline.id, now=now, after_days=after_days)
        if overdue:
            ids = [i.id for i in overdue]
            reason = (
                f"{len(ids)} interview(s) ungraded for more than {after_days} days"
                " (not yet recorded)"
            )
            rows.append(PublishingRow(pipeline.id, pipeline.title, week, "exclude", reason, ids))
        else:
            rows.append(
                PublishingRow(
                    pipeline.id, pipeline.title, week, "publish", "every interview graded in time"
                )
            )
    return rows


def to_json(week: str, rows: list[PublishingRow]) -> str:
    return json.dumps(payload(week, rows), indent=2)


def payload(week: str, rows: list[PublishingRow]) -> dict[str, Any]:
    return {"week": week, "pipelines": [asdict(r) for r in rows]}


def to_csv(rows: list[PublishingRow]) -> str:
    """The rows as CSV; a title or reason that looks like a formula is kept as text."""
    return csv_out.to_csv(
        ["pipeline", "title", "week", "status", "reason", "overdue"],
        ([r.pipeline, r.title, r.week, r.status, r.reason, " ".join(r.overdue)] for r in rows),
    )


def post_webhook(url: str, week: str, rows: list[PublishingRow], *, timeout_s: float = 10) -> int:
    """POST the same JSON the CLI prints; returns the HTTP status. Raises ``OSError``."""
    if not url.startswith(("http://", "https://")):
        raise OSError(f"publishing_webhook must be an http(s) URL, got {url!r}")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload(week, rows)).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "mailagent"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return int(response.status)
