"""An address field of 20,000 nested ``(`` is refused with one line, not a traceback.

The standard library's address parser (``email.utils.getaddresses``) recurses once per
opening parenthesis and raises ``RecursionError`` on such a field. Intake reads the
nesting depth first, in one pass, and quarantines the message with the reason; the
ordinary reply after it is answered as usual.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from mailagent.errors import MessageRejected
from mailagent.inbox.parse import MAX_COMMENT_DEPTH, comment_depth, parse_email
from mailagent.models import Disposition, MailMessage
from tests.inbox.conftest import NOW, AppFactory, ListSource, message, reply_on, seed_interview

NESTED = "(" * 20_000


@pytest.mark.parametrize("field", ["To", "Cc", "From", "Delivered-To", "Reply-To"])
def test_an_address_field_nesting_20000_comments_is_refused_in_one_line(field: str) -> None:
    headers = {"From": "ken@example.com", "To": "feedback@hire.example", field: NESTED}
    raw = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    with pytest.raises(MessageRejected) as refused:
        parse_email(f"{raw}Subject: x\r\n\r\nHire her.\r\n".encode())
    assert str(refused.value) == (
        f"{field} field nests comments 20000 deep, over the limit of {MAX_COMMENT_DEPTH}"
    )


def test_ordinary_comments_and_quoted_parentheses_are_read_as_before() -> None:
    mail = parse_email(
        message(
            sender='"Ken (((Hiring)))" <ken@example.com> (work)',
            to="feedback@hire.example (the (agent))",
        )
    )
    assert (mail.from_addr, mail.to) == ("ken@example.com", ("feedback@hire.example",))
    assert comment_depth('"((((" <a@b.example> ((x))') == 2


def test_the_message_is_quarantined_with_its_reason_and_the_next_reply_is_answered(
    make_site: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_site()
    seeded = seed_interview(app)
    hostile = reply_on(seeded, to=f"feedback+{seeded.token}@hire.example, {NESTED}")
    with caplog.at_level(logging.ERROR):
        summary = app.intake().poll_once(
            ListSource([hostile, reply_on(seeded, body="Strong Python, hire.")]), now=NOW
        )
    assert (summary.quarantined, summary.new) == (1, 1)
    with app.factory() as session:
        rows = list(session.scalars(select(MailMessage).order_by(MailMessage.id)))
    assert [r.disposition for r in rows] == [Disposition.QUARANTINED, Disposition.ACCEPTED]
    assert rows[0].error == (
        f"MessageRejected: To field nests comments 20000 deep, over the limit of"
        f" {MAX_COMMENT_DEPTH}"
    )
    # A reason, not a traceback: nothing was logged as a failure.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
