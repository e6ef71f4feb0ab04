"""Transports: SMTP (real) and a file sink (local Maildir, for offline use and tests).

SMTP errors are translated once, here: 4xx, disconnects and timeouts become
``TransportTemporary``; a 5xx for the message or for every recipient becomes
``TransportPermanent``. A partial refusal is returned as data, not raised.
"""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from mailagent.config import SmtpURL
from mailagent.errors import TransportPermanent, TransportTemporary


@dataclass(frozen=True)
class SendResult:
    # recipient -> (code, message) for the ones the server refused.
    refused: dict[str, tuple[int, str]] = field(default_factory=dict)


class Transport(Protocol):
    def send(self, raw: bytes, *, sender: str, recipients: Sequence[str]) -> SendResult: ...


def open_maildir(path: Path) -> mailbox.Maildir:
    """A Maildir at ``path``, with ``new``, ``cur`` and ``tmp`` made where missing.

    ``mailbox.Maildir(create=True)`` makes them only when ``path`` itself does not exist:
    an existing empty folder would fail every ``add()`` with FileNotFoundError.
    """
    path.mkdir(parents=True, exist_ok=True)
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(exist_ok=True)
    return mailbox.Maildir(path, create=False)


class FileTransport:
    """Delivers into a Maildir (``PATH/new``): the local sink of the embedded defaults."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, raw: bytes, *, sender: str, recipients: Sequence[str]) -> SendResult:
        try:
            open_maildir(self.path).add(raw)
        except OSError as exc:
            raise TransportTemporary(f"cannot write to {self.path}: {exc.strerror}") from exc
        return SendResult()


class SmtpTransport:
    def __init__(self, url: SmtpURL, *, timeout_s: float = 30.0) -> None:
        self.url = url
        self.timeout_s = timeout_s

    def _connect(self) -> smtplib.SMTP:
        if self.url.tls == "tls":
            return smtplib.SMTP_SSL(
                self.url.host,
                self.url.port,
                timeout=self.timeout_s,
                context=ssl.create_default_context(),
            )
        client = smtplib.SMTP(self.url.host, self.url.port, timeout=self.timeout_s)
        if self.url.tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, raw: bytes, *, sender: str, recipients: Sequence[str]) -> SendResult:
        try:
            client = self._connect()
            try:
                if self.url.user:
                    client.login(self.url.user, self.url.password)
                refused = client.sendmail(sender, list(recipients), raw)
            finally:
                try:
                    client.quit()
                except (smtplib.SMTPException, OSError):
                    client.close()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = {r: (c, m.decode("utf-8", "replace")) for r, (c, m) in exc.recipients.items()}
            detail = "; ".join(f"{r}: {c} {m}" for r, (c, m) in codes.items())
            if all(400 <= c < 500 for c, _ in codes.values()):
                raise TransportTemporary(f"all recipients deferred: {detail}") from exc
            raise TransportPermanent(f"all recipients refused: {detail}") from exc
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            if 400 <= exc.smtp_code < 500:
                raise TransportTemporary(f"SMTP {exc.smtp_code} {text}") from exc
            raise TransportPermanent(f"SMTP {exc.smtp_code} {text}") from exc
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPException) as exc:
            raise TransportTemporary(f"SMTP: {exc}") from exc
        except (TimeoutError, OSError) as exc:
            raise TransportTemporary(
                f"SMTP connection to {self.url.host}:{self.url.port}: {exc}"
            ) from exc
        return SendResult(
            refused={r: (c, m.decode("utf-8", "replace")) for r, (c, m) in refused.items()}
        )
