"""The weekly digest: each recruiter gets their pipelines' insights by email.

It goes out at the first tick of each ISO week in which the recruiter's pipelines saw an
interview graded during the past seven days, once per recruiter and week (the outbox's
dedupe key makes a second tick, or a second worker, a no-op). The text part is a short
summary with the recommendations; the HTML part is the full self-contained report.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.insights.build import build_insights
from mailagent.insights.html import render_html
from mailagent.insights.report import InsightsReport, PipelineInsights
from mailagent.insights.rules import InsightsConfig
from mailagent.jobs.overdue import iso_week
from mailagent.models import Interview, OutboxMessage, Pipeline
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.render import plural

if TYPE_CHECKING:
    from mailagent.wiring import App

PERIOD = timedelta(days=90)


def send_digests(session: Session, mailer: Mailer, *, now: datetime) -> int:
    """Queue this week's digest for every recruiter; returns how many were queued."""
    week = iso_week(now)
    since = (now - PERIOD).date()
    recruiters: dict[str, list[Pipeline]] = {}
    for pipeline in session.scalars(select(Pipeline).order_by(Pipeline.id)):
        recruiters.setdefault(pipeline.recruiter_email, []).append(pipeline)
    # Pipelines with a grading in the past week, read through the graded_at index: a
    # week's gradings, not the whole table (with DISTINCT, SQLite would rather walk a
    # pipeline index over every interview).
    active = set(
        session.scalars(
            select(Interview.pipeline_id).where(Interview.graded_at >= now - timedelta(days=7))
        )
    )
    queued = 0
    for recruiter, pipelines in recruiters.items():
        key = f"digest:{recruiter}:{week}"
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
            # Sent this week already: do not build the insights again on every tick.
            continue
        if not active.intersection(p.id for p in pipelines):
            # Nothing was graded this past week: no news is not worth an email.
            continue
        parts: list[PipelineInsights] = []
        for p in pipelines:
            parts.extend(build_insights(session, pipeline=p.id, since=since).pipelines)
        report = InsightsReport(
            pipeline=None, since=since, config=InsightsConfig(), pipelines=tuple(parts)
        )
        lines = []
        for part in report.pipelines:
            m = part.measures
            lines.append(
                f"{m.title} ({m.id}, R2 v{m.r2_version}): {m.interviews} "
                f"{plural('interview', m.interviews)}, {m.rejected} of {m.decided} decided "
                "rejected."
            )
            acted = [f for f in part.findings if f.acted]
            lines += [f"  - {f.summary}" for f in acted] or ["  - nothing to change this week."]
        row = mailer.queue(
            session,
            kind="digest",
            template="digest",
            to=[recruiter],
            subject=f"mailagent weekly insights, {week}",
            now=now,
            context={
                "recruiter_name": pipelines[0].recruiter_name,
                "week": week,
                "lines": lines,
                "since": since.isoformat(),
            },
            html=render_html(report),
            dedupe_key=key,
        )
        queued += row is not None
    return queued


def digest_step(app: App, now: datetime) -> int:
    with app.factory() as session, session.begin():
        return send_digests(session, app.mailer, now=now)
