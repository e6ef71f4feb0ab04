"""Every import reads regular files only: a symlinked resume pointing at /etc/passwd, a
FIFO (which would block the import for ever), a folder or a device is refused with one
line, and nothing is written."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.errors import ImportDataError
from mailagent.imports import import_candidates, import_interviews, import_r2_files
from mailagent.models import Candidate, Interview, Pipeline
from tests.helpers import make_settings

R2 = """\
pipeline: qa-lead
title: QA Lead
hiring_manager: {name: Mia Holt, email: mia.holt@example.com}
recruiter: {name: Sol Ruiz, email: sol.ruiz@example.com}
criteria:
  - {key: test_strategy, text: Owns a test strategy across teams., kind: must}
"""
CSV = """\
interview_id,pipeline,candidate,interviewer_email,held_at
iv-1,qa-lead,kai,mia.holt@example.com,2026-06-01T10:00:00Z
"""


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = build_app(make_settings(tmp_path))
    yield built
    built.close()


def _rows(app: App) -> tuple[int, int, int]:
    with app.factory() as s:
        return tuple(  # type: ignore[return-value]
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (Pipeline, Candidate, Interview)
        )


def _refused(app: App, run: Callable[[Session], object], reason: str) -> str:
    before = _rows(app)
    with pytest.raises(ImportDataError) as raised, transaction(app.factory) as s:
        run(s)
    message = str(raised.value)
    assert reason in message and "\n" not in message
    assert _rows(app) == before
    return message


def _kinds(tmp: Path, name: str) -> dict[str, Path]:
    """The same name as a symlink to /etc/passwd, a FIFO, a folder and a device."""
    out = {}
    link = tmp / "link" / name
    link.parent.mkdir()
    link.symlink_to("/etc/passwd")
    out["a symbolic link"] = link
    fifo = tmp / "fifo" / name
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    out["not a regular file"] = fifo
    folder = tmp / "dir" / name
    folder.mkdir(parents=True)
    out["a folder, not a file"] = folder
    device = tmp / "dev" / name
    device.parent.mkdir()
    device.symlink_to("/dev/zero")
    out["a symbolic link "] = device
    return out


def test_a_resume_that_is_a_link_fifo_or_folder_is_refused(app: App, tmp_path: Path) -> None:
    for reason, path in _kinds(tmp_path, "kai.txt").items():
        if not path.is_dir():
            message = _refused(
                app,
                lambda s, p=path: import_candidates(s, [p], candidate_id="kai"),
                reason.strip(),
            )
            assert message.startswith(str(path))
        # And found inside a folder of resumes, next to a good one.
        (path.parent / "ada.txt").write_text("Ada Park\n")
        _refused(app, lambda s, p=path: import_candidates(s, [p.parent]), reason.strip())
    assert "root:" not in str(_rows(app))


def test_a_linked_folder_of_resumes_is_refused(app: App, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "ada.txt").write_text("Ada Park\n")
    (tmp_path / "resumes").symlink_to(real)
    _refused(app, lambda s: import_candidates(s, [tmp_path / "resumes"]), "a symbolic link")


def test_a_manifest_resume_through_a_linked_folder_is_refused(app: App, tmp_path: Path) -> None:
    """``sub -> /etc`` inside the manifest's folder, ``resume: sub/passwd``."""
    (tmp_path / "sub").symlink_to("/etc")
    manifest = tmp_path / "candidates.csv"
    manifest.write_text("id,name,email,resume\nkai,Kai,kai@home.example,sub/passwd\n")
    _refused(app, lambda s: import_candidates(s, [manifest]), "outside the manifest's folder")


def test_a_manifest_that_is_a_link_or_fifo_is_refused(app: App, tmp_path: Path) -> None:
    for reason, path in _kinds(tmp_path, "candidates.csv").items():
        _refused(app, lambda s, p=path: import_candidates(s, [p]), reason.strip())


def test_an_r2_file_that_is_a_link_or_fifo_is_refused(app: App, tmp_path: Path) -> None:
    real = tmp_path / "qa.yaml"
    real.write_text(R2)
    for reason, path in _kinds(tmp_path, "qa.yaml").items():
        _refused(app, lambda s, p=path: import_r2_files(s, [p]), reason.strip())
    link = tmp_path / "qa-link.yaml"
    link.symlink_to(real)
    _refused(app, lambda s: import_r2_files(s, [link]), "a symbolic link")


def test_an_interviews_file_that_is_a_link_or_fifo_is_refused(app: App, tmp_path: Path) -> None:
    (tmp_path / "qa.yaml").write_text(R2)
    (tmp_path / "kai.txt").write_text("Kai Lund\n")
    with transaction(app.factory) as s:
        import_r2_files(s, [tmp_path / "qa.yaml"])
        import_candidates(s, [tmp_path / "kai.txt"], candidate_id="kai")
    real = tmp_path / "interviews.csv"
    real.write_text(CSV)
    for reason, path in _kinds(tmp_path, "interviews.csv").items():
        _refused(app, lambda s, p=path: import_interviews(s, p), reason.strip())
    link = tmp_path / "iv-link.csv"
    link.symlink_to(real)
    _refused(app, lambda s: import_interviews(s, link), "a symbolic link")
    with transaction(app.factory) as s:
        assert str(import_interviews(s, real)) == "1 created, 0 updated, 0 unchanged"


def test_a_device_named_directly_is_refused(app: App) -> None:
    _refused(
        app,
        lambda s: import_candidates(s, [Path("/dev/zero")], candidate_id="kai"),
        "not a regular file",
    )
