"""The guard table, rule by rule, through the real intake (parse → route → chain → effects).

Every automated message is stored and never answered; an out-of-office pauses reminders
until its stated date; a bounce flags the address and tells the recruiter; a reply from
the cc'd recruiter is attributed to the recruiter and starts no turn.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.models import AddressFlag, Disposition, Interview, MailMessage, OutboxMessage
from tests.inbox.conftest import (
    NOW,
    RECRUITER,
    AppFactory,
    FakeBrain,
    ListSource,
    Seeded,
    message,
    seed_interview,
)

KEN = "ken.morita@example.com"


def _setup(make_app: AppFactory) -> tuple[App, Seeded, FakeBrain]:
    brain = FakeBrain()
    app = make_app("maildir:unused", brain=brain)
    return app, seed_interview(app), brain


def _run(app: App, raw: bytes) -> MailMessage:
    source = ListSource([raw])
    app.intake().poll_once(source, now=NOW)
    with app.factory() as session:
        row = session.scalars(select(MailMessage).where(MailMessage.direction == "in")).one()
        return row


def _sent_to(app: App, address: str) -> list[OutboxMessage]:
    with app.factory() as session:
        rows = session.scalars(select(OutboxMessage)).all()
        return [r for r in rows if address in r.to_addrs and r.kind != "feedback_request"]


def _reply(seeded: Seeded, **kwargs: object) -> bytes:
    args: dict[str, object] = {
        "to": f"feedback+{seeded.token}@hire.example",
        "in_reply_to": seeded.request_message_id,
    }
    args.update(kwargs)
    return message(**args)  # type: ignore[arg-type]


AUTOMATED = [
    ("auto_submitted", {"Auto-Submitted": "auto-replied"}, KEN),
    ("x_autoreply", {"X-Autoreply": "yes"}, KEN),
    ("precedence", {"Precedence": "auto_reply"}, KEN),
    ("null_return_path", {"Return-Path": "<>"}, KEN),
    ("list_id", {"List-Id": "<hiring.lists.example.com>"}, KEN),
    ("mailer_daemon", {}, "MAILER-DAEMON@example.com"),
]


@pytest.mark.parametrize(("rule", "headers", "sender"), AUTOMATED, ids=[a[0] for a in AUTOMATED])
def test_automated_mail_is_stored_and_never_answered(
    make_app: AppFactory, rule: str, headers: dict[str, str], sender: str
) -> None:
    app, seeded, brain = _setup(make_app)

    row = _run(app, _reply(seeded, sender=sender, headers=headers, body="Thanks."))

    assert row.disposition is Disposition.IGNORED_AUTO
    assert row.rule == rule
    assert brain.calls == []
    assert _sent_to(app, sender.lower()) == []


def test_delivery_status_report_flags_the_address_and_tells_the_recruiter(
    make_app: AppFactory,
) -> None:
    app, seeded, _ = _setup(make_app)
    # The report returns the headers of our feedback request to Ken (RFC 3464).
    dsn = (
        "From: Mail Delivery System <mailer-daemon@mx.example.com>\r\n"
        "To: feedback@hire.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.example.com>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
        "--R\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {KEN}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        "--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: feedback@hire.example\r\nTo: {KEN}\r\n"
        f"Message-ID: {seeded.request_message_id}\r\n\r\n"
        "--R--\r\n"
    ).encode()

    row = _run(app, dsn)

    assert (row.disposition, row.rule) == (Disposition.IGNORED_AUTO, "delivery_status")
    with app.factory() as session:
        flag = session.get(AddressFlag, KEN)
        assert flag is not None and flag.reason == "bounced"
    notices = _sent_to(app, RECRUITER)
    assert [n.kind for n in notices] == ["bounce_notice"]
    assert _sent_to(app, "mailer-daemon@mx.example.com") == []


def test_out_of_office_pauses_reminders_until_the_stated_date(make_app: AppFactory) -> None:
    app, seeded, brain = _setup(make_app)

    row = _run(
        app,
        _reply(
            seeded,
            subject="Automatic reply: Feedback on Ann Lee",
            headers={"Auto-Submitted": "auto-replied"},
            body="I am out of the office and back on June 12, 2025.",
        ),
    )

    assert row.disposition is Disposition.IGNORED_AUTO
    assert brain.calls == []
    with app.factory() as session:
        interview = session.get(Interview, seeded.interview_id)
        assert interview is not None
        assert interview.paused_until == datetime(2025, 6, 12, tzinfo=UTC)
    assert _sent_to(app, KEN) == []


def test_a_reply_from_the_ccd_recruiter_is_attributed_to_the_recruiter(
    make_app: AppFactory,
) -> None:
    app, seeded, brain = _setup(make_app)

    row = _run(app, _reply(seeded, sender=RECRUITER, body="Ken, please answer this one."))

    assert row.sender_role == "recruiter"
    assert row.thread_id == seeded.thread_id
    assert row.disposition is Disposition.ACCEPTED
    # The recruiter's note starts no dialogue turn and gets no automated answer.
    assert brain.calls == []
    assert _sent_to(app, RECRUITER) == []


def test_the_interviewers_own_reply_is_accepted_and_answered_once(make_app: AppFactory) -> None:
    app, seeded, brain = _setup(make_app)

    row = _run(app, _reply(seeded, body="She was fine I guess."))

    assert (row.disposition, row.sender_role) == (Disposition.ACCEPTED, "interviewer")
    assert brain.calls == ["She was fine I guess."]
    assert [r.kind for r in _sent_to(app, KEN)] == ["follow_up"]
