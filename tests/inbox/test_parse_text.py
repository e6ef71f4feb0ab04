"""Text as parse gives it: NUL-free on every database, and a multipart with no boundary
read rather than dropped (finding 12 of issue 11)."""

from __future__ import annotations

from sqlalchemy import select

from mailagent.inbox.parse import parse_email
from mailagent.models import AssessmentRecord, Disposition, MailMessage
from tests.inbox.conftest import AppFactory, FakeBrain, reply_on, run_one, seed_interview

KEN = "ken.morita@example.com"


def _stored_text(row: MailMessage) -> list[str]:
    values: list[object] = [
        row.from_addr,
        row.subject,
        row.visible_text,
        row.message_id,
        row.in_reply_to,
        *row.to_addrs,
        *row.cc_addrs,
        *row.references,
        *row.defects,
    ]
    return [v for v in values if isinstance(v, str)]


def test_a_nul_in_a_genuine_reply_is_read_the_same_on_every_database(
    make_site: AppFactory,
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app)
    raw = reply_on(
        seeded,
        subject="Re: Feedback on Ann\x00 Lee",
        body="Strong\x00 SQL, weak on Kafka.",
    ).replace(b"From: ken", b"Cc: lena\x00@hire.example\r\nFrom: ken", 1)

    row = run_one(app, raw)

    assert row.disposition is Disposition.ACCEPTED, row.error
    assert brain.calls == ["Strong SQL, weak on Kafka."]
    assert not [v for v in _stored_text(row) if "\x00" in v]
    # The raw bytes stay as they came.
    assert row.raw == raw
    with app.factory() as session:
        assert len(session.scalars(select(AssessmentRecord)).all()) == 1


def test_a_nul_in_the_message_id_does_not_stop_the_inbox(make_site: AppFactory) -> None:
    """On PostgreSQL the store step itself used to fail, every poll, for every message."""
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app)

    row = run_one(app, reply_on(seeded, message_id="<a\x00b@example.com>", body="Strong SQL."))

    assert row.disposition is Disposition.ACCEPTED, row.error
    assert row.message_id is not None and "\x00" not in row.message_id
    assert brain.calls == ["Strong SQL."]


def test_nul_never_leaves_parse() -> None:
    email = parse_email(
        b"From: Ken\x00 <ken.morita@example.com>\r\nTo: feedback@hire.example\r\n"
        b"Subject: a\x00b\r\nMessage-ID: <a\x00b@example.com>\r\n"
        b"Content-Type: multipart/alternative; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nplain\x00text\r\n"
        b"--B\r\nContent-Type: text/html\r\n\r\n<p>html\x00text</p>\r\n--B--\r\n"
    )
    texts = [email.from_name, email.subject, email.text_plain, email.text_html,
             email.message_id or "", *(v for vs in email.headers.values() for v in vs)]
    assert not [t for t in texts if "\x00" in t]
    assert "plaintext" in email.text_plain and "htmltext" in email.text_html


def test_a_multipart_with_no_boundary_is_read_as_its_parts() -> None:
    email = parse_email(
        b"From: ken.morita@example.com\r\nTo: feedback@hire.example\r\nSubject: Re: x\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative\r\n\r\n"
        b"--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nStrong SQL.\r\n"
        b"--zz\r\nContent-Type: text/html\r\n\r\n<p>Strong SQL.</p>\r\n--zz--\r\n"
    )
    assert email.text_plain.strip() == "Strong SQL."
    assert email.text_html.strip() == "<p>Strong SQL.</p>"
    assert "NoBoundaryInMultipartDefect" in email.defects


def test_a_multipart_with_no_boundary_and_no_parts_is_read_as_text() -> None:
    email = parse_email(
        b"From: ken.morita@example.com\r\nTo: feedback@hire.example\r\nSubject: Re: x\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n"
        b"She was strong on SQL; hire.\r\n"
    )
    assert email.text_plain.strip() == "She was strong on SQL; hire."


def test_a_reply_with_no_boundary_is_read_not_asked_again(make_site: AppFactory) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app)
    raw = reply_on(seeded, body="unused").replace(
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nunused\r\n",
        b"Content-Type: multipart/mixed\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\n"
        b"Strong SQL, weak on Kafka.\r\n--zz--\r\n",
    )

    row = run_one(app, raw)

    assert row.disposition is Disposition.ACCEPTED
    assert row.visible_text == "Strong SQL, weak on Kafka."
    assert brain.calls == ["Strong SQL, weak on Kafka."]
