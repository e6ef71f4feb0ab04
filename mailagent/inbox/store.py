"""The store step of intake: raw bytes into the database before anything reads them.

A fetched batch is stored in one transaction (one query for the UIDs already stored,
one for content twins, one multi-row insert, one cursor update), so a poll of many
messages costs a few statements and one commit, not a transaction per message. Each
row is keyed by (mailbox, UIDVALIDITY, UID); a message whose Message-ID and content
hash match a stored inbound message (the same mail under an older UIDVALIDITY, or twice
in one batch) is stored as a ``duplicate`` and never processed.

>>> _quick_message_id(b"Message-ID: <a@b>\\r\\nSubject: x\\r\\n\\r\\nbody")
'<a@b>'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from mailagent.inbox.parse import content_hash
from mailagent.inbox.source import Cursor, Fetched
from mailagent.models import Direction, Disposition, MailboxCursor, MailMessage

_HEADER_PARSER = BytesHeaderParser(policy=compat32)


def _quick_message_id(raw: bytes) -> str | None:
    try:
        value = _HEADER_PARSER.parsebytes(raw[: 256 * 1024]).get("Message-ID")
    except Exception:
        return None
    if value is None:
        return None
    # PostgreSQL text holds no NUL: one in a Message-ID must not stop the store step.
    text = str(value).replace("\x00", "").strip()
    return text[:998] if text else None


def store_raw(
    session: Session, source_name: str, fetched: Fetched, *, now: datetime
) -> tuple[MailMessage | None, bool]:
    """Insert the raw row. Returns (row, is_duplicate); row is None if it existed already."""
    existing = session.scalar(
        select(MailMessage.id).where(
            MailMessage.mailbox == source_name,
            MailMessage.uidvalidity == fetched.uidvalidity,
            MailMessage.uid == fetched.uid,
        )
    )
    if existing is not None:
        return None, True
    digest = content_hash(fetched.raw)
    message_id = _quick_message_id(fetched.raw)
    twin = session.scalar(
        select(MailMessage.id)
        .where(
            MailMessage.direction == Direction.IN,
            MailMessage.content_hash == digest,
            MailMessage.message_id == message_id if message_id else MailMessage.id.is_not(None),
        )
        .limit(1)
    )
    row = MailMessage(
        direction=Direction.IN,
        mailbox=source_name,
        uidvalidity=fetched.uidvalidity,
        uid=fetched.uid,
        message_id=message_id,
        content_hash=digest,
        raw=fetched.raw,
        size=len(fetched.raw),
        received_at=now,
        disposition=Disposition.DUPLICATE if twin is not None else Disposition.PENDING,
    )
    session.add(row)
    session.flush()
    return row, twin is not None


@dataclass(frozen=True)
class Stored:
    """What the store step made of one fetched message: its new row's id (None when
    (mailbox, UIDVALIDITY, UID) was stored before), and whether it is a duplicate (then
    it is never processed)."""

    fetched: Fetched
    row_id: int | None
    duplicate: bool


def store_batch(
    session: Session, source_name: str, batch: Sequence[Fetched], *, now: datetime
) -> list[Stored]:
    """Store a fetched batch in the caller's transaction and advance the cursor past it.

    The same checks as :func:`store_raw`, as one query each for the whole batch; the
    rows go in as one multi-row insert. A unique-key race with another poller raises
    ``IntegrityError`` for the caller to roll back and store one at a time.
    """
    if not batch:
        return []
    stored_uids = {
        (v, u)
        for v, u in session.execute(
            select(MailMessage.uidvalidity, MailMessage.uid).where(
                MailMessage.mailbox == source_name,
                tuple_(MailMessage.uidvalidity, MailMessage.uid).in_(
                    [(f.uidvalidity, f.uid) for f in batch]
                ),
            )
        )
    }
    digests = [content_hash(f.raw) for f in batch]
    # Message-IDs already stored with each content hash (None: a message without one).
    seen: dict[str, set[str | None]] = {}
    for digest, message_id in session.execute(
        select(MailMessage.content_hash, MailMessage.message_id).where(
            MailMessage.direction == Direction.IN,
            MailMessage.content_hash.in_(set(digests)),
        )
    ):
        seen.setdefault(digest, set()).add(message_id)
    values: list[dict[str, Any]] = []
    outcome: list[tuple[Fetched, bool, bool]] = []  # (fetched, inserted, duplicate)
    for fetched, digest in zip(batch, digests, strict=True):
        if (fetched.uidvalidity, fetched.uid) in stored_uids:
            outcome.append((fetched, False, True))
            continue
        stored_uids.add((fetched.uidvalidity, fetched.uid))
        message_id = _quick_message_id(fetched.raw)
        twins = seen.get(digest)
        # With a Message-ID, a twin has the same one; without, any row of that content.
        duplicate = twins is not None and (message_id in twins if message_id else True)
        seen.setdefault(digest, set()).add(message_id)
        values.append(
            {
                "direction": Direction.IN,
                "mailbox": source_name,
                "uidvalidity": fetched.uidvalidity,
                "uid": fetched.uid,
                "message_id": message_id,
                "content_hash": digest,
                "raw": fetched.raw,
                "size": len(fetched.raw),
                "received_at": now,
                "disposition": Disposition.DUPLICATE if duplicate else Disposition.PENDING,
            }
        )
        outcome.append((fetched, True, duplicate))
    ids: list[int] = []
    if values:
        ids = list(
            session.scalars(
                insert(MailMessage).returning(MailMessage.id, sort_by_parameter_order=True),
                values,
            )
        )
    _advance_cursor(session, source_name, batch, now)
    new_ids = iter(ids)
    return [
        Stored(fetched, next(new_ids) if inserted else None, duplicate)
        for fetched, inserted, duplicate in outcome
    ]


def _advance_cursor(
    session: Session, source_name: str, batch: Sequence[Fetched], now: datetime
) -> None:
    numbered = [f for f in batch if f.uid.isdigit()]
    if not numbered:
        return
    cursor = session.get(MailboxCursor, source_name, with_for_update=True)
    if cursor is None:
        cursor = MailboxCursor(mailbox=source_name, uidvalidity=numbered[0].uidvalidity, last_uid=0)
        session.add(cursor)
    for fetched in numbered:
        if cursor.uidvalidity != fetched.uidvalidity:
            cursor.uidvalidity = fetched.uidvalidity
            cursor.last_uid = 0
        cursor.last_uid = max(cursor.last_uid, int(fetched.uid))
    cursor.updated_at = now


class KnownUids:
    """Which (UIDVALIDITY, UID) of a mailbox are stored, loaded on the first question only:
    an IMAP poll with nothing new never asks, so it costs no query."""

    def __init__(self, factory: sessionmaker[Session], mailbox: str) -> None:
        self._factory = factory
        self._mailbox = mailbox
        self._known: set[tuple[int | None, str | None]] | None = None

    def _load(self) -> set[tuple[int | None, str | None]]:
        if self._known is None:
            with self._factory() as session:
                self._known = {
                    (v, u)
                    for v, u in session.execute(
                        select(MailMessage.uidvalidity, MailMessage.uid).where(
                            MailMessage.mailbox == self._mailbox
                        )
                    )
                }
        return self._known

    def __call__(self, uidvalidity: int, uid: str) -> bool:
        return (uidvalidity, uid) in self._load()

    def add(self, uidvalidity: int, uid: str) -> None:
        if self._known is not None:
            self._known.add((uidvalidity, uid))


def read_cursor(session: Session, source_name: str) -> Cursor:
    row = session.get(MailboxCursor, source_name)
    return Cursor(row.uidvalidity, row.last_uid) if row else Cursor()
