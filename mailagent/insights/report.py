"""The insights report as data, as JSON and as a terminal table.

``report_dict`` is the single shape every output is drawn from: the JSON output is that
dict with sorted keys, and the HTML template (:mod:`mailagent.insights.html`) reads the same dict.

Example of ``render_json`` (abridged)::

    {
      "filter": {"pipeline": "data-engineer", "since": "2026-03-01"},
      "pipelines": [
        {
          "id": "data-engineer",
          "reject_rate": 0.6,
          "recommendations": [
            {"action": "add_assessment", "rule": "skill_assessment",
             "subject": "warehouse_sql", "summary": "Add a short skills assessment ..."}
          ],
          ...
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from mailagent.insights.measures import (
    CriterionGap,
    InterviewerStats,
    PipelineMeasures,
    percent,
)
from mailagent.insights.rules import Finding, InsightsConfig, is_strict_outlier


@dataclass(frozen=True)
class PipelineInsights:
    measures: PipelineMeasures
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class InsightsReport:
    pipeline: str | None
    since: date | None
    config: InsightsConfig
    pipelines: tuple[PipelineInsights, ...]


def _r(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


def _gap(g: CriterionGap) -> dict[str, Any]:
    return {
        "key": g.key,
        "text": g.text,
        "rejections": g.rejections,
        "share_of_rejections": _r(g.share_of_rejections),
        "interviewers": g.interviewers,
        "by_interviewer": dict(g.by_interviewer),
        "verdicts": g.verdicts,
        "ambiguous_share": _r(g.ambiguous_share),
    }


def _interviewer(s: InterviewerStats, config: InsightsConfig) -> dict[str, Any]:
    return {
        "email": s.email,
        "interviews": s.interviews,
        "decided": s.decided,
        "rejects": s.rejects,
        "reject_rate": _r(s.reject_rate),
        "others_reject_rate": _r(s.others_rate),
        "rate_gap": _r(s.rate_gap),
        "strict_outlier": is_strict_outlier(s, config),
        "replies": s.replies,
        "issues": s.issues,
        "issues_per_reply": _r(s.issues_per_reply),
        "issues_by_kind": dict(s.issues_by_kind),
        "escalations": s.escalations,
        "shared_pairs": s.shared_pairs,
        "disagreements": s.disagreements,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "action": str(f.action),
        "subject": f.subject,
        "interviewer": f.interviewer,
        "summary": f.summary,
        "evidence": dict(f.evidence),
    }


def pipeline_dict(p: PipelineInsights, config: InsightsConfig) -> dict[str, Any]:
    m = p.measures
    q = m.quality
    return {
        "id": m.id,
        "title": m.title,
        "r2_version": m.r2_version,
        "interviews": m.interviews,
        "decided": m.decided,
        "rejected": m.rejected,
        "reject_rate": _r(m.reject_rate),
        "rejections_by_criterion": {
            kind: [_gap(g) for g in m.gaps if g.kind == kind] for kind in ("must", "nice", "off_r2")
        },
        "off_r2": {
            "raised": m.off_r2.raised,
            "accepted": m.off_r2.accepted,
            "declined": m.off_r2.declined,
            "pending": m.off_r2.pending,
            "items": [{**asdict(i), "versions": list(i.versions)} for i in m.off_r2.items],
        },
        "feedback_quality": {
            "threads": q.threads,
            "complete": q.complete,
            "completed_after_replies": {
                (f"{n}+" if n == 4 else str(n)): c for n, c in q.completed_after
            },
            "complete_within_replies": {str(n): _r(s) for n, s in q.complete_within},
            "replies": q.replies,
            "issues": q.issues,
            "escalations": q.escalations,
            "graded": q.graded,
            "median_hours_to_grade": _r(q.median_hours_to_grade, 1),
            "max_hours_to_grade": _r(q.max_hours_to_grade, 1),
        },
        "interviewers": [_interviewer(s, config) for s in m.interviewers],
        "disagreement": {
            "candidates": m.disagreement.candidates,
            "pairs": m.disagreement.pairs,
            "disagreeing": m.disagreement.disagreeing,
            "rate": _r(m.disagreement.rate),
        },
        "recommendations": [_finding(f) for f in p.findings if f.acted],
        "held": [_finding(f) for f in p.findings if not f.acted],
    }


def report_dict(report: InsightsReport) -> dict[str, Any]:
    """The whole report as plain JSON-able data."""
    config = asdict(report.config)
    config["assessed"] = sorted(report.config.assessed)
    return {
        "filter": {
            "pipeline": report.pipeline,
            "since": report.since.isoformat() if report.since else None,
        },
        "config": config,
        "pipelines": [pipeline_dict(p, report.config) for p in report.pipelines],
    }


def render_json(report: InsightsReport) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 kept as is."""
    return json.dumps(report_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_table(report: InsightsReport, *, width: int = 120) -> str:
    """The report as ``rich`` tables, rendered to plain text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, force_terminal=False)
    if not report.pipelines:
        console.print("No pipeline matches.")
    for p in report.pipelines:
        data = pipeline_dict(p, report.config)
        q = data["feedback_quality"]
        within = " / ".join(percent(v) for v in q["complete_within_replies"].values())
        console.print(
            f"[bold]{data['title']}[/bold] ({data['id']}, R2 v{data['r2_version']}): "
            f"{data['interviews']} interviews, {data['rejected']} of {data['decided']} "
            f"decided rejected ({percent(data['reject_rate'])}); feedback complete within "
            f"1/2/3 replies: {within}"
            f"; median time to grade {q['median_hours_to_grade'] or '–'} h; "
            f"{q['escalations']} escalation(s); off-R2 raised {data['off_r2']['raised']}, "
            f"accepted {data['off_r2']['accepted']}, declined {data['off_r2']['declined']}."
        )
        gaps = Table(title="Rejections by missed criterion", title_justify="left")
        for col in ("criterion", "kind", "rejections", "share", "interviewers", "unclear"):
            gaps.add_column(col, justify="left" if col in ("criterion", "kind") else "right")
        for kind, rows in data["rejections_by_criterion"].items():
            for g in rows:
                gaps.add_row(
                    g["key"],
                    kind,
                    str(g["rejections"]),
                    percent(g["share_of_rejections"]),
                    str(g["interviewers"]),
                    percent(g["ambiguous_share"]),
                )
        console.print(gaps)
        people = Table(title="Interviewers", title_justify="left")
        for col in (
            "interviewer",
            "decided",
            "reject rate",
            "others",
            "issues/reply",
            "esc.",
            "disagreements",
        ):
            people.add_column(col, justify="left" if col == "interviewer" else "right")
        for s in data["interviewers"]:
            flag = " ⚠" if s["strict_outlier"] else ""
            people.add_row(
                s["email"] + flag,
                str(s["decided"]),
                percent(s["reject_rate"]),
                percent(s["others_reject_rate"]),
                "–" if s["issues_per_reply"] is None else f"{s['issues_per_reply']:.2f}",
                str(s["escalations"]),
                f"{s['disagreements']}/{s['shared_pairs']}",
            )
        console.print(people)
        advice = Table(title="Recommendations", title_justify="left")
        advice.add_column("rule")
        advice.add_column("action")
        advice.add_column("subject")
        advice.add_column("why", ratio=1)
        for f in data["recommendations"] + data["held"]:
            advice.add_row(f["rule"], f["action"], f["subject"], f["summary"])
        console.print(advice)
        console.print()
    return buffer.getvalue()
