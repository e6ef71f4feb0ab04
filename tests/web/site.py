"""A small site for the recruiter's page tests: two recruiters, each with a pipeline, and
in each pipeline one of everything the page shows. Every text that came from mail,
resumes or R2 files carries markup, so a test can see it is escaped."""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.models import (
    AssessmentRecord,
    Candidate,
    CriterionRecord,
    Direction,
    Disposition,
    DraftState,
    Escalation,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
    OutboxState,
    Pipeline,
    PublishingState,
    PublishStatus,
    R2Criterion,
    R2Version,
    Thread,
)
from mailagent.web.server import create_app
from tests.helpers import make_settings

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
LENA = "lena.brandt@example.com"  # recruits for devops
OMAR = "omar.haddad@example.com"  # recruits for data
ADMIN = "ops@example.com"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Ids:
    """The object ids of one pipeline, for the URL tests."""

    pipeline: str
    thread: int = 0
    message: int = 0
    quarantined: int = 0
    outbox: int = 0
    escalation: int = 0
    interview: str = ""
    candidate: str = ""
    raw_out: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def add_pipeline(session: Session, pid: str, recruiter: str, *, n: int) -> Ids:
    ids = Ids(pipeline=pid)
    session.add(
        Pipeline(
            id=pid,
            title=f"Engineer {XSS}",
            hm_name="Grace Obi",
            hm_email=f"hm.{pid}@example.com",
            recruiter_name="Recruiter",
            recruiter_email=recruiter,
            created_at=NOW - timedelta(days=60),
        )
    )
    session.flush()
    r2 = R2Version(pipeline_id=pid, version=1, created_by="import", note=f"note {XSS}")
    session.add(r2)
    session.flush()
    session.add(
        R2Criterion(r2_version_id=r2.id, key="terraform", text=f"TF {XSS}", kind="must", position=0)
    )
    cand = Candidate(id=f"cand-{pid}", name=f"Ann {XSS}", email=f"ann.{pid}@home.example")
    session.add(cand)
    iv = Interview(
        id=f"iv-{pid}",
        pipeline_id=pid,
        candidate_id=cand.id,
        interviewer_email=f"hm.{pid}@example.com",
        held_at=NOW - timedelta(days=10),
        state=InterviewState.IN_DIALOGUE,
    )
    session.add(iv)
    session.flush()
    thread = Thread(
        interview_id=iv.id, token=f"tok{pid}{n}", subject=f"Feedback {XSS}", escalated=True
    )
    session.add(thread)
    session.flush()
    inbound = MailMessage(
        direction=Direction.IN,
        message_id=f"<in.{pid}@example.com>",
        content_hash=f"h-{pid}",
        raw=f"From: hm.{pid}@example.com\r\nSubject: Re: Feedback\r\n\r\nhe is {XSS}\r\n".encode(),
        thread_id=thread.id,
        from_addr=f"hm.{pid}@example.com",
        to_addrs=["feedback@hire.test.example"],
        subject=f"Re: Feedback {XSS}",
        visible_text=f"He is too old. {XSS}",
        disposition=Disposition.ACCEPTED,
        received_at=NOW - timedelta(days=9),
    )
    quarantined = MailMessage(
        direction=Direction.IN,
        message_id=f"<q.{pid}@example.com>",
        content_hash=f"q-{pid}",
        raw=f"From: someone@else.example\r\nSubject: {XSS}\r\n\r\nbody {XSS}\r\n".encode(),
        thread_id=thread.id,
        from_addr="someone@else.example",
        subject=f"Odd {XSS}",
        visible_text=f"odd {XSS}",
        disposition=Disposition.QUARANTINED,
        error=f"ParseError: {XSS}",
        received_at=NOW - timedelta(days=2),
    )
    session.add_all([inbound, quarantined])
    session.flush()
    assessment = AssessmentRecord(
        thread_id=thread.id,
        message_row_id=inbound.id,
        brain="offline",
        data={},
        move="escalate",
        reason=f"protected remark {XSS}",
        created_at=NOW - timedelta(days=9),
    )
    session.add(assessment)
    session.flush()
    session.add(
        CriterionRecord(
            interview_id=iv.id, criterion_key="terraform", verdict="not_met", quote=f"q {XSS}"
        )
    )
    esc = Escalation(
        interview_id=iv.id,
        thread_id=thread.id,
        message_row_id=inbound.id,
        interviewer_email=iv.interviewer_email,
        categories=["age"],
        remarks=[f"He is too old. {XSS}"],
        created_at=NOW - timedelta(days=9),
    )
    session.add(esc)
    draft = FeedbackDraft(
        pipeline_id=pid,
        candidate_id=cand.id,
        version=1,
        body=f"Dear Ann, {XSS}",
        state=DraftState.APPROVED,
        approver_email=f"hm.{pid}@example.com",
        created_at=NOW - timedelta(days=5),
    )
    session.add(draft)
    session.flush()
    uncertain = OutboxMessage(
        message_id=f"<cf.{pid}@hire.test.example>",
        dedupe_key=f"application:{pid}:{cand.id}",
        kind="candidate_feedback",
        sender="Hiring team <feedback@hire.test.example>",
        to_addrs=[cand.email],
        subject=f"Your interview {XSS}",
        raw=f"Subject: Your interview\r\n\r\n{XSS}\r\n".encode(),
        body_text=f"Dear Ann, {XSS}",
        candidate_facing=True,
        state=OutboxState.UNCERTAIN,
        created_at=NOW - timedelta(days=1),
    )
    reminder = OutboxMessage(
        message_id=f"<rem.{pid}@hire.test.example>",
        kind="reminder",
        thread_id=thread.id,
        interview_id=iv.id,
        sender="Hiring team <feedback@hire.test.example>",
        to_addrs=[iv.interviewer_email],
        subject="Reminder",
        raw=b"Subject: Reminder\r\n\r\nplease\r\n",
        body_text=f"Please answer. {XSS}",
        state=OutboxState.SENT,
        created_at=NOW - timedelta(days=8),
    )
    session.add_all([uncertain, reminder])
    session.add(
        PublishingState(
            pipeline_id=pid,
            iso_week="2026-W49",
            status=PublishStatus.EXCLUDE,
            reason=f"1 interview ungraded {XSS}",
            overdue=[iv.id],
        )
    )
    session.flush()
    ids.thread, ids.message, ids.quarantined = thread.id, inbound.id, quarantined.id
    ids.outbox, ids.escalation, ids.interview, ids.candidate = uncertain.id, esc.id, iv.id, cand.id
    ids.raw_out = reminder.id
    return ids


