"""The IMAP source against a real Dovecot: cursor, UIDVALIDITY, concurrency, moves.

Each test reads like what an operator would see: mail arrives, ``poll`` runs, and the
database says what was processed, once.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from mailagent.errors import ConfigError, MailboxUnavailable
from mailagent.inbox.imap import ImapConfig, ImapSource
from mailagent.inbox.intake import PollSummary
from mailagent.inbox.source import Cursor
from mailagent.models import Disposition, MailMessage
from tests.dovecot import PASSWORD, USER, Dovecot, free_port
from tests.inbox.conftest import NOW, AppFactory, message

pytestmark = pytest.mark.dovecot


def _poll(app: object) -> PollSummary:
    from mailagent.app import App

    assert isinstance(app, App)
    source = app.source()
    try:
        return app.intake().poll_once(source, now=NOW)
    finally:
        source.close()


def _inbound(app: object) -> list[MailMessage]:
    from mailagent.app import App

    assert isinstance(app, App)
    with app.factory() as session:
        return list(session.scalars(select(MailMessage).order_by(MailMessage.id)))


def _processed_ids(app: object) -> Counter[str]:
    """Message-IDs of rows that went through the chain (not marked duplicate)."""
    return Counter(
        m.message_id or ""
        for m in _inbound(app)
        if m.disposition not in (Disposition.DUPLICATE, Disposition.PENDING)
    )


def test_forty_messages_arriving_while_down_are_all_processed_in_order(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    ids = [f"<down-{i:02d}@example.com>" for i in range(40)]
    dovecot.append_many(message(message_id=mid, body=f"note {i}") for i, mid in enumerate(ids))
    app = make_app(dovecot.url())

    summary = _poll(app)

    assert (summary.fetched, summary.new, summary.duplicate) == (40, 40, 0)
    rows = _inbound(app)
    assert [r.message_id for r in rows] == ids
    assert [int(r.uid or 0) for r in rows] == sorted(int(r.uid or 0) for r in rows)
    # Nothing was marked read on the server: \Seen is never relied on.
    client = dovecot.client()
    client.select_folder("INBOX", readonly=True)
    assert client.search(["SEEN"]) == []
    # A second poll finds nothing new and fetches nothing.
    assert _poll(app).as_dict() == PollSummary().as_dict()


def test_cursor_only_fetches_above_the_committed_uid(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    app = make_app(dovecot.url())
    dovecot.append_many(message(message_id=f"<a{i}@x>") for i in range(3))
    assert _poll(app).new == 3
    dovecot.append_many(message(message_id=f"<b{i}@x>") for i in range(2))

    source = app.source()
    assert isinstance(source, ImapSource)
    try:
        summary = app.intake().poll_once(source, now=NOW)
        assert summary.fetched == 2
        assert source.stats.fetched == 2
    finally:
        source.close()


def test_uidvalidity_change_processes_only_the_new_messages(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    app = make_app(dovecot.url())
    dovecot.append_many(message(message_id=f"<old{i}@x>", body=f"old {i}") for i in range(10))
    assert _poll(app).new == 10

    dovecot.set_uidvalidity(dovecot.uidvalidity() + 1000)
    dovecot.append_many(message(message_id=f"<new{i}@x>", body=f"new {i}") for i in range(5))
    summary = _poll(app)

    assert (summary.fetched, summary.new, summary.duplicate) == (15, 5, 10)
    processed = _processed_ids(app)
    assert len(processed) == 15
    assert set(processed.values()) == {1}


def test_two_pollers_at_once_process_each_message_once(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    dovecot.append_many(message(message_id=f"<race{i}@x>") for i in range(30))
    first = make_app(dovecot.url())
    second_app = make_app(dovecot.url())
    barrier = threading.Barrier(2)
    results: list[PollSummary] = []
    errors: list[BaseException] = []

    def run(app: object) -> None:
        try:
            barrier.wait()
            results.append(_poll(app))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in (first, second_app)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert not errors
    assert sum(r.new for r in results) == 30
    assert sum(r.new + r.duplicate + r.quarantined for r in results) == sum(
        r.fetched for r in results
    )
    processed = _processed_ids(first)
    assert len(processed) == 30 and set(processed.values()) == {1}


def test_processed_and_quarantine_folders_receive_messages_after_commit(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    app = make_app(
        dovecot.url(), imap_processed_folder="Processed", imap_quarantine_folder="Quarantine"
    )
    dovecot.append(message(message_id="<ok@x>"))
    # Over the MIME-part limit: quarantined by intake, moved to Quarantine.
    parts = "".join(f"--b\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(150))
    poison = (
        "From: x@example.com\r\nTo: feedback@hire.example\r\nMessage-ID: <poison@x>\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + "--b--\r\n"
    ).encode()
    dovecot.append(poison)

    summary = _poll(app)

    assert (summary.new, summary.quarantined) == (1, 1)
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Processed")) == 1
    assert len(dovecot.uids("Quarantine")) == 1


def test_a_move_left_undone_by_a_crash_is_finished_by_the_next_poll(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    app = make_app(dovecot.url())
    dovecot.append_many(message(message_id=f"<m{i}@x>") for i in range(3))
    assert _poll(app).new == 3
    assert len(dovecot.uids("INBOX")) == 3
    # The operator turns on the Processed folder (or the previous run died before moving).
    moving = make_app(dovecot.url(), sub="", imap_processed_folder="Processed")

    summary = _poll(moving)

    assert summary.fetched == 0
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Processed")) == 3


def test_has_message_id_finds_a_message_in_a_folder(dovecot: Dovecot, make_app: AppFactory) -> None:
    dovecot.append(message(message_id="<sent-1@hire.example>"), folder="Sent")
    app = make_app(dovecot.url())
    source = app.source()
    assert isinstance(source, ImapSource)
    try:
        assert source.has_message_id("<sent-1@hire.example>", folder="Sent")
        assert not source.has_message_id("<other@hire.example>", folder="Sent")
        assert not source.has_message_id("<sent-1@hire.example>", folder="NoSuchFolder")
    finally:
        source.close()


def test_plain_text_to_a_remote_host_is_refused() -> None:
    config = ImapConfig(host="imap.example.com", port=143, user=USER, password=PASSWORD)
    with pytest.raises(ConfigError, match="plain-text IMAP"):
        ImapSource(config, name="imap://remote")
    allowed = ImapConfig(
        host="imap.example.com", port=143, user=USER, password=PASSWORD, allow_plaintext=True
    )
    ImapSource(allowed, name="imap://remote")


def test_unreachable_server_is_mailbox_unavailable_after_backoff() -> None:
    pauses: list[float] = []
    config = ImapConfig(
        host="127.0.0.1", port=free_port(), user=USER, password=PASSWORD, connect_attempts=3
    )
    source = ImapSource(config, name="imap://down", sleep=pauses.append)
    with pytest.raises(MailboxUnavailable, match="cannot connect after 3 attempts") as info:
        list(source.fetch_new(Cursor(), lambda v, u: False))
    assert isinstance(info.value.__cause__, OSError)
    assert pauses == [0.5, 1.0]


def test_wrong_password_is_mailbox_unavailable_without_retrying(dovecot: Dovecot) -> None:
    pauses: list[float] = []
    config = ImapConfig(host="127.0.0.1", port=dovecot.port, user=USER, password="wrong")
    source = ImapSource(config, name="imap://bad", sleep=pauses.append)
    with pytest.raises(MailboxUnavailable, match="login refused"):
        list(source.fetch_new(Cursor(), lambda v, u: False))
    assert pauses == []


def test_a_dropped_connection_mid_poll_resumes_after_the_last_message(
    dovecot: Dovecot, make_app: AppFactory
) -> None:
    dovecot.append_many(message(message_id=f"<drop{i}@x>") for i in range(6))
    config = ImapConfig(
        host="127.0.0.1", port=dovecot.port, user=USER, password=PASSWORD, batch_size=2
    )
    source = ImapSource(config, name="imap://drop", sleep=lambda s: None)
    seen: list[str] = []
    for fetched in source.fetch_new(Cursor(), lambda v, u: False):
        seen.append(fetched.uid)
        if len(seen) == 3:
            # The server goes away under us (idle timeout, restart, network blip).
            source._conn.shutdown()
    source.close()
    assert seen == ["1", "2", "3", "4", "5", "6"]
    assert source.stats.reconnects == 1


def test_inbound_rows_count_matches_the_mailbox(dovecot: Dovecot, make_app: AppFactory) -> None:
    app = make_app(dovecot.url())
    dovecot.append_many(message(message_id=f"<c{i}@x>") for i in range(5))
    _poll(app)
    _poll(app)
    with app.factory() as session:
        assert session.scalar(select(func.count(MailMessage.id))) == 5
