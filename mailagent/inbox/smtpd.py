"""``mailagent smtpd``: receive mail over SMTP (aiosmtpd) and answer 250 only once it is stored.

For a local MTA (or a relay) that hands mail to mailagent by SMTP instead of a Maildir::

    RCPT TO:<feedback@hire.example>            250  the agent's own address
    RCPT TO:<feedback+<token>@hire.example>    250  a reply token that verifies (HMAC)
    RCPT TO:<anyone-else@...>                  550  not ours
    DATA ... .                                 250  only after the raw bytes are committed
                                               451  when the database write fails (retry later)

The envelope recipients are prepended as ``Delivered-To:`` lines (as a delivering MTA
does), so a token in the envelope routes the reply even when the To: header lacks it.
Once committed, the message is processed in a background worker, in its own transaction,
exactly as a polled message would be; rows left pending by a crash are processed at start.

Example::

    >>> with SmtpIntake(app, port=8025):
    ...     smtplib.SMTP("127.0.0.1", 8025).sendmail(
    ...         "ken@example.com", ["feedback+<token>@hire.example"], raw)
    {}
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiosmtpd.controller import Controller

from mailagent.inbox.intake import Intake, store_raw
from mailagent.inbox.source import Fetched
from mailagent.outbox.tokens import token_from_address, verify_token

if TYPE_CHECKING:
    from mailagent.wiring import App

log = logging.getLogger(__name__)


def accepts(recipient: str, *, address: str, secret: bytes) -> bool:
    """Whether ``recipient`` is the agent's address or one of its verified ``+token`` forms.

    >>> accepts("Feedback@Hire.example", address="feedback@hire.example", secret=b"k" * 20)
    True
    >>> accepts("ceo@hire.example", address="feedback@hire.example", secret=b"k" * 20)
    False
    """
    bare = recipient.strip().strip("<>").lower()
    if bare == address.lower():
        return True
    token = token_from_address(bare, address)
    return token is not None and verify_token(secret, token)


def with_delivered_to(raw: bytes, recipients: list[str]) -> bytes:
    """Prepend one ``Delivered-To:`` line per envelope recipient (CR/LF-free)."""
    lines = b"".join(
        b"Delivered-To: "
        + r.replace("\r", "").replace("\n", "").encode("ascii", "replace")
        + b"\r\n"
        for r in recipients
    )
    return lines + raw


class IntakeHandler:
    """aiosmtpd handler: refuse foreign recipients, commit the raw bytes, then reply."""

    def __init__(self, app: App, *, source_name: str | None = None) -> None:
        self.app = app
        self.intake: Intake = app.intake()
        self.source_name = source_name or f"smtp:{app.settings.address}"
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailagent-smtpd")

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if not accepts(address, address=self.app.settings.address, secret=self.app.secret):
            return f"550 5.1.1 <{address}>: recipient not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode("utf-8")
        raw = with_delivered_to(raw, list(envelope.rcpt_tos))
        try:
            row_id = await asyncio.to_thread(self.commit, raw)
        except Exception:
            log.exception("could not store an SMTP message; answering 451")
            return "451 4.3.0 Could not store the message; please try again later"
        if row_id is not None:
            self.worker.submit(self._process, row_id)
        return "250 2.0.0 OK: stored"

    def commit(self, raw: bytes) -> int | None:
        """Store the raw bytes in one transaction; None when it is a duplicate."""
        now = datetime.now(UTC)
        fetched = Fetched(uidvalidity=0, uid=f"{time.time_ns()}.{uuid.uuid4().hex[:12]}", raw=raw)
        with self.app.factory() as session, session.begin():
            row, duplicate = store_raw(session, self.source_name, fetched, now=now)
            return None if row is None or duplicate else row.id

    def _process(self, row_id: int) -> None:
        self.intake.process(row_id, now=datetime.now(UTC))

    def process_pending(self) -> None:
        """Rows stored by an earlier run that stopped before processing them."""
        self.worker.submit(lambda: self.intake.process_pending(now=datetime.now(UTC)))

    def close(self) -> None:
        self.worker.shutdown(wait=True)


class SmtpIntake:
    """A running SMTP listener (aiosmtpd's threaded ``Controller``) feeding intake."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 8025) -> None:
        self.handler = IntakeHandler(app)
        self.host, self.port = host, port
        self.controller = Controller(
            self.handler,
            hostname=host,
            port=port,
            data_size_limit=app.settings.max_message_bytes,
            decode_data=False,
            ident="mailagent",
        )

    def start(self) -> SmtpIntake:
        self.handler.process_pending()
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
        self.handler.close()

    def __enter__(self) -> SmtpIntake:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(app: App, *, host: str, port: int) -> None:
    """Run until interrupted (Ctrl-C or SIGTERM)."""
    import signal
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with SmtpIntake(app, host=host, port=port):
        log.info("mailagent smtpd listening on %s:%s", host, port)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
