"""A real SMTP server (aiosmtpd) that answers from a script: 250, 421, 451, 550 or a drop."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port


@dataclass
class ScriptedSmtp:
    """Each DATA takes the next answer from ``script`` (then 250 for ever after)."""

    port: int
    script: list[str] = field(default_factory=list)
    refuse_rcpt: set[str] = field(default_factory=set)
    accepted: list[tuple[list[str], bytes]] = field(default_factory=list)
    attempts: int = 0

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        out = []
        for rcpts, raw in self.accepted:
            msg = message_from_bytes(raw, policy=default)
            assert isinstance(msg, EmailMessage)
            if to is None or to in rcpts:
                out.append(msg)
        return out

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse_rcpt:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        answer = self.script.pop(0) if self.script else "250"
        if answer == "drop":
            # The line goes dead mid-transaction, as when a server restarts.
            server.transport.close()
            return "421 closing"
        if answer == "250":
            self.accepted.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
            return "250 OK queued"
        text = {"421": "4.3.2 Service shutting down", "451": "4.3.0 Try again later"}.get(
            answer, "5.7.1 Message rejected"
        )
        return f"{answer} {text}"


@pytest.fixture
def smtp() -> Iterator[ScriptedSmtp]:
    server = ScriptedSmtp(port=free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
