"""Build outgoing messages: headers, Message-ID, reply token, text + HTML alternatives.

Every message mailagent sends is marked as automated (``Auto-Submitted``,
``X-Auto-Response-Suppress: All``) so well-behaved auto-responders stay quiet, and every
header value taken from inbound mail is stripped of CR/LF first.

>>> m = compose(Envelope(sender="mailagent <feedback@hire.example>",
...     to=["ken@example.com"], subject="Feedback: Ann", text="Hi\\n", html="<p>Hi</p>",
...     message_id="<x@hire.example>"))
>>> m["Auto-Submitted"], m.get_content_type()
('auto-generated', 'multipart/alternative')
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

_CTRL = re.compile(r"[\r\n\x00]+")


def clean_header(value: str) -> str:
    """Header values from inbound mail never carry CR/LF into our headers."""
    return _CTRL.sub(" ", value).strip()


def reply_subject(subject: str) -> str:
    """``"Feedback on Ann"`` → ``"Re: Feedback on Ann"``; an existing ``Re:`` is kept."""
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def reply_references(references: Sequence[str], message_id: str | None) -> list[str]:
    """The References of a reply: the parent's chain plus the parent, the last 20 kept."""
    return [*references, *([message_id] if message_id else [])][-20:]


def new_message_id(domain: str, kind: str) -> str:
    return f"<{kind}.{uuid.uuid4().hex}@{domain}>"


@dataclass(frozen=True)
class Envelope:
    sender: str
    to: Sequence[str]
    subject: str
    text: str
    html: str | None
    message_id: str
    cc: Sequence[str] = ()
    reply_to: str | None = None
    in_reply_to: str | None = None
    references: Sequence[str] = ()
    # "auto-replied" answers a person's mail; "auto-generated" starts a conversation.
    auto_submitted: str = "auto-generated"
    date: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # "bulk" quiets auto-responders on the agent's own mail; a letter to one candidate is
    # personal mail, and spam filters read "bulk" on it as a mass mailing: None omits it.
    precedence: str | None = "bulk"


def compose(env: Envelope) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = env.sender
    msg["To"] = ", ".join(env.to)
    if env.cc:
        msg["Cc"] = ", ".join(env.cc)
    if env.reply_to:
        msg["Reply-To"] = env.reply_to
    msg["Subject"] = clean_header(env.subject)
    msg["Message-ID"] = env.message_id
    msg["Date"] = format_datetime(env.date) if env.date else format_datetime(_now())
    if env.in_reply_to:
        msg["In-Reply-To"] = clean_header(env.in_reply_to)
    refs = [clean_header(r) for r in env.references if r]
    if refs:
        msg["References"] = " ".join(refs)
    msg["Auto-Submitted"] = env.auto_submitted
    msg["X-Auto-Response-Suppress"] = "All"
    if env.precedence:
        msg["Precedence"] = env.precedence
    for name, value in env.extra.items():
        msg[name] = clean_header(value)
    msg.set_content(env.text)
    if env.html:
        msg.add_alternative(env.html, subtype="html")
    return msg


def _now() -> datetime:
    from mailagent.models import utcnow

    return utcnow()
