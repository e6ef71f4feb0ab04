"""CLI commands of the jobs stage: run, publishing, notify-rejection, purge, outbox.

``mailagent publishing --week 2026-W48 --format csv`` prints, for example::

    pipeline,title,week,status,reason,overdue
    devops-aws,DevOps Engineer (AWS),2026-W48,exclude,1 interview(s) ungraded ...,iv-7
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from sqlalchemy import select

from mailagent.errors import MailagentError

outbox_app = typer.Typer(no_args_is_help=True, help="Inspect the outbox; settle uncertain mail.")


def _open() -> Any:
    from mailagent.site import open_app

    return open_app()


def _now(value: str | None) -> Any:
    from mailagent.site import parse_now

    return parse_now(value)


def run() -> None:
    """Poll, tick and deliver until SIGTERM, finishing the step in hand."""
    import logging

    from mailagent.jobs.scheduler import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    built = _open()
    try:
        run_forever(built)
    finally:
        built.close()


def publishing(
    week: Annotated[
        str | None, typer.Option(help="ISO week, e.g. 2026-W48 (default: now).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    post: Annotated[bool, typer.Option("--post", help="Also POST it to the webhook.")] = False,
    now: Annotated[str | None, typer.Option(help="Pretend it is this time (ISO 8601).")] = None,
) -> None:
    """List each pipeline as publish or exclude for one ISO week, with the reason."""
    from mailagent.jobs.overdue import iso_week, week_start
    from mailagent.jobs.publishing import post_webhook, publishing_report, to_csv, to_json

    at = _now(now)
    chosen = week or iso_week(at)
    try:
        week_start(chosen)
    except (ValueError, IndexError) as exc:
        raise MailagentError(f"--week: expected e.g. 2026-W48, got {chosen!r}") from exc
    if fmt not in ("json", "csv"):
        raise MailagentError(f"--format: expected json or csv, got {fmt!r}")
    built = _open()
    try:
        with built.factory() as session:
            rows = publishing_report(
                session, week=chosen, now=at, after_days=built.settings.throttle_after_days
            )
        print(
            to_json(chosen, rows) if fmt == "json" else to_csv(rows),
            end="\n" if fmt == "json" else "",
        )
        if post:
            url = built.settings.publishing_webhook
            if not url:
                raise MailagentError("--post: publishing_webhook is not configured")
            try:
                post_webhook(url, chosen, rows)
            except OSError as exc:
                raise MailagentError(f"webhook {url}: {exc}") from exc
    finally:
        built.close()


def notify_rejection(
    pipeline: Annotated[str, typer.Argument(help="Pipeline id.")],
    candidate: Annotated[str, typer.Argument(help="Candidate id.")],
    reason: Annotated[str, typer.Option(help="assessment, role_filled or legal.")],
    actor: Annotated[str, typer.Option("--by", help="Your address (recorded as approver).")],
    detail: Annotated[str, typer.Option(help="For legal: the requirement, briefly.")] = "",
) -> None:
    """Send a generic rejection notice to a candidate who was not interviewed."""
    from mailagent.jobs.rejection import notify_rejection as notify

    built = _open()
    try:
        with built.factory() as session, session.begin():
            draft = notify(
                session,
                built.mailer,
                built.renderer,
                pipeline_id=pipeline,
                candidate_id=candidate,
                reason=reason,
                actor=actor,
                now=_now(None),
                detail=detail,
            )
            print(json.dumps({"draft": draft.id, "state": draft.state.value}))
    finally:
        built.close()


def purge(
    older_than: Annotated[str, typer.Option("--older-than", help="e.g. 180d or 26w.")] = "180d",
    now: Annotated[str | None, typer.Option(help="Pretend it is this time (ISO 8601).")] = None,
) -> None:
    """Remove resumes, raw mail and prompts of closed, rejected candidates (audit kept)."""
    from dataclasses import asdict

    from mailagent.jobs.purge import parse_age
    from mailagent.jobs.purge import purge as run_purge

    age = parse_age(older_than)
    built = _open()
    try:
        with built.factory() as session, session.begin():
            report = run_purge(session, older_than=age, now=_now(now))
        print(json.dumps(asdict(report)))
    finally:
        built.close()


@outbox_app.command("list")
def outbox_list(
    state: Annotated[str | None, typer.Option(help="Only this state.")] = None,
) -> None:
    """Undelivered mail (or one state): id, state, kind, recipients, last error."""
    from mailagent.models import OutboxMessage, OutboxState

    built = _open()
    try:
        with built.factory() as session:
            query = select(OutboxMessage).order_by(OutboxMessage.id)
            if state:
                query = query.where(OutboxMessage.state == OutboxState(state))
            else:
                query = query.where(OutboxMessage.state != OutboxState.SENT)
            for row in session.scalars(query):
                print(
                    f"{row.id}\t{row.state.value}\t{row.kind}\t{','.join(row.to_addrs)}\t"
                    f"{row.last_error or ''}"
                )
    finally:
        built.close()


@outbox_app.command("resolve")
def outbox_resolve(
    outbox_id: Annotated[int, typer.Argument(help="Outbox row id.")],
    sent: Annotated[bool, typer.Option("--sent", help="It did reach the recipient.")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="It did not; send it again.")] = False,
) -> None:
    """Settle an uncertain candidate mail: it was sent, or send it again."""
    from mailagent.outbox.queue import resolve_uncertain

    if sent == resend:
        raise MailagentError("give exactly one of --sent or --resend")
    built = _open()
    try:
        with built.factory() as session, session.begin():
            row = resolve_uncertain(session, outbox_id=outbox_id, sent=sent, now=_now(None))
            print(f"outbox #{row.id}: {row.state.value}")
    finally:
        built.close()


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("publishing")(publishing)
    app.command("notify-rejection")(notify_rejection)
    app.command("purge")(purge)
    app.add_typer(outbox_app, name="outbox")
