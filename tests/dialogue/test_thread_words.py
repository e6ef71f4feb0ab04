"""APPROVE and SKIP act only on approval threads; on a feedback thread they decide nothing.

Tariq interviewed Hana (imported as ``reject``). He answers the *feedback request* with
"APPROVE", as if it were the approval of a draft. The decision stays ``reject`` whatever
the brain reads into it, so the candidate's feedback is still drafted once he has given
his reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.demo.run import data_dir
from mailagent.dialogue.brain import Assessment, BrainContext, BrainResult, Decision, Issue
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.dialogue.offline.rules import assess as offline_assess
from mailagent.dialogue.thread_words import approval_only
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from mailagent.jobs.tick import run_tick
from mailagent.models import FeedbackDraft, Interview
from tests.helpers import T0, make_settings
from tests.jobs.conftest import Sent

TARIQ = "tariq.aziz@demo.example"
SPECIFICS = (
    "I asked how she'd stop a broken upstream file from reaching the finance tables and she "
    "had no answer: no tests, no checks, she said they just look at the dashboards."
)


class ReadsApprovalAsDecision:
    """A model that takes "APPROVE" for advance and "SKIP" for reject (what Claude might do)."""

    name = "claude-like"

    def assess(self, ctx: BrainContext) -> BrainResult:
        words = ctx.reply_text.lower()
        decision = (
            Decision.ADVANCE
            if "approve" in words or "lgtm" in words
            else Decision.REJECT
            if "skip" in words
            else offline_assess(ctx).decision
        )
        return BrainResult(Assessment(issues=[Issue.USELESS], decision=decision), brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


def _world(tmp: Path, brain: object) -> App:
    app = build_app(make_settings(tmp), brain=brain)  # type: ignore[arg-type]
    data = data_dir()
    with transaction(app.factory) as session:
        import_r2_files(session, sorted((data / "r2").glob("*.yaml")))
        import_candidates(session, [data / "candidates.csv"])
        import_interviews(session, data / "interviews.csv")
    run_tick(app, now=T0)
    return app


@pytest.fixture
def offline(tmp_path: Path) -> Iterator[App]:
    app = _world(tmp_path, OfflineBrain())
    yield app
    app.close()


def _tariq_says(app: App, tmp: Path, text: str, at: datetime) -> None:
    last = Sent(tmp / "sent").to(TARIQ)[-1]
    deliver(
        tmp / "inbox", reply_to(last, from_name="Tariq Aziz", from_addr=TARIQ, text=text, date=at)
    )
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()
    run_tick(app, now=at + timedelta(minutes=1))


def _decision(app: App, interview_id: str = "demo-1") -> str | None:
    with app.factory() as s:
        interview = s.get(Interview, interview_id)
        assert interview is not None
        return interview.final_decision


def test_approve_on_the_feedback_thread_keeps_the_rejection(offline: App, tmp_path: Path) -> None:
    _tariq_says(offline, tmp_path, "APPROVE", T0 + timedelta(hours=1))
    assert _decision(offline) == "reject"

    _tariq_says(offline, tmp_path, SPECIFICS, T0 + timedelta(hours=2))
    assert _decision(offline) == "reject"
    run_tick(offline, now=T0 + timedelta(hours=4))
    with offline.factory() as s:
        drafts = s.scalars(select(FeedbackDraft.candidate_id)).all()
    assert drafts == ["hana-sato"]


@pytest.mark.parametrize(
    ("word", "before"),
    [
        ("APPROVE", "reject"),
        ("Approved.", "reject"),
        ("approve, thanks", "reject"),
        ("LGTM", "reject"),
        ("SKIP", "advance"),
        ("skip", "advance"),
    ],
)
def test_no_brain_turns_an_approval_word_into_a_decision(
    tmp_path: Path, word: str, before: str
) -> None:
    app = _world(tmp_path, ReadsApprovalAsDecision())
    try:
        with transaction(app.factory) as s:
            interview = s.get(Interview, "demo-1")
            assert interview is not None
            interview.stated_decision = before
        _tariq_says(app, tmp_path, word, T0 + timedelta(hours=1))
        assert _decision(app) == before
    finally:
        app.close()


def test_words_about_the_candidate_still_decide(tmp_path: Path) -> None:
    """ "Approve" next to a real decision does not hide it: the HM changed his mind."""
    app = _world(tmp_path, ReadsApprovalAsDecision())
    try:
        _tariq_says(
            app,
            tmp_path,
            "Approve. On reflection, move her forward to the next round.",
            T0 + timedelta(hours=1),
        )
        assert _decision(app) == "advance"
    finally:
        app.close()


@pytest.mark.parametrize(
    ("text", "decision", "only"),
    [
        ("APPROVE", Decision.ADVANCE, True),
        ("I approve.", Decision.ADVANCE, True),
        ("Skip.", Decision.REJECT, True),
        ("Don't APPROVE this", Decision.REJECT, True),
        ("Approve. Strong hire.", Decision.ADVANCE, False),
        ("Skip him, it is a pass.", Decision.REJECT, False),
        ("Reject: no tests at all.", Decision.REJECT, False),
        ("No approval words here, just a hire.", Decision.ADVANCE, False),
    ],
)
def test_approval_only(text: str, decision: Decision, only: bool) -> None:
    assert approval_only(text, decision) is only


def test_the_offline_brain_reads_no_decision_in_approve() -> None:
    from mailagent.dialogue.offline.decisions import stated_decision

    assert stated_decision("APPROVE") is None
    assert stated_decision("Approved, thanks!") is None
    assert stated_decision("Strong hire, approve the offer.") is Decision.ADVANCE
