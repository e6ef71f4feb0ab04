"""The completion mail invites a correction, and a correction reopens the verdicts
(issue #15, finding 5).

Before: "Recorded for …: Terraform. Not met: "OK, he does have Terraform" … No need to
reply. I'll close this thread." An HM who skims does not catch a wrong verdict and is told
not to answer. Now the completion lists what was recorded in plain words and ends with
"If any of this is wrong, just reply and say what should change"; a correction goes back
to the dialogue and replaces the verdicts, a thank-you does nothing, a protected remark in
a correction is still escalated, and nothing reaches the candidate on the way: a draft
waiting for approval is redrafted from the corrected record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    ApprovalEvent,
    Candidate,
    CriterionRecord,
    DraftState,
    Escalation,
    FeedbackDraft,
    Interview,
    OutboxMessage,
    Pipeline,
    R2Criterion,
    R2Version,
    RecordStatus,
    ThreadStatus,
)
from tests.conversation import Conversation
from tests.helpers import T0, make_settings

GRACE = "grace.obi@example.com"
LENA = "lena.brandt@example.com"
AISHA = "aisha.khan@home.example"
ASKS = "If any of this is wrong, just reply and say what should change."


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = build_app(make_settings(tmp_path, display_name="Acme Recruiting"))
    with transaction(built.factory) as s:
        s.add(
            Pipeline(
                id="devops-aws",
                title="DevOps Engineer (AWS / Kubernetes)",
                hm_name="Grace Obi",
                hm_email=GRACE,
                recruiter_name="Lena Brandt",
                recruiter_email=LENA,
                created_at=T0 - timedelta(days=30),
            )
        )
        s.flush()
        version = R2Version(pipeline_id="devops-aws", version=1, created_by="import", created_at=T0)
        s.add(version)
        s.flush()
        for pos, (key, text) in enumerate(
            [
                ("terraform", "Infrastructure as code with Terraform."),
                ("kubernetes", "Runs Kubernetes in production: Helm, cluster upgrades."),
            ]
        ):
            s.add(
                R2Criterion(r2_version_id=version.id, key=key, text=text, kind="must", position=pos)
            )
        s.add(
            Candidate(
                id="aisha-khan",
                name="Aisha Khan",
                email=AISHA,
                resume_text="Aisha Khan\nCloud engineer, 2021-Present: AWS, GitHub Actions.\n",
            )
        )
        s.add(
            Interview(
                id="iv-1",
                pipeline_id="devops-aws",
                candidate_id="aisha-khan",
                interviewer_email=GRACE,
                interviewer_name="Grace Obi",
                held_at=T0 - timedelta(hours=3),
                stated_decision="reject",
            )
        )
    yield built
    built.close()


def _records(app: App) -> dict[str, tuple[str, RecordStatus]]:
    with app.factory() as s:
        rows = s.scalars(select(CriterionRecord).where(CriterionRecord.interview_id == "iv-1"))
        return {r.criterion_key: (r.verdict, r.status) for r in rows}


def _candidate_mail(app: App) -> int:
    with app.factory() as s:
        return s.scalar(
            select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.candidate_facing.is_(True)
            )
        ) or 0


def _grace_completes(app: App) -> Conversation:
    grace = Conversation(app, "iv-1", hm=GRACE, hm_name="Grace Obi", start=T0)
    done = grace.says(
        "Reject. I asked her to write a Terraform module for an S3 bucket and she could not "
        "explain remote state or how she would structure the module."
    )
    assert done.kind == "complete"
    assert "Infrastructure as code with Terraform.\n  Not met, in your words:" in done.text
    assert done.text.rstrip().endswith(f"{ASKS}\n\nAcme Recruiting")
    assert "No need to reply" not in done.text
    assert _records(app) == {"terraform": ("not_met", RecordStatus.RECORDED)}
    return grace


def test_a_correction_replaces_the_verdicts_and_a_thank_you_does_nothing(app: App) -> None:
    grace = _grace_completes(app)

    again = grace.says("No — Terraform was fine, the gap was Kubernetes")
    # Back to the dialogue, read, and recorded: the verdicts replaced, not added to.
    assert again.kind == "complete"
    assert again.text.startswith("Hi Grace,\n\nThanks, I've corrected the record for Aisha Khan.")
    assert "- Infrastructure as code with Terraform.\n  Met" in again.text
    assert "- Runs Kubernetes in production: Helm, cluster upgrades.\n  Not met" in again.text
    assert ASKS in again.text and "pipeline needs" not in again.text
    assert _records(app) == {
        "terraform": ("met", RecordStatus.RECORDED),
        "kubernetes": ("not_met", RecordStatus.RECORDED),
    }
    assert grace.thread.status is ThreadStatus.COMPLETE

    # "Thanks" ends it: nothing recorded, nothing sent, however often she says it.
    assert grace.says("Thanks, looks right.").kind == "none"
    assert grace.says("Perfect, thank you!").kind == "none"
    assert len(_records(app)) == 2
    assert _candidate_mail(app) == 0


def test_a_protected_remark_in_a_correction_is_still_escalated(app: App) -> None:
    grace = _grace_completes(app)
    answer = grace.says("Actually, she is too old for our on-call rota anyway.")
    assert answer.kind == "escalate"
    assert LENA in answer.cc
    with app.factory() as s:
        assert s.scalar(select(Escalation.id).where(Escalation.interview_id == "iv-1"))
    # Nothing of that reply is recorded; the verdicts stand as they were.
    assert _records(app) == {"terraform": ("not_met", RecordStatus.RECORDED)}
    assert grace.thread.status is ThreadStatus.AWAITING_HM
    assert _candidate_mail(app) == 0


def test_a_draft_waiting_for_approval_is_redrafted_from_the_corrected_record(
    app: App,
) -> None:
    grace = _grace_completes(app)
    run_tick(app, now=grace.now + timedelta(hours=2), deliver=False)
    with app.factory() as s:
        (v1,) = s.scalars(select(FeedbackDraft)).all()
    assert "Terraform" in v1.body

    grace.now += timedelta(hours=2)
    grace.says("No — Terraform was fine, the gap was Kubernetes")
    # Reopening sends nothing to the candidate, and v1 can no longer be approved…
    run_tick(app, now=grace.now + timedelta(hours=2), deliver=False)
    with app.factory() as s:
        v1, v2 = s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.version)).all()
        events = [
            (e.draft_id, e.action)
            for e in s.scalars(select(ApprovalEvent).order_by(ApprovalEvent.id))
        ]
        request = s.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "approval_request")
            .order_by(OutboxMessage.id.desc())
        ).first()
    assert (v1.state, v2.state) == (DraftState.SUPERSEDED, DraftState.AWAITING_APPROVAL)
    assert (v1.id, "superseded") in events and (v2.id, "drafted") in events
    # …v2 is built from the corrected verdicts, and Grace is told why it replaces v1.
    assert "Runs Kubernetes in production" in v2.body
    assert "Infrastructure as code with Terraform." not in v2.body
    assert request is not None and "This replaces version 1" in request.body_text
    assert _candidate_mail(app) == 0
