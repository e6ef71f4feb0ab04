"""Feedback requests: at the first tick after ``held_at``, open the thread and ask the HM.

Due interviews are found by the ``(state, held_at)`` index; the request's outbox row and
the thread commit together with the interview's move to ``requested``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import (
    Candidate,
    Interview,
    InterviewState,
    Pipeline,
    Thread,
    ThreadKind,
    ThreadStatus,
)
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.tokens import new_token
from mailagent.r2.store import current_criteria


def open_thread(
    session: Session,
    *,
    kind: ThreadKind,
    secret: bytes,
    subject: str,
    now: datetime,
    interview_id: str | None = None,
) -> Thread:
    """A new thread with its own reply token (feedback or approval)."""
    thread = Thread(
        kind=kind,
        interview_id=interview_id,
        token=new_token(secret),
        status=ThreadStatus.OPEN,
        subject=subject,
        created_at=now,
        updated_at=now,
    )
    session.add(thread)
    session.flush()
    return thread


def send_due_requests(
    session: Session,
    mailer: Mailer,
    *,
    secret: bytes,
    now: datetime,
    first_reminder: timedelta,
    limit: int = 500,
) -> int:
    """Send the feedback request for every interview held before ``now`` and not yet asked."""
    due = session.scalars(
        select(Interview)
        .where(Interview.state == InterviewState.SCHEDULED, Interview.held_at <= now)
        .order_by(Interview.held_at, Interview.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for interview in due:
        pipeline = session.get(Pipeline, interview.pipeline_id)
        candidate = session.get(Candidate, interview.candidate_id)
        assert pipeline is not None and candidate is not None
        subject = f"Feedback on {candidate.name} ({pipeline.title})"
        thread = open_thread(
            session,
            kind=ThreadKind.FEEDBACK,
            secret=secret,
            subject=subject,
            now=now,
            interview_id=interview.id,
        )
        mailer.queue(
            session,
            kind="feedback_request",
            template="feedback_request",
            to=[interview.interviewer_email],
            subject=subject,
            now=now,
            context={
                "hm_name": interview.interviewer_name or pipeline.hm_name,
                "candidate_name": candidate.name,
                "role": pipeline.title,
                "criteria": current_criteria(session, pipeline.id),
            },
            token=thread.token,
            thread_id=thread.id,
            interview_id=interview.id,
            dedupe_key=f"request:{interview.id}",
        )
        interview.state = InterviewState.REQUESTED
        interview.request_sent_at = now
        interview.next_reminder_at = now + first_reminder
    return len(due)
