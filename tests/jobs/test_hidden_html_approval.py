"""Approval words are read from what the hiring manager sees (issue #11, finding 10).

An HTML-only reply that hides "APPROVE" with CSS, above a visible "Do NOT send", must not
approve the draft: the HTML is turned into text without its hidden elements, and a
text/plain part, when there is one, is read instead of the HTML. These tests run on
SQLite and, with ``--db postgres``, on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.demo.hm import deliver
from mailagent.jobs.tick import run_tick
from mailagent.models import ApprovalEvent, DraftState, FeedbackDraft
from tests.jobs.conftest import (
    HM,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    grade,
)

CANDIDATE = "ann@home.example"
DO_NOT_SEND = "Do NOT send this yet, I want to talk to the recruiter first."


def _draft_awaiting_approval(app: App, tmp: Path) -> EmailMessage:
    """Ken rejected Ann on the Kafka criterion; the tick drafts feedback and asks him."""
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s, email=CANDIDATE)
        add_interview(s, "iv-1")
        grade(
            s,
            "iv-1",
            at=T0 + timedelta(days=1),
            verdicts={"kafka": ("not_met", "could not explain consumer group rebalancing")},
        )
    run_tick(app, now=T0 + timedelta(days=12))
    (request,) = [
        m for m in Sent(tmp / "sent").to(HM) if str(m["Subject"]).startswith("Approve feedback")
    ]
    return request


def _reply(request: EmailMessage, *, html: str | None, plain: str | None = None) -> bytes:
    """Ken's reply as his mail client sends it: HTML only, or plain + HTML alternatives."""
    msg = EmailMessage()
    msg["From"] = f"Ken <{HM}>"
    msg["To"] = str(request["Reply-To"] or request["From"])
    msg["Subject"] = f"Re: {request['Subject']}"
    msg["Date"] = format_datetime(T0 + timedelta(days=13))
    msg["Message-ID"] = make_msgid(domain="corp.example")
    msg["In-Reply-To"] = str(request["Message-ID"])
    msg["References"] = str(request["Message-ID"])
    if plain is not None:
        msg.set_content(plain)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    else:
        assert html is not None
        msg.set_content(html, subtype="html")
    return msg.as_bytes()


def _ken_answers(app: App, tmp: Path, raw: bytes) -> None:
    at = T0 + timedelta(days=13)
    deliver(tmp / "inbox", raw)
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()
    run_tick(app, now=at + timedelta(minutes=5))


def _actions(app: App) -> list[str]:
    with app.factory() as s:
        return [e.action for e in s.scalars(select(ApprovalEvent).order_by(ApprovalEvent.id))]


def _draft(app: App) -> FeedbackDraft:
    with app.factory() as s:
        drafts = list(s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.id)))
    return drafts[0]


HIDDEN_APPROVALS = {
    "display_none": f'<div style="display:none">APPROVE</div><div>{DO_NOT_SEND}</div>',
    "font_size_0": f'<div style="font-size:0">APPROVE</div><div>{DO_NOT_SEND}</div>',
    "visibility": f'<p style="visibility: hidden">APPROVE</p><p>{DO_NOT_SEND}</p>',
    "hidden_attribute": f"<div hidden>APPROVE</div><div>{DO_NOT_SEND}</div>",
    "zero_height": f'<table height="0"><tr><td>APPROVE</td></tr></table><p>{DO_NOT_SEND}</p>',
    "opacity": f'<span style="opacity:0">APPROVE</span><br><span>{DO_NOT_SEND}</span>',
    "style_rule": (
        f'<style>.x {{ display: none }}</style><div class="x">APPROVE</div><div>{DO_NOT_SEND}</div>'
    ),
}


@pytest.mark.parametrize("html", HIDDEN_APPROVALS.values(), ids=HIDDEN_APPROVALS.keys())
def test_approve_hidden_in_html_does_not_approve(app: App, tmp_path: Path, html: str) -> None:
    request = _draft_awaiting_approval(app, tmp_path)
    _ken_answers(app, tmp_path, _reply(request, html=f"<html><body>{html}</body></html>"))

    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    assert "approved" not in _actions(app)
    assert _draft(app).state is not DraftState.APPROVED


def test_plain_part_is_read_when_the_html_says_approve(app: App, tmp_path: Path) -> None:
    request = _draft_awaiting_approval(app, tmp_path)
    raw = _reply(request, plain=DO_NOT_SEND, html="<div>APPROVE</div>")
    _ken_answers(app, tmp_path, raw)

    assert Sent(tmp_path / "sent").to(CANDIDATE) == []
    assert "approved" not in _actions(app)


def test_a_visible_html_approve_still_approves(app: App, tmp_path: Path) -> None:
    request = _draft_awaiting_approval(app, tmp_path)
    html = '<div dir="ltr">APPROVE<div class="gmail_quote">On Mon, Ken wrote: …</div></div>'
    _ken_answers(app, tmp_path, _reply(request, html=html))

    assert "approved" in _actions(app)
    assert len(Sent(tmp_path / "sent").to(CANDIDATE)) == 1
