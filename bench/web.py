"""Server time of the recruiter's page on a site with 100,000 interviews (SQLite).

The site: the demo's two pipelines; 100,000 interviews over two years, two in three
graded history and one in three waiting (a few hundred of those past the throttling
line); 2,000 feedback threads with a reply each, one thread with 40 mails in and out;
escalations (most reviewed), quarantined mail, drafts waiting, an uncertain candidate
mail and model fallbacks, so every section of the needs-attention page has rows.

Each figure is the median of 7 requests after 2 warm-ups, through Starlette's TestClient
in the same process (the ASGI app, the queries and the templates; no network):

- ``web_attention_ms``: the needs-attention page, for the pipelines' recruiter;
- ``web_interviews_ms``: the slower of the interviews list's first page and a page
  30,000 rows deep (keyset cursor), filtered by pipeline;
- ``web_thread_ms``: the 40-mail thread.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from starlette.testclient import TestClient

from bench.world import plan, seed
from mailagent.app import build_app
from mailagent.config import Settings
from mailagent.db import transaction
from mailagent.models import (
    AssessmentRecord,
    Candidate,
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
    Thread,
)
from mailagent.web.security import sign_session
from mailagent.web.server import SESSION_COOKIE, create_app, web_keys

DESCRIPTIONS = {
    "web_attention_ms": "recruiter's page: needs-attention page, 100,000 interviews, ms (≤ 100)",
    "web_interviews_ms": "recruiter's page: a page of the interviews list (first or 30,000 deep),"
    " ms (≤ 100)",
    "web_thread_ms": "recruiter's page: a 40-mail thread, ms (≤ 50)",
}

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
Log = Callable[[str], None]


def build_site(url: str, tmp: Path, n: int) -> Any:
    settings = Settings(
        base_dir=tmp,
        database_url=url,
        inbox=f"maildir:{tmp}/inbox",
        smtp=f"file:{tmp}/sent",
        address="feedback@hire.bench.example",
        secret="bench-secret-0123456789abcdef",
    )
    app = build_app(settings)
    with transaction(app.factory) as session:
        seed(session, plan(2), held_at=NOW - timedelta(days=1))
        pipelines = ["data-engineer", "platform-sre"]
        session.execute(
            insert(Candidate),
            [{"id": f"x-{i}", "name": f"Candidate {i}", "created_at": NOW} for i in range(n)],
        )
        rows = []
        for i in range(n):
            waiting = i % 3 == 0
            # Two years of history; the waiting ones mostly recent, some past the line.
            held = NOW - timedelta(minutes=(i * 10) if not waiting else (i % 5000) * 3)
            rows.append(
                {
                    "id": f"x-{i:06d}",
                    "pipeline_id": pipelines[i % 2],
                    "candidate_id": f"x-{i}",
                    "interviewer_email": f"hm{i % 40:02d}@corp.example",
                    "held_at": held,
                    "state": InterviewState.REQUESTED if waiting else InterviewState.GRADED,
                    "graded_at": None if waiting else held + timedelta(days=1),
                    "reminders_sent": 0,
                    "created_at": held,
                }
            )
        session.execute(insert(Interview), rows)
        threads = [
            {
                "interview_id": f"x-{i:06d}",
                "token": f"t{i}",
                "subject": f"Feedback {i}",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for i in range(0, 6000, 3)
        ]
        session.execute(insert(Thread), threads)
        ids = dict(session.execute(select(Thread.token, Thread.id)).all())
        messages = [
            {
                "direction": Direction.IN,
                "content_hash": f"h{t}",
                "thread_id": ids[t["token"]],
                "from_addr": "hm00@corp.example",
                "subject": "Re: feedback",
                "visible_text": "She was solid on Terraform, weak on Kubernetes upgrades.",
                "disposition": Disposition.ACCEPTED,
                "received_at": NOW,
            }
            for t in threads
        ]
        session.execute(insert(MailMessage), messages)
        big = ids["t0"]
        for k in range(20):
            inbound = MailMessage(
                direction=Direction.IN,
                content_hash=f"big{k}",
                raw=b"From: hm00@corp.example\r\nSubject: Re\r\n\r\n" + b"text " * 400,
                thread_id=big,
                from_addr="hm00@corp.example",
                subject="Re: feedback",
                visible_text="A long answer. " * 100,
                disposition=Disposition.ACCEPTED,
                received_at=NOW + timedelta(hours=k),
            )
            session.add(inbound)
            session.flush()
            session.add(
                AssessmentRecord(
                    thread_id=big,
                    message_row_id=inbound.id,
                    brain="offline" if k % 4 else "claude",
                    fallback_reason=None if k % 4 else "claude unavailable: 529",
                    failure=None if k % 4 else "transient",
                    data={},
                    move="follow_up",
                    reason="vague",
                    created_at=NOW - timedelta(days=1),
                )
            )
            session.add(
                OutboxMessage(
                    message_id=f"<big{k}@hire.bench.example>",
                    kind="follow_up",
                    thread_id=big,
                    sender="Hiring team <feedback@hire.bench.example>",
                    to_addrs=["hm00@corp.example"],
                    subject="Re: feedback",
                    raw=b"Subject: Re\r\n\r\n" + b"ask " * 300,
                    body_text="Could you say more about the R2 criteria? " * 10,
                    state=OutboxState.SENT,
                    created_at=NOW + timedelta(hours=k, minutes=5),
                )
            )
        first = session.scalars(select(MailMessage.id).where(MailMessage.thread_id == big)).first()
        for k in range(300):
            session.add(
                Escalation(
                    interview_id=f"x-{k * 3:06d}",
                    thread_id=ids[f"t{k * 3}"],
                    message_row_id=first,
                    interviewer_email="hm00@corp.example",
                    categories=["age"],
                    remarks=["(kept for the recruiter)"],
                    reviewed_at=NOW if k >= 5 else None,
                    reviewed_by="lena@corp.example" if k >= 5 else None,
                )
            )
            session.add(
                MailMessage(
                    direction=Direction.IN,
                    content_hash=f"q{k}",
                    thread_id=ids[f"t{k * 3}"] if k % 2 else None,
                    from_addr="stranger@else.example",
                    subject="?",
                    disposition=Disposition.QUARANTINED if k < 20 else Disposition.IGNORED_AUTO,
                    error="ParseError" if k < 20 else None,
                    received_at=NOW,
                )
            )
        session.execute(
            insert(FeedbackDraft),
            [
                {
                    "pipeline_id": pipelines[i % 2],
                    "candidate_id": f"x-{i}",
                    "version": 1,
                    "body": "Thank you for your time.",
                    "state": DraftState.SENT if i % 100 else DraftState.AWAITING_APPROVAL,
                    "approver_email": "hm00@corp.example",
                    "created_at": NOW - timedelta(days=10),
                }
                for i in range(1, 20000, 3)
            ],
        )
        session.add(
            OutboxMessage(
                message_id="<cf-uncertain@hire.bench.example>",
                dedupe_key="application:data-engineer:x-1",
                kind="candidate_feedback",
                sender="Hiring team <feedback@hire.bench.example>",
                to_addrs=["c@cand.example"],
                subject="Your interview",
                raw=b"Subject: x\r\n\r\nx\r\n",
                body_text="x",
                candidate_facing=True,
                state=OutboxState.UNCERTAIN,
            )
        )
        recruiter = session.scalars(select(Pipeline.recruiter_email)).first()
    return app, str(recruiter), big


def _median_ms(client: TestClient, path: str) -> float:
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(7):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return statistics.median(times)


def run(tmp: Path, *, log: Log, n: int = 100_000) -> tuple[dict[str, object], dict[str, object]]:
    log(f"recruiter's page on {n:,} interviews (SQLite)")
    app, recruiter, thread = build_site(f"sqlite:///{tmp}/web.sqlite3", tmp, n)
    try:
        client = TestClient(
            create_app(app, base_url="http://testserver", clock=lambda: NOW),
            follow_redirects=False,
        )
        client.cookies.set(
            SESSION_COOKIE, sign_session(web_keys(app), email=recruiter, now=NOW, hours=12)
        )
        attention = _median_ms(client, "/")
        first = _median_ms(client, "/interviews?pipeline=data-engineer")
        cursor = (NOW - timedelta(days=300)).isoformat() + "|x-999999"
        deep = _median_ms(
            client, f"/interviews?pipeline=data-engineer&before={cursor.replace('+', '%2B')}"
        )
        thread_ms = _median_ms(client, f"/threads/{thread}")
    finally:
        app.close()
    figures: dict[str, object] = {
        "web_attention_ms": round(attention, 1),
        "web_interviews_ms": round(max(first, deep), 1),
        "web_thread_ms": round(thread_ms, 1),
    }
    details: dict[str, object] = {
        "recruiter's page": (
            f"{n:,} interviews, SQLite, median of 7 in-process requests: needs attention"
            f" {attention:.1f} ms, interviews first page {first:.1f} ms, 30,000 deep"
            f" {deep:.1f} ms, a 40-mail thread {thread_ms:.1f} ms"
        )
    }
    return figures, details
