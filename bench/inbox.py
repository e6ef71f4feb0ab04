"""Inbox benchmark: intake vs parse-only throughput, and an empty incremental IMAP poll.

1. The same 2,000 messages (replies on 200 seeded threads, plus auto-replies and
   unattributed mail) are parsed alone, then run through the full intake (store raw +
   parse + strip + guards + route + dialogue with a trivial brain + outbox) on SQLite.
   Prints both rates and their ratio.
2. A 10,000-message Dovecot mailbox (files written straight into its Maildir) is polled
   once with the cursor at the top: nothing is new. Prints the IMAP commands sent (counted
   by a TCP proxy between the client and Dovecot) and the time taken.

Run: ``.venv/bin/python bench/inbox.py`` (part 2 needs dovecot-imapd and root).
Example output::

    parse only:  2000 msgs in 1.21 s = 1650 msg/s
    intake:      2000 msgs in 9.80 s =  204 msg/s   (ratio intake/parse = 0.12)
    empty poll of 10000 msgs: 1 IMAP command(s), 1.9 ms (connection already open)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mailagent.app import build_app
from mailagent.inbox.imap import ImapSource
from mailagent.inbox.intake import read_cursor
from mailagent.inbox.parse import parse_email
from mailagent.models import MailboxCursor
from tests.dovecot import Dovecot, missing_reason
from tests.inbox.conftest import (
    NOW,
    FakeBrain,
    ListSource,
    make_settings,
    message,
    seed_interview,
)

N_MESSAGES = 2_000
N_THREADS = 200
MAILBOX = 10_000


def corpus(tokens: list[tuple[str, str]]) -> list[bytes]:
    raws = []
    for i in range(N_MESSAGES):
        token, request = tokens[i % len(tokens)]
        kind = i % 10
        if kind < 7:
            raws.append(
                message(
                    to=f"feedback+{token}@hire.example",
                    message_id=f"<bench-{i}@example.com>",
                    in_reply_to=request,
                    body=f"Reply {i}: solid Python.\r\n\r\nOn Mon, Jun 2, 2025 Ken wrote:\r\n> old",
                )
            )
        elif kind < 9:
            raws.append(
                message(
                    message_id=f"<bench-{i}@example.com>",
                    subject="Out of office",
                    headers={"Auto-Submitted": "auto-replied"},
                    body="Back on June 12, 2025.",
                )
            )
        else:
            raws.append(message(sender=f"stranger{i}@example.org", body="Hello?"))
    return raws


def bench_intake() -> None:
    base = Path(tempfile.mkdtemp(prefix="mailagent-bench-"))
    try:
        app = build_app(
            make_settings(base, "maildir:unused", cap_per_hour=1000, cap_per_day=1000),
            brain=FakeBrain(),
        )
        seeded = [seed_interview(app, interview_id=f"iv-{i}") for i in range(N_THREADS)]
        raws = corpus([(s.token, s.request_message_id) for s in seeded])

        start = time.perf_counter()
        for raw in raws:
            parse_email(raw)
        parse_s = time.perf_counter() - start

        start = time.perf_counter()
        summary = app.intake().poll_once(ListSource(raws), now=NOW)
        intake_s = time.perf_counter() - start
        app.close()
        print(
            f"parse only: {N_MESSAGES} msgs in {parse_s:.2f} s = {N_MESSAGES / parse_s:.0f} msg/s"
        )
        print(
            f"intake:     {N_MESSAGES} msgs in {intake_s:.2f} s = {N_MESSAGES / intake_s:.0f} msg/s"
            f"   (ratio intake/parse = {parse_s / intake_s:.3f}; summary {summary.as_dict()})"
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)


class CountingProxy:
    """A TCP relay that counts IMAP command lines sent by the client."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.commands = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, count: bool) -> None:
        try:
            while data := src.recv(65536):
                if count:
                    # imaplib tags every command with letters + a number, one per line.
                    self.commands += sum(
                        1 for line in data.split(b"\r\n") if line[:1].isalpha() and b" " in line
                    )
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.close()


def bench_empty_poll() -> None:
    reason = missing_reason()
    if reason:
        print(f"empty poll: skipped ({reason})")
        return
    with Dovecot.start() as dovecot:
        new_dir = dovecot.maildir / "new"
        for sub in ("new", "cur", "tmp"):
            (dovecot.maildir / sub).mkdir(exist_ok=True)
            os.chown(dovecot.maildir / sub, dovecot.uid, dovecot.gid)
        for i in range(MAILBOX):
            path = new_dir / f"{1_700_000_000 + i}.M{i}P1.bench"
            path.write_bytes(message(message_id=f"<box-{i}@example.com>", body=f"m {i}"))
            os.chown(path, dovecot.uid, dovecot.gid)
        proxy = CountingProxy(dovecot.port)
        base = Path(tempfile.mkdtemp(prefix="mailagent-bench-"))
        try:
            url = f"imap://hm:secret@127.0.0.1:{proxy.port}/INBOX"
            app = build_app(make_settings(base, url), brain=FakeBrain())
            source = app.source()
            assert isinstance(source, ImapSource)
            # A read-write SELECT lets Dovecot index the folder and move new/ to cur/, as
            # any mail client would; then the cursor is set at the top.
            dovecot.client().select_folder("INBOX")
            uids = dovecot.uids()
            with app.factory() as session, session.begin():
                session.add(
                    MailboxCursor(
                        mailbox=source.name,
                        uidvalidity=dovecot.uidvalidity(),
                        last_uid=max(uids),
                        updated_at=NOW,
                    )
                )
            intake = app.intake()
            intake.poll_once(source, now=NOW)  # opens the connection
            timings = []
            before = proxy.commands
            for _ in range(5):
                start = time.perf_counter()
                summary = intake.poll_once(source, now=NOW)
                timings.append((time.perf_counter() - start) * 1000)
            warm_ms = sorted(timings)[2]
            warm_cmds = (proxy.commands - before) / 5
            source.close()
            # A poll on a fresh connection (as `mailagent poll --once` does).
            source = app.source()
            before = proxy.commands
            start = time.perf_counter()
            intake.poll_once(source, now=NOW)
            cold_ms = (time.perf_counter() - start) * 1000
            cold_cmds = proxy.commands - before
            source.close()
            with app.factory() as session:
                cursor = read_cursor(session, source.name)
            app.close()
            print(
                f"empty poll of {len(uids)} msgs (cursor {cursor.last_uid}): "
                f"{warm_cmds:g} IMAP command(s), {warm_ms:.1f} ms (median of 5) on an open "
                f"connection; "
                f"{cold_cmds} command(s), {cold_ms:.1f} ms with connect + login; "
                f"summary {summary.as_dict()}"
            )
        finally:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    bench_intake()
    bench_empty_poll()
