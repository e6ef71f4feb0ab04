"""The insights report as one self-contained HTML file (inline CSS and SVG, no script).

The template is ``insights.html.j2`` in the installed package's ``templates`` folder, or
in the repository's top-level ``templates/`` when running from a checkout. Autoescape is
on; only the charts, drawn and escaped by :mod:`mailagent.insights.svg`, go in as
``Markup``.

Example::

    >>> render_html(report)[:60]
    '<!doctype html>\\n<html lang="en">\\n<head>\\n<meta charset="utf-8">'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import mailagent
from mailagent.insights.measures import percent
from mailagent.insights.report import InsightsReport, report_dict
from mailagent.insights.svg import ALERT, MUST, NICE, NORMAL, OTHER, Bar, bar_chart

TEMPLATE = "insights.html.j2"


def template_dir() -> Path:
    """The installed ``mailagent/templates`` if present, else the checkout's ``templates``."""
    package = Path(mailagent.__file__).resolve().parent
    installed = package / "templates"
    return installed if (installed / TEMPLATE).exists() else package.parent / "templates"


def pipeline_charts(p: dict[str, Any]) -> dict[str, Markup]:
    """The three charts of one pipeline section, from its report dict."""
    colors = {"must": MUST, "nice": NICE, "off_r2": OTHER}
    gap_bars = [
        Bar(
            label=g["key"],
            value=g["rejections"],
            text=f"{g['rejections']} ({percent(g['share_of_rejections'])})",
            color=colors[kind],
            tooltip=g["text"],
        )
        for kind, rows in p["rejections_by_criterion"].items()
        for g in rows
    ]
    people = [s for s in p["interviewers"] if s["reject_rate"] is not None]
    rate_bars = [
        Bar(
            label=s["email"].split("@")[0],
            value=s["reject_rate"] * 100,
            text=f"{percent(s['reject_rate'])} of {s['decided']}",
            color=ALERT if s["strict_outlier"] else NORMAL,
            tooltip=s["email"],
        )
        for s in people
    ]
    within = p["feedback_quality"]["complete_within_replies"]
    reply_bars = [
        Bar(
            label=f"≤ {n} repl{'y' if n == '1' else 'ies'}",
            value=(share or 0) * 100,
            text=percent(share),
            color=NORMAL,
        )
        for n, share in within.items()
    ]
    rate = p["reject_rate"]
    return {
        "gaps": bar_chart(
            "Rejections by missed R2 criterion",
            gap_bars,
            max_value=max([p["rejected"], 1]),
            legend=(("must", MUST), ("nice", NICE)),
        ),
        "rates": bar_chart(
            "Reject rate per interviewer",
            rate_bars,
            max_value=100,
            reference=None if rate is None else rate * 100,
            reference_label=f"pipeline {percent(rate)}",
            legend=(("far above the rest", ALERT),)
            if any(s["strict_outlier"] for s in people)
            else (),
        ),
        "replies": bar_chart(
            "Feedback threads complete within n HM replies", reply_bars, max_value=100
        ),
    }


def render_html(report: InsightsReport) -> str:
    """One HTML file a recruiter can open in a browser or attach to an email."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    data = report_dict(report)
    charts = {p["id"]: pipeline_charts(p) for p in data["pipelines"]}
    return env.get_template(TEMPLATE).render(report=data, charts=charts, pct=percent)
