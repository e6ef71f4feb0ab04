"""The MailSource protocol: where inbound raw messages come from (IMAP or a Maildir)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Fetched:
    """One raw message as the source holds it: (UIDVALIDITY, UID) is its identity."""

    uidvalidity: int
    uid: str
    raw: bytes


@dataclass(frozen=True)
class Cursor:
    uidvalidity: int = 0
    last_uid: int = 0


class MailSource(Protocol):
    name: str

    def fetch_new(self, cursor: Cursor, is_known: Callable[[int, str], bool]) -> Iterator[Fetched]:
        """Yield messages not yet committed, oldest first. Never marks or deletes them."""
        ...

    def after_commit(self, fetched: Fetched, *, quarantined: bool) -> None:
        """Housekeeping once the message is safely in the database (move, flag)."""
        ...

    def close(self) -> None: ...
