"""A simulated hiring history, so ``mailagent demo`` can end with an insights table.

``simulate_history`` draws several weeks of interviews from a seeded ``random.Random``
and writes them as rows (see ``history_rows.HistoryWriter``): three pipelines, seven
interviewers, candidates seen by one or two of them, HM replies with their issues, off-R2
proposals accepted and declined, and one escalation. The same seed and ``now`` give the
same rows. Built into the draw, so that the insights have something to find:

- Tom Keller rejects most candidates, and usually on ``data_quality``: an outlier;
- data engineers often lack warehouse SQL (a skill) and Spark years (a years criterion);
- designers' ``user_research`` verdicts are often unclear, and ``stakeholder_communication``
  (handling critique) is a personality trait;
- Tom raises "Culture fit" three times in backend interviews and declines each time to
  add it to the R2; Priti's "Kubernetes in production" is accepted (R2 v2).

Example::

    >>> simulate_history(session, weeks=6, seed=7, now=datetime(2026, 4, 6, tzinfo=UTC))
    >>> print(insights_command(session, pipeline="data-engineer", since=None, fmt="table"))
    Data Engineer (Batch and Streaming) (data-engineer, R2 v2): 41 interviews, ...
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.demo.history_rows import CriterionRow, HistoryWriter
from mailagent.models import (
    AmendmentState,
    Interview,
    Pipeline,
    R2Version,
    Thread,
    ThreadStatus,
)

TOM = "tom.keller@example.com"
ISSUES = ("vague", "useless", "subjective", "assumption")
FIRST = (
    "Ava",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kemal",
    "Lina",
    "Mo",
    "Nia",
    "Olu",
    "Pia",
    "Quinn",
    "Rui",
    "Sofia",
    "Theo",
    "Uma",
    "Vik",
)
LAST = (
    "Adeyemi",
    "Berg",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
)


@dataclass(frozen=True)
class Profile:
    """One simulated pipeline: its R2, interviewers, and how candidates fall short."""

    pipeline_id: str
    title: str
    criteria: tuple[CriterionRow, ...]
    interviewers: tuple[str, ...]
    # Chance that a weak candidate lacks each criterion.
    lack: dict[str, float]
    # Criteria whose verdicts come out unclear or unspecific about half the time.
    vague: frozenset[str] = frozenset()
    # The criterion the tough interviewer cites when rejecting a good candidate.
    pet: str | None = None
    candidates_per_week: int = 5
    extra: dict[str, str] = field(default_factory=dict)


PROFILES = (
    Profile(
        "data-engineer",
        "Data Engineer (Batch and Streaming)",
        (
            (
                "warehouse_sql",
                "Advanced SQL and dimensional modelling in a cloud warehouse.",
                "must",
            ),
            ("spark_years", "2+ years building batch pipelines with Spark.", "must"),
            ("orchestration", "Schedules and monitors pipelines with Airflow or Dagster.", "must"),
            ("data_quality", "Builds data-quality checks and alerting.", "must"),
            ("streaming", "Has worked with streaming data (Kafka, Kinesis or Flink).", "nice"),
        ),
        ("priti.shah@example.com", "ana.lima@example.com", TOM),
        {
            "warehouse_sql": 0.55,
            "spark_years": 0.6,
            "orchestration": 0.06,
            "data_quality": 0.3,
            "streaming": 0.3,
        },
        pet="data_quality",
        candidates_per_week=6,
    ),
    Profile(
        "product-designer",
        "Senior Product Designer",
        (
            ("shipped_portfolio", "Portfolio with at least three shipped features.", "must"),
            ("user_research", "Plans and runs user research and acts on the findings.", "must"),
            ("prototyping", "Builds interactive prototypes in Figma.", "must"),
            ("design_system", "Has contributed to or maintained a design system.", "nice"),
            (
                "stakeholder_communication",
                "Presents design decisions to engineers and handles critique well.",
                "must",
            ),
        ),
        ("clara.novak@example.com", "sam.reed@example.com", "lea.fischer@example.com"),
        {
            "shipped_portfolio": 0.25,
            "user_research": 0.45,
            "prototyping": 0.05,
            "design_system": 0.3,
            "stakeholder_communication": 0.4,
        },
        vague=frozenset({"user_research"}),
        candidates_per_week=4,
    ),
    Profile(
        "backend-engineer",
        "Backend Engineer (Go)",
        (
            ("go_years", "3+ years of Go in production services.", "must"),
            ("api_design", "Passes our API-design take-home assessment.", "must"),
            ("postgres", "Designs PostgreSQL schemas and tunes slow queries.", "must"),
            ("cloud_cert", "Holds an AWS or GCP certification.", "nice"),
        ),
        ("omar.haddad@example.com", "ana.lima@example.com", TOM),
        {"go_years": 0.5, "api_design": 0.45, "postgres": 0.15, "cloud_cert": 0.3},
        pet="postgres",
        candidates_per_week=4,
    ),
)


@dataclass
class _Drawn:
    thread: Thread
    pipeline_id: str
    interviewer: str
    held_at: datetime


def simulate_history(session: Session, *, weeks: int = 6, seed: int = 7, now: datetime) -> None:
    """Write ``weeks`` of simulated history ending at ``now``; does nothing if it is there.

    Existing pipelines with the same ids are kept, and their newest R2 is used.
    """
    if session.scalar(select(Interview.id).where(Interview.id.like("sim-%")).limit(1)):
        return
    rng = random.Random(seed)
    writer = HistoryWriter(session)
    start = now - timedelta(weeks=weeks)
    drawn: list[_Drawn] = []
    names = iter(f"{f} {ln}" for ln in LAST for f in FIRST)
    for profile in PROFILES:
        criteria = _ensure_pipeline(session, writer, profile, at=start - timedelta(days=7))
        n = 0
        for week in range(weeks):
            for _ in range(profile.candidates_per_week):
                n += 1
                name = next(names)
                cand = f"sim-{name.lower().replace(' ', '-')}"
                lacking = _lacking(rng, profile, criteria)
                people = rng.sample(profile.interviewers, 2 if rng.random() < 0.35 else 1)
                day = start + timedelta(weeks=week, days=rng.randint(0, 4))
                for k, who in enumerate(people):
                    held = day.replace(hour=9 + rng.randint(0, 7), minute=0) + timedelta(days=k)
                    if held > now - timedelta(hours=2):
                        continue
                    iv_id = f"sim-{profile.pipeline_id}-{n:03d}-{k}"
                    thread = _interview(
                        rng, writer, profile, criteria, iv_id, cand, who, held, lacking, now=now
                    )
                    drawn.append(_Drawn(thread, profile.pipeline_id, who, held))
    _amendments(session, writer, drawn)


def _ensure_pipeline(
    session: Session, writer: HistoryWriter, profile: Profile, *, at: datetime
) -> tuple[CriterionRow, ...]:
    """Create the pipeline unless it exists; return its newest criteria."""
    if session.get(Pipeline, profile.pipeline_id) is None:
        writer.pipeline(profile.pipeline_id, profile.title, profile.criteria, at=at)
        return profile.criteria
    version = session.scalars(
        select(R2Version)
        .where(R2Version.pipeline_id == profile.pipeline_id)
        .order_by(R2Version.version.desc())
    ).first()
    if version is None:
        return profile.criteria
    return tuple((c.key, c.text, c.kind) for c in version.criteria)


def _lacking(rng: random.Random, profile: Profile, criteria: tuple[CriterionRow, ...]) -> set[str]:
    """What a candidate lacks: nothing for a strong one, at least one must for a weak one."""
    if rng.random() < 0.45:
        return set()
    lacking = {key for key, _, _ in criteria if rng.random() < profile.lack.get(key, 0.15)}
    musts = [key for key, _, kind in criteria if kind == "must"]
    if musts and not lacking & set(musts):
        weights = [profile.lack.get(k, 0.15) for k in musts]
        lacking.add(rng.choices(musts, weights=weights)[0])
    return lacking


def _interview(
    rng: random.Random,
    writer: HistoryWriter,
    profile: Profile,
    criteria: tuple[CriterionRow, ...],
    iv_id: str,
    candidate: str,
    who: str,
    held: datetime,
    lacking: set[str],
    *,
    now: datetime,
) -> Thread:
    tough = who == TOM
    musts_lacking = {k for k, _, kind in criteria if kind == "must" and k in lacking}
    # A weak candidate is nearly always rejected; Tom also rejects most strong ones.
    chance = 0.9 if musts_lacking else (0.75 if tough else 0.12)
    reject = rng.random() < chance
    cited = set(lacking) if reject else set()
    keys = {k for k, _, _ in criteria}
    if reject and tough and profile.pet in keys:
        cited.add(str(profile.pet))
    elif reject and not musts_lacking and not cited:
        cited.add(rng.choice(sorted(keys)))
    verdicts: dict[str, str] = {}
    unspecific: list[str] = []
    for key in sorted(keys):
        verdict = "not_met" if key in cited else "met"
        if key in profile.vague and rng.random() < 0.55:
            if verdict == "met":
                verdict = "unclear"
            else:
                unspecific.append(key)
        verdicts[key] = verdict
    # Replies: most HMs answer usefully at once; some need one or two follow-ups.
    age = now - held
    roll = rng.random()
    count = 1 if roll < 0.5 else 2 if roll < 0.8 else 3
    complete = rng.random() > 0.06
    max_replies = max(int((age - timedelta(hours=20)) / timedelta(days=1)) + 1, 0)
    if max_replies < count:
        count, complete = max_replies, False
    replies: list[list[str]] = []
    for r in range(count):
        last = r == count - 1 and complete
        issues = [] if last else [("subjective" if tough else rng.choice(ISSUES))]
        replies.append(issues)
    decision = ("reject" if reject else "advance") if count else None
    return writer.interview(
        iv_id,
        pipeline_id=profile.pipeline_id,
        candidate=candidate,
        interviewer=who,
        held_at=held,
        decision=decision,
        verdicts=verdicts if count else {},
        unspecific=unspecific,
        replies=replies,
        complete=complete,
    )


def _amendments(session: Session, writer: HistoryWriter, drawn: list[_Drawn]) -> None:
    """Off-R2 proposals, one accepted R2 amendment, and one escalation."""

    def answered(pipeline_id: str, who: str) -> list[_Drawn]:
        return [
            d
            for d in drawn
            if d.pipeline_id == pipeline_id
            and d.interviewer == who
            and d.thread.status != ThreadStatus.OPEN
        ]

    def raised_at(d: _Drawn) -> datetime:
        return d.held_at + timedelta(hours=20)

    # Priti asks for Kubernetes experience and agrees to add it: R2 version n + 1.
    priti = answered("data-engineer", "priti.shah@example.com")
    if priti:
        d = priti[len(priti) // 3]
        latest = session.scalars(
            select(R2Version)
            .where(R2Version.pipeline_id == d.pipeline_id)
            .order_by(R2Version.version.desc())
        ).first()
        rows = [(c.key, c.text, c.kind) for c in latest.criteria] if latest else []
        if "kubernetes" not in {key for key, _, _ in rows}:
            rows.append(("kubernetes", "Has run workloads on Kubernetes in production.", "must"))
        version = writer.r2_version(
            d.pipeline_id,
            (latest.version if latest else 0) + 1,
            rows,
            by=d.interviewer,
            at=raised_at(d) + timedelta(hours=3),
            thread_id=d.thread.id,
            note="Added from the HM's feedback thread.",
        )
        writer.amendment(
            d.thread,
            requirement="Kubernetes in production",
            state=AmendmentState.ACCEPTED,
            at=raised_at(d),
            new_version=version,
        )
    ana = answered("data-engineer", "ana.lima@example.com")
    if ana:
        d = ana[len(ana) // 2]
        writer.amendment(
            d.thread, requirement="dbt", state=AmendmentState.DECLINED, at=raised_at(d)
        )
    # Tom judges on "culture fit" again and again, and each time declines to add it.
    tom = answered("backend-engineer", TOM)
    for k in sorted({0, len(tom) // 2, len(tom) - 1}) if tom else []:
        writer.amendment(
            tom[k].thread,
            requirement="Culture fit",
            state=AmendmentState.DECLINED,
            at=raised_at(tom[k]),
        )
    sam = answered("product-designer", "sam.reed@example.com")
    if sam:
        writer.amendment(
            sam[-1].thread,
            requirement="Motion design",
            state=AmendmentState.PROPOSED,
            at=raised_at(sam[-1]),
        )
    lea = answered("product-designer", "lea.fischer@example.com")
    if lea:
        writer.escalation(lea[len(lea) // 2].thread)
