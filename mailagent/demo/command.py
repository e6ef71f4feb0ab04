"""Registers ``mailagent demo`` on the CLI."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        directory: Annotated[
            Path | None,
            typer.Option("--dir", help="Keep the demo's config, mail and database here."),
        ] = None,
    ) -> None:
        """Play three HM conversations through the real mail path, offline, and summarise."""
        from mailagent.demo.run import run_demo

        console = Console()
        started = time.monotonic()
        if directory is None:
            with tempfile.TemporaryDirectory(prefix="mailagent-demo-") as tmp:
                run_demo(Path(tmp), console, kept=False).close()
            console.print("\nTo keep the demo's site and try the other commands on it, run "
                          "`mailagent demo --dir DIR`.")
        else:
            run_demo(directory.resolve(), console).close()
            console.print(
                f"\nThe demo's state is in {directory}: try `cd {directory} && mailagent status`."
            )
            console.print(
                f"The recruiter's page: `cd {directory} && mailagent web`, open "
                "http://127.0.0.1:8080/ and sign in as rob.kaplan@demo.example (the link is "
                "printed there, and mailed to mail/sent)."
            )
        console.print(f"[dim]demo finished in {time.monotonic() - started:.1f} s[/dim]")
