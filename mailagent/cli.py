"""The ``mailagent`` command (typer). Every command reads settings once and builds an App.

Errors from mailagent's own tree print as one line, ``error: …``, with exit code 2;
anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from mailagent.app import build_app
from mailagent.config import CONFIG_FILE, load_settings
from mailagent.errors import MailagentError
from mailagent.site import open_app, parse_now, settings

USER_HELP = """\
mailagent asks hiring managers for interview feedback by email, reads their replies \
against the role's R2, and answers until the feedback is usable.

Start with `mailagent init DIR` (or `mailagent demo` to see it work offline), then run \
the other commands inside DIR. A bad setting or input stops with one line: `error: …`.
"""

app = typer.Typer(add_completion=False, no_args_is_help=True, help=USER_HELP)
import_app = typer.Typer(no_args_is_help=True, help="Import R2s, resumes and interviews.")
app.add_typer(import_app, name="import")
console = Console()


# ---------------------------------------------------------------- init


CONFIG_TEMPLATE = """\
# mailagent configuration. Every key can be overridden by MAILAGENT_<KEY> in the
# environment (nested keys with "__", e.g. MAILAGENT_CLAUDE__MODEL). Relative paths are
# relative to this file's folder.

# Where state lives: SQLite here, or postgresql+psycopg://user@host/db for several workers.
database_url = "sqlite:///mailagent.sqlite3"

# Inbound mail: a Maildir a local MTA delivers to, or imap[s]://user:pass@host:port/INBOX
inbox = "maildir:mail/inbox"

# Outbound mail: file:PATH (a local Maildir sink) or smtp[s]://user:pass@host:port
smtp = "file:mail/sent"

# The agent's address; replies come back to feedback+<token>@ this domain.
address = "{address}"
# Your organisation's name: it signs every mail and is the From name ("Acme Recruiting").
display_name = "Hiring team"

# "offline" (rule-based, no network) or "claude" (needs ANTHROPIC_API_KEY or claude.api_key).
brain = "offline"

# Signs reply tokens (HMAC). Keep it secret and stable: changing it orphans open threads.
secret = "{secret}"

# Days after the feedback request when reminders go out; the recruiter is cc'd from this
# day on.
reminder_days = [1, 3, 6]
recruiter_cc_from_day = 5
# An interview ungraded for longer than this excludes its pipeline from that week's
# LinkedIn publishing.
throttle_after_days = 7

# At most this many mails from the agent to one thread.
cap_per_hour = 3
cap_per_day = 10

# Where set, a reply counts only if the topmost Authentication-Results is from this server
# and shows dmarc=pass for the From domain, or dkim=pass signed by that domain or its
# organisational domain. Set it on any inbox the internet can write to.
# authserv_id = "mx.example.com"

# An out-of-office pauses the sender's reminders until its return date, at most this long.
ooo_max_pause_days = 30

# Calendar invitations: add the agent's address to an interview invitation and it books
# the interview. Your company's mail domains: only organizers there may book, and
# attendees there are the interviewers (the outside attendee is the candidate).
# internal_domains = ["example.com"]
# The pipeline of an invitation whose title or description has no [R2:<id>] tag.
# default_pipeline = "devops-aws"

# Addresses allowed to answer for an interviewer.
[delegates]
# "dana.whitfield@example.com" = ["assistant@example.com"]

