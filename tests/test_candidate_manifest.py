"""``mailagent import candidates`` with a manifest (``id,name,email,resume``) or ``--email``:
the address of record, imported by the same rules as every import (all or nothing,
``file:line: reason``, idempotent), and refused when it is not the candidate's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from mailagent.app import App, build_app
from mailagent.cli import app as cli
from mailagent.db import transaction
from mailagent.errors import ImportDataError
from mailagent.imports import import_candidates, import_r2_files
from mailagent.models import Candidate
from tests.helpers import make_settings

AGENT = "feedback@hire.test.example"
R2 = """\
pipeline: qa-lead
title: QA Lead
hiring_manager: {name: Mia Holt, email: Mia.Holt@Example.com}
recruiter: {name: Sol Ruiz, email: sol.ruiz@example.com}
criteria:
  - {key: test_strategy, text: Owns a test strategy across teams., kind: must}
"""
MANIFEST = """\
id,name,email,resume
kai-lund,Kai Lund,Kai.Lund@Home.example,resumes/kai.txt
ada-park,Ada Park,,resumes/ada.txt
"""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = build_app(make_settings(tmp_path))
    (tmp_path / "resumes").mkdir()
    (tmp_path / "resumes" / "kai.txt").write_text("Submitted by TalentCo: jobs@talentco.example\n")
    (tmp_path / "resumes" / "ada.txt").write_text("Ada Park\nQA Engineer\n")
    (tmp_path / "qa.yaml").write_text(R2)
    with transaction(built.factory) as s:
        import_r2_files(s, [tmp_path / "qa.yaml"])
    yield built
    built.close()


def _import(app: App, *paths: Path, **kw: object) -> str:
    with transaction(app.factory) as s:
        return str(import_candidates(s, list(paths), agent_address=AGENT, **kw))  # type: ignore[arg-type]


def _people(app: App) -> dict[str, tuple[str, str | None]]:
    with app.factory() as s:
        return {c.id: (c.name, c.email) for c in s.scalars(select(Candidate))}


def _count(app: App) -> int:
    with app.factory() as s:
        return int(s.scalar(select(func.count(Candidate.id))) or 0)


def test_csv_manifest_sets_addresses_and_is_idempotent(app: App, tmp_path: Path) -> None:
    manifest = tmp_path / "candidates.csv"
    manifest.write_text(MANIFEST)
    assert _import(app, manifest) == "2 created, 0 updated, 0 unchanged"
    assert _people(app) == {
        "kai-lund": ("Kai Lund", "kai.lund@home.example"),
        "ada-park": ("Ada Park", None),
    }
    assert _import(app, manifest) == "0 created, 0 updated, 2 unchanged"
    manifest.write_text(MANIFEST.replace(",,", ",ada@park.example,"))
    assert _import(app, manifest) == "0 created, 1 updated, 1 unchanged"
    # A resume imported again on its own keeps the address of record.
    assert _import(app, tmp_path / "resumes" / "ada.txt", candidate_id="ada-park").endswith(
        "1 unchanged"
    )
    assert _people(app)["ada-park"] == ("Ada Park", "ada@park.example")


def test_yaml_manifest(app: App, tmp_path: Path) -> None:
    manifest = tmp_path / "candidates.yaml"
    manifest.write_text(
        "- {id: kai-lund, name: Kai Lund, email: kai@home.example, resume: resumes/kai.txt}\n"
        "- id: ada-park\n  name: Ada Park\n  email:\n  resume: resumes/ada.txt\n"
    )
    assert _import(app, manifest) == "2 created, 0 updated, 0 unchanged"
    assert _people(app)["kai-lund"] == ("Kai Lund", "kai@home.example")


def test_email_option_for_one_resume(app: App, tmp_path: Path) -> None:
    _import(app, tmp_path / "resumes" / "kai.txt", candidate_id="kai", email="kai@home.example")
    assert _people(app) == {
        "kai": ("Submitted by TalentCo: jobs@talentco.example", "kai@home.example")
    }
    with pytest.raises(ImportDataError, match="--email names one candidate"):
        _import(app, tmp_path / "resumes", email="kai@home.example")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("id,name,email,resume\nkai,Kai,kai@h.example,resumes/kai.txt,extra\n", ":2: 5 fields"),
        ("id,name,email,resume\nkai,Kai,kai@h.example\n", ":2: 3 fields, expected 4"),
        ("id,name,resume\nkai,Kai,resumes/kai.txt\n", ":1: missing column(s): email"),
        ("id,name,email,resume,notes\n", ":1: the header must be exactly"),
        ("id,name,email,resume\nkai,Kai,not-an-address,resumes/kai.txt\n", ":2: email"),
        (
            "id,name,email,resume\nkai,Kai,kai@h.example,../kai.txt\n",
            ":2: resume '../kai.txt' is outside",
        ),
        (
            "id,name,email,resume\nkai,Kai,kai@h.example,/etc/passwd\n",
            ":2: resume '/etc/passwd' must be relative",
        ),
        (
            "id,name,email,resume\nkai,Kai,k@h.example,resumes/kai.txt\nkai,K,k2@h.example,resumes/ada.txt\n",
            ":3: candidate id 'kai' also in",
        ),
        # The agency's address for two candidates: not either candidate's own.
        (
            "id,name,email,resume\nkai,Kai,jobs@talentco.example,resumes/kai.txt\nada,Ada,jobs@talentco.example,resumes/ada.txt\n",
            ":3: email jobs@talentco.example is also candidate kai's",
        ),
        # Addresses of people on our side.
        (
            "id,name,email,resume\nkai,Kai,mia.holt@example.com,resumes/kai.txt\n",
            ":2: email mia.holt@example.com is the hiring manager of qa-lead",
        ),
        (
            "id,name,email,resume\nkai,Kai,SOL.RUIZ@example.com,resumes/kai.txt\n",
            ":2: email sol.ruiz@example.com is the recruiter of qa-lead",
        ),
        (
            "id,name,email,resume\nkai,Kai,feedback+x@hire.test.example,resumes/kai.txt\n",
            "mailagent's own address",
        ),
        (
            'id,name,email,resume\nkai,Kai,"kai@h.example, boss@corp.example",resumes/kai.txt\n',
            ":2: email",
        ),
    ],
)
def test_a_bad_csv_row_fails_the_whole_import(
    app: App, tmp_path: Path, body: str, error: str
) -> None:
    manifest = tmp_path / "candidates.csv"
    manifest.write_text(body)
    with pytest.raises(ImportDataError) as raised:
        _import(app, manifest)
    message = str(raised.value)
    assert message.startswith(str(manifest)) and "\n" not in message
    assert error in message
    assert _count(app) == 0


def test_a_good_row_before_a_bad_one_is_not_written(app: App, tmp_path: Path) -> None:
    manifest = tmp_path / "candidates.csv"
    manifest.write_text(MANIFEST + "eve,Eve,eve@h.example,resumes/missing.txt\n")
    with pytest.raises(ImportDataError, match=r"missing\.txt: no such file"):
        _import(app, manifest)
    assert _count(app) == 0


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("- {id: kai, name: Kai, email: kai@h.example}\n", ":1: missing resume"),
        (
            "- {id: kai, name: Kai, email: k@h.example, resume: resumes/kai.txt, notes: x}\n",
            ":1: unknown notes",
        ),
        (
            "- {id: kai, name: Kai, email: k@h.example, resume: resumes/kai.txt}\n"
            "- {id: ada, name: Ada, email: [a@h.example, b@h.example], resume: resumes/ada.txt}\n",
            ":2: every field is one value",
        ),
        (
            '- {id: kai, name: Kai, email: "k@h.example\\r\\nBcc: x@evil.example",'
            " resume: resumes/kai.txt}\n",
            ":1: email",
        ),
        ("candidates: []\n", ":1: expected a list of candidates"),
        (
            '- {id: kai, name: Kai, email: k@h.example, resume: "resumes/kai.txt\\0.pdf"}\n',
            ":1: resume 'resumes/kai.txt\\x00.pdf' is not a file name",
        ),
        ("- [kai, Kai]\n", ":1: expected a mapping"),
    ],
)
def test_a_bad_yaml_entry_fails_the_whole_import(
    app: App, tmp_path: Path, body: str, error: str
) -> None:
    manifest = tmp_path / "candidates.yaml"
    manifest.write_text(body)
    with pytest.raises(ImportDataError) as raised:
        _import(app, manifest)
    assert error in str(raised.value) and "\n" not in str(raised.value)
    assert _count(app) == 0


def test_the_cli_takes_a_manifest_and_an_email(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mailagent.toml").write_text(
        f'database_url = "{app.settings.resolved_database_url}"\n'
        f'address = "{AGENT}"\nsecret = "test-secret-0123456789abcdef"\n'
    )
    monkeypatch.delenv("MAILAGENT_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "candidates.csv").write_text(MANIFEST)
    runner = CliRunner()
    out = runner.invoke(cli, ["import", "candidates", "candidates.csv"])
    assert out.exit_code == 0, out.output
    assert "2 created" in out.output
    one = runner.invoke(
        cli,
        [
            "import",
            "candidates",
            "--id",
            "ada-park",
            "--email",
            "ada@park.example",
            "resumes/ada.txt",
        ],
    )
    assert one.exit_code == 0, one.output
    assert _people(app)["ada-park"][1] == "ada@park.example"
    bad = runner.invoke(
        cli, ["import", "candidates", "--id", "ada-park", "--email", AGENT, "resumes/ada.txt"]
    )
    assert bad.exit_code != 0 and "mailagent's own address" in str(bad.exception)
