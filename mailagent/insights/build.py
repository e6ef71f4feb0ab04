"""Funnel insights: which R2 criteria slip through, what to change, how feedback holds up.

The flow is four small steps, each in its own module of this package:

1. ``facts.load_facts`` — rows → frozen facts (the only database access);
2. ``measures.measure_pipeline`` — facts → numbers;
3. ``rules.recommend`` — numbers → findings, each naming its rule;
4. ``report`` / ``html`` — findings → table, JSON or HTML.

``insights_command`` is what ``mailagent insights [--pipeline P] [--since DATE]
[--format table|json|html]`` prints. Example of the table (abridged)::

    Data Engineer (data-engineer, R2 v2): 24 interviews, 14 of 22 decided rejected (64%); ...
    Recommendations
    ┏━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
    ┃ rule             ┃ action             ┃ subject       ┃ why                         ┃
    ┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
    │ years_screen     │ screening_question │ spark_years   │ Add a yes/no screening ...  │
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from mailagent.errors import NotFound
from mailagent.insights.facts import load_facts
from mailagent.insights.html import render_html
from mailagent.insights.measures import measure_pipeline
from mailagent.insights.report import (
    InsightsReport,
    PipelineInsights,
    render_json,
    render_table,
)
from mailagent.insights.rules import InsightsConfig, recommend

Format = Literal["table", "json", "html"]


def build_insights(
    session: Session,
    *,
    pipeline: str | None,
    since: date | None,
    config: InsightsConfig | None = None,
) -> InsightsReport:
    """Load, measure and judge one pipeline (or all); raises ``NotFound`` for a bad id."""
    cfg = config or InsightsConfig()
    facts = load_facts(session, pipeline=pipeline, since=since)
    if pipeline is not None and not facts:
        raise NotFound(f"no pipeline {pipeline!r}")
    parts = []
    for f in facts:
        measures = measure_pipeline(f)
        parts.append(PipelineInsights(measures=measures, findings=tuple(recommend(measures, cfg))))
    return InsightsReport(pipeline=pipeline, since=since, config=cfg, pipelines=tuple(parts))


def insights_command(
    session: Session,
    *,
    pipeline: str | None,
    since: date | None,
    fmt: Format,
    config: InsightsConfig | None = None,
) -> str:
    """What ``mailagent insights`` prints, in the chosen format."""
    report = build_insights(session, pipeline=pipeline, since=since, config=config)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report)
    return render_table(report)