[claude]
model = "claude-sonnet-4-6"
timeout_s = 30
max_attempts = 3
"""


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for config, database and mail.")] = Path(
        "."
    ),
    address: Annotated[
        str, typer.Option(help="The agent's own address.")
    ] = "feedback@mailagent.localhost",
) -> None:
    """Write a commented mailagent.toml with embedded defaults and create the database."""
    import secrets

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CONFIG_FILE
    if not path.exists():
        path.write_text(
            CONFIG_TEMPLATE.format(address=address, secret=secrets.token_hex(24)), encoding="utf-8"
        )
        console.print(f"wrote {path}")
    else:
        console.print(f"kept existing {path}")
    for sub in ("mail/inbox/new", "mail/inbox/cur", "mail/inbox/tmp"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    s = load_settings(path)
    built = build_app(s)
    built.close()
    console.print(f"database ready: {s.resolved_database_url}")


# ---------------------------------------------------------------- import


def _import(kind: str, run: Any) -> None:
    from mailagent.db import transaction

    built = open_app()
    try:
        with transaction(built.factory) as session:
            counts = run(session)
        console.print(f"{kind}: {counts}")
    finally:
        built.close()


@import_app.command("r2")
def import_r2_cmd(files: Annotated[list[Path], typer.Argument(help="R2 YAML files.")]) -> None:
    """Import recruitment specs (pipelines and their criteria)."""
    from mailagent.imports import import_r2_files

    _import("pipelines", lambda s: import_r2_files(s, files))


@import_app.command("candidates")
def import_candidates_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Resumes (.txt, .pdf, .docx), folders, or manifests (.csv, .yaml)."),
    ],
    candidate_id: Annotated[
        str | None, typer.Option("--id", help="Id for a single resume.")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="The address of record for a single resume.")
    ] = None,
) -> None:
    """Import candidates from resumes or manifests (id,name,email,resume).

    Candidate mail goes only to the address given here or in a manifest, never to one
    found in a resume.
    """
    from mailagent.imports import import_candidates

    loaded = settings()
    _import(
        "candidates",
        lambda s: import_candidates(
            s,
            paths,
            candidate_id=candidate_id,
            email=email,
            agent_address=loaded.address,
            delegates=loaded.delegates,
        ),
    )


@import_app.command("interviews")
def import_interviews_cmd(file: Annotated[Path, typer.Argument(help="CSV file.")]) -> None:
    """Import interviews from CSV (interview_id,pipeline,candidate,interviewer_email,held_at)."""
    from mailagent.imports import import_interviews

    _import("interviews", lambda s: import_interviews(s, file))


# ---------------------------------------------------------------- poll, tick, replay


@app.command()
def poll(
    once: Annotated[
        bool, typer.Option("--once", help="Poll once and print a JSON summary.")
    ] = True,
    now: Annotated[str | None, typer.Option(help="Pretend it is this time (ISO 8601).")] = None,
) -> None:
    """Fetch new mail, process it, and print what happened as JSON."""
    built = open_app()
    try:
        source = built.source()
        try:
            summary = built.intake().poll_once(source, now=parse_now(now))
        finally:
            source.close()
        print(json.dumps(summary.as_dict()))
    finally:
        built.close()


@app.command()
def tick(
    now: Annotated[str | None, typer.Option(help="Run as if it were this time (ISO 8601).")] = None,
    no_deliver: Annotated[bool, typer.Option("--no-deliver", help="Queue, do not send.")] = False,
) -> None:
    """Run one pass of scheduled work (requests, reminders, throttling, feedback, delivery)."""
    from mailagent.jobs.tick import run_tick

    built = open_app()
    try:
        report = run_tick(built, now=parse_now(now), deliver=not no_deliver)
        print(json.dumps(report.as_dict(), default=str))
    finally:
        built.close()


@app.command()
def replay(message_id: Annotated[int, typer.Argument(help="Stored message row id.")]) -> None:
    """Run a quarantined or set-aside message through the chain again.

    Refused (one line, nothing changed) for a duplicate of a stored message or mail that
    was answered already.
    """
    from mailagent.inbox.replay import reopen

    built = open_app()
    try:
        with built.factory() as session, session.begin():
            reopen(session, message_id)
        result = built.intake().process(message_id, now=datetime.now(UTC))
        console.print(f"message {message_id}: {result.value}")
    finally:
        built.close()


# ---------------------------------------------------------------- status


@app.command()
def status() -> None:
    """Show interviews, threads, the outbox and quarantined mail at a glance."""
    from mailagent.models import (
        Candidate,
        Disposition,
        Interview,
        MailMessage,
        OutboxMessage,
        Pipeline,
        Thread,
    )

    built = open_app()
    try:
        with built.factory() as session:
            table = Table(title="Interviews")
            for col in (
                "interview",
                "pipeline",
                "candidate",
                "interviewer",
                "state",
                "thread",
                "decision",
            ):
                table.add_column(col)
            rows = session.execute(
                select(Interview, Candidate.name, Pipeline.title)
                .join(Candidate, Candidate.id == Interview.candidate_id)
                .join(Pipeline, Pipeline.id == Interview.pipeline_id)
                .order_by(Interview.held_at)
                .limit(200)
            ).all()
            for interview, cname, ptitle in rows:
                thread = session.scalar(select(Thread).where(Thread.interview_id == interview.id))
                table.add_row(
                    interview.id,
                    ptitle,
                    cname,
                    interview.interviewer_email,
                    interview.state.value,
                    thread.status.value if thread else "-",
                    interview.final_decision or interview.stated_decision or "-",
                )
            console.print(table)
            outbox = dict(
                session.execute(
                    select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
                ).all()
            )
            inbound = dict(
                session.execute(
                    select(MailMessage.disposition, func.count()).group_by(MailMessage.disposition)
                ).all()
            )
            console.print(
                "outbox: " + (", ".join(f"{k.value}={v}" for k, v in outbox.items()) or "empty")
            )
            console.print(
                "inbound: " + (", ".join(f"{k.value}={v}" for k, v in inbound.items()) or "none")
            )
            quarantined = session.scalars(
                select(MailMessage)
                .where(MailMessage.disposition == Disposition.QUARANTINED)
                .limit(20)
            ).all()
            for q in quarantined:
                console.print(f"  quarantined #{q.id}: {q.error}")
            from mailagent.calendar.command import status_lines

            for line in status_lines(session, now=datetime.now(UTC)):
                console.print(line, markup=False, highlight=False, soft_wrap=True)
            from mailagent.dialogue.fallbacks import fallback_lines

            for line in fallback_lines(session):
                console.print(line, markup=False)
    finally:
        built.close()


# ---------------------------------------------------------------- wiring of stage commands


def _register_stage_commands() -> None:
    """Stage packages add their own commands (demo, eval, insights, jobs, inbox tools)."""
    from mailagent.demo import command as demo_command
    from mailagent.evaluation import command as eval_command
    from mailagent.inbox import command as inbox_command
    from mailagent.insights import command as insights_command
    from mailagent.jobs import command as jobs_command
    from mailagent.web import command as web_command

    for module in (
        demo_command,
        eval_command,
        inbox_command,
        insights_command,
        jobs_command,
        web_command,
    ):
        module.register(app)
    from mailagent.calendar import command as calendar_command

    calendar_command.register(import_app)


_register_stage_commands()


def main() -> None:
    try:
        app()
    except MailagentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
