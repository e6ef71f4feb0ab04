"""An interview cancelled by its invitation does not keep an application open: the
purge of a closed, rejected candidate is not held up by it for ever."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from mailagent.app import App
from mailagent.db import transaction
from mailagent.jobs.purge import purge
from mailagent.models import Candidate, DraftState, FeedbackDraft, InterviewState
from tests.jobs.conftest import (
    HM,
    T0,
    add_candidate,
    add_interview,
    add_pipeline,
    grade,
    make_app,
)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = make_app(tmp_path)
    yield built
    built.close()


def test_a_cancelled_interview_does_not_keep_a_rejected_candidate_from_purge(app: App) -> None:
    with transaction(app.factory) as session:
        add_pipeline(session)
        add_candidate(session)
        add_interview(session, "iv-1")
        grade(session, "iv-1", at=T0 + timedelta(hours=1))
        cancelled = add_interview(session, "iv-2", held_at=T0 + timedelta(days=1))
        cancelled.state = InterviewState.CANCELLED
        session.add(
            FeedbackDraft(
                pipeline_id="backend",
                candidate_id="ann",
                version=1,
                body="Thank you.",
                state=DraftState.SENT,
                approver_email=HM,
                created_at=T0 + timedelta(days=2),
                decided_at=T0 + timedelta(days=2),
            )
        )
    with transaction(app.factory) as session:
        report = purge(session, older_than=timedelta(days=180), now=T0 + timedelta(days=200))
        assert report.candidates == ["ann"]
        candidate = session.get(Candidate, "ann")
        assert candidate is not None and candidate.resume_text is None
