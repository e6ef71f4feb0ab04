"""``mailagent demo``: three HM conversations through the real mail path, offline.

Everything a deployment does happens here, in a folder of its own: ``init`` writes the
config and migrates the SQLite database; the shipped R2s, resumes and interviews are
imported; ticks send the feedback requests into the file sink (a Maildir standing in for
the HM's mailbox); each scripted HM reply is a real RFC 5322 reply delivered into the
inbox Maildir; ``poll`` parses, strips, routes and answers it; the next tick delivers the
answer. The transcript shows the mail as the HM and the recruiter receive it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.config import CONFIG_FILE, load_settings
from mailagent.db import make_engine, migrate, session_factory, transaction
from mailagent.demo.hm import Received, SinkReader, deliver, reply_to
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    AmendmentProposal,
    Candidate,
    CriterionRecord,
    Escalation,
    Interview,
    RecordStatus,
    Thread,
)
from mailagent.outbox.tokens import token_from_address

DEMO_CONFIG = """\
# Written by `mailagent demo`: embedded defaults, everything local and offline.
database_url = "sqlite:///mailagent.sqlite3"
inbox = "maildir:mail/inbox"
smtp = "file:mail/sent"
address = "feedback@hire.demo.example"
brain = "offline"
secret = "demo-secret-not-for-production-use-0001"
# Calendar invitations from these domains book interviews.
internal_domains = ["demo.example"]
"""


@dataclass
class Conversation:
    interview: str
    title: str
    name: str
    email: str
    replies: list[str]
    sent: int = 0
    last_from_agent: Received | None = None
    transcript: list[tuple[str, str, str]] = field(default_factory=list)


def data_dir() -> Path:
    return Path(str(resources.files("mailagent.demo") / "data"))


def prepare(directory: Path) -> App:
    """Write the config, create the database and import the shipped demo data."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CONFIG_FILE).write_text(DEMO_CONFIG, encoding="utf-8")
    for sub in ("mail", "mailagent.sqlite3"):
        target = directory / sub
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    settings = load_settings(directory / CONFIG_FILE)
    app = build_app(settings)
    data = data_dir()
    with transaction(app.factory) as session:
        import_r2_files(session, sorted((data / "r2").glob("*.yaml")))
        # Addresses of record come from the manifest, never from the resumes.
        import_candidates(session, [data / "candidates.csv"], agent_address=settings.address)
        import_interviews(session, data / "interviews.csv")
    return app


def _conversations() -> tuple[list[Conversation], datetime]:
    spec: dict[str, Any] = yaml.safe_load((data_dir() / "conversations.yaml").read_text())
    convs = [
        Conversation(
            interview=c["interview"],
            title=c["title"],
            name=c["interviewer"]["name"],
            email=c["interviewer"]["email"],
            replies=list(c["replies"]),
        )
        for c in spec["conversations"]
    ]
    as_of = spec["as_of"]
    start = datetime(as_of.year, as_of.month, as_of.day, 18, 0, tzinfo=UTC)
    return convs, start


def _interview_of(app: App, mail: Received) -> str | None:
    reply_addr = str(mail.message.get("Reply-To", ""))
    token = token_from_address(reply_addr.strip("<> "), app.settings.address)
    if token is None:
        return None
    with app.factory() as session:
        thread = session.scalar(select(Thread).where(Thread.token == token))
        return thread.interview_id if thread else None


def play(app: App, console: Console) -> list[Conversation]:
    convs, now = _conversations()
    by_id = {c.interview: c for c in convs}
    sink = SinkReader(app.settings.smtp_url.path or Path("mail/sent"))
    inbox = app.settings.inbox_url.path or Path("mail/inbox")
    recruiter_mail: list[Received] = []
    for _round in range(8):
        run_tick(app, now=now)
        for mail in sink.new():
            iid = _interview_of(app, mail)
            conv = by_id.get(iid or "")
            if conv is None or conv.email not in mail.to:
                recruiter_mail.append(mail)
                continue
            conv.last_from_agent = mail
            cc = f"  (cc: {', '.join(mail.cc)})" if mail.cc else ""
            conv.transcript.append(("mailagent", f"to {conv.email}{cc}", mail.text))
        pending = [
            c
            for c in convs
            if c.last_from_agent is not None and c.sent < len(c.replies) and _open(app, c.interview)
        ]
        if not pending:
            break
        now += timedelta(hours=2)
        for conv in pending:
            assert conv.last_from_agent is not None
            text = conv.replies[conv.sent]
            conv.sent += 1
            deliver(
                inbox,
                reply_to(
                    conv.last_from_agent.message,
                    from_name=conv.name,
                    from_addr=conv.email,
                    text=text,
                    date=now,
                ),
            )
            conv.transcript.append((conv.name, f"from {conv.email}", text))
            conv.last_from_agent = None
        now += timedelta(minutes=5)
        source = app.source()
        try:
            app.intake().poll_once(source, now=now)
        finally:
            source.close()
    for conv in convs:
        console.rule(f"[bold]{conv.interview}: {conv.title}")
        for who, where, text in conv.transcript:
            style = "cyan" if who == "mailagent" else "green"
            console.print(
                Panel(text.strip(), title=f"{who} {where}", title_align="left", border_style=style)
            )
    if recruiter_mail:
        console.rule("[bold]What the recruiter received")
        for mail in recruiter_mail:
            console.print(
                Panel(
                    mail.text.strip(),
                    title=f"to {', '.join(mail.to)}: {mail.message.get('Subject')}",
                    title_align="left",
                    border_style="magenta",
                )
            )
    return convs


