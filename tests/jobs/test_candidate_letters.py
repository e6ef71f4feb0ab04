"""Candidate letters speak to the candidate (issue #15, finding 4).

Four of five drafts in a real mail loop quoted the HM to the candidate in the third
person or in shorthand ("his Kubernetes was thin", "The real gap is Terraform"), and the
letter came From "mailagent" with ``Precedence: bulk``. Here: the linter flags what makes
a letter read like an internal note; the interviewer's words are rewritten into the
candidate's voice; every draft the demo and the shared eval scenarios produce passes the
linter without an edit; the mail a candidate gets is signed and sent by the company.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.demo.run import _conversations, play, prepare
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.evaluation.corpus import load_corpus
from mailagent.evaluation.scenarios import _play, _settings
from mailagent.jobs.audience import audience
from mailagent.jobs.candidate_voice import to_candidate
from mailagent.jobs.feedback_lint import Audience
from mailagent.jobs.tick import run_tick
from mailagent.models import ApprovalEvent, Candidate, FeedbackDraft
from tests.jobs.conftest import (
    HM,
    T0,
    Sent,
    add_candidate,
    add_interview,
    add_pipeline,
    body,
    grade,
)
from tests.shared import shared_path

ANN = Audience(
    names=("Aisha Khan",),
    staff=("Grace Obi", "Lena Brandt", "Tom Reed"),
    keys=("terraform", "kubernetes_ops", "data_quality"),
    requirements=("Explains their infrastructure decisions clearly.",),
)


@pytest.mark.parametrize(
    ("sentence", "kind", "what"),
    [
        ("His Kubernetes was thin.", "third_person", "His"),
        ("She could not explain a rollback.", "third_person", "She"),
        ("We asked her about Helm.", "third_person", "her"),
        ("They had no answer on testing.", "third_person", "They"),
        ("Aisha could not explain a rollback.", "third_person", "Aisha"),
        ("The candidate could not explain a rollback.", "third_person", "The candidate"),
        ("Terraform is in the R2 and was not met.", "shorthand", "R2"),
        ("Your Terraform was not met.", "shorthand", "not met"),
        ("Bash scripting is only a nice-to-have.", "shorthand", "nice-to-have"),
        ("Your kubernetes_ops answers were thin.", "shorthand", "kubernetes_ops"),
        ("The HM felt you were not ready.", "shorthand", "HM"),
        ("Grace asked you about Helm.", "staff_name", "Grace"),
        ("As Tom Reed put it, you were unsure.", "staff_name", "Tom Reed"),
    ],
)
def test_the_linter_flags_what_reads_like_an_internal_note(
    sentence: str, kind: str, what: str
) -> None:
    found = [(f.kind, f.category) for f in ANN.lint(f"Dear Aisha,\n\n{sentence}")]
    assert (kind, what) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Dear Aisha,\n\nWe asked you to roll back a failed Helm upgrade and you could not.",
        "Thank you, Aisha, for your time.",
        "You said they just look at the dashboards.",
        "What the role asks for: Explains their infrastructure decisions clearly.",
        "Your Terraform modules were clean; Kubernetes did not come through in the interview.",
    ],
)
def test_the_linter_lets_a_letter_to_the_candidate_through(text: str) -> None:
    assert ANN.lint(text) == []


@pytest.mark.parametrize(
    ("note", "letter"),
    [
        (
            "his Kubernetes was thin: when I asked him how he'd roll back a failed Helm "
            "upgrade he guessed",
            ["Your Kubernetes was thin: when we asked you how you'd roll back a failed Helm "
             "upgrade you guessed."],
        ),
        ("The real gap is Terraform", []),
        (
            "She's never written a Terraform module, which the R2 needs (must-have)",
            ["You've never written a Terraform module."],
        ),
        ("Tom said she froze on the Helm question. She knows Bash well.", ["You know Bash well."]),
        ("They could not say what a readiness probe does", [
            "You could not say what a readiness probe does."
        ]),
        ("No, don't add Rust to the R2. Aisha's pods had no limits set.", [
            "Your pods had no limits set."
        ]),
    ],
)
def test_the_interviewers_note_is_said_to_the_candidate(note: str, letter: list[str]) -> None:
    assert to_candidate(note, "Aisha Khan", staff=("Tom Reed", "Grace Obi")) == letter


@dataclass(frozen=True)
class Drafted:
    source: str
    body: str
    findings: list[str]
    generic: bool


def _drafts(app: App, source: str) -> list[Drafted]:
    out = []
    with app.factory() as s:
        for draft in s.scalars(select(FeedbackDraft).order_by(FeedbackDraft.id)):
            candidate = s.get(Candidate, draft.candidate_id)
            assert candidate is not None
            details = s.scalars(
                select(ApprovalEvent.detail).where(ApprovalEvent.draft_id == draft.id)
            ).all()
            out.append(
                Drafted(
                    f"{source}/{draft.candidate_id}",
                    draft.body,
                    [f.describe() for f in audience(s, draft.pipeline_id, candidate).lint(
                        draft.body
                    )],
                    any("generic letter used" in d for d in details),
                )
            )
    return out


def _assert_letters(drafts: list[Drafted], signature: str) -> None:
    assert drafts
    for d in drafts:
        assert d.findings == [], (d.source, d.findings, d.body)
        # The drafting never had to fall back to the generic letter.
        assert not d.generic, (d.source, d.body)
        assert d.body.rstrip().endswith(f"Kind regards,\n{signature}"), d.body
        assert "mailagent" not in d.body, d.body


def test_every_draft_of_the_demo_passes_the_linter_without_edits(tmp_path: Path) -> None:
    app = prepare(tmp_path / "demo")
    try:
        play(app, Console(file=io.StringIO()))
        _, start = _conversations()
        # The HMs have answered; a day later every application is drafted.
        run_tick(app, now=start + timedelta(days=1), deliver=False)
        drafts = _drafts(app, "demo")
        assert len(drafts) == 3
        _assert_letters(drafts, app.settings.display_name)
        # What each interviewer showed, in the candidate's voice.
        assert any("What the interview showed: We asked you" in d.body for d in drafts), drafts
    finally:
        app.close()


@pytest.mark.shared
def test_every_draft_of_the_shared_eval_scenarios_passes_the_linter_without_edits() -> None:
    corpus = load_corpus(shared_path("eval"))
    brain = OfflineBrain()
    drafts: list[Drafted] = []
    for scenario in corpus.scenarios:
        with tempfile.TemporaryDirectory(prefix="mailagent-letters-") as tmp:
            _play(corpus, scenario, brain, Path(tmp))
            as_of = datetime(corpus.as_of.year, corpus.as_of.month, corpus.as_of.day, tzinfo=UTC)
            app = build_app(_settings(Path(tmp)), brain=brain, as_of=as_of)
            try:
                # Past the drafting deadline: every rejected application has its draft.
                run_tick(app, now=as_of + timedelta(days=30), deliver=False)
                drafts += _drafts(app, scenario.id)
            finally:
                app.close()
    assert len(drafts) >= 4
    _assert_letters(drafts, "Hiring team")


def test_the_candidate_mail_comes_from_the_company_and_is_not_bulk(tmp_path: Path) -> None:
    from email import message_from_bytes
    from email.policy import default

    from mailagent.demo.hm import deliver, reply_to
    from tests.jobs.conftest import make_app

    app = make_app(tmp_path, display_name="Acme Recruiting")
    try:
        with transaction(app.factory) as s:
            add_pipeline(s)
            add_candidate(s)
            add_interview(s, "iv-1")
            grade(
                s,
                "iv-1",
                at=T0,
                verdicts={"kafka": ("not_met", "she could not say how consumers rebalance")},
            )
        run_tick(app, now=T0 + timedelta(days=1))
        (request,) = Sent(tmp_path / "sent").to(HM)
        deliver(
            tmp_path / "inbox",
            reply_to(request, from_name="Ken", from_addr=HM, text="APPROVE", date=T0),
        )
        source = app.source()
        try:
            app.intake().poll_once(source, now=T0 + timedelta(days=1, hours=1))
        finally:
            source.close()
        run_tick(app, now=T0 + timedelta(days=1, hours=2))
        (letter,) = Sent(tmp_path / "sent").to("ann@home.example")
        raw = message_from_bytes(letter.as_bytes(), policy=default)
        assert raw["From"] == "Acme Recruiting <feedback@hire.test.example>"
        assert raw["Precedence"] is None
        content = body(letter)
        assert content.startswith("Dear Ann,\n")
        assert "You could not say how consumers rebalance." in content
        assert content.rstrip().endswith("Kind regards,\nAcme Recruiting")
        # The HM's own mail still carries it: auto-responders stay quiet on it.
        assert request["Precedence"] == "bulk"
    finally:
        app.close()