@dataclass
class Site:
    app: App
    clock: Clock
    lena: Ids
    omar: Ids
    sent: Path

    def client(self) -> TestClient:
        return TestClient(
            create_app(self.app, base_url="http://testserver", clock=self.clock),
            follow_redirects=False,
        )

    def mailed_links(self, to: str) -> list[str]:
        """The sign-in links mailed to ``to``, read from the mail sink."""
        if not self.sent.exists():
            return []
        links = []
        for msg in mailbox.Maildir(self.sent, create=False):
            if to in (msg["To"] or ""):
                part = msg.get_payload()[0] if msg.is_multipart() else msg
                text = part.get_payload(decode=True).decode()
                links += re.findall(r"http://testserver(/signin/\S+)", text)
        return links


def build_site(tmp: Path, **over: object) -> Iterator[Site]:
    settings = make_settings(tmp, web={"admins": [ADMIN]}, **over)
    app = build_app(settings)
    with transaction(app.factory) as session:
        lena = add_pipeline(session, "devops", LENA, n=1)
        omar = add_pipeline(session, "data", OMAR, n=2)
    try:
        yield Site(app=app, clock=Clock(), lena=lena, omar=omar, sent=tmp / "sent")
    finally:
        app.close()


def sign_in(site: Site, client: TestClient, address: str) -> None:
    """The whole sign-in: ask for a link, read it from the mail, confirm it."""
    page = client.get("/signin")
    csrf = csrf_of(page.text)
    link = ask_link(site, client, address, csrf)
    confirm = client.get(link)
    assert confirm.status_code == 200
    done = client.post(link, data={"csrf": csrf_of(confirm.text)})
    assert done.status_code == 303 and done.headers["location"] == "/"


def ask_link(site: Site, client: TestClient, address: str, csrf: str) -> str:
    """Ask for a sign-in link and return the one new link mailed for it."""
    before = set(site.mailed_links(address))
    asked = client.post("/signin", data={"email": address, "csrf": csrf})
    assert asked.status_code == 200, asked.text
    new = set(site.mailed_links(address)) - before
    assert len(new) == 1, new
    return new.pop()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)
