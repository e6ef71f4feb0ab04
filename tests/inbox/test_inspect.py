"""``mailagent inspect FILE.eml [--json]``: an operator's view of one message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from mailagent.inbox.inspect import inspect_message
from mailagent.models import MailMessage
from tests.inbox.conftest import AGENT, AppFactory, message, seed_interview

REPO = Path(__file__).resolve().parents[2]


def _cli(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "mailagent.cli", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_inspect_shows_route_guard_and_visible_text_against_the_database(
    make_app: AppFactory, workdir: Path
) -> None:
    app = make_app("maildir:unused")
    seeded = seed_interview(app)
    raw = message(
        to=f"feedback+{seeded.token}@hire.example",
        in_reply_to=seeded.request_message_id,
        body="Strong Python.\r\n\r\nOn Mon, Jun 2, 2025 at 9:00 AM mailagent wrote:\r\n> Hi Ken",
    )

    result = inspect_message(raw, settings=app.settings)

    assert result.sender == "ken.morita@example.com"
    assert f"feedback+{seeded.token}@hire.example" in result.recipients
    assert result.in_reply_to == seeded.request_message_id
    assert result.references == [seeded.request_message_id]
    assert result.route["thread_id"] == seeded.thread_id
    assert (result.route["via"], result.route["role"]) == ("token", "interviewer")
    assert result.guard["verdict"] == "accept"
    assert result.visible_text == "Strong Python."
    # Inspecting stores nothing.
    with app.factory() as session:
        assert session.scalar(select(func.count(MailMessage.id))) == 0


def test_inspect_reports_guard_and_defects_without_a_database(workdir: Path) -> None:
    raw = (
        b"From: MAILER-DAEMON@mx.example.com\r\nTo: feedback@hire.example\r\n"
        b"Subject: failure\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n"
    )
    result = inspect_message(raw)
    # From a mailer-daemon but not a delivery-status report: automated, never a bounce.
    assert (result.guard["verdict"], result.guard["rule"]) == ("auto", "mailer_daemon")
    assert result.route["thread_id"] is None
    assert result.defects


def test_inspect_reports_a_message_over_a_limit_as_quarantined() -> None:
    parts = "".join(f"--b\r\nContent-Type: text/plain\r\n\r\n{i}\r\n" for i in range(200))
    raw = ('Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + "--b--\r\n").encode()
    result = inspect_message(raw)
    assert result.guard["verdict"] == "quarantine"
    assert "MIME parts" in (result.error or "")


def test_cli_inspect_json_and_text(make_app: AppFactory, workdir: Path) -> None:
    app = make_app("maildir:unused")
    seeded = seed_interview(app)
    eml = workdir / "reply.eml"
    eml.write_bytes(message(to=f"feedback+{seeded.token}@hire.example", body="Fine."))
    (workdir / "mailagent.toml").write_text(
        f'database_url = "sqlite:///t.db"\nsecret = "{"x" * 32}"\naddress = "{AGENT}"\n',
        encoding="utf-8",
    )
    env = {"MAILAGENT_CONFIG": str(workdir / "mailagent.toml")}

    data = json.loads(_cli(["inspect", str(eml), "--json"], cwd=workdir, env=env))
    text = _cli(["inspect", str(eml)], cwd=workdir, env=env)

    assert data["route"]["thread_id"] == seeded.thread_id
    assert data["guard"] == {"verdict": "accept", "rule": "accept", "detail": ""}
    assert data["visible_text"] == "Fine."
    assert f"thread {seeded.thread_id} via token" in text
    assert "Visible text:\nFine." in text
