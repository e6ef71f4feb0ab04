"""Reminders to interviewers who have not graded yet, on a cadence counted from the request.

The cadence is ``settings.reminder_days`` (default 1, 3 and 6 days after the feedback
request went out, ``request_sent_at``), so the first reminder never comes with the
request itself, however late the request was sent after the interview. Due
interviews are found by the ``next_reminder_at`` index; each reminder carries the dedupe
key ``reminder:<interview>:<n>``, so it goes out once even if a tick is repeated. An
out-of-office reply sets ``paused_until``: the next reminder waits for that date. From
``recruiter_cc_from_day`` on, the pipeline's recruiter is copied.

>>> cadence_index((1, 3, 6), days_since=4.5, already_sent=0)
1
>>> cadence_index((1, 3, 6), days_since=0.5, already_sent=0) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import (
    Candidate,
    Interview,
    InterviewState,
    OutboxMessage,
    Pipeline,
    Thread,
    ThreadKind,
)
from mailagent.outbox.mailer import Mailer
from mailagent.r2.store import current_criteria

if TYPE_CHECKING:
    from mailagent.wiring import App

WAITING = (InterviewState.REQUESTED, InterviewState.IN_DIALOGUE)


@dataclass(frozen=True)
class Cadence:
    days: tuple[int, ...]
    cc_from_day: int
    throttle_days: int


@dataclass
class ReminderReport:
    sent: list[str] = field(default_factory=list)
    paused: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)


def cadence_index(days: tuple[int, ...], *, days_since: float, already_sent: int) -> int | None:
    """The latest cadence step that is due and not yet sent, or None.

    After a pause or downtime several steps may be past; only the latest one is sent, so
    the interviewer gets one reminder, not a burst.
    """
    due = [i for i, d in enumerate(days) if d <= days_since and i >= already_sent]
    return due[-1] if due else None


def next_due(held_at: datetime, days: tuple[int, ...], after_index: int) -> datetime | None:
    """When the step after ``after_index`` is due, or None when the cadence is done."""
    following = after_index + 1
    return held_at + timedelta(days=days[following]) if following < len(days) else None


def send_due_reminders(
    session: Session, mailer: Mailer, cadence: Cadence, *, now: datetime, limit: int = 500
) -> ReminderReport:
    """Send every reminder due at ``now``; runs in the caller's transaction."""
    report = ReminderReport()
    due = session.scalars(
        select(Interview)
        .where(Interview.next_reminder_at.is_not(None), Interview.next_reminder_at <= now)
        .order_by(Interview.next_reminder_at, Interview.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for interview in due:
        if interview.state not in WAITING:
            # Graded (or not asked yet): nothing more to chase.
            interview.next_reminder_at = None
            report.stopped.append(interview.id)
            continue
        if interview.paused_until is not None and interview.paused_until > now:
            interview.next_reminder_at = interview.paused_until
            report.paused.append(interview.id)
            continue
        days_since = (now - _start(interview)).total_seconds() / 86400
        index = cadence_index(
            cadence.days, days_since=days_since, already_sent=interview.reminders_sent
        )
        if index is None:
            interview.next_reminder_at = _first_future(interview, cadence.days, now)
            continue
        _queue_reminder(session, mailer, interview, cadence, number=index + 1, now=now)
        interview.reminders_sent = index + 1
        interview.next_reminder_at = next_due(_start(interview), cadence.days, index)
        report.sent.append(interview.id)
    return report


def _start(interview: Interview) -> datetime:
    """Where the cadence counts from: the request (the interview, for rows from before
    ``request_sent_at`` was kept)."""
    return interview.request_sent_at or interview.held_at


def _first_future(interview: Interview, days: tuple[int, ...], now: datetime) -> datetime | None:
    for i, d in enumerate(days):
        at = _start(interview) + timedelta(days=d)
        if i >= interview.reminders_sent and at > now:
            return at
    return None


def _queue_reminder(
    session: Session,
    mailer: Mailer,
    interview: Interview,
    cadence: Cadence,
    *,
    number: int,
    now: datetime,
) -> None:
    pipeline = session.get(Pipeline, interview.pipeline_id)
    candidate = session.get(Candidate, interview.candidate_id)
    assert pipeline is not None and candidate is not None
    thread = session.scalar(
        select(Thread).where(
            Thread.interview_id == interview.id, Thread.kind == ThreadKind.FEEDBACK
        )
    )
    days = int((now - interview.held_at).total_seconds() // 86400)
    cc_recruiter = (now - _start(interview)) >= timedelta(days=cadence.cc_from_day)
    # The reminder threads under the original request, so the HM's client groups them.
    request_id = None
    if thread is not None:
        request_id = session.scalar(
            select(OutboxMessage.message_id)
            .where(OutboxMessage.thread_id == thread.id)
            .order_by(OutboxMessage.id)
            .limit(1)
        )
    subject = thread.subject if thread is not None else f"Feedback on {candidate.name}"
    mailer.queue(
        session,
        kind="reminder",
        template="reminder",
        to=[interview.interviewer_email],
        cc=[pipeline.recruiter_email] if cc_recruiter else [],
        subject=subject if subject.lower().startswith("re:") else f"Re: {subject}",
        now=now,
        context={
            "hm_name": interview.interviewer_name or pipeline.hm_name,
            "candidate_name": candidate.name,
            "role": pipeline.title,
            "held_on": interview.held_at.date().isoformat(),
            "criteria": current_criteria(session, pipeline.id),
            "recruiter_cc": cc_recruiter,
            "recruiter_name": pipeline.recruiter_name,
            "days": days,
            "throttle_warning": days < cadence.throttle_days,
            "throttle_days": cadence.throttle_days,
        },
        token=thread.token if thread is not None else None,
        thread_id=thread.id if thread is not None else None,
        interview_id=interview.id,
        in_reply_to=request_id,
        references=[request_id] if request_id else [],
        dedupe_key=f"reminder:{interview.id}:{number}",
    )


def reminders_step(app: App, now: datetime) -> dict[str, list[str]]:
    """The tick step: one transaction for all due reminders."""
    s = app.settings
    cadence = Cadence(
        days=tuple(sorted(s.reminder_days)),
        cc_from_day=s.recruiter_cc_from_day,
        throttle_days=s.throttle_after_days,
    )
    with app.factory() as session, session.begin():
        report = send_due_reminders(session, app.mailer, cadence, now=now)
    return {"sent": report.sent, "paused": report.paused, "stopped": report.stopped}
