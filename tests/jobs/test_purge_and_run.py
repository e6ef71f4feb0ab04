"""Retention purge keeps the audit trail; ``mailagent run`` works until SIGTERM and stops
cleanly after the job in hand."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.jobs.purge import purge
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    ApprovalEvent,
    AssessmentRecord,
    Candidate,
    FeedbackDraft,
    MailMessage,
)
from tests.jobs.conftest import (
    HM,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    grade,
    make_app,
)


def _approved_and_sent(app: App, tmp: Path) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_candidate(s, "bob", email="bob@home.example")
        add_interview(s, "iv-1")
        add_interview(s, "iv-2", candidate="bob")
        grade(s, "iv-1", at=T0, verdicts={"kafka": ("not_met", "no consumer groups")})
        grade(s, "iv-2", at=T0, verdicts={"kafka": ("not_met", "no partitions")})
    run_tick(app, now=T0 + timedelta(hours=1))
    requests = [m for m in Sent(tmp / "sent").to(HM) if "Ann Lee" in str(m["Subject"])]
    at = T0 + timedelta(days=1)
    deliver(
        tmp / "inbox", reply_to(requests[0], from_name="Ken", from_addr=HM, text="APPROVE", date=at)
    )
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()
    run_tick(app, now=at)
    run_tick(app, now=at + timedelta(minutes=1))


def test_purge_removes_resume_mail_and_prompts_but_keeps_the_audit(
    app: App, tmp_path: Path
) -> None:
    _approved_and_sent(app, tmp_path)
    with app.factory() as s:
        events_before = s.scalar(select(func.count(ApprovalEvent.id)))
        hm_reply = s.scalar(select(MailMessage).where(MailMessage.from_addr == HM))
        assert hm_reply is not None and hm_reply.raw
        s.add(
            AssessmentRecord(
                thread_id=hm_reply.thread_id,
                message_row_id=hm_reply.id,
                brain="fake",
                data={"summary": "prompt text about Ann"},
                move="complete",
            )
        )
        s.commit()
    with transaction(app.factory) as s:
        early = purge(s, older_than=timedelta(days=180), now=T0 + timedelta(days=100))
    assert early.candidates == []
    with transaction(app.factory) as s:
        report = purge(s, older_than=timedelta(days=180), now=T0 + timedelta(days=200))
    # Ann's application is closed; Bob's draft still waits for the HM, so he is kept.
    assert report.candidates == ["ann"] and report.messages >= 1 and report.assessments == 1
    with app.factory() as s:
        ann = s.get(Candidate, "ann")
        assert ann is not None and ann.resume_text is None and ann.purged_at is not None
        assert s.scalar(select(MailMessage.raw).where(MailMessage.id == hm_reply.id)) is None
        assert s.scalar(select(AssessmentRecord.data)) == {"purged": True}
        assert s.scalar(select(func.count(ApprovalEvent.id))) == events_before
        bob = s.get(Candidate, "bob")
        assert bob is not None and bob.resume_text is not None
        assert s.scalar(select(func.count(FeedbackDraft.id))) == 2


def test_open_applications_are_not_purged(app: App) -> None:
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1")
    with transaction(app.factory) as s:
        report = purge(s, older_than=timedelta(days=1), now=T0 + timedelta(days=400))
    assert report.candidates == []


def test_run_polls_ticks_and_stops_on_sigterm(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    now = datetime.now(UTC)
    with transaction(app.factory) as s:
        add_pipeline(s)
        add_candidate(s)
        add_interview(s, "iv-1", held_at=now - timedelta(hours=1))
    app.close()
    config = tmp_path / "mailagent.toml"
    config.write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        f'inbox = "maildir:{tmp_path}/inbox"\nsmtp = "file:{tmp_path}/sent"\n'
        'address = "feedback@hire.test.example"\nsecret = "test-secret-0123456789abcdef"\n'
        "poll_interval_s = 0.2\ntick_interval_s = 0.2\n"
    )
    env = {**os.environ, "MAILAGENT_CONFIG": str(config)}
    child = subprocess.Popen(
        [sys.executable, "-m", "mailagent.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Sent(tmp_path / "sent").to(HM):
            time.sleep(0.1)
        assert len(Sent(tmp_path / "sent").to(HM)) == 1
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=20)
        assert child.returncode == 0, err
        assert "finishing the job in hand" in err
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.communicate()
