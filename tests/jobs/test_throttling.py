"""Throttling across ISO weeks: excluded while an interview is ungraded for more than 7 days,
told once a week, restored the week after grading; the publishing list as JSON, CSV and a
webhook POST received by a real local HTTP server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.jobs.publishing import publishing_report, to_csv
from mailagent.jobs.throttling import iso_week
from mailagent.jobs.tick import run_tick
from mailagent.models import OutboxMessage, PublishingState
from tests.helpers import free_port
from tests.jobs.conftest import (
    HM,
    RECRUITER,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    body,
    grade,
    make_app,
)


def _status(app: App, week: str) -> str | None:
    with app.factory() as s:
        row = s.scalar(select(PublishingState).where(PublishingState.iso_week == week))
        return row.status.value if row else None


def _notices(app: App, kind: str = "throttle_notice") -> list[OutboxMessage]:
    with app.factory() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def _world(app: App) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1", held_at=T0)  # Monday of 2026-W23


def test_excluded_while_overdue_restored_next_week_after_grading(app: App, tmp_path: Path) -> None:
    _world(app)
    w23, w24, w25, w26 = "2026-W23", "2026-W24", "2026-W25", "2026-W26"
    run_tick(app, now=T0 + timedelta(days=3))
    assert _status(app, w23) == "publish"
    # Day 7 exactly is not "more than 7 days"; just after it is.
    run_tick(app, now=T0 + timedelta(days=7))
    assert _status(app, w24) == "publish"
    run_tick(app, now=T0 + timedelta(days=7, hours=1))
    assert _status(app, w24) == "exclude"
    # Ticks later in the week send nothing more.
    for h in (5, 30, 80):
        run_tick(app, now=T0 + timedelta(days=7, hours=h))
    assert len(_notices(app)) == 1
    # Still ungraded the next week: excluded again, told again (once).
    run_tick(app, now=T0 + timedelta(days=14, hours=1))
    run_tick(app, now=T0 + timedelta(days=15))
    assert _status(app, w25) == "exclude" and len(_notices(app)) == 2
    # Graded on Wednesday of W25: the exclusion stands for W25, W26 publishes.
    with transaction(app.factory) as s:
        grade(s, "iv-1", at=T0 + timedelta(days=16), decision="advance")
    run_tick(app, now=T0 + timedelta(days=17))
    assert _status(app, w25) == "exclude"
    run_tick(app, now=T0 + timedelta(days=21, hours=1))
    assert _status(app, w26) == "publish"
    assert len(_notices(app, "throttle_restored")) == 1

    notices = [m for m in Sent(tmp_path / "sent").to(HM) if "not published" in str(m["Subject"])]
    assert len(notices) == 2
    text = body(notices[0])
    assert RECRUITER in str(notices[0]["Cc"])
    # It explains rather than scolds: why, what is missing, and how it comes back.
    assert "isn't a penalty" in text and "Ann Lee" in text and w25 in text
    for scold in ("failed", "must", "unacceptable", "you forgot"):
        assert scold not in text.lower()


def test_publishing_list_json_csv_and_unrecorded_weeks(app: App) -> None:
    _world(app)
    at = T0 + timedelta(days=8)
    with app.factory() as s:
        # Before any tick the current week is computed on the fly, without writing.
        (row,) = publishing_report(s, week=iso_week(at), now=at)
        assert row.status == "exclude" and row.overdue == ["iv-1"]
        assert "not yet recorded" in row.reason
        assert s.scalar(select(PublishingState)) is None
    run_tick(app, now=at)
    with app.factory() as s:
        (row,) = publishing_report(s, week="2026-W24", now=at)
        assert (row.status, row.overdue) == ("exclude", ["iv-1"])
        (past,) = publishing_report(s, week="2026-W10", now=at)
        assert past.status == "publish" and past.reason == "no record for the week"
        csv_text = to_csv([row])
    assert csv_text.splitlines()[1].startswith("backend,Backend Engineer,2026-W24,exclude,")


class _Hook(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def webhook() -> Iterator[str]:
    _Hook.received = []
    server = HTTPServer(("127.0.0.1", free_port()), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/publishing"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_webhook_receives_the_same_json_on_change(tmp_path: Path, webhook: str) -> None:
    app = make_app(tmp_path, publishing_webhook=webhook)
    try:
        _world(app)
        run_tick(app, now=T0 + timedelta(days=1))
        run_tick(app, now=T0 + timedelta(days=1, hours=2))  # no change: no POST
        run_tick(app, now=T0 + timedelta(days=8))
    finally:
        app.close()
    assert [p["week"] for p in _Hook.received] == ["2026-W23", "2026-W24"]
    last = _Hook.received[-1]["pipelines"][0]
    assert last["pipeline"] == "backend" and last["status"] == "exclude"
    assert last["overdue"] == ["iv-1"]


def test_cli_publishing_prints_json_and_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from mailagent.cli import app as cli

    app = make_app(tmp_path)
    _world(app)
    run_tick(app, now=T0 + timedelta(days=8))
    app.close()
    (tmp_path / "mailagent.toml").write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        f'inbox = "maildir:{tmp_path}/inbox"\nsmtp = "file:{tmp_path}/sent"\n'
        'address = "feedback@hire.test.example"\nsecret = "test-secret-0123456789abcdef"\n'
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["publishing", "--week", "2026-W24"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["pipelines"][0]["status"] == "exclude"
    out = runner.invoke(cli, ["publishing", "--week", "2026-W24", "--format", "csv"])
    assert out.exit_code == 0 and out.output.startswith("pipeline,title,week,status")
