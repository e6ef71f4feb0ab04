"""IMAP over TLS against a real Dovecot with a self-signed certificate.

Implicit TLS (``imaps://``, port 993 in real life) and STARTTLS on the plain port both
fetch and process mail when the client trusts the server's certificate; a certificate
nobody vouches for is refused with an error that says so, and nothing is stored.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Literal

import pytest
from sqlalchemy import select

from mailagent.errors import MailboxUnavailable
from mailagent.inbox.imap import ImapConfig, ImapSource
from mailagent.models import Disposition, MailMessage
from tests.dovecot import PASSWORD, USER, Dovecot, missing_reason
from tests.inbox.conftest import NOW, AppFactory, message, seed_interview

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
