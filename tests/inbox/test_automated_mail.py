"""What automated mail may change: out-of-office pauses and bounce flags, only when trusted.

Grace Obi has five interviews waiting for her feedback. Her out-of-office replies, in
whatever language and from whatever system, pause her reminders until she is back, for
at most ``ooo_max_pause_days``; a long pause is told to the recruiter. A stranger's
out-of-office in her name, or a bounce report that does not come back from mail we sent,
changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.models import AddressFlag, Disposition, Interview, InterviewState
from tests.inbox.conftest import (
    AGENT,
    NOW,
    RECRUITER,
    AppFactory,
    FakeBrain,
    Seeded,
    message,
    reply_on,
    run_one,
    seed_interview,
    sent_to,
)

GRACE = "grace.obi@example.com"
MX = "mx.hire.example"
JUNE_22 = datetime(2025, 6, 22, tzinfo=UTC)
PASS = f"{MX}; dkim=pass header.d=example.com; dmarc=pass header.from=example.com"


def _grace_with_five_interviews(app: App) -> list[Seeded]:
    return [seed_interview(app, interview_id=f"iv-{i}", interviewer=GRACE) for i in range(5)]


def _pauses(app: App) -> set[datetime | None]:
    with app.factory() as session:
        return {
            i.paused_until
            for i in session.scalars(select(Interview).where(Interview.interviewer_email == GRACE))
        }


def _states(app: App) -> set[InterviewState]:
    with app.factory() as session:
        return {i.state for i in session.scalars(select(Interview))}


def _ooo(seeded: Seeded, *, subject: str, body: str, **headers: str) -> bytes:
    named = {k.replace("_", "-"): v for k, v in headers.items()}
    return reply_on(seeded, sender=f"Grace Obi <{GRACE}>", subject=subject, body=body,
                    headers=named)


# --- Finding 4: spoofed automated mail changes nothing -----------------------------------


def test_an_unauthenticated_out_of_office_pauses_nothing(make_site: AppFactory) -> None:
    app = make_site(authserv_id=MX)
    (first, *_rest) = _grace_with_five_interviews(app)

    row = run_one(
        app,
        _ooo(
            first,
            subject="Out of Office: Feedback on Ann Lee",
            body="I am out of the office until 31 December 2099.",
            Auto_Submitted="auto-replied",
        ),
    )

    assert row.disposition is Disposition.IGNORED_AUTO
    assert _pauses(app) == {None}
    assert sent_to(app, RECRUITER, kind="ooo_pause_notice") == []


def test_an_out_of_office_from_a_forged_from_pauses_nothing(make_site: AppFactory) -> None:
    app = make_site()
    (first, *_rest) = _grace_with_five_interviews(app)
    raw = reply_on(
        first,
        sender=f"{GRACE}, attacker@evil.example",
        subject="Automatic reply: Feedback on Ann Lee",
        body="I am out of the office until 31 December 2099.",
        headers={"Auto-Submitted": "auto-replied"},
    )

    run_one(app, raw)

    assert _pauses(app) == {None}


def test_an_authenticated_out_of_office_pauses_reminders(make_site: AppFactory) -> None:
    app = make_site(authserv_id=MX)
    (first, *_rest) = _grace_with_five_interviews(app)
    raw = _ooo(
        first,
        subject="Automatic reply: Feedback on Ann Lee",
        body="I am out of the office and back on 22 June.",
        Auto_Submitted="auto-replied",
    )

    run_one(app, f"Authentication-Results: {PASS}\r\n".encode() + raw)

    assert _pauses(app) == {JUNE_22}


def test_a_long_pause_is_capped_and_the_recruiter_is_told_once(make_site: AppFactory) -> None:
    app = make_site()
    (first, *_rest) = _grace_with_five_interviews(app)

    run_one(
        app,
        _ooo(
            first,
            subject="Out of Office: Feedback on Ann Lee",
            body="I am out of the office until 31 December 2099.",
            Auto_Submitted="auto-replied",
        ),
    )

    assert _pauses(app) == {NOW + timedelta(days=30)}
    (notice,) = sent_to(app, RECRUITER, kind="ooo_pause_notice")
    assert notice.subject == f"Reminders to {GRACE} paused until 2 July 2025"
    assert "31 December 2099" in notice.body_text
    assert "at most 30 days" in notice.body_text
    assert "AI Engineer: 5 interviews" in notice.body_text
    assert sent_to(app, GRACE) == []


def test_the_cap_is_a_setting(make_site: AppFactory) -> None:
    app = make_site(ooo_max_pause_days=10)
    (first, *_rest) = _grace_with_five_interviews(app)

    run_one(app, _ooo(first, subject="Out of Office", body="Back on 22 June.",
                      Auto_Submitted="auto-replied"))

    assert _pauses(app) == {NOW + timedelta(days=10)}
    # Ten days is not long enough to tell the recruiter about.
    assert sent_to(app, RECRUITER, kind="ooo_pause_notice") == []


def test_a_short_out_of_office_tells_nobody(make_site: AppFactory) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)

    run_one(app, _ooo(seeded, subject="Automatic reply: Feedback on Ann Lee",
                      body="Back on 12 June.", Auto_Submitted="auto-replied"))

    assert _pauses(app) == {datetime(2025, 6, 12, tzinfo=UTC)}
    assert sent_to(app, RECRUITER) == []


def _dsn(*, sender: str, failed: str, returned_id: str | None, action: str = "failed") -> bytes:
    returned = (
        "--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {AGENT}\r\nTo: {failed}\r\nMessage-ID: {returned_id}\r\n\r\n"
        if returned_id
        else ""
    )
    return (
        f"From: Mail Delivery System <{sender}>\r\nTo: {AGENT}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.example.com>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
        "--R\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: {action}\r\nStatus: 5.1.1\r\n\r\n"
        + returned
        + "--R--\r\n"
    ).encode()


def _flags(app: App) -> list[str]:
    with app.factory() as session:
        return [f.address for f in session.scalars(select(AddressFlag))]


def test_a_plain_bounce_from_a_stranger_flags_nothing(make_site: AppFactory) -> None:
    app = make_site()
    seed_interview(app, interviewer=GRACE)
    raw = message(
        sender="postmaster@evil.example",
        subject="Undeliverable: Feedback on Ann Lee",
        body=f"Delivery to the following recipient failed permanently:\n\n    {GRACE}\n",
    )

    row = run_one(app, raw)

    assert row.disposition is Disposition.IGNORED_AUTO
    assert _flags(app) == []
    assert sent_to(app, RECRUITER) == []


@pytest.mark.parametrize(
    "case", ["message_id_not_ours", "no_returned_message", "not_a_recipient", "delayed"]
)
def test_a_report_that_does_not_return_our_mail_to_that_address_flags_nothing(
    make_site: AppFactory, case: str
) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)
    raw = {
        "message_id_not_ours": _dsn(
            sender="postmaster@evil.example", failed=GRACE, returned_id="<x@evil.example>"
        ),
        "no_returned_message": _dsn(
            sender="postmaster@evil.example", failed=GRACE, returned_id=None
        ),
        # A real report about our request to Grace, naming the recruiter instead.
        "not_a_recipient": _dsn(
            sender="mailer-daemon@mx.example.com",
            failed=RECRUITER,
            returned_id=seeded.request_message_id,
        ),
        "delayed": _dsn(
            sender="mailer-daemon@mx.example.com",
            failed=GRACE,
            returned_id=seeded.request_message_id,
            action="delayed",
        ),
    }[case]

    row = run_one(app, raw)

    assert (row.disposition, row.rule) == (Disposition.IGNORED_AUTO, "delivery_status")
    assert _flags(app) == []
    assert sent_to(app, RECRUITER) == []


def test_a_real_report_for_our_request_flags_grace_and_tells_the_recruiter(
    make_site: AppFactory,
) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)

    run_one(
        app,
        _dsn(
            sender="mailer-daemon@mx.example.com",
            failed=GRACE,
            returned_id=seeded.request_message_id,
        ),
    )

    assert _flags(app) == [GRACE]
    assert [n.kind for n in sent_to(app, RECRUITER)] == ["bounce_notice"]


# --- Finding 5: RFC 3834 auto-replies (Return-Path: <>) still pause ----------------------


def test_an_rfc_3834_out_of_office_with_a_null_return_path_pauses(
    make_site: AppFactory,
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)
    raw = b"Return-Path: <>\r\n" + _ooo(
        seeded,
        subject="Automatic reply: Feedback on Ann Lee",
        body="I am out of the office until 22 June 2025.",
        Auto_Submitted="auto-replied",
    )

    row = run_one(app, raw)

    assert (row.disposition, row.rule) == (Disposition.IGNORED_AUTO, "null_return_path")
    assert _pauses(app) == {JUNE_22}
    assert brain.calls == []


# --- Finding 6: other languages and other systems ---------------------------------------

LANGUAGES = {
    "de_automatische_antwort": (
        "Automatische Antwort: Feedback zu Ann Lee",
        "Vielen Dank für Ihre Nachricht. Ich bin bis 22. Juni nicht im Büro.",
    ),
    "de_abwesenheitsnotiz": (
        "Abwesenheitsnotiz: Feedback zu Ann Lee",
        "Ich bin bis zum 22.06.2025 im Urlaub und danach wieder erreichbar.",
    ),
    "es": (
        "Respuesta automática: Feedback sobre Ann Lee",
        "Estaré fuera de la oficina hasta el 22 de junio.",
    ),
    "fr": (
        "Réponse automatique : Feedback sur Ann Lee",
        "Je suis absente du bureau jusqu'au 22 juin inclus.",
    ),
    "it": (
        "Risposta automatica: Feedback su Ann Lee",
        "Sono fuori ufficio fino al 22 giugno.",
    ),
    "nl": (
        "Automatisch antwoord: Feedback over Ann Lee",
        "Ik ben afwezig tot 22 juni.",
    ),
    "pt": (
        "Resposta automática: Feedback sobre Ann Lee",
        "Estou fora do escritório até 22 de junho.",
    ),
    "en_out_of_office": ("Out of Office: Feedback on Ann Lee", "Back on June 22nd."),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_an_out_of_office_with_no_automation_header_is_never_answered_and_pauses(
    make_site: AppFactory, language: str
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)
    subject, body = LANGUAGES[language]

    row = run_one(app, reply_on(seeded, sender=GRACE, subject=subject, body=body))

    assert row.disposition is Disposition.IGNORED_AUTO
    assert brain.calls == []
    assert sent_to(app, GRACE) == []
    assert _states(app) == {InterviewState.REQUESTED}
    assert _pauses(app) == {JUNE_22}


SYSTEMS = {
    # Gmail's vacation responder keeps "Re: …" and marks only Auto-Submitted.
    "gmail_vacation": (
        {"Auto-Submitted": "auto-replied"},
        "Re: Feedback on Ann Lee",
        "Hi, I'm on vacation with limited access to email, back on 22 June.",
    ),
    # Exchange's OOF reply: made by an inbox rule, asks for no auto-reply in return.
    "exchange_oof": (
        {
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
            "X-MS-Exchange-Inbox-Rules-Loop": GRACE,
            "X-MS-Exchange-Generated-Message-Source": "Mailbox Rules Agent",
        },
        "Re: Feedback on Ann Lee",
        "Thank you for your message. I will be back on 22 June.",
    ),
    "exchange_markers_only": (
        {"X-MS-Exchange-Inbox-Rules-Loop": GRACE, "X-Auto-Response-Suppress": "All"},
        "Feedback on Ann Lee",
        "Danke für Ihre Nachricht.",
    ),
    "zimbra_vacation": (
        {"Auto-Submitted": "auto-replied (zimbra; vacation)"},
        "Re: Feedback on Ann Lee",
        "Away until 22 June.",
    ),
    "x_autorespond": (
        {"X-Autorespond": "yes"},
        "Re: Feedback on Ann Lee",
        "Ik ben met vakantie en ben terug op 22 juni.",
    ),
    "x_autoreply_html_only": (
        {"X-Autoreply": "yes"},
        "Re: Feedback on Ann Lee",
        None,
    ),
}


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_vacation_replies_from_common_systems_pause(make_site: AppFactory, system: str) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)
    headers, subject, body = SYSTEMS[system]
    raw = reply_on(seeded, sender=GRACE, subject=subject, body=body or "", headers=headers)
    if body is None:
        html = b"<p>Ich bin bis <b>22. Juni</b> nicht im B&uuml;ro.</p>"
        raw = raw.replace(b"Content-Type: text/plain", b"Content-Type: text/html").replace(
            b"\r\n\r\n\r\n", b"\r\n\r\n" + html + b"\r\n", 1
        )

    row = run_one(app, raw)

    assert row.disposition is Disposition.IGNORED_AUTO
    assert brain.calls == []
    expected = {NOW + timedelta(days=7)} if system == "exchange_markers_only" else {JUNE_22}
    assert _pauses(app) == expected


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        ({"Auto-Submitted": "auto-generated"},
         "Your request has been received and a ticket was opened."),
        # A list post that happens to say its writer is away is list mail, not an OOO.
        ({"List-Id": "<hiring.lists.example.com>"}, "I am out of the office until 22 June."),
        ({"Precedence": "bulk"}, "I am out of the office until 22 June."),
    ],
)
def test_automated_mail_that_is_not_an_out_of_office_pauses_nothing(
    make_site: AppFactory, headers: dict[str, str], body: str
) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)
    raw = reply_on(
        seeded, sender=GRACE, subject="Re: Feedback on Ann Lee", body=body, headers=headers
    )

    assert run_one(app, raw).disposition is Disposition.IGNORED_AUTO
    assert _pauses(app) == {None}


@pytest.mark.parametrize(
    ("subject", "headers"),
    [
        ("Re: Feedback on Ann Lee", {}),
        ("Absent candidate? No, Ann came", {}),
        # Outlook asks others not to auto-reply; the message itself is a person's.
        ("Re: Feedback on Ann Lee", {"X-Auto-Response-Suppress": "All"}),
    ],
)
def test_a_person_who_mentions_being_away_is_still_read(
    make_site: AppFactory, subject: str, headers: dict[str, str]
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)
    body = "I'm out of the office until 22 June, but: strong SQL, weak on Kafka."

    row = run_one(app, reply_on(seeded, sender=GRACE, subject=subject, body=body,
                                headers=headers))

    assert row.disposition is Disposition.ACCEPTED
    assert brain.calls == [body]
    assert _pauses(app) == {None}


def test_an_interviewer_of_record_with_an_international_domain_is_paused(
    make_site: AppFactory,
) -> None:
    """Her address is on record in Unicode; her mail system writes the A-label form."""
    app = make_site()
    seeded = seed_interview(app, interviewer="grace@b\u00fccher.example")
    raw = reply_on(
        seeded,
        sender="Grace <grace@xn--bcher-kva.example>",
        subject="Automatic reply: Feedback on Ann Lee",
        body="Back on 22 June.",
        headers={"Auto-Submitted": "auto-replied"},
    )

    run_one(app, raw)

    with app.factory() as session:
        (interview,) = session.scalars(select(Interview)).all()
        assert interview.paused_until == JUNE_22
