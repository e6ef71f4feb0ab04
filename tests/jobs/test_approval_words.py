"""On an approval thread only a bare APPROVE (or SKIP) acts; anything that takes it back,
or merely mentions it, is unclear and the HM is asked again. Nothing reaches Ann."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mailagent.app import App
from mailagent.jobs.tick import run_tick
from mailagent.models import DraftState
from tests.jobs.conftest import HM, T0, Sent, body
from tests.jobs.test_candidate_feedback import (
    CANDIDATE,
    _drafts,
    _events,
    _grade_second,
    _hm_replies,
    _requests,
    _world,
)


@pytest.mark.parametrize(
    "reply",
    [
        "don't APPROVE this",
        "Please don't APPROVE this one yet, the tone is wrong for her.",
        "APPROVE\nActually, do not send it yet.",
        "APPROVE\nwait, SKIP",
        "> APPROVE\nNot this version.",
    ],
)
def test_an_approval_word_inside_a_sentence_approves_nothing(
    app: App, tmp_path: Path, reply: str
) -> None:
    _world(app)
    _grade_second(app, T0 + timedelta(days=1))
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp_path)
    _hm_replies(app, tmp_path, request, reply, T0 + timedelta(days=3))
    run_tick(app, now=T0 + timedelta(days=3))
    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    (draft,) = _drafts(app)
    assert draft.state is DraftState.AWAITING_APPROVAL
    assert [a for _, a in _events(app)] == ["drafted", "unclear_reply"]
    asked = Sent(tmp_path / "sent").to(HM)[-1]
    assert "Please reply with APPROVE, SKIP, or the full edited text." in body(asked)


def test_a_bare_approve_with_thanks_still_approves(app: App, tmp_path: Path) -> None:
    _world(app)
    _grade_second(app, T0 + timedelta(days=1))
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp_path)
    _hm_replies(app, tmp_path, request, "Approve.\n\nThanks!", T0 + timedelta(days=3))
    run_tick(app, now=T0 + timedelta(days=3))
    assert len(Sent(tmp_path / "sent").to(CANDIDATE)) == 1
