"""Maildir source for a local MTA: ``new/`` is the queue, ``cur/`` what is committed.

A message is moved from ``new/`` to ``cur/`` only after its raw bytes are committed, and
the database key (mailbox, 0, file key) makes a re-read after a crash harmless.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from mailagent.errors import MailboxUnavailable
from mailagent.inbox.source import Cursor, Fetched
from mailagent.outbox.transport import open_maildir


class MaildirSource:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"maildir:{path}"
        try:
            self._box = open_maildir(path)
        except OSError as exc:
            raise MailboxUnavailable(f"cannot open Maildir {path}: {exc.strerror}") from exc

    def _pending_keys(self) -> list[str]:
        new_dir = self.path / "new"
        try:
            entries = [e for e in os.scandir(new_dir) if e.is_file() and not e.name.startswith(".")]
        except OSError as exc:
            raise MailboxUnavailable(f"cannot list {new_dir}: {exc.strerror}") from exc
        # Oldest first: delivery time, then the Maildir name (which starts with a timestamp).
        entries.sort(key=lambda e: (e.stat().st_mtime_ns, e.name))
        return [e.name.split(":", 1)[0] for e in entries]

    def fetch_new(self, cursor: Cursor, is_known: Callable[[int, str], bool]) -> Iterator[Fetched]:
        for key in self._pending_keys():
            fetched = Fetched(uidvalidity=0, uid=key, raw=b"")
            if is_known(0, key):
                # Committed before a crash but never moved: finish the housekeeping.
                self.after_commit(fetched, quarantined=False)
                continue
            try:
                raw = self._box.get_bytes(key)
            except KeyError:
                continue
            yield Fetched(uidvalidity=0, uid=key, raw=raw)

    def after_commit(self, fetched: Fetched, *, quarantined: bool) -> None:
        new_dir, cur_dir = self.path / "new", self.path / "cur"
        flag = "F" if quarantined else "S"
        for name in (fetched.uid, *(n for n in _names(new_dir) if n.startswith(fetched.uid + ":"))):
            source = new_dir / name
            if source.exists():
                # A rename within one Maildir is atomic; the message is never copied.
                os.replace(source, cur_dir / f"{fetched.uid}:2,{flag}")
                return

    def close(self) -> None:
        self._box.close()


def _names(directory: Path) -> list[str]:
    try:
        return os.listdir(directory)
    except OSError:
        return []
