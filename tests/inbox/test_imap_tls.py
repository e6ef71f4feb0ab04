"""IMAP over TLS against a real Dovecot with a self-signed certificate.

Implicit TLS (``imaps://``, port 993 in real life) and STARTTLS on the plain port both
fetch and process mail when the client trusts the server's certificate; a certificate
nobody vouches for is refused with an error that says so, and nothing is stored. The
Sent-folder lookup that settles uncertain candidate mail connects the same way.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Literal

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.errors import MailboxUnavailable
from mailagent.inbox.imap import ImapConfig, ImapSource
from mailagent.jobs.reconcile import outbox_step
from mailagent.models import Disposition, MailMessage, OutboxMessage, OutboxState
from tests.dovecot import PASSWORD, USER, Dovecot, missing_reason
from tests.inbox.conftest import NOW, AppFactory, Seeded, message, seed_interview

pytestmark = pytest.mark.dovecot


@pytest.fixture(scope="module")
def tls_dovecot() -> Iterator[Dovecot]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with Dovecot.start(tls=True) as server:
        yield server


def source(
    server: Dovecot,
    tls: Literal["tls", "starttls"],
    *,
    trusted: bool = True,
) -> ImapSource:
    context = ssl.create_default_context()
    if trusted:
        context = ssl.create_default_context(cafile=str(server.certificate))
    return ImapSource(
        ImapConfig(
            host="127.0.0.1",
            port=server.tls_port if tls == "tls" else server.port,
            user=USER,
            password=PASSWORD,
            tls=tls,
            ssl_context=context,
            connect_attempts=1,
        ),
        name=f"imap-{tls}",
    )


def uncertain_mail(app: App, seeded: Seeded) -> tuple[int, str]:
    """A candidate mail left ``uncertain`` (sent or not, nobody knows); (id, Message-ID)."""
    with app.factory() as session, session.begin():
        row = app.mailer.queue(
            session,
            kind="candidate_feedback",
            template="candidate_feedback",
            to=["ann@home.example"],
            subject="Your application",
            now=NOW,
            context={},
            text="Dear Ann,\n\nThank you.\n",
            candidate_facing=True,
            interview_id=seeded.interview_id,
        )
        row.state = OutboxState.UNCERTAIN
        return int(row.id), str(row.message_id)


@pytest.mark.parametrize("tls", ["tls", "starttls"])
def test_a_reply_arrives_over_tls_and_is_answered(
    tls_dovecot: Dovecot, make_app: AppFactory, tls: Literal["tls", "starttls"]
) -> None:
    app = make_app(tls_dovecot.url(), sub=tls)
    seeded = seed_interview(app)
    tls_dovecot.append(
        message(
            to=f"feedback+{seeded.token}@hire.example",
            in_reply_to=seeded.request_message_id,
            body=f"Over {tls}: she was fine I guess.",
        )
    )
    src = source(tls_dovecot, tls)
    try:
        summary = app.intake().poll_once(src, now=NOW)
    finally:
        src.close()
    assert summary.new >= 1
    with app.factory() as session:
        texts = {
            r.visible_text: r.disposition
            for r in session.scalars(select(MailMessage).where(MailMessage.direction == "in"))
        }
    assert texts[f"Over {tls}: she was fine I guess."] is Disposition.ACCEPTED


@pytest.mark.parametrize("tls", ["tls", "starttls"])
def test_an_untrusted_certificate_is_refused_and_nothing_is_stored(
    tls_dovecot: Dovecot, make_app: AppFactory, tls: Literal["tls", "starttls"]
) -> None:
    app = make_app(tls_dovecot.url(), sub=f"untrusted-{tls}")
    src = source(tls_dovecot, tls, trusted=False)
    try:
        with pytest.raises(MailboxUnavailable, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
            app.intake().poll_once(src, now=NOW)
    finally:
        src.close()
    with app.factory() as session:
        assert session.scalars(select(MailMessage)).all() == []


def test_the_sent_folder_settles_uncertain_candidate_mail_over_starttls(
    tls_dovecot: Dovecot, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The operator trusts a private CA the usual OpenSSL way; nothing mailagent-specific.
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_dovecot.certificate))
    url = f"imap+starttls://{USER}:{PASSWORD}@127.0.0.1:{tls_dovecot.port}/INBOX"
    app = make_app(url, sub="sent-folder", imap_sent_folder="Sent")
    seeded = seed_interview(app)
    # A crash after the SMTP server's answer left two candidate mails uncertain.
    (went_out, went_out_id), (lost, _) = [uncertain_mail(app, seeded) for _ in (1, 2)]
    # The first reached the server: the mail client kept a copy in Sent.
    tls_dovecot.append(
        message(sender="feedback@hire.example", message_id=went_out_id), folder="Sent"
    )

    report = outbox_step(app, NOW)

    assert report["confirmed"] == [went_out]
    assert report["asked"] == [lost]
    with app.factory() as session:
        assert session.get(OutboxMessage, went_out).state is OutboxState.SENT  # type: ignore[union-attr]
        assert session.get(OutboxMessage, lost).state is OutboxState.UNCERTAIN  # type: ignore[union-attr]
        notice = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "uncertain_notice")
        ).one()
    assert "It is not in the Sent folder." in notice.body_text
    assert seeded.recruiter in notice.to_addrs


def test_an_unreachable_sent_folder_asks_the_recruiter_without_claiming_it_was_checked(
    tls_dovecot: Dovecot, make_app: AppFactory
) -> None:
    # No SSL_CERT_FILE: the server's certificate is not trusted, so the lookup fails.
    url = f"imaps://{USER}:{PASSWORD}@127.0.0.1:{tls_dovecot.tls_port}/INBOX"
    app = make_app(url, sub="sent-untrusted", imap_sent_folder="Sent")
    row_id, _ = uncertain_mail(app, seed_interview(app))

    report = outbox_step(app, NOW)

    assert report["confirmed"] == [] and report["asked"] == [row_id]
    with app.factory() as session:
        notice = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "uncertain_notice")
        ).one()
    assert "Sent folder" not in notice.body_text
