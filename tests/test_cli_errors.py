"""What a new user meets first on the command line: one-line errors, never a traceback,
and no database made in a folder that is not a site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def mailagent(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MAILAGENT_")}
    return subprocess.run(
        [sys.executable, "-m", "mailagent", *args],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    done = mailagent(tmp_path, "init", "site")
    assert done.returncode == 0, done.stderr
    return tmp_path / "site"


def test_status_outside_a_site_says_init_and_creates_nothing(tmp_path: Path) -> None:
    done = mailagent(tmp_path, "status")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "mailagent init" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_plain_list_of_reminder_days_is_accepted(site: Path) -> None:
    done = mailagent(site, "status", MAILAGENT_REMINDER_DAYS="1,3,6")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAILAGENT_REMINDER_DAYS", "1,x"),
        ("MAILAGENT_REMINDER_DAYS", "[1,3"),
        ("MAILAGENT_DELEGATES", "{bad"),
        ("MAILAGENT_CAP_PER_DAY", "lots"),
    ],
)
def test_a_bad_environment_value_stops_with_one_line(site: Path, name: str, value: str) -> None:
    done = mailagent(site, "status", **{name: value})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {name}"), done.stderr


def test_help_reads_as_user_help(tmp_path: Path) -> None:
    done = mailagent(tmp_path, "--help")
    assert done.returncode == 0
    assert "mailagent init DIR" in done.stdout
    assert "typer" not in done.stdout and "``" not in done.stdout
