"""Fixtures for the inbox tests: a real Dovecot, apps built on it, seeded interviews.

``FakeBrain`` is a small typed stand-in for the offline brain: every reply reads as vague,
so the dialogue answers with a follow-up (that is what the loop and cap tests need).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.config import Settings
from mailagent.dialogue.brain import Assessment, BrainContext, BrainResult, Issue
from mailagent.inbox.source import Cursor, Fetched
from mailagent.jobs.requests import send_due_requests
from mailagent.models import Candidate, Interview, MailMessage, OutboxMessage, Thread
from mailagent.r2.spec import R2Spec
from mailagent.r2.store import import_r2
from tests import helpers
from tests.dovecot import Dovecot, missing_reason

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
AGENT = "feedback@hire.example"
RECRUITER = "lena.brandt@hire.example"


@dataclass
class FakeBrain:
    """Reads every reply as vague; counts what it was asked."""

    name: str = "fake"
    calls: list[str] = field(default_factory=list)

    def assess(self, ctx: BrainContext) -> BrainResult:
        self.calls.append(ctx.reply_text)
        return BrainResult(Assessment(issues=[Issue.VAGUE], summary="vague"), brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with Dovecot.start() as server:
        yield server


@pytest.fixture
def workdir() -> Iterator[Path]:
    """A temp folder outside pytest's tree, so subprocesses and Dovecot can share it."""
    path = Path(tempfile.mkdtemp(prefix="mailagent-inbox-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def make_settings(base: Path, inbox: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "base_dir": base,
        "database_url": f"sqlite:///{base}/t.db",
        "inbox": inbox,
        "smtp": f"file:{base}/sent",
        "secret": "x" * 32,
        "address": AGENT,
    }
    values.update(overrides)
    return Settings(**values)


AppFactory = Callable[..., App]


@pytest.fixture
def make_app(workdir: Path) -> Iterator[AppFactory]:
    """``make_app(inbox_url, **settings)`` → an App on its own SQLite file in ``workdir``."""
    built: list[App] = []

    def factory(inbox: str, *, sub: str = "", brain: Any = None, **overrides: Any) -> App:
        base = workdir / sub if sub else workdir
        base.mkdir(parents=True, exist_ok=True)
        app = build_app(make_settings(base, inbox, **overrides), brain=brain or FakeBrain())
        built.append(app)
        return app

    yield factory
    for app in built:
        app.close()


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[AppFactory]:
    """``make_site(**settings)`` → an App on the suite's database: SQLite, or a fresh
    PostgreSQL schema under ``--db postgres`` (``tests.helpers.make_settings``)."""
    built: list[App] = []

    def factory(*, brain: Any = None, **overrides: Any) -> App:
        settings = helpers.make_settings(tmp_path, address=AGENT, **overrides)
        app = build_app(settings, brain=brain or FakeBrain())
        built.append(app)
        return app

    yield factory
    for app in built:
        app.close()


def run_one(app: App, raw: bytes, *, now: datetime = NOW) -> MailMessage:
    """Deliver one message through the real intake; return its stored row."""
    app.intake().poll_once(ListSource([raw]), now=now)
    with app.factory() as session:
        return session.scalars(
            select(MailMessage).where(MailMessage.direction == "in").order_by(MailMessage.id.desc())
        ).first() or pytest.fail("no inbound row stored")


def reply_on(seeded: Seeded, **kwargs: Any) -> bytes:
    """A reply on the seeded thread (its token address, In-Reply-To our request)."""
    args: dict[str, Any] = {
        "to": f"feedback+{seeded.token}@hire.example",
        "in_reply_to": seeded.request_message_id,
    }
    args.update(kwargs)
    return message(**args)


def sent_to(app: App, address: str, *, kind: str | None = None) -> list[OutboxMessage]:
    """Outbox rows to ``address`` other than feedback requests (of ``kind`` if given)."""
    with app.factory() as session:
        rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return [
        r
        for r in rows
        if address in r.to_addrs
        and r.kind != "feedback_request"
        and (kind is None or r.kind == kind)
    ]


@dataclass(frozen=True)
class Seeded:
    interview_id: str
    thread_id: int
    token: str
    request_message_id: str
    interviewer: str
    recruiter: str


def seed_interview(
    app: App,
    *,
    interview_id: str = "iv-1",
    interviewer: str = "ken.morita@example.com",
    recruiter: str = RECRUITER,
    pipeline: str = "ai-engineer",
    now: datetime = NOW,
) -> Seeded:
    """Import a pipeline, a candidate and one interview; send its feedback request."""
    with app.factory() as session, session.begin():
        spec = R2Spec.model_validate(
            {
                "pipeline": pipeline,
                "title": "AI Engineer",
                "hiring_manager": {"name": "Ken Morita", "email": interviewer},
                "recruiter": {"name": "Lena Brandt", "email": recruiter},
                "criteria": [{"key": "python", "text": "3+ years of Python.", "kind": "must"}],
            }
        )
        import_r2(session, spec, now=now)
        cand_id = f"cand-{interview_id}"
        if session.get(Candidate, cand_id) is None:
            session.add(Candidate(id=cand_id, name="Ann Lee", resume_text="Python since 2015."))
        session.add(
            Interview(
                id=interview_id,
                pipeline_id=pipeline,
                candidate_id=cand_id,
                interviewer_email=interviewer,
                interviewer_name="Ken",
                held_at=now - timedelta(hours=2),
            )
        )
        session.flush()
        send_due_requests(
            session, app.mailer, secret=app.secret, now=now, first_reminder=timedelta(days=1)
        )
        thread = session.scalar(select(Thread).where(Thread.interview_id == interview_id))
        assert thread is not None
        request = session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == f"request:{interview_id}")
        )
        assert request is not None
        return Seeded(
            interview_id, thread.id, thread.token, request.message_id, interviewer, recruiter
        )


class ListSource:
    """A typed in-memory ``MailSource``: UIDs 1, 2, … in the order messages were added."""

    def __init__(self, raws: list[bytes] | None = None, *, name: str = "list:test") -> None:
        self.name = name
        self.raws: list[bytes] = list(raws or [])
        self.committed: list[tuple[str, bool]] = []

    def fetch_new(self, cursor: Cursor, is_known: Callable[[int, str], bool]) -> Iterator[Fetched]:
        for uid, raw in enumerate(self.raws, start=1):
            if uid > cursor.last_uid and not is_known(1, str(uid)):
                yield Fetched(uidvalidity=1, uid=str(uid), raw=raw)

    def after_commit(self, fetched: Fetched, *, quarantined: bool) -> None:
        self.committed.append((fetched.uid, quarantined))

    def close(self) -> None:
        pass


def message(
    *,
    sender: str = "ken.morita@example.com",
    to: str = AGENT,
    subject: str = "Re: Feedback on Ann Lee",
    body: str = "She was fine I guess.",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    headers: dict[str, str] | None = None,
    date: datetime = NOW,
) -> bytes:
    """One plain-text message as raw CRLF bytes."""
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: {message_id or make_msgid(domain='example.com')}",
        f"Date: {format_datetime(date)}",
    ]
    if in_reply_to:
        lines += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode("utf-8")
