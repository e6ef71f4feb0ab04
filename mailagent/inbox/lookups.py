"""Threads a batch of stored messages names, loaded together for intake's transaction.

Routing one reply by its token costs a thread lookup, then its interview and pipeline
(``mailagent.inbox.route``). Intake processes claimed rows a chunk at a time, so it asks
:class:`BatchThreads` to load the threads whose tokens appear in the chunk's headers —
with their interviews and pipelines — in three queries, and routing then finds them in
hand. What is loaded is only a head start: routing still verifies each token's HMAC,
still decides from the parsed recipients, and looks up anything not loaded here. The
objects are held for the batch's transaction only (a token, a thread's kind and
interview never change once made).

>>> sorted(tokens_in(b"To: Feedback <feedback+" + b"a" * 42 + b"@hire.example>\\r\\n\\r\\nx"))
['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import Interview, Pipeline, Thread

# ``+TOKEN@`` anywhere in the header block: 42 characters of lower-case base32.
_TOKEN = re.compile(rb"\+([A-Za-z2-7]{42})@")
# Header blocks are a few KiB; a longer one is not worth a head start.
_HEADER_SCAN = 64 * 1024


def tokens_in(raw: bytes) -> set[str]:
    """Reply tokens that appear in a raw message's header block (lower case)."""
    head = raw[:_HEADER_SCAN]
    end = head.find(b"\r\n\r\n")
    if end < 0:
        end = head.find(b"\n\n")
    if end >= 0:
        head = head[:end]
    return {m.group(1).decode("ascii").lower() for m in _TOKEN.finditer(head)}


class BatchThreads:
    """Token → thread for one transaction, loaded a chunk of messages at a time."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.by_token: dict[str, Thread] = {}
        # Strong references: a session holds unmodified objects only weakly.
        self._held: list[object] = []

    def load(self, raws: Iterable[bytes]) -> None:
        """Load the threads the messages' headers name, with interviews and pipelines."""
        tokens: set[str] = set()
        for raw in raws:
            tokens |= tokens_in(raw)
        tokens -= self.by_token.keys()
        if not tokens:
            return
        session = self._session
        threads = list(session.scalars(select(Thread).where(Thread.token.in_(tokens))))
        self.by_token.update((thread.token, thread) for thread in threads)
        interview_ids = {t.interview_id for t in threads if t.interview_id is not None}
        if not interview_ids:
            return
        interviews = list(session.scalars(select(Interview).where(Interview.id.in_(interview_ids))))
        self._held.extend(interviews)
        pipeline_ids = {i.pipeline_id for i in interviews}
        self._held.extend(session.scalars(select(Pipeline).where(Pipeline.id.in_(pipeline_ids))))