def _invitation(app: App) -> bytes:
    """The recruiter's calendar invitation: Tariq interviews Jun Park next Monday."""
    import icalendar

    berlin = ZoneInfo("Europe/Berlin")
    event = icalendar.Event()
    event.add("uid", "jun-park-data-engineer@demo.example")
    event.add("dtstamp", datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    event.add("dtstart", datetime(2026, 6, 8, 10, 0, tzinfo=berlin))
    event.add("dtend", datetime(2026, 6, 8, 11, 0, tzinfo=berlin))
    event.add("summary", "Interview: Jun Park [R2:data-engineer]")
    organizer = icalendar.vCalAddress("mailto:rob.kaplan@demo.example")
    organizer.params["CN"] = "Rob Kaplan"
    event.add("organizer", organizer)
    for name, address in (
        ("Tariq Aziz", "tariq.aziz@demo.example"),
        ("Jun Park", "jun.park@mail.example"),
        ("Hiring team", app.settings.address),
    ):
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        attendee.params["CN"] = name
        event.add("attendee", attendee)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//mailagent demo//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    msg = EmailMessage()
    msg["From"] = "Rob Kaplan <rob.kaplan@demo.example>"
    msg["To"] = "Tariq Aziz <tariq.aziz@demo.example>, jun.park@mail.example"
    msg["Cc"] = app.settings.address
    msg["Subject"] = "Invitation: Interview: Jun Park @ Mon 8 Jun 2026 10:00 - 11:00 (CEST)"
    msg["Date"] = format_datetime(datetime(2026, 6, 2, 9, 0, tzinfo=UTC))
    msg["Message-ID"] = "<jun-park-invitation@demo.example>"
    msg.set_content("Interview with Jun Park for the Data Engineer role.\n")
    msg.add_alternative(
        calendar.to_ical(), maintype="text", subtype="calendar", params={"method": "REQUEST"}
    )
    return msg.as_bytes(policy=SMTP)


def book_by_invitation(app: App, console: Console) -> None:
    """The recruiter invites the agent to an interview: it is booked by the invitation."""
    inbox = app.settings.inbox_url.path or Path("mail/inbox")
    deliver(inbox, _invitation(app))
    source = app.source()
    try:
        app.intake().poll_once(source, now=datetime(2026, 6, 2, 9, 5, tzinfo=UTC))
    finally:
        source.close()
    console.rule("[bold]An interview booked by calendar invitation")
    with app.factory() as session:
        for interview in session.scalars(
            select(Interview).where(Interview.calendar_event_id.is_not(None))
        ):
            candidate = session.get(Candidate, interview.candidate_id)
            name = candidate.name if candidate else interview.candidate_id
            console.print(
                f"calendar invitation from rob.kaplan@demo.example → booked {interview.id}: "
                f"{name} with {interview.interviewer_name} for {interview.pipeline_id}, "
                f"feedback asked after {interview.held_at:%Y-%m-%d %H:%M} UTC",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )


def _open(app: App, interview_id: str) -> bool:
    with app.factory() as session:
        thread = session.scalar(select(Thread).where(Thread.interview_id == interview_id))
        return thread is not None and not thread.is_closed


def summary(app: App, console: Console) -> Table:
    table = Table(title="Summary")
    for col in (
        "interview",
        "state",
        "HM replies",
        "recorded verdicts",
        "escalated",
        "R2 proposals",
    ):
        table.add_column(col)
    with app.factory() as session:
        for interview in session.scalars(select(Interview).order_by(Interview.id)):
            thread = session.scalar(select(Thread).where(Thread.interview_id == interview.id))
            records = session.scalars(
                select(CriterionRecord).where(
                    CriterionRecord.interview_id == interview.id,
                    CriterionRecord.status == RecordStatus.RECORDED,
                )
            ).all()
            escalations = session.scalars(
                select(Escalation).where(Escalation.interview_id == interview.id)
            ).all()
            proposals = session.scalars(
                select(AmendmentProposal).where(AmendmentProposal.interview_id == interview.id)
            ).all()
            table.add_row(
                interview.id,
                f"{interview.state.value} ({thread.status.value if thread else '-'})",
                str(thread.follow_ups + 1 if thread and thread.is_closed else "-"),
                ", ".join(f"{r.criterion_key}: {r.verdict}" for r in records) or "-",
                "yes" if escalations else "no",
                ", ".join(f"{p.requirement} ({p.state.value})" for p in proposals) or "-",
            )
    console.print(table)
    return table


def run_demo(directory: Path, console: Console, *, kept: bool = True) -> App:
    """Play the demo in ``directory``; name the folder only when it outlives the demo."""
    app = prepare(directory)
    if kept:
        console.print(f"[dim]demo folder: {directory} (config, Maildirs, SQLite)[/dim]")
    play(app, console)
    book_by_invitation(app, console)
    summary(app, console)
    _insights(app, console)
    return app


def _insights(app: App, console: Console) -> None:
    """End with the recruiter's view over a simulated history, kept in its own database
    (``history.sqlite3``) so the demo's three real conversations stay easy to inspect."""
    from mailagent.demo.history import simulate_history
    from mailagent.insights.build import insights_command

    path = app.settings.base_dir / "history.sqlite3"
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
        factory = session_factory(engine)
        with transaction(factory) as session:
            simulate_history(session, now=datetime(2026, 6, 1, tzinfo=UTC))
        with factory() as session:
            console.rule("[bold]Funnel insights over a simulated history (what the recruiter gets)")
            console.print(insights_command(session, pipeline=None, since=None, fmt="table"))
    finally:
        engine.dispose()
