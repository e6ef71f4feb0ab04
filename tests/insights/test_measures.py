"""Measures over a fixed dataset in a fresh SQLite file, each value computed by hand.

The dataset (pipeline ``de``; R2 v1 = sql, spark_years (must), streaming (nice); v2 adds
kubernetes). Reply n of a thread arrives 20 h + (n-1) days after the interview, and a
complete thread is graded at its last reply, so time to grade is 20, 44 or 68 hours.

====  =====  ====  ========  ===============================  =======  ==========  ======
iv    cand   who   decision  verdicts                         replies  complete    issues
====  =====  ====  ========  ===============================  =======  ==========  ======
iv0   c0     ben   reject    spark_years not_met              1        yes (20 h)  –
      (held 2026-02-20, before the period)
iv1   c1     ana   reject    sql, spark_years not_met;        1        yes (20 h)  –
                             streaming met
iv2   c1     ben   advance   sql, spark_years met             2        yes (44 h)  vague
iv3   c2     ana   reject    sql not_met; spark_years unclear 3        yes (68 h)  useless, vague
iv4   c3     ben   reject    streaming not_met; sql met       1 (+1    yes (20 h)  off_r2
                                                              after)
iv5   c4     cy    reject*   sql not_met (unspecific)         2        no          discriminatory,
                                                                                   vague; escalated
iv6   c5     cy    –         sql met                          0 (one   no (open)   –
                                                              auto-reply)
iv7   c2     cy    reject    sql not_met                      1        yes (20 h)  –
====  =====  ====  ========  ===============================  =======  ==========  ======

(*) stated only. Amendments: ben "Kubernetes in production" accepted (→ v2) in iv4, ben
"Scala" declined in iv2, cy "Scala" still proposed in iv5. A second pipeline ``pd`` has
one interview.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from mailagent.db import make_engine, migrate, session_factory
from mailagent.demo.history_rows import HistoryWriter
from mailagent.insights.facts import load_facts
from mailagent.insights.measures import PipelineMeasures, measure_pipeline, percent
from mailagent.models import AmendmentState, Direction, Disposition

ANA, BEN, CY = "ana@example.com", "ben@example.com", "cy@example.com"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SINCE = date(2026, 3, 1)
V1 = (
    ("sql", "Advanced SQL in a cloud warehouse.", "must"),
    ("spark_years", "2+ years of Spark.", "must"),
    ("streaming", "Streaming data (Kafka).", "nice"),
)
KUBERNETES = ("kubernetes", "Kubernetes in production.", "must")


def build_dataset(session: Session) -> None:
    """Write the dataset of the module docstring."""
    w = HistoryWriter(session)
    w.pipeline("de", "Data Engineer", V1, at=T0 - timedelta(days=30))
    w.pipeline("pd", "Product Designer", [("figma", "Prototypes in Figma.", "must")], at=T0)
    w.interview(
        "pd-1",
        pipeline_id="pd",
        candidate="c9",
        interviewer=ANA,
        held_at=T0,
        decision="reject",
        verdicts={"figma": "not_met"},
        replies=[[]],
    )

    def day(n: int) -> datetime:
        return T0 + timedelta(days=n)

    w.interview(
        "iv0",
        pipeline_id="de",
        candidate="c0",
        interviewer=BEN,
        held_at=datetime(2026, 2, 20, 9, tzinfo=UTC),
        decision="reject",
        verdicts={"spark_years": "not_met"},
        replies=[[]],
    )
    w.interview(
        "iv1",
        pipeline_id="de",
        candidate="c1",
        interviewer=ANA,
        held_at=day(0),
        decision="reject",
        verdicts={"sql": "not_met", "spark_years": "not_met", "streaming": "met"},
        replies=[[]],
    )
    t2 = w.interview(
        "iv2",
        pipeline_id="de",
        candidate="c1",
        interviewer=BEN,
        held_at=day(1),
        decision="advance",
        verdicts={"sql": "met", "spark_years": "met"},
        replies=[["vague"], []],
    )
    w.interview(
        "iv3",
        pipeline_id="de",
        candidate="c2",
        interviewer=ANA,
        held_at=day(2),
        decision="reject",
        verdicts={"sql": "not_met", "spark_years": "unclear"},
        replies=[["useless"], ["vague"], []],
    )
    t4 = w.interview(
        "iv4",
        pipeline_id="de",
        candidate="c3",
        interviewer=BEN,
        held_at=day(3),
        decision="reject",
        verdicts={"streaming": "not_met", "sql": "met"},
        replies=[["off_r2"]],
    )
    # A thank-you after completion is an HM reply, but not one the thread needed.
    w.message(t4, at=day(5), sender=BEN)
    t5 = w.interview(
        "iv5",
        pipeline_id="de",
        candidate="c4",
        interviewer=CY,
        held_at=day(4),
        decision="reject",
        verdicts={"sql": "not_met"},
        unspecific=["sql"],
        replies=[["discriminatory"], ["vague"]],
        complete=False,
        escalated=True,
    )
    t6 = w.interview(
        "iv6",
        pipeline_id="de",
        candidate="c5",
        interviewer=CY,
        held_at=day(5),
        decision=None,
        verdicts={"sql": "met"},
        replies=[],
        complete=False,
    )
    # An out-of-office answer is inbound mail, but no HM reply.
    w.message(t6, at=day(6), sender=CY, disposition=Disposition.IGNORED_AUTO)
    w.message(t6, at=day(6), direction=Direction.OUT)
    w.interview(
        "iv7",
        pipeline_id="de",
        candidate="c2",
        interviewer=CY,
        held_at=day(6),
        decision="reject",
        verdicts={"sql": "not_met"},
        replies=[[]],
    )
    v2 = w.r2_version("de", 2, (*V1, KUBERNETES), by=BEN, at=day(4), thread_id=t4.id)
    w.amendment(
        t4,
        requirement="Kubernetes in production",
        state=AmendmentState.ACCEPTED,
        at=day(4),
        new_version=v2,
    )
    w.amendment(t2, requirement="Scala", state=AmendmentState.DECLINED, at=day(2))
    w.amendment(t5, requirement="scala ", state=AmendmentState.PROPOSED, at=day(5))


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine("sqlite:///" + str(tmp_path / "t.db"))
    migrate(engine)
    factory = session_factory(engine)
    with factory() as s, s.begin():
        build_dataset(s)
    with factory() as s:
        yield s
    engine.dispose()


@pytest.fixture
def de(session: Session) -> PipelineMeasures:
    (facts,) = load_facts(session, pipeline="de", since=SINCE)
    return measure_pipeline(facts)


def test_the_period_and_the_pipeline_filter_choose_the_interviews(session: Session) -> None:
    assert [p.id for p in load_facts(session, pipeline=None, since=None)] == ["de", "pd"]
    (all_time,) = load_facts(session, pipeline="de", since=None)
    (period,) = load_facts(session, pipeline="de", since=SINCE)
    assert len(all_time.interviews) == 8  # iv0 … iv7
    assert [iv.id for iv in period.interviews] == [f"iv{n}" for n in range(1, 8)]
    # R2 v2 is the newest; kubernetes, added in v2, is known with its kind.
    assert period.r2_version == 2
    assert [(c.key, c.kind) for c in period.criteria][-1] == ("kubernetes", "must")


def test_decisions_and_reject_rate(de: PipelineMeasures) -> None:
    # Decided: iv1 R, iv2 A, iv3 R, iv4 R, iv5 R (stated only), iv7 R; iv6 has none.
    assert (de.interviews, de.decided, de.rejected) == (7, 6, 5)
    assert de.reject_rate == pytest.approx(5 / 6)


def test_rejections_by_missed_criterion_split_must_and_nice(de: PipelineMeasures) -> None:
    # Rejected: iv1, iv3, iv4, iv5, iv7.
    # sql not_met in iv1 (ana), iv3 (ana), iv5 (cy), iv7 (cy) → 4 of 5 rejections.
    # spark_years not_met in iv1 (ana) → 1; streaming (nice) in iv4 (ben) → 1.
    assert [(g.key, g.kind, g.rejections) for g in de.gaps] == [
        ("sql", "must", 4),
        ("spark_years", "must", 1),
        ("streaming", "nice", 1),
    ]
    sql = de.gaps[0]
    assert sql.by_interviewer == ((ANA, 2), (CY, 2))
    assert sql.share_of_rejections == pytest.approx(4 / 5)
    assert sql.top_share == pytest.approx(2 / 4)
    # sql verdicts: iv1 ✗, iv2 ✓, iv3 ✗, iv4 ✓, iv5 ✗ (unspecific), iv6 ✓, iv7 ✗ → 1 of 7.
    assert (sql.verdicts, sql.ambiguous) == (7, 1)
    # spark_years verdicts: iv1 ✗, iv2 ✓, iv3 unclear → 1 of 3 ambiguous.
    assert (de.gaps[1].verdicts, de.gaps[1].ambiguous) == (3, 1)
    assert percent(de.gaps[1].ambiguous_share) == "33%"


def test_off_r2_requirements_raised_accepted_declined(de: PipelineMeasures) -> None:
    # Three proposals: accepted (ben, Kubernetes → v2), declined (ben, Scala), pending (cy).
    o = de.off_r2
    assert (o.raised, o.accepted, o.declined, o.pending) == (3, 1, 1, 1)
    assert [
        (i.interviewer, i.requirement, i.raised, i.accepted, i.declined, i.versions)
        for i in o.items
    ] == [
        (BEN, "Kubernetes in production", 1, 1, 0, (2,)),
        (BEN, "Scala", 1, 0, 1, ()),
        (CY, "scala ", 1, 0, 0, ()),
    ]


def test_feedback_quality(de: PipelineMeasures) -> None:
    q = de.quality
    # Seven threads. Complete after 1 reply: iv1, iv4 (its later thank-you not counted),
    # iv7; after 2: iv2; after 3: iv3. iv5 waits for the HM; iv6 is open.
    assert q.threads == 7
    assert q.complete == 5
    assert q.completed_after == ((1, 3), (2, 1), (3, 1), (4, 0))
    assert [n for n, _ in q.complete_within] == [1, 2, 3]
    assert [share for _, share in q.complete_within] == pytest.approx([3 / 7, 4 / 7, 5 / 7])
    # Accepted HM replies: 1 + 2 + 3 + 2 + 2 + 0 + 1 (the auto-reply does not count).
    assert q.replies == 11
    # Issues: iv2 1, iv3 2, iv4 1, iv5 2.
    assert q.issues == 6
    assert q.escalations == 1
    # Graded: iv1 20 h, iv2 44 h, iv3 68 h, iv4 20 h, iv7 20 h → median 20, max 68.
    assert (q.graded, q.median_hours_to_grade, q.max_hours_to_grade) == (5, 20.0, 68.0)


def test_interviewer_strictness_and_quality(de: PipelineMeasures) -> None:
    ana, ben, cy = de.interviewers
    # ana: iv1 R, iv3 R → 2/2; everyone else: (5 - 2) / (6 - 2) = 3/4.
    assert (ana.email, ana.decided, ana.rejects, ana.reject_rate) == (ANA, 2, 2, 1.0)
    assert ana.others_rate == pytest.approx(0.75)
    assert ana.rate_gap == pytest.approx(0.25)
    # ana: replies 1 + 3, issues useless + vague → 0.5 per reply.
    assert (ana.replies, ana.issues, ana.issues_per_reply) == (4, 2, 0.5)
    assert ana.issues_by_kind == (("useless", 1), ("vague", 1))
    # ben: iv2 A, iv4 R → 1/2; others 4/4; replies 2 + 2; issues vague + off_r2.
    assert (ben.reject_rate, ben.others_rate, ben.replies, ben.issues) == (0.5, 1.0, 4, 2)
    # cy: three interviews, two decided and rejected; the escalation is cy's.
    assert (cy.interviews, cy.decided, cy.rejects, cy.escalations) == (3, 2, 2, 1)
    assert (cy.replies, cy.issues) == (3, 2)


def test_disagreement_between_interviewers_of_one_candidate(de: PipelineMeasures) -> None:
    # c1: ana rejects, ben advances → disagree. c2: ana and cy both reject → agree.
    d = de.disagreement
    assert (d.candidates, d.pairs, d.disagreeing, d.rate) == (2, 2, 1, 0.5)
    assert [(s.email, s.shared_pairs, s.disagreements) for s in de.interviewers] == [
        (ANA, 2, 1),
        (BEN, 1, 1),
        (CY, 1, 0),
    ]


def test_all_history_includes_the_interview_before_the_period(session: Session) -> None:
    (facts,) = load_facts(session, pipeline="de", since=None)
    m = measure_pipeline(facts)
    # iv0 adds one rejection, on spark_years, by ben.
    assert (m.decided, m.rejected) == (7, 6)
    spark = next(g for g in m.gaps if g.key == "spark_years")
    assert spark.by_interviewer == ((ANA, 1), (BEN, 1))
