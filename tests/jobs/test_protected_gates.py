"""The three protected-remark gates, each holding where the other two missed.

Gate 1 reads every HM reply (any brain), gate 2 drafts candidate feedback, gate 3 checks
the exact text about to go to the candidate. Each test injects a miss at the other gates
(a brain and a detector that find nothing, or a record or draft written directly).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.dialogue.brain import (
    Assessment,
    CriterionVerdict,
    Decision,
    Verdict,
)
from mailagent.dialogue.protected import Hit
from mailagent.jobs.approval import record_event, send_approved
from mailagent.jobs.candidate_feedback import draft_points
from mailagent.models import (
    ApprovalEvent,
    Candidate,
    CriterionRecord,
    DraftState,
    FeedbackDraft,
    OutboxMessage,
)
from tests.jobs.conftest import (
    HM,
    RECRUITER,
    T0,
    add_candidate,
    add_interview,
    add_pipeline,
    grade,
)

REMARK = "Weak on Kafka rebalancing, and she is pregn\u200bant so the on-call would be hard"


def _blind(text: str) -> list[Hit]:
    """A detector that misses everything (the injected miss)."""
    return []


def _world(app: App) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")


def _approved_draft(app: App, body: str, now: datetime) -> int:
    """A draft approved by the HM whose text was written directly (gates 1 and 2 missed)."""
    with transaction(app.factory) as s:
        draft = FeedbackDraft(
            pipeline_id="backend",
            candidate_id="ann",
            version=1,
            body=body,
            state=DraftState.APPROVED,
            approver_email=HM,
            created_at=now,
            expires_at=now + timedelta(days=7),
            decided_at=now,
        )
        s.add(draft)
        s.flush()
        record_event(s, draft, "approved", actor=HM, now=now)
        return int(draft.id)


def test_gate_3_stops_a_remark_both_earlier_gates_missed(app: App) -> None:
    _world(app)
    now = T0 + timedelta(days=2)
    body = (
        "Dear Ann,\n\nThank you for interviewing for Backend Engineer. The interviewers "
        "noted gaps in Kafka. At 58 she may find the pace hard.\n\nBest regards\n"
    )
    draft_id = _approved_draft(app, body, now)
    with transaction(app.factory) as s:
        draft = s.get(FeedbackDraft, draft_id)
        assert draft is not None
        sent = send_approved(s, app.mailer, draft, now=now, secret=b"k" * 32)
        assert sent is False
        assert draft.state is DraftState.AWAITING_APPROVAL
        assert draft.thread_id is not None
    with app.factory() as s:
        rows = s.scalars(select(OutboxMessage)).all()
        assert not [r for r in rows if r.kind == "candidate_feedback"]
        (notice,) = [r for r in rows if r.kind == "send_blocked"]
        assert HM in notice.to_addrs and RECRUITER in notice.cc_addrs
        assert "At 58 she may find the pace hard." in notice.body_text
        assert "has not been sent" in notice.body_text
        events = s.scalars(select(ApprovalEvent).order_by(ApprovalEvent.id)).all()
        assert [e.action for e in events] == ["approved", "send_blocked"]
        # The audit trail names the category, never the remark's words.
        assert events[1].detail == "protected remark: age"


def test_gate_3_sends_a_clean_text_unchanged(app: App) -> None:
    _world(app)
    now = T0 + timedelta(days=2)
    body = "Dear Ann,\n\nThe interviewers noted gaps in Kafka consumer groups.\n"
    draft_id = _approved_draft(app, body, now)
    with transaction(app.factory) as s:
        draft = s.get(FeedbackDraft, draft_id)
        assert draft is not None
        assert send_approved(s, app.mailer, draft, now=now) is True
    with app.factory() as s:
        (mail,) = [r for r in s.scalars(select(OutboxMessage)) if r.kind == "candidate_feedback"]
        assert mail.body_text == body


def test_gate_3_does_not_take_the_candidates_name_for_a_remark(app: App) -> None:
    _world(app)
    now = T0 + timedelta(days=2)
    with transaction(app.factory) as s:
        candidate = s.get(Candidate, "ann")
        assert candidate is not None
        candidate.name = "Faith Christian"
    draft_id = _approved_draft(app, "Dear Faith Christian,\n\nGaps in Kafka.\n", now)
    with transaction(app.factory) as s:
        draft = s.get(FeedbackDraft, draft_id)
        assert draft is not None
        assert send_approved(s, app.mailer, draft, now=now) is True


def test_gate_2_leaves_out_a_recorded_remark_that_gate_1_missed(app: App) -> None:
    _world(app)
    with transaction(app.factory) as s:
        grade(
            s,
            "iv-1",
            at=T0 + timedelta(days=1),
            verdicts={
                # Gate 1 missed: the remark was stored as evidence.
                "kafka": ("not_met", REMARK),
                "sql": ("not_met", "her schema had no index on the join column"),
            },
        )
    with app.factory() as s:
        candidate = s.get(Candidate, "ann")
        assert candidate is not None
        points = draft_points(s, "backend", candidate)
        evidence = [e for p in points for e in p.evidence]
        assert evidence == ["Your schema had no index on the join column."]


class _BlindBrain:
    """A brain that misses the remark and quotes it as evidence (the injected miss)."""

    name = "blind"

    def assess(self, ctx):  # type: ignore[no-untyped-def]
        from mailagent.dialogue.brain import BrainResult

        return BrainResult(
            Assessment(
                verdicts=[CriterionVerdict(key="kafka", verdict=Verdict.NOT_MET, quote=REMARK)],
                decision=Decision.REJECT,
            ),
            brain=self.name,
        )

    def phrase(self, ctx, draft):  # type: ignore[no-untyped-def]
        return draft


def test_gate_1_escalates_and_records_nothing_when_the_brain_missed(tmp_path: Path) -> None:
    from mailagent.app import build_app
    from tests.helpers import make_settings
    from tests.jobs.test_protected_corpus import play_reply

    app = build_app(make_settings(tmp_path), brain=_BlindBrain())
    try:
        _world(app)
        play_reply(app, "iv-1", REMARK + ". Otherwise fine.", at=T0 + timedelta(hours=2))
        _check_escalated(app)
    finally:
        app.close()


def _check_escalated(app: App) -> None:
    with app.factory() as s:
        assert s.scalars(select(CriterionRecord)).all() == []
        (notice,) = [r for r in s.scalars(select(OutboxMessage)) if r.kind == "escalation_notice"]
        assert RECRUITER in notice.to_addrs
        from mailagent.models import AssessmentRecord, Escalation

        (record,) = s.scalars(select(AssessmentRecord)).all()
        assert record.move == "escalate"
        assert "on-call would be hard" not in str(record.data), record.data
        (escalation,) = s.scalars(select(Escalation)).all()
        assert "pregnancy" in escalation.categories


def test_the_send_blocked_mail_reads_as_the_hm_would_read_it() -> None:
    from mailagent.jobs.approval import final_check
    from mailagent.outbox.render import Renderer

    hits = final_check("Dear Ann,\n\nGaps in Kafka. At 58 she may find the pace hard.\n")
    text = Renderer().text(
        "send_blocked",
        hm_name="Ken Hale",
        candidate_name="Ann Lee",
        role="Backend Engineer",
        version=2,
        recruiter_name="Rita Ray",
        hits=hits,
    )
    # The last line is the signature (the organisation's name where one is configured).
    body, signature = text.rstrip("\n").rsplit("\n", 1)
    assert signature.strip()
    assert body + "\n" == (
        "Hi Ken,\n\n"
        "Version 2 of the feedback to Ann Lee, interviewed for Backend Engineer, was approved, "
        "but it has not been sent. A last check of the exact text found a remark about a protected "
        "characteristic (such as age, family, origin, health or religion), and that can never "
        "go to a candidate:\n\n"
        '- age: "At 58 she may find the pace hard."\n\n'
        "The draft is waiting again. Please reply to this email with the whole text again, "
        "without that sentence, or with SKIP to send nothing. Rita Ray is copied.\n\n"
        "Thank you,\n"
    )


def test_after_a_blocked_send_the_hm_answers_the_notice_with_a_clean_text(
    app: App, tmp_path: Path
) -> None:
    from mailagent.demo.hm import deliver, reply_to
    from mailagent.jobs.tick import run_tick
    from tests.jobs.conftest import Sent

    _world(app)
    now = T0 + timedelta(days=2)
    draft_id = _approved_draft(app, "Dear Ann,\n\nGaps in Kafka. She is a young mum.\n", now)
    with transaction(app.factory) as s:
        draft = s.get(FeedbackDraft, draft_id)
        assert draft is not None
        send_approved(s, app.mailer, draft, now=now, secret=app.secret)
    run_tick(app, now=now + timedelta(minutes=1))
    (notice,) = [m for m in Sent(tmp_path / "sent").to(HM) if "not sent" in str(m["Subject"])]
    assert RECRUITER in str(notice["Cc"])

    clean = "Dear Ann,\n\nThank you for your time. The interviewers noted gaps in Kafka.\n"
    at = now + timedelta(hours=1)
    reply = reply_to(notice, from_name="Ken", from_addr=HM, text=clean, date=at)
    deliver(tmp_path / "inbox", reply)
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()
    with app.factory() as s:
        drafts = s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.id)).all()
        assert [(d.version, d.state) for d in drafts] == [
            (1, DraftState.SUPERSEDED),
            (2, DraftState.AWAITING_APPROVAL),
        ]
        assert drafts[1].body.strip() == clean.strip()
    assert Sent(tmp_path / "sent").to("ann@home.example") == []


class _QuotingBrain(_BlindBrain):
    """Misses the remark, and its rewrite of our reply quotes it back to the HM."""

    name = "quoting"

    def phrase(self, ctx, draft):  # type: ignore[no-untyped-def]
        return draft + "\nYou wrote: " + ctx.reply_text


def test_gate_1_keeps_a_remark_out_of_a_rewritten_reply(tmp_path: Path) -> None:
    from mailagent.app import build_app
    from tests.helpers import make_settings
    from tests.jobs.test_protected_corpus import play_reply

    app = build_app(make_settings(tmp_path), brain=_QuotingBrain())
    try:
        _world(app)
        play_reply(app, "iv-1", REMARK + ". Otherwise fine.", at=T0 + timedelta(hours=2))
        with app.factory() as s:
            (reply,) = [r for r in s.scalars(select(OutboxMessage)) if r.kind == "escalate"]
            assert "on-call would be hard" not in reply.body_text
            assert "You wrote" not in reply.body_text
    finally:
        app.close()
