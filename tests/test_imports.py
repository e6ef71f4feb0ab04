"""Imports: all or nothing, idempotent, errors as ``file:line: reason``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.errors import ImportDataError
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from mailagent.models import Candidate, Interview, Pipeline, R2Version
from mailagent.r2.store import current_criteria
from tests.helpers import make_settings

R2 = """\
pipeline: qa-lead
title: QA Lead
hiring_manager: {name: Mia Holt, email: Mia.Holt@Example.com}
recruiter: {name: Sol Ruiz, email: sol.ruiz@example.com}
criteria:
  - {key: test_strategy, text: Owns a test strategy across teams., kind: must}
  - {key: automation, text: Builds UI and API test automation., kind: nice}
"""

CSV = """\
interview_id,pipeline,candidate,interviewer_email,held_at,decision,interviewer_name
iv-1,qa-lead,kai-lund,mia.holt@example.com,2026-06-01T10:00:00+02:00,reject,Mia Holt
iv-2,qa-lead,kai-lund,sol.ruiz@example.com,2026-06-02T09:30:00Z,,
"""


@pytest.fixture
def app(tmp_path: Path) -> App:
    built = build_app(make_settings(tmp_path))
    (tmp_path / "qa.yaml").write_text(R2)
    (tmp_path / "kai-lund.txt").write_text("Kai Lund\nQA Engineer\n\nEXPERIENCE\n...")
    (tmp_path / "interviews.csv").write_text(CSV)
    return built


def _counts(app: App) -> tuple[int, int, int, int]:
    with app.factory() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (Pipeline, R2Version, Candidate, Interview)
        )


def _import_all(app: App, tmp: Path) -> list[str]:
    with transaction(app.factory) as s:
        return [
            str(import_r2_files(s, [tmp / "qa.yaml"])),
            str(import_candidates(s, [tmp / "kai-lund.txt"])),
            str(import_interviews(s, tmp / "interviews.csv")),
        ]


def test_import_then_reimport_changes_nothing(app: App, tmp_path: Path) -> None:
    assert _import_all(app, tmp_path) == [
        "1 created, 0 updated, 0 unchanged",
        "1 created, 0 updated, 0 unchanged",
        "2 created, 0 updated, 0 unchanged",
    ]
    assert _counts(app) == (1, 1, 1, 2)
    assert _import_all(app, tmp_path) == [
        "0 created, 0 updated, 1 unchanged",
        "0 created, 0 updated, 1 unchanged",
        "0 created, 0 updated, 2 unchanged",
    ]
    assert _counts(app) == (1, 1, 1, 2)
    with app.factory() as s:
        iv = s.get(Interview, "iv-1")
        assert iv is not None and iv.held_at.isoformat() == "2026-06-01T08:00:00+00:00"
        assert iv.stated_decision == "reject" and iv.interviewer_name == "Mia Holt"
        pipeline = s.get(Pipeline, "qa-lead")
        assert pipeline is not None and pipeline.hm_email == "mia.holt@example.com"
        assert s.get(Candidate, "kai-lund").name == "Kai Lund"  # type: ignore[union-attr]


def test_a_changed_r2_becomes_a_new_version(app: App, tmp_path: Path) -> None:
    _import_all(app, tmp_path)
    (tmp_path / "qa.yaml").write_text(R2.replace("kind: nice", "kind: must"))
    with transaction(app.factory) as s:
        assert (
            str(import_r2_files(s, [tmp_path / "qa.yaml"])) == "0 created, 1 updated, 0 unchanged"
        )
    with app.factory() as s:
        assert [c.kind.value for c in current_criteria(s, "qa-lead")] == ["must", "must"]
    assert _counts(app)[1] == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("iv-3,qa-lead,kai-lund,mia.holt@example.com,yesterday,,", ":4: held_at 'yesterday'"),
        (
            "iv-3,qa-lead,nobody,mia.holt@example.com,2026-06-01T10:00:00Z,,",
            ":4: unknown candidate",
        ),
        ("iv-3,ops,kai-lund,mia.holt@example.com,2026-06-01T10:00:00Z,,", ":4: unknown pipeline"),
        ("iv-3,qa-lead,kai-lund,mia-at-example,2026-06-01T10:00:00Z,,", ":4: interviewer_email"),
        ("iv-3,qa-lead,kai-lund,mia.holt@example.com,2026-06-01T10:00:00Z,maybe,", ":4: decision"),
        (
            "iv-1,qa-lead,kai-lund,mia.holt@example.com,2026-06-01T10:00:00Z,,",
            ":4: interview_id 'iv-1' appears twice",
        ),
        # An unquoted comma in a name made an extra field, and "Obi" was stored.
        (
            "iv-3,qa-lead,kai-lund,mia.holt@example.com,2026-06-01T10:00:00Z,reject,Obi, Grace",
            ":4: 8 fields, but the header has 7",
        ),
        ("iv-3,qa-lead,kai-lund,mia.holt@example.com", ":4: 4 fields, but the header has 7"),
    ],
)
def test_a_bad_row_fails_the_whole_import_and_writes_nothing(
    app: App, tmp_path: Path, row: str, reason: str
) -> None:
    with transaction(app.factory) as s:
        import_r2_files(s, [tmp_path / "qa.yaml"])
        import_candidates(s, [tmp_path / "kai-lund.txt"])
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + row + "\n")
    with pytest.raises(ImportDataError) as err:
        with transaction(app.factory) as s:
            import_interviews(s, bad)
    assert str(err.value).startswith(f"{bad}{reason}")
    # The two good rows above the bad one were rolled back with it.
    assert _counts(app) == (1, 1, 1, 0)


def test_missing_columns_are_named(app: App, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("interview_id,pipeline,candidate\niv-1,qa-lead,kai-lund\n")
    with pytest.raises(
        ImportDataError, match=r"bad\.csv:1: missing column\(s\): interviewer_email, held_at"
    ):
        with transaction(app.factory) as s:
            import_interviews(s, bad)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("pipeline: x\n  bad: [", "invalid YAML"),
        (R2.replace("key: automation", "key: Automation!"), "criteria.1.key"),
        (R2.replace("key: automation", "key: test_strategy"), "duplicate criterion keys"),
        (R2.replace("sol.ruiz@example.com", "sol"), "recruiter.email"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_bad_r2_files_are_refused_with_the_reason(
    app: App, tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ImportDataError) as err:
        with transaction(app.factory) as s:
            import_r2_files(s, [tmp_path / "qa.yaml", path])
    assert str(err.value).startswith(str(path)) and reason in str(err.value)
    assert _counts(app) == (0, 0, 0, 0)


def test_candidate_id_can_be_given_for_one_file(app: App, tmp_path: Path) -> None:
    with transaction(app.factory) as s:
        import_candidates(s, [tmp_path / "kai-lund.txt"], candidate_id="c-0042")
    with app.factory() as s:
        assert s.get(Candidate, "c-0042") is not None
    with pytest.raises(ImportDataError, match="no such file"):
        with transaction(app.factory) as s:
            import_candidates(s, [tmp_path / "missing.pdf"])
