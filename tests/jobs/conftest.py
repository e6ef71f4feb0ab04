"""A small hiring world for the jobs tests: one pipeline, its R2, candidates, interviews.

Rows are written directly (the dialogue is tested elsewhere); a typed fake brain keeps the
app offline and deterministic.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from mailagent.app import App, build_app
from mailagent.dialogue.brain import Assessment, BrainContext, BrainResult
from mailagent.models import (
    Candidate,
    CriterionRecord,
    Interview,
    Pipeline,
    R2Criterion,
    R2Version,
    RecordStatus,
)
from tests.helpers import make_settings

# A Monday: ISO week 2026-W23 starts here.
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HM = "ken.hm@corp.example"
RECRUITER = "rita.recruiter@corp.example"


class FakeBrain:
    """Says nothing about any reply; never rewrites our drafts."""

    name = "fake"

    def assess(self, ctx: BrainContext) -> BrainResult:
        return BrainResult(Assessment(), brain=self.name)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


def make_app(tmp: Path, **over: Any) -> App:
    return build_app(make_settings(tmp, **over), brain=FakeBrain())


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    built = make_app(tmp_path)
    yield built
    built.close()


def add_pipeline(session: Session, pid: str = "backend") -> Pipeline:
    pipeline = Pipeline(
        id=pid,
        title="Backend Engineer",
        hm_name="Ken",
        hm_email=HM,
        recruiter_name="Rita",
        recruiter_email=RECRUITER,
        created_at=T0 - timedelta(days=30),
    )
    session.add(pipeline)
    session.flush()
    version = R2Version(pipeline_id=pid, version=1, created_by="import", created_at=T0)
    session.add(version)
    session.flush()
    for pos, (key, text) in enumerate(
        [
            ("python", "3+ years of Python in production."),
            ("kafka", "Designs and runs Kafka pipelines."),
            ("sql", "Writes performant SQL and designs schemas."),
        ]
    ):
        session.add(
            R2Criterion(r2_version_id=version.id, key=key, text=text, kind="must", position=pos)
        )
    session.flush()
    return pipeline


def add_candidate(
    session: Session, cid: str = "ann", *, email: str | None = "ann@home.example"
) -> Candidate:
    candidate = Candidate(
        id=cid,
        name="Ann Lee",
        email=email,
        resume_text="Ann Lee\nann.resume@home.example\n\nPython developer since 2018.\n",
        resume_file=f"{cid}.txt",
        resume_sha256="0" * 64,
    )
    session.add(candidate)
    session.flush()
    return candidate


def add_interview(
    session: Session,
    iid: str,
    *,
    pipeline: str = "backend",
    candidate: str = "ann",
    held_at: datetime = T0,
    interviewer: str = HM,
) -> Interview:
    interview = Interview(
        id=iid,
        pipeline_id=pipeline,
        candidate_id=candidate,
        interviewer_email=interviewer,
        interviewer_name="Ken",
        held_at=held_at,
    )
    session.add(interview)
    session.flush()
    return interview


def grade(
    session: Session,
    interview_id: str,
    *,
    at: datetime,
    decision: str = "reject",
    verdicts: dict[str, tuple[str, str]] | None = None,
    status: RecordStatus = RecordStatus.RECORDED,
) -> Interview:
    """What the dialogue engine leaves behind when a thread completes."""
    interview = session.get(Interview, interview_id)
    assert interview is not None
    interview.mark_graded(at)
    interview.final_decision = decision or None
    for key, (verdict, quote) in (verdicts or {}).items():
        session.add(
            CriterionRecord(
                interview_id=interview_id,
                criterion_key=key,
                verdict=verdict,
                quote=quote,
                specific=True,
                status=status,
                updated_at=at,
            )
        )
    session.flush()
    return interview


@dataclass
class Sent:
    """The file sink (a Maildir) read as parsed messages."""

    path: Path

    def all(self) -> list[EmailMessage]:
        box = mailbox.Maildir(self.path, create=True)
        out = []
        for key in sorted(box.keys(), key=_delivery_order):
            msg = message_from_bytes(box.get_bytes(key), policy=default)
            assert isinstance(msg, EmailMessage)
            out.append(msg)
        return out

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.all() if address in str(m["To"])]


def _delivery_order(key: str) -> tuple[int, ...]:
    """Maildir names are ``SECONDS.M<usec>P<pid>Q<n>.host``; usec is not zero-padded."""
    match = re.match(r"(\d+)\.M(\d+)P(\d+)Q(\d+)", key)
    return tuple(int(g) for g in match.groups()) if match else (0,)


def body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")
