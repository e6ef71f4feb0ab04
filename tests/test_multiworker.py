"""Four workers and two schedulers on PostgreSQL, one worker killed mid-run: all mail once.

The world (``bench/world.py``): 1,000 interviews held at the same time; half the hiring
managers answer on the R2 at once, a quarter answer vaguely and then on the R2 after the
follow-up, a quarter never answer (three reminders each). Every worker processes replies
(the mailbox's poller only stores them), so the four share that work. Rejected candidates get
feedback once their HM approves the draft by email. Every process is a real subprocess
(``python -m bench.worker``) on a simulated clock; mail goes to real aiosmtpd servers.

One worker sends through a second SMTP server that holds its first message after the
approvals come in (no ``250``), and the test kills that worker with SIGKILL while it waits.
The other workers take over its leases once the clock passes them; candidate mail it had
claimed becomes ``uncertain``, which the test settles as the recruiter would (it was
not at the server, so it is re-sent).

At the end, counted at the SMTP servers: every Message-ID once, every outbox row marked
``sent`` delivered once, one request and at most one candidate mail per interview, three
reminders for each silent interview, and the replies the conversations call for.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench.world import SPECIFIC, T0, VAGUE, Fleet, Spec, fleet, plan, seed, write_config
from mailagent.app import build_app
from mailagent.db import transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.models import (
    ApprovalEvent,
    Disposition,
    DraftState,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    OutboxState,
)
from mailagent.outbox.queue import resolve_uncertain
from tests import testdb
from tests.helpers import free_port, make_settings

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

N = 1000
# Half answer on the R2 at once, a quarter after a follow-up, a quarter never answer.
CYCLE = ("complete", "complete", "vague", "silent")


@dataclass
class Sinks:
    """Two real SMTP servers writing into one list; the second can hold a message."""

    received: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    armed: threading.Event = field(default_factory=threading.Event)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held: list[bytes] = field(default_factory=list)

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raws = list(self.received)
        out = []
        for raw in raws:
            msg = message_from_bytes(raw, policy=default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _Handler:
    def __init__(self, sinks: Sinks, *, gated: bool) -> None:
        self.sinks = sinks
        self.gated = gated

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = bytes(envelope.original_content)
        if self.gated and self.sinks.armed.is_set() and not self.sinks.held:
            # Hold the worker inside DATA: the mail is not accepted until we answer.
            self.sinks.held.append(raw)
            self.sinks.holding.set()
            while not self.sinks.release.is_set():
                await asyncio.sleep(0.02)
            return "451 try again later"
        with self.sinks.lock:
            self.sinks.received.append(raw)
        return "250 OK"


@contextmanager
def two_sinks() -> Iterator[tuple[Sinks, str, str]]:
    sinks = Sinks()
    controllers = []
    urls = []
    for gated in (False, True):
        port = free_port()
        c = Controller(_Handler(sinks, gated=gated), hostname="127.0.0.1", port=port)
        c.start()
        controllers.append(c)
        urls.append(f"smtp://127.0.0.1:{port}")
    try:
        yield sinks, urls[0], urls[1]
    finally:
        sinks.release.set()
        for c in controllers:
            c.stop()


# Only turns a hang into a failure; nothing waits for this long when the code is right.
GUARD_S = 900


def busy_state(
    factory: Callable[[], Session], sinks: Sinks, inbox: Path, now: datetime
) -> tuple[tuple[int, int], int]:
    """What has happened so far (mail at the servers, outbox rows) and how much is due."""
    with factory() as session:
        due = session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.next_attempt_at <= now,
            )
        )
        pending_in = session.scalar(
            select(func.count(MailMessage.id)).where(MailMessage.disposition == Disposition.PENDING)
        )
        total = session.scalar(select(func.count(OutboxMessage.id)))
        due_interviews = session.scalar(
            select(func.count(Interview.id)).where(
                ((Interview.state == InterviewState.SCHEDULED) & (Interview.held_at <= now))
                | (Interview.next_reminder_at <= now)
                | (Interview.draft_check_at <= now)
            )
        )
    queued = sum(1 for _ in (inbox / "new").iterdir())
    work = int(due or 0) + int(pending_in or 0) + int(due_interviews or 0) + queued
    return (sinks.count(), int(total or 0)), work


def wait_quiet(
    factory: Callable[[], Session], sinks: Sinks, inbox: Path, now: datetime, f: Fleet
) -> None:
    """Until nothing is due and a whole pass of every live process changed nothing.

    No clock decides: once nothing looks due, every worker and scheduler is made to
    finish a pass that began after that look (:meth:`Fleet.barrier`). If the mail at the
    servers and the outbox are unchanged and nothing is due after it, any further pass at
    this simulated time would find the same, so the world is quiet.
    """
    deadline = time.monotonic() + GUARD_S
    while time.monotonic() < deadline:
        seen, work = busy_state(factory, sinks, inbox, now)
        if work:
            time.sleep(0.05)
            continue
        f.barrier(guard_s=GUARD_S)
        after, work = busy_state(factory, sinks, inbox, now)
        if after == seen and not work:
            return
    raise AssertionError(f"still busy after {GUARD_S} s: {busy_state(factory, sinks, inbox, now)}")


def wait_held(sinks: Sinks, f: Fleet, victim: subprocess.Popen[bytes]) -> None:
    """Until the victim is inside an SMTP conversation the gated server holds."""
    deadline = time.monotonic() + GUARD_S
    while not sinks.holding.wait(0.1):
        assert victim.poll() is None, "the victim exited before it sent anything"
        assert time.monotonic() < deadline, "the victim never sent while armed"


def outbox_by_message_id(factory: Callable[[], Session]) -> dict[str, OutboxMessage]:
    with factory() as session:
        return {row.message_id: row for row in session.scalars(select(OutboxMessage))}


def answer(
    sinks: Sinks,
    rows: dict[str, OutboxMessage],
    inbox: Path,
    *,
    kinds: set[str],
    text: Callable[[OutboxMessage], str | None],
    seen: set[str],
    date: datetime,
) -> int:
    """Reply, as the addressee, to every mail of ``kinds`` not answered yet."""
    n = 0
    for msg in sinks.messages():
        mid = str(msg["Message-ID"]).strip()
        row = rows.get(mid)
        if row is None or row.kind not in kinds or mid in seen:
            continue
        body = text(row)
        if body is None:
            continue
        seen.add(mid)
        to = row.to_addrs[0]
        deliver(inbox, reply_to(msg, from_name=to, from_addr=to, text=body, date=date))
        n += 1
    return n


def test_four_workers_two_schedulers_one_killed_every_mail_once(tmp_path: Path) -> None:
    if testdb.backend() != "postgres":
        # About three minutes on two CPUs: it runs with the PostgreSQL pass of the suite.
        pytest.skip("runs with --db postgres (MAILAGENT_TEST_DB=postgres)")
    url = testdb.fresh_database_url()
    app = build_app(make_settings(tmp_path, database_url=url))
    specs = {s.interview: s for s in plan(N, CYCLE)}
    with transaction(app.factory) as session:
        seed(session, list(specs.values()))
    inbox = tmp_path / "inbox"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    factory = app.factory
    try:
        with two_sinks() as (sinks, smtp_a, smtp_b), fleet(tmp_path, T0) as f:
            write_config(tmp_path, database_url=url, smtp=smtp_a)
            for _ in range(3):
                f.spawn("worker")
            victim = f.spawn("worker", MAILAGENT_SMTP=smtp_b)
            for _ in range(2):
                f.spawn("scheduler")
            f.wait_ready()

            # Requests go out an hour after the interviews.
            now = T0 + timedelta(hours=1)
            f.set_time(now)
            wait_quiet(factory, sinks, inbox, now, f)
            seen: set[str] = set()

            def first_answer(row: OutboxMessage) -> str | None:
                spec = specs[row.interview_id or ""]
                if spec.behaviour == "silent":
                    return None
                return VAGUE if spec.behaviour == "vague" else SPECIFIC[spec.pipeline]

            now = T0 + timedelta(hours=2)
            f.set_time(now)
            rows = outbox_by_message_id(factory)
            answer(
                sinks,
                rows,
                inbox,
                kinds={"feedback_request"},
                text=first_answer,
                seen=seen,
                date=now,
            )
            wait_quiet(factory, sinks, inbox, now, f)

            # The vague ones were asked to be specific; they answer on the R2.
            now = T0 + timedelta(hours=3)
            f.set_time(now)
            rows = outbox_by_message_id(factory)

            def second_answer(row: OutboxMessage) -> str | None:
                spec = specs[row.interview_id or ""]
                return SPECIFIC[spec.pipeline] if spec.behaviour == "vague" else None

            answer(
                sinks, rows, inbox, kinds={"follow_up"}, text=second_answer, seen=seen, date=now
            )
            wait_quiet(factory, sinks, inbox, now, f)

            # Drafts were sent for approval; every HM approves, and one worker dies while
            # it is handing a mail to the SMTP server.
            now = T0 + timedelta(hours=4)
            f.set_time(now)
            wait_quiet(factory, sinks, inbox, now, f)
            rows = outbox_by_message_id(factory)
            sinks.armed.set()
            approvals = answer(
                sinks,
                rows,
                inbox,
                kinds={"approval_request"},
                text=lambda r: "APPROVE",
                seen=seen,
                date=now,
            )
            assert approvals > 0
            wait_held(sinks, f, victim)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            sinks.release.set()
            wait_quiet(factory, sinks, inbox, now, f)

            # Past the victim's leases: its rows go back to pending, or to uncertain for
            # candidate mail, which the recruiter settles by looking at the server. HMs
            # whose approval request came late approve it now.
            now = T0 + timedelta(hours=5)
            f.set_time(now)
            wait_quiet(factory, sinks, inbox, now, f)
            answer(
                sinks,
                outbox_by_message_id(factory),
                inbox,
                kinds={"approval_request"},
                text=lambda r: "APPROVE",
                seen=seen,
                date=now,
            )
            wait_quiet(factory, sinks, inbox, now, f)
            delivered = {str(m["Message-ID"]).strip() for m in sinks.messages()}
            settled = 0
            with transaction(app.factory) as session:
                for row in session.scalars(
                    select(OutboxMessage).where(OutboxMessage.state == OutboxState.UNCERTAIN)
                ):
                    resolve_uncertain(
                        session, outbox_id=row.id, sent=row.message_id in delivered, now=now
                    )
                    settled += 1
            wait_quiet(factory, sinks, inbox, now, f)

            # Reminders on days 1, 3 and 6 for those who never answered.
            for day in (1, 3, 6):
                now = T0 + timedelta(days=day, hours=1)
                f.set_time(now)
                wait_quiet(factory, sinks, inbox, now, f)
        errors = f.errors()
        check_exactly_once(factory, sinks, specs, settled=settled)
        assert "Traceback" not in errors, errors[-4000:]
    finally:
        app.close()


def check_exactly_once(
    factory: Callable[[], Session], sinks: Sinks, specs: dict[str, Spec], *, settled: int
) -> None:
    messages = sinks.messages()
    ids = Counter(str(m["Message-ID"]).strip() for m in messages)
    assert [mid for mid, n in ids.items() if n > 1] == []
    rows = outbox_by_message_id(factory)
    assert set(ids) <= set(rows), "mail at the server that the outbox never held"
    sent = {mid for mid, row in rows.items() if row.state is OutboxState.SENT}
    assert sent == set(ids), "a row marked sent did not arrive, or arrived unmarked"
    by_kind: Counter[tuple[str, str]] = Counter(
        (rows[mid].kind, rows[mid].interview_id or "") for mid in ids
    )
    silent = [i for i, s in specs.items() if s.behaviour == "silent"]
    answering = [i for i, s in specs.items() if s.behaviour != "silent"]
    assert [i for i in specs if by_kind["feedback_request", i] != 1] == []
    assert [(i, by_kind["reminder", i]) for i in silent if by_kind["reminder", i] != 3] == []
    assert [(i, by_kind["reminder", i]) for i in answering if by_kind["reminder", i]] == []
    with factory() as session:
        graded = set(
            session.scalars(select(Interview.id).where(Interview.state == InterviewState.GRADED))
        )
        drafts = Counter(
            session.scalars(select(FeedbackDraft.state).where(FeedbackDraft.version == 1))
        )
    assert graded == set(answering)
    # The agent answered every reply: vague ones with a follow-up, then all with thanks.
    for i in answering:
        got = [by_kind[kind, i] for kind in ("follow_up", "complete")]
        assert got == [1 if specs[i].behaviour == "vague" else 0, 1], (i, got)
    candidate = [mid for mid in ids if rows[mid].kind == "candidate_feedback"]
    rejected = [i for i in answering if specs[i].decision == "reject"]
    assert len(candidate) == len(rejected) == drafts[DraftState.SENT] + drafts[DraftState.APPROVED]
    assert len({tuple(rows[mid].to_addrs) for mid in candidate}) == len(candidate)
    # The audit trail says "sent" once per draft, whichever scheduler settled it.
    with factory() as session:
        sent_events = Counter(
            session.scalars(
                select(ApprovalEvent.draft_id).where(ApprovalEvent.action == "sent")
            )
        )
    assert len(sent_events) == len(candidate)
    assert [d for d, n in sent_events.items() if n > 1] == []
    print(f"{len(messages)} mails, {settled} uncertain settled, drafts {dict(drafts)}")
