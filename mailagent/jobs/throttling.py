"""Throttling: an interview ungraded for too long keeps its pipeline off that week's publishing.

For the ISO week of ``now`` each pipeline gets one ``PublishingState`` row:

- any interview held more than ``throttle_after_days`` ago and still ungraded → ``exclude``
  for this week, and the HM and recruiter get one notice for the week (dedupe key
  ``throttle:<pipeline>:<week>``) that explains what happened and how to undo it;
- an exclusion stands for the rest of its week; the next week starts as ``publish`` again
  once every overdue interview is graded (and a short "restored" note goes out).

>>> iso_week(datetime(2026, 11, 23, tzinfo=UTC))
'2026-W48'
>>> previous_week('2026-W01')
'2025-W52'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.jobs.overdue import (
    UNGRADED,
    iso_week,
    overdue_interviews,
    previous_week,
    week_start,
)
from mailagent.jobs.publishing import post_webhook, publishing_report
from mailagent.models import (
    Candidate,
    Interview,
    Pipeline,
    PublishingState,
    PublishStatus,
)
from mailagent.outbox.mailer import Mailer

if TYPE_CHECKING:
    from mailagent.wiring import App

__all__ = [
    "UNGRADED",
    "ThrottleReport",
    "iso_week",
    "overdue_interviews",
    "previous_week",
    "throttling_step",
    "update_publishing",
    "week_start",
]

log = logging.getLogger(__name__)


@dataclass
class ThrottleReport:
    week: str
    excluded: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    changed: bool = False


def update_publishing(
    session: Session, mailer: Mailer, *, now: datetime, after_days: int
) -> ThrottleReport:
    """Bring this week's publishing rows up to date; notices go out in the same transaction."""
    week = iso_week(now)
    report = ThrottleReport(week=week)
    for pipeline in session.scalars(select(Pipeline).order_by(Pipeline.id)):
        overdue = overdue_interviews(session, pipeline.id, now=now, after_days=after_days)
        row = session.scalar(
            select(PublishingState)
            .where(PublishingState.pipeline_id == pipeline.id, PublishingState.iso_week == week)
            .with_for_update()
        )
        if row is not None and row.status is PublishStatus.EXCLUDE:
            # An exclusion holds for its whole week; grading restores the next one.
            continue
        if overdue:
            ids = [i.id for i in overdue]
            reason = (
                f"{len(ids)} interview(s) ungraded for more than {after_days} days: "
                + ", ".join(ids)
            )
            if row is None:
                row = PublishingState(pipeline_id=pipeline.id, iso_week=week)
                session.add(row)
            row.status, row.reason, row.overdue, row.computed_at = (
                PublishStatus.EXCLUDE,
                reason,
                ids,
                now,
            )
            _notify_excluded(
                session, mailer, pipeline, overdue, week=week, now=now, days=after_days
            )
            report.excluded.append(pipeline.id)
            report.changed = True
            continue
        if row is None:
            session.add(
                PublishingState(
                    pipeline_id=pipeline.id,
                    iso_week=week,
                    status=PublishStatus.PUBLISH,
                    reason="every interview graded in time",
                    overdue=[],
                    computed_at=now,
                )
            )
            report.changed = True
            last = session.scalar(
                select(PublishingState.status).where(
                    PublishingState.pipeline_id == pipeline.id,
                    PublishingState.iso_week == previous_week(week),
                )
            )
            if last is PublishStatus.EXCLUDE:
                _notify_restored(session, mailer, pipeline, week=week, now=now)
                report.restored.append(pipeline.id)
    session.flush()
    return report


def _notify_excluded(
    session: Session,
    mailer: Mailer,
    pipeline: Pipeline,
    overdue: list[Interview],
    *,
    week: str,
    now: datetime,
    days: int,
) -> None:
    names = {
        c.id: c.name
        for c in session.scalars(
            select(Candidate).where(Candidate.id.in_({i.candidate_id for i in overdue}))
        )
    }
    mailer.queue(
        session,
        kind="throttle_notice",
        template="throttle_notice",
        to=[pipeline.hm_email],
        cc=[pipeline.recruiter_email],
        subject=f"{pipeline.title}: not published on LinkedIn this week ({week})",
        now=now,
        context={
            "hm_name": pipeline.hm_name,
            "recruiter_name": pipeline.recruiter_name,
            "role": pipeline.title,
            "week": week,
            "days": days,
            "next_week": iso_week(week_start(week) + timedelta(days=7)),
            "overdue": [
                {
                    "candidate": names.get(i.candidate_id, i.candidate_id),
                    "interviewer": i.interviewer_email,
                    "held_on": i.held_at.date().isoformat(),
                }
                for i in overdue
            ],
        },
        dedupe_key=f"throttle:{pipeline.id}:{week}",
    )


def _notify_restored(
    session: Session, mailer: Mailer, pipeline: Pipeline, *, week: str, now: datetime
) -> None:
    mailer.queue(
        session,
        kind="throttle_restored",
        template="throttle_restored",
        to=[pipeline.hm_email],
        cc=[pipeline.recruiter_email],
        subject=f"{pipeline.title}: back in LinkedIn publishing ({week})",
        now=now,
        context={"hm_name": pipeline.hm_name, "role": pipeline.title, "week": week},
        dedupe_key=f"throttle-restored:{pipeline.id}:{week}",
    )


def throttling_step(app: App, now: datetime) -> dict[str, object]:
    """The tick step; posts the week's list to the webhook when something changed."""
    with app.factory() as session, session.begin():
        report = update_publishing(
            session, app.mailer, now=now, after_days=app.settings.throttle_after_days
        )
    result: dict[str, object] = {
        "week": report.week,
        "excluded": report.excluded,
        "restored": report.restored,
    }
    if report.changed and app.settings.publishing_webhook:
        with app.factory() as session:
            rows = publishing_report(session, week=report.week, now=now.astimezone(UTC))
        try:
            post_webhook(app.settings.publishing_webhook, report.week, rows)
            result["webhook"] = "posted"
        except OSError as exc:
            # The list is in the database; the webhook is a courtesy and is posted again
            # on the next change or by ``mailagent publishing --post``.
            log.warning("publishing webhook failed: %s", exc)
            result["webhook"] = f"failed: {exc}"
    return result
