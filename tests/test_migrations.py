"""The Alembic migrations build exactly the schema the models declare, on SQLite and on
PostgreSQL, and 0002 keeps every rejection that was waiting for a draft."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from mailagent.db import alembic_config, make_engine, migrate
from mailagent.models import Base
from tests.helpers import T0, make_settings


def test_the_migrations_build_the_schema_the_models_declare(tmp_path: Path) -> None:
    engine = make_engine(make_settings(tmp_path).database_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_0002_marks_rejections_without_a_draft_for_a_check(tmp_path: Path) -> None:
    url = make_settings(tmp_path).database_url
    engine = make_engine(url)
    try:
        cfg = alembic_config(url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
        rows = [
            # (interview, decision, graded_at, has a draft)
            ("waiting", "reject", T0 + timedelta(days=1), False),
            ("drafted", "reject", T0 + timedelta(days=1), True),
            ("advanced", "advance", T0 + timedelta(days=1), False),
            ("ungraded", "reject", None, False),
        ]
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO pipelines (id, title, hm_name, hm_email, recruiter_name,"
                    " recruiter_email, created_at) VALUES ('p', 'Role', 'Ken', 'ken@x.example',"
                    " 'Lena', 'lena@x.example', :t)"
                ),
                {"t": T0},
            )
            for iid, decision, graded_at, drafted in rows:
                conn.execute(
                    text("INSERT INTO candidates (id, name, created_at) VALUES (:i, :i, :t)"),
                    {"i": iid, "t": T0},
                )
                conn.execute(
                    text(
                        "INSERT INTO interviews (id, pipeline_id, candidate_id, interviewer_email,"
                        " interviewer_name, held_at, state, final_decision, graded_at,"
                        " reminders_sent, created_at) VALUES (:i, 'p', :i, 'ken@x.example', 'Ken',"
                        " :t, 'graded', :d, :g, 0, :t)"
                    ),
                    {"i": iid, "t": T0, "d": decision, "g": graded_at},
                )
                if drafted:
                    conn.execute(
                        text(
                            "INSERT INTO feedback_drafts (pipeline_id, candidate_id, version, body,"
                            " state, approver_email, created_at) VALUES ('p', :i, 1, 'b', 'sent',"
                            " 'ken@x.example', :t)"
                        ),
                        {"i": iid, "t": T0},
                    )
        migrate(engine)
        with engine.connect() as conn:
            checks = {
                iid: at
                for iid, at in conn.execute(text("SELECT id, draft_check_at FROM interviews"))
            }
        assert {k: v is not None for k, v in checks.items()} == {
            "waiting": True,
            "drafted": False,
            "advanced": False,
            "ungraded": True,
        }
    finally:
        engine.dispose()
