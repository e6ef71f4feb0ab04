"""A scripted hiring manager's mail client: reads what the agent sent, writes real replies.

The reply is what a mail client would send: To the agent's Reply-To (with the token),
``Re:`` subject, In-Reply-To/References, and the agent's text quoted under an
"On … wrote:" line, so the reply goes through parsing and quote stripping like any other.
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage, Message
from email.policy import default
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path


@dataclass(frozen=True)
class Received:
    """One mail from the agent, as a person's mailbox shows it."""

    key: str
    message: Message

    @property
    def to(self) -> list[str]:
        return [parseaddr(a)[1].lower() for a in str(self.message.get("To", "")).split(",") if a]

    @property
    def cc(self) -> list[str]:
        return [parseaddr(a)[1].lower() for a in str(self.message.get("Cc", "")).split(",") if a]

    @property
    def text(self) -> str:
        assert isinstance(self.message, EmailMessage)
        body = self.message.get_body(preferencelist=("plain",))
        return str(body.get_content()) if body is not None else ""


class SinkReader:
    """Reads new mail from the file sink (a Maildir) in delivery order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: set[str] = set()

    def new(self) -> list[Received]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(self.path, create=True)
        out = []
        new_dir = self.path / "new"
        names = (
            sorted(new_dir.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name))
            if new_dir.exists()
            else []
        )
        for p in names:
            key = p.name.split(":", 1)[0]
            if key in self._seen:
                continue
            self._seen.add(key)
            out.append(Received(key, message_from_bytes(box.get_bytes(key), policy=default)))
        return out


def reply_to(
    original: Message,
    *,
    from_name: str,
    from_addr: str,
    text: str,
    date: datetime,
    domain: str = "demo.example",
) -> bytes:
    """A plain-text reply to ``original``, quoting it under an attribution line."""
    msg = EmailMessage()
    msg["From"] = formataddr((from_name, from_addr))
    msg["To"] = str(original.get("Reply-To") or original.get("From"))
    subject = str(original.get("Subject", ""))
    msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = make_msgid(domain=domain)
    parent = str(original.get("Message-ID", "")).strip()
    if parent:
        msg["In-Reply-To"] = parent
        refs = str(original.get("References", "")).split()
        msg["References"] = " ".join([*refs, parent])
    assert isinstance(original, EmailMessage)
    body = original.get_body(preferencelist=("plain",))
    quoted_text = body.get_content() if body is not None else ""
    quoted = "\n".join(f"> {line}" if line else ">" for line in quoted_text.splitlines())
    sender = str(original.get("From", "mailagent"))
    stamp = original.get("Date", format_datetime(date))
    msg.set_content(f"{text}\n\nOn {stamp}, {sender} wrote:\n{quoted}\n")
    return msg.as_bytes()


def deliver(inbox: Path, raw: bytes) -> str:
    """Deliver into a Maildir the way a local MTA does."""
    return mailbox.Maildir(inbox, create=True).add(raw)
