"""Candidate feedback by email: draft from recorded evidence, HM approval round trip through
the Maildir inbox, edits re-linted, stale approvals, expiry, and generic notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.errors import PolicyViolation
from mailagent.jobs.rejection import notify_rejection
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    ApprovalEvent,
    DraftState,
    FeedbackDraft,
    Interview,
    OutboxMessage,
    RecordStatus,
)
from tests.jobs.conftest import (
    HM,
    RECRUITER,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    body,
    grade,
)

CANDIDATE = "ann@home.example"
# What the interviewers wrote, and what the letter says to the candidate.
KAFKA = "she could not explain how consumer groups rebalance"
SQL = "her schema had no index on the join column"
KAFKA_TO_ANN = "You could not explain how consumer groups rebalance."
SQL_TO_ANN = "Your schema had no index on the join column."


def _world(app: App, *, email: str | None = CANDIDATE) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s, email=email)
        add_interview(s, "iv-1")
        add_interview(s, "iv-2", interviewer="bob@corp.example")
        grade(
            s,
            "iv-1",
            at=T0 + timedelta(days=1),
            verdicts={
                "python": ("met", "solid Python"),
                "kafka": ("not_met", KAFKA),
                # An off-R2 reason never confirmed into the R2: left out.
                "rust": ("not_met", "no Rust at all"),
            },
        )
        # A claim the resume contradicts: disputed, never a reason.
        grade(
            s,
            "iv-2",
            at=T0 + timedelta(days=1),
            verdicts={"python": ("not_met", "no Python")},
            status=RecordStatus.DISPUTED,
        )


def _grade_second(app: App, at: datetime) -> None:
    with transaction(app.factory) as s:
        from mailagent.models import CriterionRecord

        s.add(
            CriterionRecord(
                interview_id="iv-2",
                criterion_key="sql",
                verdict="not_met",
                quote=SQL,
                updated_at=at,
            )
        )


def _ken_rejects_bob_pending(app: App) -> None:
    """One application, two interviews: Ken rejects on day 1 (Kafka), Bob has not graded."""
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")
        add_interview(s, "iv-2", interviewer="bob@corp.example")
        grade(s, "iv-1", at=T0 + timedelta(days=1), verdicts={"kafka": ("not_met", KAFKA)})


def _drafts(app: App) -> list[FeedbackDraft]:
    with app.factory() as s:
        return list(s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.id)))


def _checks(app: App) -> dict[str, datetime | None]:
    with app.factory() as s:
        return {i: at for i, at in s.execute(select(Interview.id, Interview.draft_check_at))}


def _events(app: App) -> list[tuple[int, str]]:
    with app.factory() as s:
        return [
            (e.draft_id, e.action)
            for e in s.scalars(select(ApprovalEvent).order_by(ApprovalEvent.id))
        ]


def _hm_replies(app: App, tmp: Path, request: EmailMessage, text: str, at: datetime) -> None:
    raw = reply_to(request, from_name="Ken", from_addr=HM, text=text, date=at)
    deliver(tmp / "inbox", raw)
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()


def _requests(tmp: Path) -> list[EmailMessage]:
    return [
        m
        for m in Sent(tmp / "sent").to(HM)
        if str(m["Subject"]).strip().startswith("Approve feedback")
    ]


def test_approval_round_trip_by_email(app: App, tmp_path: Path) -> None:
    _world(app)
    _grade_second(app, T0 + timedelta(days=1))
    run_tick(app, now=T0 + timedelta(days=2))
    (draft,) = _drafts(app)
    # Built from the recorded not_met evidence on R2 criteria, nothing else.
    assert KAFKA_TO_ANN in draft.body and SQL_TO_ANN in draft.body
    assert "Designs and runs Kafka pipelines." in draft.body
    assert "Rust" not in draft.body and "no Python" not in draft.body
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []

    (request,) = _requests(tmp_path)
    assert draft.body.strip() in body(request)
    at = T0 + timedelta(days=3)
    _hm_replies(app, tmp_path, request, "APPROVE", at)
    run_tick(app, now=at + timedelta(minutes=1))

    (mail,) = Sent(tmp_path / "sent").to(CANDIDATE)
    assert body(mail).strip() == draft.body.strip()
    assert mail["Subject"] == "Your application for Backend Engineer"
    # If the candidate answers, a person reads it: the recruiter.
    assert mail["Reply-To"] == RECRUITER
    run_tick(app, now=at + timedelta(minutes=2))
    (draft,) = _drafts(app)
    assert draft.state is DraftState.SENT
    assert [a for _, a in _events(app)] == ["drafted", "approved", "enqueued", "sent"]
    # Nothing more, however often the clock ticks.
    run_tick(app, now=at + timedelta(days=9))
    assert len(Sent(tmp_path / "sent").to(CANDIDATE)) == 1


def test_waits_for_every_interviewer_or_the_deadline(app: App, tmp_path: Path) -> None:
    _ken_rejects_bob_pending(app)
    run_tick(app, now=T0 + timedelta(days=5))
    assert _drafts(app) == []
    # The tick left one check on the application, at the deadline: until then no tick
    # reads it again.
    assert _checks(app) == {"iv-1": T0 + timedelta(days=11), "iv-2": None}
    # feedback_deadline_days (10) after the rejection, the draft goes ahead without iv-2.
    run_tick(app, now=T0 + timedelta(days=11, hours=1))
    (draft,) = _drafts(app)
    assert KAFKA_TO_ANN in draft.body
    assert _checks(app) == {"iv-1": None, "iv-2": None}


def test_the_last_grading_brings_the_draft_forward(app: App) -> None:
    _ken_rejects_bob_pending(app)
    run_tick(app, now=T0 + timedelta(days=2))
    assert _checks(app)["iv-1"] == T0 + timedelta(days=11)
    # Bob grades without a decision of his own; the rejection stands and the draft
    # follows an hour later, not at the deadline.
    with transaction(app.factory) as s:
        grade(s, "iv-2", at=T0 + timedelta(days=3), decision="")
    run_tick(app, now=T0 + timedelta(days=3, minutes=30))
    assert _drafts(app) == []
    run_tick(app, now=T0 + timedelta(days=3, hours=1))
    assert len(_drafts(app)) == 1


def test_an_advance_clears_the_check_and_nothing_is_drafted(app: App) -> None:
    _ken_rejects_bob_pending(app)
    with transaction(app.factory) as s:
        grade(s, "iv-2", at=T0 + timedelta(days=1), decision="advance")
    run_tick(app, now=T0 + timedelta(days=20))
    assert _drafts(app) == []
    assert _checks(app) == {"iv-1": None, "iv-2": None}


def test_rejections_with_no_check_due_are_not_read(app: App) -> None:
    # Imported history: graded and rejected long ago, never marked for a check.
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")
        interview = grade(s, "iv-1", at=T0, verdicts={"kafka": ("not_met", KAFKA)})
        interview.draft_check_at = None
    run_tick(app, now=T0 + timedelta(days=30))
    assert _drafts(app) == []


def test_edit_is_relinted_and_an_approval_of_the_older_version_sends_nothing(
    app: App, tmp_path: Path
) -> None:
    _world(app)
    run_tick(app, now=T0 + timedelta(days=2))
    (request_v1,) = _requests(tmp_path)

    # An edit naming a protected characteristic is refused; the draft stays as it was.
    at = T0 + timedelta(days=2, hours=2)
    _hm_replies(app, tmp_path, request_v1, "Dear Ann, you have a heavy accent. " * 3, at)
    run_tick(app, now=at)
    assert len(_drafts(app)) == 1 and _events(app)[-1][1] == "edit_blocked"
    refusal = [m for m in Sent(tmp_path / "sent").to(HM) if "I can't send" in body(m)]
    assert len(refusal) == 1 and "accent" in body(refusal[0])

    edited = (
        "Dear Ann,\n\nThank you for your time. The role needs hands-on Kafka operations; "
        "we would suggest running a consumer group through a rebalance yourself.\n"
    )
    at = T0 + timedelta(days=3)
    _hm_replies(app, tmp_path, request_v1, edited, at)
    run_tick(app, now=at)
    v1, v2 = _drafts(app)
    assert (v1.state, v2.state, v2.version) == (
        DraftState.SUPERSEDED,
        DraftState.AWAITING_APPROVAL,
        2,
    )
    assert "hands-on Kafka operations" in v2.body

    # APPROVE on the old version's thread: stale, nothing to the candidate.
    at = T0 + timedelta(days=3, hours=1)
    _hm_replies(app, tmp_path, request_v1, "APPROVE", at)
    run_tick(app, now=at)
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    assert _events(app)[-1] == (v1.id, "stale_reply")

    request_v2 = _requests(tmp_path)[-1]
    assert "(v2)" in str(request_v2["Subject"])
    at = T0 + timedelta(days=3, hours=2)
    _hm_replies(app, tmp_path, request_v2, "Approve.", at)
    run_tick(app, now=at)
    (mail,) = Sent(tmp_path / "sent").to(CANDIDATE)
    assert "hands-on Kafka operations" in body(mail) and KAFKA_TO_ANN not in body(mail)


def test_someone_else_cannot_approve(app: App, tmp_path: Path) -> None:
    _world(app)
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp_path)
    at = T0 + timedelta(days=3)
    raw = reply_to(request, from_name="Eve", from_addr="eve@corp.example", text="APPROVE", date=at)
    deliver(tmp_path / "inbox", raw)
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()
    run_tick(app, now=at)
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    assert _drafts(app)[0].state is DraftState.AWAITING_APPROVAL


def test_skip_sends_nothing(app: App, tmp_path: Path) -> None:
    _world(app)
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp_path)
    _hm_replies(app, tmp_path, request, "SKIP", T0 + timedelta(days=3))
    run_tick(app, now=T0 + timedelta(days=30))
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    assert _drafts(app)[0].state is DraftState.SKIPPED


def test_unanswered_approval_gets_one_reminder_then_expires(app: App, tmp_path: Path) -> None:
    _world(app)
    start = T0 + timedelta(days=2)
    for hours in range(0, 24 * 9, 6):
        run_tick(app, now=start + timedelta(hours=hours))
    (draft,) = _drafts(app)
    assert draft.state is DraftState.EXPIRED
    assert [a for _, a in _events(app)] == ["drafted", "reminded", "expired"]
    with app.factory() as s:
        kinds = list(s.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))
    assert kinds.count("approval_reminder") == 1 and kinds.count("approval_expired") == 1
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    # A late APPROVE on the expired draft sends nothing either.
    (request,) = _requests(tmp_path)
    _hm_replies(app, tmp_path, request, "APPROVE", start + timedelta(days=10))
    run_tick(app, now=start + timedelta(days=10))
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []


def test_generic_notice_once_per_application(app: App, tmp_path: Path) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
    with transaction(app.factory) as s:
        notify_rejection(
            s,
            app.mailer,
            app.renderer,
            pipeline_id="backend",
            candidate_id="ann",
            reason="legal",
            detail="work authorisation for the country of the role",
            actor=RECRUITER,
            now=T0,
        )
    with pytest.raises(PolicyViolation), transaction(app.factory) as s:
        notify_rejection(
            s,
            app.mailer,
            app.renderer,
            pipeline_id="backend",
            candidate_id="ann",
            reason="role_filled",
            actor=RECRUITER,
            now=T0,
        )
    run_tick(app, now=T0 + timedelta(minutes=1))
    (mail,) = Sent(tmp_path / "sent").to(CANDIDATE)
    assert "legal requirement" in body(mail)
    with app.factory() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.kind == "candidate_feedback"))
        assert row is not None and row.candidate_facing
    assert [a for _, a in _events(app)] == ["generic_notice", "approved", "enqueued"]
