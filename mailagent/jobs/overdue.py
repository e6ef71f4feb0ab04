"""Which interviews are ungraded past the throttling line, and ISO weeks.

Read by throttling (which writes each week's publishing rows), by the publishing list
(which says what throttling would decide for a week it has not reached) and by the
recruiter's page.

>>> iso_week(date(2026, 11, 23))
'2026-W48'
>>> previous_week('2026-W01')
'2025-W52'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import Interview, InterviewState


def iso_week(at: datetime | date) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """Monday of an ISO week given as ``2026-W48``."""
    return date.fromisocalendar(int(week[:4]), int(week.split("W")[1]), 1)


def previous_week(week: str) -> str:
    return iso_week(week_start(week) - timedelta(days=7))


# Not graded yet, whether or not the request went out (reminders.WAITING leaves out
# SCHEDULED: nobody has been asked yet).
UNGRADED = (InterviewState.SCHEDULED, InterviewState.REQUESTED, InterviewState.IN_DIALOGUE)


def overdue_interviews(
    session: Session, pipeline_id: str, *, now: datetime, after_days: int
) -> list[Interview]:
    """Interviews of the pipeline held more than ``after_days`` ago and not graded."""
    return list(
        session.scalars(
            select(Interview)
            .where(
                Interview.pipeline_id == pipeline_id,
                # The ungraded states by name, so the (pipeline, state, held_at) index serves.
                Interview.state.in_(UNGRADED),
                Interview.held_at < now - timedelta(days=after_days),
            )
            .order_by(Interview.held_at, Interview.id)
        )
    )
