"""The local Maildir sink and inbox accept a folder that exists but is empty."""

from __future__ import annotations

from pathlib import Path

from mailagent.inbox.maildir import MaildirSource
from mailagent.outbox.transport import FileTransport

RAW = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nHello.\r\n"


def test_the_sink_writes_into_an_existing_empty_folder(tmp_path: Path) -> None:
    """`smtp = "file:PATH"` pointing at a folder made by hand deferred every mail forever."""
    sent = tmp_path / "sent"
    sent.mkdir()
    FileTransport(sent).send(RAW, sender="a@example.com", recipients=["b@example.com"])
    assert [p.read_bytes() for p in (sent / "new").iterdir()] == [RAW]


def test_the_inbox_reads_an_existing_empty_folder(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = MaildirSource(inbox)
    assert {p.name for p in inbox.iterdir()} == {"new", "cur", "tmp"}
    source.close()
