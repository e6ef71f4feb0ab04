"""Issue #14, through the engine and intake: the Claude brain in real conversations on
the demo data, with the fake Messages API over HTTP."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.demo.run import data_dir
from mailagent.dialogue.claude import ClaudeBrain, make_client
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from mailagent.models import AssessmentRecord, ModelCallRecord, OutboxMessage
from tests import testdb
from tests.conversation import Conversation
from tests.dialogue.claude_helpers import record
from tests.fakes.anthropic_server import FakeAnthropic, running_fake_anthropic
from tests.helpers import T0, make_settings

TARIQ = "tariq.aziz@demo.example"
SPECIFIC = (
    "Hana's SQL was strong: she rewrote our slowest warehouse query with window functions "
    "and explained the plan."
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    with running_fake_anthropic() as server:
        yield server


def claude_app(tmp: Path, fake: FakeAnthropic, **over: object) -> App:
    client = make_client(api_key="test", base_url=fake.url, timeout_s=10)
    brain = ClaudeBrain(
        client=client, fallback=OfflineBrain(), rephrase=False, sleep=lambda _s: None
    )
    app = build_app(make_settings(tmp, **over), brain=brain)
    data = data_dir()
    with transaction(app.factory) as session:
        import_r2_files(session, sorted((data / "r2").glob("*.yaml")))
        import_candidates(session, [data / "resumes"])
        import_interviews(session, data / "interviews.csv")
    return app


def tariq(app: App) -> Conversation:
    return Conversation(app, "demo-1", hm=TARIQ, hm_name="Tariq Aziz", start=T0)


def test_a_refusal_on_a_thread_with_signal_does_not_complete_it(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    app = claude_app(tmp_path, fake)
    hm = tariq(app)
    fake.reply_tool_use(
        record(
            verdicts=[{"key": "sql_warehouse", "verdict": "met", "quote": SPECIFIC[:60]}],
            issues=["vague"],
        )
    )
    assert hm.says(SPECIFIC).kind == "follow_up"
    # The model refuses the next reply with an empty tool call.
    fake.refuse()

    answer = hm.says("Honestly? Meh.")

    assert answer.kind != "complete"
    with app.factory() as s:
        last = s.scalars(select(AssessmentRecord).order_by(AssessmentRecord.id.desc())).first()
        assert last is not None
        assert last.brain == "offline" and last.failure == "answer"
        assert last.model == "claude-sonnet-4-6"
        calls = s.scalars(
            select(ModelCallRecord).where(ModelCallRecord.assessment_id == last.id)
        ).all()
        assert [c.outcome for c in calls] == ["stop_reason refusal"]
    app.close()


def test_a_bad_key_is_told_once_a_day_and_shown_in_status(
    tmp_path: Path, fake: FakeAnthropic, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = claude_app(tmp_path, fake, claude={"admin_email": "ops@hire.test.example"})
    hm = tariq(app)
    for _ in range(3):
        fake.reply_error(401, "authentication_error", "invalid x-api-key")

    answers = [hm.says("Not a fit."), hm.says("Still not a fit."), hm.says("No.")]

    assert all(a.kind != "none" for a in answers)
    with app.factory() as s:
        notices = s.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "claude_misconfigured")
        ).all()
        failures = s.scalars(select(AssessmentRecord.failure)).all()
    assert len(notices) == 1 and notices[0].to_addrs == ["ops@hire.test.example"]
    assert "invalid x-api-key" in notices[0].body_text
    assert failures == ["configuration"] * 3

    from mailagent.cli import app as cli

    monkeypatch.chdir(tmp_path)
    # `status` runs only inside a site: a config file, the database from the environment.
    (tmp_path / "mailagent.toml").write_text('secret = "test-secret-0123456789abcdef"\n')
    monkeypatch.setenv("MAILAGENT_DATABASE_URL", app.settings.database_url)
    shown = CliRunner().invoke(cli, ["status"])
    assert shown.exit_code == 0, shown.output
    assert "claude fallbacks" in shown.output
    assert "configuration=3" in shown.output
    app.close()


@pytest.mark.skipif(testdb.backend() != "sqlite", reason="the SQLite write lock is the point")
def test_another_writer_is_not_blocked_while_the_model_thinks(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    app = claude_app(tmp_path, fake)
    hm = tariq(app)
    fake.reply_tool_use(
        record(
            verdicts=[{"key": "sql_warehouse", "verdict": "met", "quote": SPECIFIC[:60]}],
            decision="advance",
        )
    )
    fake.hold()
    answers: list[str] = []
    worker = threading.Thread(target=lambda: answers.append(hm.says(SPECIFIC).kind))
    worker.start()
    try:
        assert fake.wait_in_flight(1), "the model call never started"
        # Another process writes while the call is in flight. With no busy timeout at
        # all, this fails at once if anyone holds the write lock.
        db = str(tmp_path / "t.sqlite3")
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE candidates SET email = email")
            other.execute("COMMIT")
        finally:
            other.close()
    finally:
        fake.release()
        worker.join(timeout=30)
    assert answers == ["complete"]
    app.close()


def test_a_thread_that_moved_while_the_model_thought_is_redone(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    app = claude_app(tmp_path, fake)
    hm = tariq(app)
    for _ in range(2):
        fake.reply_tool_use(
            record(
                verdicts=[{"key": "sql_warehouse", "verdict": "met", "quote": SPECIFIC[:60]}],
                decision="advance",
            )
        )
    fake.hold()
    answers: list[str] = []
    worker = threading.Thread(target=lambda: answers.append(hm.says(SPECIFIC).kind))
    worker.start()
    try:
        assert fake.wait_in_flight(1)
        # A tick sends a reminder on this thread meanwhile: the history the model saw is old.
        from mailagent.models import Interview, Thread

        with transaction(app.factory) as s:
            thread = s.scalar(select(Thread).where(Thread.interview_id == "demo-1"))
            assert thread is not None
            thread.follow_ups += 1
            iv = s.get(Interview, "demo-1")
            assert iv is not None
            iv.stated_decision = "advance"
    finally:
        fake.release()
        worker.join(timeout=30)
    assert answers == ["complete"]
    # Two assessments were asked for (the first one's thread had moved); one recorded.
    assert len(fake.requests) == 2
    with app.factory() as s:
        assert len(s.scalars(select(AssessmentRecord)).all()) == 1
    app.close()


def test_a_rephrased_answer_is_sent_and_its_call_recorded(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    app = claude_app(tmp_path, fake)
    app.dialogue.brain.rephrase = True  # type: ignore[attr-defined]
    hm = tariq(app)
    fake.reply_tool_use(record(issues=["useless"], decision="reject"))
    # The model's wording of the follow-up: at least as many questions, in other words.
    fake.reply_text("Hi Tariq,\n\nThanks! " + "Could you say more? " * 6 + "\n\nmailagent")

    answer = hm.says("Not a fit.")

    assert answer.kind == "follow_up"
    assert answer.text.startswith("Hi Tariq,\n\nThanks! Could you say more?")
    with app.factory() as s:
        [assessment] = s.scalars(select(AssessmentRecord)).all()
        calls = s.scalars(select(ModelCallRecord).order_by(ModelCallRecord.id)).all()
    assert [(c.purpose, c.outcome) for c in calls] == [("assess", "ok"), ("phrase", "ok")]
    assert assessment.llm_calls == 2
    assert assessment.output_tokens == sum(c.output_tokens for c in calls)
    app.close()


def test_a_crashed_workers_claim_is_taken_over_and_recorded_once(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    from mailagent.inbox.intake import CLAIM_FOR
    from mailagent.models import Disposition, MailMessage

    app = claude_app(tmp_path, fake)
    hm = tariq(app)
    fake.default_answer = record(issues=["useless"])
    fake.hold()
    first = threading.Thread(target=lambda: hm.says("Not a fit."))
    first.start()
    try:
        assert fake.wait_in_flight(1)
        # The first worker is stuck past its claim: another worker takes the message over.
        later = hm.now + CLAIM_FOR + CLAIM_FOR
        second = threading.Thread(target=lambda: app.intake().process_pending(now=later))
        second.start()
        assert fake.wait_in_flight(2)
    finally:
        fake.release()
        first.join(timeout=30)
        second.join(timeout=30)
    with app.factory() as s:
        assessments = s.scalars(select(AssessmentRecord)).all()
        rows = s.scalars(select(MailMessage).where(MailMessage.sender_role.is_not(None))).all()
    assert len(fake.requests) == 2
    assert len(assessments) == 1
    assert [r.disposition for r in rows] == [Disposition.ACCEPTED]
    assert rows[0].claimed_by is None
    app.close()
