"""Two schedulers queue the same mail at the same moment (PostgreSQL): one row, no error.

The weekly digest has no row to lock before it is built, so two schedulers can both
decide to send it. The outbox's unique ``dedupe_key`` makes the second insert wait for
the first transaction; when that commits, the second ``enqueue`` returns None and its
own transaction goes on.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailagent.app import build_app
from mailagent.models import OutboxMessage
from mailagent.outbox.compose import Envelope, new_message_id
from mailagent.outbox.queue import enqueue
from tests import testdb
from tests.helpers import T0, make_settings

pytestmark = pytest.mark.postgres


def digest_to(recruiter: str) -> Envelope:
    return Envelope(
        sender="feedback@hire.example",
        to=[recruiter],
        subject="mailagent weekly insights, 2026-W23",
        text="Your funnel this week.",
        html=None,
        message_id=new_message_id("hire.example", "digest"),
    )


def test_the_second_scheduler_steps_back_and_keeps_its_transaction(tmp_path: Path) -> None:
    app = build_app(make_settings(tmp_path, database_url=testdb.fresh_database_url()))
    key = "digest:rob@hire.example:2026-W23"
    outcome: list[object] = []

    def second_scheduler() -> None:
        with app.factory() as session, session.begin():
            outcome.append(
                enqueue(
                    session, digest_to("rob@hire.example"), kind="digest", now=T0, dedupe_key=key
                )
            )
            # Its tick goes on: the next recruiter's digest is queued in the same
            # transaction.
            outcome.append(
                enqueue(
                    session,
                    digest_to("ann@hire.example"),
                    kind="digest",
                    now=T0,
                    dedupe_key="digest:ann@hire.example:2026-W23",
                )
            )

    try:
        with app.factory() as first:
            first.begin()
            won = enqueue(
                first, digest_to("rob@hire.example"), kind="digest", now=T0, dedupe_key=key
            )
            assert won is not None
            other = threading.Thread(target=second_scheduler)
            other.start()
            time.sleep(0.3)
            # The second insert waits on the unique index for the first transaction.
            assert other.is_alive() and outcome == []
            first.commit()
        other.join(10)
        assert not other.is_alive()
        assert outcome[0] is None and isinstance(outcome[1], OutboxMessage)
        with app.factory() as session:
            keys = session.scalars(select(OutboxMessage.dedupe_key).order_by(OutboxMessage.id))
            assert list(keys) == [key, "digest:ann@hire.example:2026-W23"]
            assert session.scalar(select(func.count(OutboxMessage.id))) == 2
    finally:
        app.close()
