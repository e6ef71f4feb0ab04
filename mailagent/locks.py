"""Named locks across worker processes: one poller per mailbox.

On PostgreSQL a lock is a session-level advisory lock (``pg_try_advisory_lock``) keyed by
a stable 64-bit hash of its name and of the database URL (so two sites, or two test
schemas, on one PostgreSQL server never share a lock), held on a connection of its own
for as long as the ``with`` block runs. If the worker dies, PostgreSQL drops the
connection and the lock with it, so another worker takes the mailbox over at its next
poll. Nobody waits: a worker that does not get the lock skips the mailbox this time.

SQLite has no advisory locks. mailagent runs a single worker on SQLite (writers are
serialised by ``BEGIN IMMEDIATE`` anyway), so the lock is always granted there.

>>> lock_key("imap://feedback@mail.example/INBOX")
9193702383554058791
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text


def lock_key(name: str) -> int:
    """A signed 64-bit key for ``name``, the same in every process and on every machine.

    Python's ``hash()`` is salted per process, so it cannot be used here.

    >>> lock_key("mailbox:inbox") == lock_key("mailbox:inbox")
    True
    """
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def try_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Hold the lock ``name`` for the block if nobody else does; yield whether we got it.

    >>> from sqlalchemy import create_engine
    >>> with try_lock(create_engine("sqlite://"), "mailbox:inbox") as held:
    ...     held
    True
    """
    if engine.dialect.name != "postgresql":
        yield True
        return
    # Advisory locks belong to the whole server: the URL (its database and search path,
    # never its password) keeps one site's mailbox lock apart from another's.
    key = lock_key(f"{engine.url.render_as_string(hide_password=True)}|{name}")
    with engine.connect() as conn:
        # Autocommit: the advisory lock belongs to the session, not to a transaction, and
        # an idle-in-transaction connection would hold a snapshot for the whole poll.
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        held = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        try:
            yield held
        finally:
            if held:
                conn.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
