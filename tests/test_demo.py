"""``mailagent demo``: the three conversations, from real mail in and out, then the CLI
works against the demo's folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from mailagent.config import load_settings
from mailagent.db import make_engine, session_factory
from mailagent.models import (
    CriterionRecord,
    Escalation,
    Interview,
    InterviewState,
    OutboxMessage,
    RecordStatus,
)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILAGENT_", "ANTHROPIC_"))}
    env["COLUMNS"] = "160"
    return subprocess.run(
        [sys.executable, "-m", "mailagent", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_plays_three_conversations_and_leaves_a_usable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = _run(["demo", "--dir", str(folder)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # One conversation each: vague → follow-up → specific; push-back; escalation.
    assert "could you be more specific" in out
    assert "resume seems to say otherwise" in out
    assert "Runs six production Kubernetes clusters (EKS)" in out
    assert "cc: rob.kaplan@demo.example" in out
    assert "Summary" in out
    assert "calendar invitation from rob.kaplan@demo.example → booked cal-" in out
    assert "Jun Park with Tariq Aziz for data-engineer, feedback asked after 2026-06-08 09:00" in (
        out
    )

    engine = make_engine(load_settings(folder / "mailagent.toml").resolved_database_url)
    with session_factory(engine)() as s:
        states = {iv.id: iv.state for iv in s.scalars(select(Interview))}
        booked = {k: v for k, v in states.items() if k.startswith("cal-")}
        assert {k: v for k, v in states.items() if k not in booked} == {
            f"demo-{i}": InterviewState.GRADED for i in (1, 2, 3)
        }
        # One more, booked by the recruiter's calendar invitation: asked after it ends.
        assert list(booked.values()) == [InterviewState.SCHEDULED]
        recorded = {
            (r.interview_id, r.criterion_key, r.verdict)
            for r in s.scalars(
                select(CriterionRecord).where(CriterionRecord.status == RecordStatus.RECORDED)
            )
        }
        assert ("demo-1", "data_quality", "not_met") in recorded
        assert ("demo-2", "incident_leadership", "not_met") in recorded
        assert ("demo-3", "observability", "not_met") in recorded
        # The contradicted Kubernetes claim is not on the record as a reason.
        assert ("demo-2", "kubernetes_ops", "not_met") not in recorded
        (escalation,) = s.scalars(select(Escalation)).all()
        assert escalation.interview_id == "demo-3"
        # The remark lives only in the escalation, never in a verdict quote.
        assert all("kids" not in r.quote for r in s.scalars(select(CriterionRecord)))
        kinds = sorted(o.kind for o in s.scalars(select(OutboxMessage)) if o.interview_id)
        assert kinds.count("feedback_request") == 3 and "push_back" in kinds
    engine.dispose()

    status = _run(["status"], cwd=folder)
    assert status.returncode == 0, status.stderr
    assert "demo-3" in status.stdout and "graded" in status.stdout
    assert "booked by invitation (feedback asked after the end):" in status.stdout


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "mailagent.toml").write_text('brain = "gpt"\n')
    done = _run(["status"], cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'mailagent.toml'}: brain: Input should be 'offline' or 'claude'"
    ]
    bad_csv = tmp_path / "x.csv"
    bad_csv.write_text("interview_id\n")
    (tmp_path / "mailagent.toml").write_text("")
    done = _run(["import", "interviews", str(bad_csv)], cwd=tmp_path)
    assert done.returncode == 2
    assert "x.csv:1: missing column(s)" in done.stderr


def test_init_writes_a_commented_config_and_creates_the_database(tmp_path: Path) -> None:
    done = _run(["init", str(tmp_path / "site")], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "site" / "mailagent.toml").read_text()
    assert text.startswith("# mailagent configuration.")
    assert 'brain = "offline"' in text and 'inbox = "maildir:mail/inbox"' in text
    assert (tmp_path / "site" / "mailagent.sqlite3").exists()
    again = _run(["init", str(tmp_path / "site")], cwd=tmp_path)
    assert "kept existing" in again.stdout
