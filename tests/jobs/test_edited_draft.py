"""An HM-edited draft is stored and sent exactly as the HM wrote it (issue #15, finding 3).

In a real mail loop an edit made in mutt kept "Kind regards, The hiring team"; the stored
version 2 ended at "…apply again in the future." and went to the candidate that way: the
quote stripper took the letter's closing for the HM's own sign-off. Here the HM edits the
draft in each reply style (mutt and aerc bottom-posting under "> " quotes, Outlook
top-posting above a From:/Sent: block, Gmail above "On … wrote:"), signs with their own
name or signature, and version 2 is the letter as written, closing included, and nothing
of the HM's signature or the quoted history.
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
from mailagent.models import DraftState, FeedbackDraft
from tests.jobs.conftest import (
    HM,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    body,
    grade,
)

LETTER = """\
Dear Ann,

Thank you for your time with us for the Backend Engineer role. We have decided not to \
move forward with your application.

In the interview you could not explain how a Kafka consumer group rebalances after a \
broker fails, and the role runs Kafka pipelines every day.

We wish you every success, and you are welcome to apply again in the future.

Kind regards,
Hiring team
"""


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _mutt(request: EmailMessage) -> str:
    stamp = format_datetime(T0).replace(" +0000", "")
    return (
        f"On {stamp}, Hiring team wrote:\n{_quoted(body(request))}\n\n"
        f"{LETTER}\n-- \nKen Park\nHead of Backend, Corp\n"
    )


def _aerc(request: EmailMessage) -> str:
    return (
        f"On Mon Jun 1, 2026 at 9:00 AM UTC, Hiring team wrote:\n{_quoted(body(request))}\n\n"
        f"{LETTER}\nThanks,\nKen\n"
    )


def _outlook(request: EmailMessage) -> str:
    return (
        f"{LETTER}\nKen Park\nHead of Backend | Corp\n\n"
        "________________________________\n"
        f"From: Hiring team <{request['Reply-To']}>\n"
        "Sent: Monday, June 1, 2026 9:00 AM\n"
        f"To: Ken Park <{HM}>\n"
        f"Subject: {request['Subject']}\n\n"
        f"{body(request)}"
    )


def _gmail(request: EmailMessage) -> str:
    return (
        f"{LETTER}\nKen\n\n"
        f"On Mon, 1 Jun 2026 at 09:00, Hiring team <{request['Reply-To']}> wrote:\n\n"
        f"{_quoted(body(request))}\n"
    )


def _send(app: App, tmp: Path, request: EmailMessage, text: str, minutes: int) -> None:
    msg = EmailMessage()
    msg["From"] = f"Ken Park <{HM}>"
    msg["To"] = str(request["Reply-To"])
    msg["Subject"] = f"Re: {request['Subject']}"
    msg["Date"] = format_datetime(T0 + timedelta(days=1, minutes=minutes))
    msg["Message-ID"] = make_msgid(domain="corp.example")
    msg["In-Reply-To"] = str(request["Message-ID"])
    msg["References"] = str(request["Message-ID"])
    msg.set_content(text)
    deliver(tmp / "inbox", msg.as_bytes())
    source = app.source()
    try:
        app.intake().poll_once(source, now=T0 + timedelta(days=1, minutes=minutes))
    finally:
        source.close()


@pytest.mark.parametrize("style", [_mutt, _aerc, _outlook, _gmail], ids=lambda f: f.__name__)
def test_an_edited_draft_keeps_its_closing_in_every_reply_style(
    app: App, tmp_path: Path, style: object
) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")
        grade(s, "iv-1", at=T0, verdicts={"kafka": ("not_met", "she guessed at rebalancing")})
    run_tick(app, now=T0 + timedelta(hours=2))
    (request,) = Sent(tmp_path / "sent").to(HM)
    assert callable(style)
    _send(app, tmp_path, request, style(request), minutes=0)

    with app.factory() as s:
        v1, v2 = s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.version)).all()
    assert (v1.state, v2.state) == (DraftState.SUPERSEDED, DraftState.AWAITING_APPROVAL)
    # Exactly as Ken wrote it: the closing in, his own signature and the history out.
    assert v2.body == LETTER

    # He confirms version 2, and the candidate reads exactly that.
    run_tick(app, now=T0 + timedelta(days=1, minutes=1))
    request_v2 = next(m for m in Sent(tmp_path / "sent").to(HM) if "(v2)" in str(m["Subject"]))
    _send(app, tmp_path, request_v2, "APPROVE\n", minutes=5)
    run_tick(app, now=T0 + timedelta(days=1, minutes=10))
    (letter,) = Sent(tmp_path / "sent").to("ann@home.example")
    assert body(letter) == LETTER
