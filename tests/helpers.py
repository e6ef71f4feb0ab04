"""Shared test helpers: settings in a temp folder, free ports, an aiosmtpd sink."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from mailagent.app import App, build_app
from mailagent.config import Settings
from mailagent.db import transaction
from mailagent.demo.run import data_dir
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from tests import testdb

T0 = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_settings(tmp: Path, **over: Any) -> Settings:
    values: dict[str, Any] = {
        "base_dir": tmp,
        "database_url": f"sqlite:///{tmp}/t.sqlite3",
        "inbox": f"maildir:{tmp}/inbox",
        "smtp": f"file:{tmp}/sent",
        "address": "feedback@hire.test.example",
        "secret": "test-secret-0123456789abcdef",
    }
    if "database_url" not in over and testdb.backend() == "postgres":
        # The PostgreSQL run of the suite: a fresh schema per call, dropped after the test.
        values["database_url"] = testdb.fresh_database_url()
    values.update(over)
    return Settings(**values)


def demo_app(tmp: Path, **over: Any) -> App:
    """An app with the demo's shipped pipelines, candidates and interviews imported."""
    app = build_app(make_settings(tmp, **over))
    data = data_dir()
    with transaction(app.factory) as session:
        import_r2_files(session, sorted((data / "r2").glob("*.yaml")))
        import_candidates(session, [data / "candidates.csv"], agent_address=app.settings.address)
        import_interviews(session, data / "interviews.csv")
    return app


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) that keeps what it accepts."""

    host: str
    port: int
    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def messages(self) -> list[EmailMessage]:
        out = []
        for _, _, raw in self.received:
            msg = message_from_bytes(raw, policy=default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.sink.received.append(
            (envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink("127.0.0.1", free_port())
    controller = Controller(_Handler(sink), hostname=sink.host, port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())
