"""Registers ``mailagent insights`` on the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def insights(
        pipeline: Annotated[str | None, typer.Option(help="Only this pipeline.")] = None,
        since: Annotated[
            str | None, typer.Option(help="Only interviews held on or after this date.")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="table, json or html.")
        ] = "table",
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write to this file.")
        ] = None,
    ) -> None:
        """Funnel insights: which R2 criteria rejected candidates lacked, and what to change."""
        from mailagent.errors import ConfigError
        from mailagent.insights.build import insights_command
        from mailagent.site import open_app

        if fmt not in ("table", "json", "html"):
            raise ConfigError(f"--format: expected table, json or html, got {fmt!r}")
        try:
            since_date = date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise ConfigError(f"--since: {since!r} is not a date (YYYY-MM-DD)") from exc
        chosen: Literal["table", "json", "html"] = fmt  # type: ignore[assignment]
        built = open_app()
        try:
            with built.factory() as session:
                text = insights_command(session, pipeline=pipeline, since=since_date, fmt=chosen)
        finally:
            built.close()
        if output is not None:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"wrote {output}")
        else:
            typer.echo(text)
