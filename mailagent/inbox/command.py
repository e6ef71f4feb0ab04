"""Inbox commands for the ``mailagent`` CLI: ``smtpd`` and ``inspect``.

``cli.py`` calls :func:`register` when this module exists::

    $ mailagent inspect reply.eml --json
    {"sender": "ken.morita@example.com", ..., "guard": {"verdict": "accept", ...}}
    $ mailagent smtpd --port 2525
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("smtpd")(smtpd)
    app.command("inspect")(inspect)


def smtpd(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8025,
) -> None:
    """Receive mail over SMTP for the agent's address; 250 only once it is stored."""
    from mailagent.inbox.smtpd import serve
    from mailagent.site import open_app

    built = open_app()
    try:
        typer.echo(f"mailagent smtpd: accepting mail for {built.settings.address} on {host}:{port}")
        serve(built, host=host, port=port)
    finally:
        built.close()


def inspect(
    file: Annotated[Path, typer.Argument(help="A message file (.eml).", exists=True)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show what the agent sees in one message: route, guard, defects, visible text."""
    from mailagent.errors import MailagentError
    from mailagent.inbox.inspect import inspect_message
    from mailagent.site import settings

    try:
        loaded = settings()
    except MailagentError as exc:
        typer.echo(f"note: no usable configuration ({exc}); routing skipped", err=True)
        loaded = None
    result = inspect_message(file.read_bytes(), settings=loaded)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(result.as_text())
