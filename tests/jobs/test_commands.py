"""The jobs CLI commands end to end on a temp config: notify-rejection, outbox, purge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mailagent.cli import app as cli
from mailagent.config import load_settings
from mailagent.db import transaction
from mailagent.models import OutboxMessage, OutboxState
from tests.jobs.conftest import RECRUITER, add_candidate, add_pipeline, make_app


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    app = make_app(tmp_path)
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
    app.close()
    (tmp_path / "mailagent.toml").write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        f'inbox = "maildir:{tmp_path}/inbox"\nsmtp = "file:{tmp_path}/sent"\n'
        'address = "feedback@hire.test.example"\nsecret = "test-secret-0123456789abcdef"\n'
    )
    monkeypatch.delenv("MAILAGENT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_notify_rejection_then_outbox_list_and_resolve(workdir: Path) -> None:
    runner = CliRunner()
    args = ["notify-rejection", "backend", "ann", "--reason", "role_filled", "--by", RECRUITER]
    out = runner.invoke(cli, args)
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["state"] == "approved"
    # One notice per application: the second is refused with a one-line error.
    again = runner.invoke(cli, args)
    assert again.exit_code != 0

    listed = runner.invoke(cli, ["outbox", "list"])
    assert listed.exit_code == 0 and "candidate_feedback" in listed.output

    # The same database the CLI used (on PostgreSQL, this test's own schema).
    app = make_app(workdir, database_url=load_settings(workdir / "mailagent.toml").database_url)
    with transaction(app.factory) as s:
        row = s.query(OutboxMessage).one()
        row.state = OutboxState.UNCERTAIN
        row_id = row.id
    app.close()
    assert runner.invoke(cli, ["outbox", "resolve", str(row_id)]).exit_code != 0
    done = runner.invoke(cli, ["outbox", "resolve", str(row_id), "--resend"])
    assert done.exit_code == 0 and "pending" in done.output


def test_purge_command_reports_json(workdir: Path) -> None:
    out = CliRunner().invoke(cli, ["purge", "--older-than", "180d"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["candidates"] == []
    bad = CliRunner().invoke(cli, ["purge", "--older-than", "soon"])
    assert bad.exit_code != 0
