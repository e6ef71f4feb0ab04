"""The vertical slice over real mail: request out by SMTP (aiosmtpd), the HM's reply into
a Maildir, parsed, routed by its token, answered, and the thread closed when it suffices.
"""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from mailagent.app import App
from mailagent.demo.hm import deliver, reply_to
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    CriterionRecord,
    Disposition,
    Interview,
    InterviewState,
    MailMessage,
    Thread,
    ThreadStatus,
)
from tests.helpers import T0, SmtpSink, body_text, demo_app, smtp_sink


def _poll(app: App, at: object) -> dict[str, int]:
    source = app.source()
    try:
        return app.intake().poll_once(source, now=at).as_dict()  # type: ignore[arg-type]
    finally:
        source.close()


def _to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    return [m for m in sink.messages() if address in str(m["To"])]


def test_request_follow_up_and_completion_over_smtp_and_maildir(tmp_path: Path) -> None:
    with smtp_sink() as sink:
        app = demo_app(tmp_path, smtp=sink.url)
        inbox = tmp_path / "inbox"
        report = run_tick(app, now=T0)
        assert report.requests == 3 and report.delivery["sent"] == 3

        # The request names the R2 criteria, says why, and carries the reply token.
        (request,) = _to(sink, "tariq.aziz@demo.example")
        text = body_text(request)
        assert "Designs warehouse schemas and writes performant SQL" in text
        assert "3+ years of Python." in text and "Why this matters" in text
        assert str(request["Reply-To"]).startswith("feedback+")
        assert request["Auto-Submitted"] == "auto-generated"
        assert request["X-Auto-Response-Suppress"] == "All"
        assert request.get_body(preferencelist=("html",)) is not None

        # A vague answer gets a follow-up, threaded under the HM's own message.
        vague = reply_to(
            request,
            from_name="Tariq Aziz",
            from_addr="tariq.aziz@demo.example",
            text="Not really convinced, she felt junior overall.",
            date=T0 + timedelta(hours=1),
        )
        deliver(inbox, vague)
        assert _poll(app, T0 + timedelta(hours=1)) == {
            "fetched": 1,
            "new": 1,
            "duplicate": 0,
            "quarantined": 0,
            "ignored_auto": 0,
            "unattributed": 0,
        }
        run_tick(app, now=T0 + timedelta(hours=1, minutes=1))
        follow_up = _to(sink, "tariq.aziz@demo.example")[-1]
        assert follow_up["In-Reply-To"] is not None
        assert follow_up["Auto-Submitted"] == "auto-replied"
        assert "more specific" in body_text(follow_up)
        with app.factory() as s:
            iv = s.get(Interview, "demo-1")
            assert iv is not None and iv.state is InterviewState.IN_DIALOGUE

        # A specific answer completes the thread and is recorded against the R2.
        specific = reply_to(
            follow_up,
            from_name="Tariq Aziz",
            from_addr="tariq.aziz@demo.example",
            text="I asked how she would test a dbt model before it feeds the finance tables; "
            "she had never written a data test or a quality check of any kind.",
            date=T0 + timedelta(hours=2),
        )
        deliver(inbox, specific)
        _poll(app, T0 + timedelta(hours=2))
        run_tick(app, now=T0 + timedelta(hours=2, minutes=1))
        closing = _to(sink, "tariq.aziz@demo.example")[-1]
        assert "If any of this is wrong, just reply" in body_text(closing)
        with app.factory() as s:
            iv = s.get(Interview, "demo-1")
            thread = s.scalar(select(Thread).where(Thread.interview_id == "demo-1"))
            records = s.scalars(
                select(CriterionRecord).where(CriterionRecord.interview_id == "demo-1")
            ).all()
            assert iv is not None and iv.state is InterviewState.GRADED
            assert thread is not None and thread.status is ThreadStatus.COMPLETE
            assert ("data_quality", "not_met") in {(r.criterion_key, r.verdict) for r in records}

        # Polling again finds nothing new: the messages were moved to cur/ after commit.
        assert _poll(app, T0 + timedelta(hours=3))["fetched"] == 0
        app.close()


def _request_for(sink: SmtpSink, hm: str) -> EmailMessage:
    return _to(sink, hm)[0]


def _thread_of(app: App, row_id: int) -> int | None:
    with app.factory() as s:
        row = s.get(MailMessage, row_id)
        assert row is not None
        return row.thread_id


def _last_row(app: App) -> MailMessage:
    with app.factory() as s:
        row = s.scalars(select(MailMessage).order_by(MailMessage.id.desc())).first()
        assert row is not None
        return row


def test_routing_by_token_then_references_then_subject_tag(tmp_path: Path) -> None:
    with smtp_sink() as sink:
        app = demo_app(tmp_path, smtp=sink.url)
        inbox = tmp_path / "inbox"
        run_tick(app, now=T0)
        request = _request_for(sink, "tariq.aziz@demo.example")
        with app.factory() as s:
            thread = s.scalar(select(Thread).where(Thread.interview_id == "demo-1"))
            assert thread is not None
        base = reply_to(
            request,
            from_name="Tariq Aziz",
            from_addr="tariq.aziz@demo.example",
            text="Not a fit.",
            date=T0,
        )

        def variant(*, to: str, in_reply_to: bool, subject: str) -> bytes:
            from email import message_from_bytes
            from email.policy import default

            msg = message_from_bytes(base, policy=default)
            msg.replace_header("To", to)
            msg.replace_header("Subject", subject)
            if not in_reply_to:
                del msg["In-Reply-To"]
                del msg["References"]
            return msg.as_bytes()

        token_addr = str(request["Reply-To"])
        tag = str(request["Subject"]).split()[-1]
        cases = [
            ("token", variant(to=token_addr, in_reply_to=False, subject="hello")),
            (
                "references",
                variant(to="feedback@hire.test.example", in_reply_to=True, subject="hello"),
            ),
            (
                "subject",
                variant(
                    to="feedback@hire.test.example",
                    in_reply_to=False,
                    subject=f"Re: feedback {tag}",
                ),
            ),
        ]
        for i, (via, raw) in enumerate(cases):
            deliver(inbox, raw.replace(b"Message-ID: <", f"Message-ID: <{via}{i}".encode()))
            _poll(app, T0 + timedelta(minutes=i + 1))
            row = _last_row(app)
            assert row.thread_id == thread.id, via
        app.close()


def test_a_forged_token_routes_nowhere_and_changes_nothing(tmp_path: Path) -> None:
    with smtp_sink() as sink:
        app = demo_app(tmp_path, smtp=sink.url)
        run_tick(app, now=T0)
        request = _request_for(sink, "tariq.aziz@demo.example")
        token = str(request["Reply-To"]).split("+")[1].split("@")[0]
        forged = token[:-1] + ("a" if token[-1] != "a" else "b")
        raw = reply_to(
            request,
            from_name="Tariq Aziz",
            from_addr="tariq.aziz@demo.example",
            text="Reject.",
            date=T0,
        )
        raw = raw.replace(token.encode(), forged.encode())
        raw = raw.replace(b"In-Reply-To:", b"X-Old-In-Reply-To:").replace(
            b"References:", b"X-Old-References:"
        )
        deliver(tmp_path / "inbox", raw)
        summary = _poll(app, T0 + timedelta(minutes=1))
        assert summary["unattributed"] == 1
        row = _last_row(app)
        assert row.disposition is Disposition.UNATTRIBUTED and row.thread_id is None
        with app.factory() as s:
            iv = s.get(Interview, "demo-1")
            assert iv is not None and iv.state is InterviewState.REQUESTED
        app.close()
