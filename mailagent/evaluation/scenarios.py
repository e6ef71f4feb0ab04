"""Play each scripted conversation through the real engine: database, mail, outbox.

For every scenario a fresh app is built in a temporary folder (SQLite, Maildir inbox, file
sink). The R2, the resume and one interview are imported, a tick sends the feedback
request, and each scripted HM reply is written as a real reply to the agent's last mail,
delivered into the inbox Maildir and polled. Nothing is called directly: what is checked
is what the database holds afterwards.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from sqlalchemy import select

from mailagent.app import build_app
from mailagent.config import Settings
from mailagent.demo.hm import deliver, reply_to
from mailagent.dialogue.brain import Brain
from mailagent.evaluation.corpus import Corpus, Scenario
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    AmendmentProposal,
    AmendmentState,
    Candidate,
    CriterionRecord,
    Escalation,
    Interview,
    InterviewState,
    OutboxMessage,
    RecordStatus,
    Thread,
)
from mailagent.r2.store import import_r2


@dataclass(frozen=True)
class ScenarioResult:
    id: str
    title: str
    passed: bool
    reasons: tuple[str, ...] = ()
    transcript: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # How many HM replies were played, and after which one the thread completed.
    replies_played: int = 0
    completed_after: int | None = None


def _settings(folder: Path) -> Settings:
    return Settings(
        base_dir=folder,
        database_url=f"sqlite:///{folder}/eval.sqlite3",
        inbox=f"maildir:{folder}/inbox",
        smtp=f"file:{folder}/sent",
        address="feedback@eval.mailagent.localhost",
        secret="eval-secret-not-for-production-0001",
    )


def play_scenario(corpus: Corpus, scenario: Scenario, brain: Brain) -> ScenarioResult:
    with tempfile.TemporaryDirectory(prefix="mailagent-eval-") as tmp:
        return _play(corpus, scenario, brain, Path(tmp))


def _play(corpus: Corpus, scenario: Scenario, brain: Brain, folder: Path) -> ScenarioResult:
    as_of = datetime(corpus.as_of.year, corpus.as_of.month, corpus.as_of.day, 9, tzinfo=UTC)
    app = build_app(_settings(folder), brain=brain, as_of=as_of)
    spec = corpus.r2s[scenario.pipeline]
    iid = f"eval-{scenario.id}"
    transcript: list[tuple[str, str]] = []
    reasons: list[str] = []
    try:
        with app.factory() as session, session.begin():
            import_r2(session, spec, now=as_of)
            resume = corpus.resumes[scenario.candidate]
            session.add(
                Candidate(
                    id=scenario.candidate,
                    name=_name(resume, scenario.candidate),
                    resume_text=resume,
                )
            )
            session.add(
                Interview(
                    id=iid,
                    pipeline_id=spec.pipeline,
                    candidate_id=scenario.candidate,
                    interviewer_email=spec.hiring_manager.email,
                    interviewer_name=spec.hiring_manager.name,
                    held_at=as_of - timedelta(hours=3),
                    stated_decision=scenario.decision.value,
                )
            )
        now = as_of
        run_tick(app, now=now, deliver=False)
        completed_after: int | None = None
        for n, text in enumerate(scenario.replies, start=1):
            last = _last_agent_mail(app.factory, iid)
            if last is None:
                reasons.append(f"no mail from the agent to answer before reply {n}")
                break
            transcript.append(("agent", last[1]))
            now += timedelta(hours=1)
            original = message_from_bytes(last[0], policy=default)
            deliver(
                app.settings.inbox_url.path or folder / "inbox",
                reply_to(
                    original,
                    from_name=spec.hiring_manager.name,
                    from_addr=spec.hiring_manager.email,
                    text=text,
                    date=now,
                ),
            )
            transcript.append(("manager", text))
            source = app.source()
            try:
                summary = app.intake().poll_once(source, now=now)
            finally:
                source.close()
            if summary.quarantined:
                reasons.append(f"reply {n} was quarantined")
            if _complete(app.factory, iid) and completed_after is None:
                completed_after = n
                break
        final = _last_agent_mail(app.factory, iid)
        if final is not None and (not transcript or transcript[-1][1] != final[1]):
            transcript.append(("agent", final[1]))
        reasons += _check(app.factory, iid, scenario, completed_after)
    finally:
        app.close()
    return ScenarioResult(
        scenario.id,
        scenario.title,
        not reasons,
        tuple(reasons),
        tuple(transcript),
        replies_played=sum(1 for role, _ in transcript if role == "manager"),
        completed_after=completed_after,
    )


def _name(resume: str, fallback: str) -> str:
    return next((ln.strip() for ln in resume.splitlines() if ln.strip()), fallback)


def _last_agent_mail(factory: object, iid: str) -> tuple[bytes, str] | None:
    from sqlalchemy.orm import Session, sessionmaker

    assert isinstance(factory, sessionmaker)
    session: Session
    with factory() as session:
        row = session.scalars(
            select(OutboxMessage)
            .join(Thread, Thread.id == OutboxMessage.thread_id)
            .where(Thread.interview_id == iid)
            .order_by(OutboxMessage.id.desc())
        ).first()
        return (row.raw, row.body_text) if row is not None else None


def _complete(factory: object, iid: str) -> bool:
    from sqlalchemy.orm import sessionmaker

    assert isinstance(factory, sessionmaker)
    with factory() as session:
        interview = session.get(Interview, iid)
        return interview is not None and interview.state is InterviewState.GRADED


def _check(factory: object, iid: str, scenario: Scenario, completed_after: int | None) -> list[str]:
    from sqlalchemy.orm import sessionmaker

    assert isinstance(factory, sessionmaker)
    expect = scenario.expect
    reasons: list[str] = []
    want_after = expect.get("complete_after")
    if want_after is not None and completed_after != want_after:
        reasons.append(f"complete after reply {completed_after}, expected {want_after}")
    with factory() as session:
        escalated = session.scalar(select(Escalation.id).where(Escalation.interview_id == iid))
        if "escalated" in expect and bool(escalated) != bool(expect["escalated"]):
            reasons.append(f"escalated={bool(escalated)}, expected {expect['escalated']}")
        records = {
            r.criterion_key: r
            for r in session.scalars(
                select(CriterionRecord).where(CriterionRecord.interview_id == iid)
            )
        }
        for key, verdict in (expect.get("verdicts") or {}).items():
            row = records.get(key)
            got = row.verdict if row is not None and row.status is RecordStatus.RECORDED else None
            if got != verdict:
                reasons.append(f"verdict {key}: {got}, expected {verdict}")
        for key in expect.get("not_recorded") or ():
            row = records.get(key)
            if row is not None and row.status is RecordStatus.RECORDED and row.verdict == "not_met":
                reasons.append(f"{key} recorded as not met, expected it withdrawn or disputed")
        amendment = expect.get("r2_amendment")
        if amendment:
            proposals = session.scalars(
                select(AmendmentProposal).where(AmendmentProposal.interview_id == iid)
            ).all()
            wanted = str(amendment.get("proposed", "")).lower()
            match = [p for p in proposals if wanted in p.requirement.lower()]
            if not match:
                reasons.append(
                    f"no R2 amendment proposed for {wanted!r} "
                    f"(got {[p.requirement for p in proposals]})"
                )
            elif "accepted" in amendment:
                want = AmendmentState.ACCEPTED if amendment["accepted"] else AmendmentState.DECLINED
                if match[-1].state is not want:
                    reasons.append(
                        f"amendment {match[-1].requirement}: {match[-1].state.value}, "
                        f"expected {want.value}"
                    )
        interview = session.get(Interview, iid)
        if (
            "final_decision" in expect
            and interview is not None
            and (interview.final_decision != expect["final_decision"])
        ):
            reasons.append(
                f"final decision {interview.final_decision}, expected {expect['final_decision']}"
            )
        excluded = [w.lower() for w in expect.get("candidate_feedback_excludes") or ()]
        if excluded:
            reasons += _feedback_excludes(session, iid, excluded)
    return reasons


def _feedback_excludes(session: object, iid: str, words: list[str]) -> list[str]:
    """What could reach the candidate — the recorded reasons and any candidate-facing mail
    or draft — must not contain the words."""
    from sqlalchemy.orm import Session

    from mailagent.models import FeedbackDraft

    assert isinstance(session, Session)
    texts = [
        r.quote
        for r in session.scalars(select(CriterionRecord).where(CriterionRecord.interview_id == iid))
    ]
    interview = session.get(Interview, iid)
    if interview is not None:
        texts += [
            d.body
            for d in session.scalars(
                select(FeedbackDraft).where(FeedbackDraft.candidate_id == interview.candidate_id)
            )
        ]
    texts += [
        o.body_text
        for o in session.scalars(
            select(OutboxMessage).where(OutboxMessage.candidate_facing.is_(True))
        )
    ]
    blob = "\n".join(texts).lower()
    return [f"candidate-visible text contains {w!r}" for w in words if w in blob]
