"""After a corpus of replies with protected remarks, no remark is stored anywhere but in
``escalations``, the raw mail, and the escalation mail to the recruiter.

The scenarios of ``tests/data/corpora/care-support`` and ``data-eng`` and the demo's
conversations are played through the real engine (offline brain, SQLite), each once as
written and once with a protected remark added to its first reply; then every text
column of every table is read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import JSON, String, Text, create_engine, inspect, select

from mailagent.app import App
from mailagent.demo.hm import deliver, reply_to
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.evaluation.corpus import Scenario, load_corpus
from mailagent.evaluation.scenarios import _play
from mailagent.jobs.tick import run_tick
from mailagent.models import Base, OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "tests/data/corpora/care-support", ROOT / "tests/data/corpora/data-eng"]

# Remarks in several wordings, languages and disguises (our own, not from any test set).
REMARKS = [
    "Also, at 58 she may struggle to keep up with the team.",
    "She mentioned her two toddlers, so on-call is unrealistic.",
    "Honestly he is pr3gnant-partner-level distracted, his wife is exp\u200becting twins.",
    "Wears a hijab, which clients may not like.",
    "Er ist Ausländer und spricht mit starkem Akzent.",
    "Elle est enceinte, donc pas pour ce poste.",
    "Tiene una discapacidad y usa silla de ruedas.",
    "Not really one of the lads, would not come for beers with us.",
    "He is very religious and prays at work.",
    "I think she is gay, which is fine, but the clients are old-fashioned.",
    "Nigerian guy, the team might not gel with him.",
    "She is on the spectrum, a bit autistic in meetings.",
]
# Tables that may hold a remark: the escalation record, and the raw mail as it came.
ALLOWED_TABLES = {"escalations", "messages"}
# Outbound mail that may quote it: the escalation notice to the recruiter.
ALLOWED_OUTBOX_KINDS = {"escalation_notice", "send_blocked"}


def _scenarios() -> list[tuple[Any, Scenario]]:
    played = []
    for folder in CORPORA:
        corpus = load_corpus(folder)
        for i, scenario in enumerate(corpus.scenarios):
            played.append((corpus, scenario))
            remark = REMARKS[i % len(REMARKS)]
            first = f"{scenario.replies[0]}\n\n{remark}"
            variant = scenario.model_copy(
                update={"id": f"{scenario.id}-p", "replies": (first, *scenario.replies[1:])}
            )
            played.append((corpus, variant))
    return played


def _text_columns() -> list[tuple[str, str]]:
    out = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = type(column.type).__name__
            if isinstance(column.type, String | Text | JSON) or "JSON" in kind:
                out.append((table.name, column.name))
    return out


def _leaks(db: Path, remarks: list[str]) -> list[str]:
    engine = create_engine(f"sqlite:///{db}")
    found = []
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            for table, column in _text_columns():
                if table in ALLOWED_TABLES or table not in tables:
                    continue
                query = f'SELECT "{column}"' + (', kind' if table == "outbox" else "")
                for row in conn.exec_driver_sql(f'{query} FROM "{table}"'):
                    if table == "outbox" and row[1] in ALLOWED_OUTBOX_KINDS:
                        continue
                    value = str(row[0] or "")
                    for remark in remarks:
                        core = remark.rstrip(".")
                        if core and core in value:
                            found.append(f"{table}.{column}: {core!r}")
    finally:
        engine.dispose()
    return found


def test_no_protected_remark_is_stored_outside_escalations(tmp_path: Path) -> None:
    scenarios = _scenarios()
    assert len(scenarios) >= 4
    leaks: list[str] = []
    escalated = 0
    for n, (corpus, scenario) in enumerate(scenarios):
        folder = tmp_path / f"s{n}"
        folder.mkdir()
        _play(corpus, scenario, OfflineBrain(), folder)
        leaks += [f"{scenario.id}: {leak}" for leak in _leaks(folder / "eval.sqlite3", REMARKS)]
        engine = create_engine(f"sqlite:///{folder}/eval.sqlite3")
        with engine.connect() as conn:
            escalated += conn.exec_driver_sql("SELECT count(*) FROM escalations").scalar() or 0
        engine.dispose()
    assert leaks == []
    # Every variant with an added remark escalated at least once.
    assert escalated >= len(scenarios) // 2


def test_the_demo_stores_its_remark_only_in_the_escalation(tmp_path: Path) -> None:
    conversations = yaml.safe_load(
        (ROOT / "mailagent/demo/data/conversations.yaml").read_text(encoding="utf-8")
    )
    from mailagent.dialogue.protected import detect

    remarks = [
        h.sentence
        for text in _strings(conversations)
        for h in detect(text)
    ]
    assert remarks, "the demo has a discriminatory reply"
    # The demo writes its database in the folder given.
    from typer.testing import CliRunner

    from mailagent.cli import app as cli

    result = CliRunner().invoke(cli, ["demo", "--dir", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    db = tmp_path / "demo" / "mailagent.sqlite3"
    assert _leaks(db, remarks) == []


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, list):
        return [s for x in data for s in _strings(x)]
    if isinstance(data, dict):
        return [s for x in data.values() for s in _strings(x)]
    return []


def play_reply(app: App, interview_id: str, text: str, *, at: datetime) -> None:
    """Send the feedback request, then deliver ``text`` as the HM's reply and poll it in."""
    run_tick(app, now=at - timedelta(minutes=30), deliver=False)
    with app.factory() as s:
        request = s.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.interview_id == interview_id)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert request is not None
        raw = request.raw
    original = message_from_bytes(raw, policy=default)
    deliver(
        app.settings.inbox_url.path or app.settings.base_dir / "mail/inbox",
        reply_to(original, from_name="Ken", from_addr="ken.hm@corp.example", text=text, date=at),
    )
    source = app.source()
    try:
        app.intake().poll_once(source, now=at)
    finally:
        source.close()

