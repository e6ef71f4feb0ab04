"""``mailagent eval --corpus DIR [--brain offline|claude] [--json]``.

Cases are scored on the reply the agent would really send (rendered from the templates),
and every scenario is played through the real engine. ``--json`` prints::

    {"cases": {"macro_f1": 1.0, "action_accuracy": 1.0, "criteria_f1": 0.83,
               "evidence_hit_rate": 1.0, "labels": {"vague": {"precision": …}, …}},
     "scenarios": {"total": 6, "passed": 6, "failures": []}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

import mailagent
from mailagent.dialogue.brain import Assessment, Brain
from mailagent.dialogue.engine import reply_context, reply_template
from mailagent.dialogue.policy import Plan
from mailagent.errors import ConfigError
from mailagent.evaluation.cases import CaseReport, run_cases
from mailagent.evaluation.corpus import Case, Corpus, load_corpus
from mailagent.evaluation.protected_sets import is_set, score_all
from mailagent.evaluation.scenarios import ScenarioResult, play_scenario
from mailagent.outbox.render import Renderer


def default_corpus() -> Path | None:
    """``../shared/eval`` beside the checkout, or beside the current folder."""
    for base in (Path(mailagent.__file__).resolve().parents[2], Path.cwd().parent, Path.cwd()):
        candidate = base / "shared" / "eval"
        if (candidate / "cases.yaml").exists():
            return candidate
    return None


def rendered_reply(renderer: Renderer, corpus: Corpus) -> Any:
    """The reply text the engine would send for a case on a fresh thread."""

    def reply(case: Case, plan: Plan, assessment: Assessment) -> str:
        spec = corpus.r2s[case.pipeline]
        criteria = {c.key: c for c in spec.criteria}
        context = reply_context(
            plan,
            assessment,
            criteria=criteria,
            hm_name=spec.hiring_manager.name,
            candidate_name=case.candidate,
            role=spec.title,
            recruiter_name=spec.recruiter.name,
            escalated=False,
            recorded=[],
        )
        return renderer.text(reply_template(plan), **context)

    return reply


def evaluate(corpus: Corpus, brain: Brain) -> tuple[CaseReport, list[ScenarioResult]]:
    report = run_cases(corpus, brain, reply_text=rendered_reply(Renderer(), corpus))
    scenarios = [play_scenario(corpus, s, brain) for s in corpus.scenarios]
    return report, scenarios


def as_json(report: CaseReport, scenarios: list[ScenarioResult]) -> dict[str, Any]:
    return {
        "cases": {
            "total": len(report.results),
            "macro_f1": round(report.macro_f1, 4),
            "action_accuracy": round(report.action_accuracy, 4),
            "criteria_f1": round(report.criteria.f1, 4),
            "evidence_hit_rate": round(report.evidence_hit_rate, 4),
            "labels": {
                label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                }
                for label, s in report.labels.items()
            },
            "failures": [
                {
                    "id": r.case.id,
                    "expected": {
                        "issues": sorted(i.value for i in r.case.expect.issues),
                        "action": r.case.expect.action,
                    },
                    "got": {"issues": sorted(r.issues), "action": r.plan.move.value},
                }
                for r in report.failures()
            ],
        },
        "scenarios": {
            "total": len(scenarios),
            "passed": sum(s.passed for s in scenarios),
            "failures": [
                {"id": s.id, "title": s.title, "reasons": list(s.reasons)}
                for s in scenarios
                if not s.passed
            ],
        },
    }


def _protected(root: Path, as_json_flag: bool) -> None:
    """Recall per category, language and obfuscation, and the false-positive rate.

    ``root`` is one set, or a folder of sets (each scored alike).
    """
    scores = score_all(root)
    if as_json_flag:
        out = [s.as_json() for s in scores]
        typer.echo(json.dumps(out[0] if is_set(root) else out, indent=2))
        return
    console = Console()
    for score in scores:
        console.print(
            f"[bold]{root if is_set(root) else root / score.name}[/bold] — recall "
            f"{score.recall:.3f} ({score.protected.hit}/{score.protected.total}), false "
            f"positives {score.false_positive_rate:.3f} ({score.neutral.hit}/{score.neutral.total})"
        )
        for category, tally in sorted(score.by_category.items()):
            console.print(f"  {category:<20} recall {tally.rate:.3f} ({tally.hit}/{tally.total})")


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        corpus: Annotated[
            Path | None, typer.Option(help="A folder shaped like shared/eval.")
        ] = None,
        brain: Annotated[str, typer.Option(help="offline or claude.")] = "offline",
        as_json_flag: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ) -> None:
        """Score the brain on labelled replies and play the scenarios through the engine."""
        from mailagent.app import build_brain
        from mailagent.config import load_settings

        root = corpus or default_corpus()
        if root is None:
            raise ConfigError("--corpus: no corpus given and no ../shared/eval found")
        if is_set(root) or any(is_set(d) for d in root.glob("*") if d.is_dir()):
            # Protected-remark sets (protected.yaml / neutral.yaml): the detector's figures.
            _protected(root, as_json_flag)
            return
        if brain not in ("offline", "claude"):
            raise ConfigError(f"--brain: expected offline or claude, got {brain!r}")
        from mailagent.config import find_config

        base = load_settings(find_config())
        chosen = build_brain(base.model_copy(update={"brain": brain}))
        loaded = load_corpus(root)
        report, scenarios = evaluate(loaded, chosen)
        if as_json_flag:
            typer.echo(json.dumps(as_json(report, scenarios), indent=2))
            return
        console = Console()
        console.print(f"[bold]{root}[/bold] — {len(report.results)} cases, brain {chosen.name}")
        console.print(report.table())
        for r in report.failures():
            console.print(
                f"  [yellow]case {r.case.id}[/yellow]: expected "
                f"{sorted(i.value for i in r.case.expect.issues)} → "
                f"{r.case.expect.action}; got {sorted(r.issues)} → {r.plan.move.value}"
            )
        passed = sum(s.passed for s in scenarios)
        console.print(f"scenarios: {passed}/{len(scenarios)} passed")
        for s in scenarios:
            mark = "[green]pass[/green]" if s.passed else "[red]FAIL[/red]"
            console.print(
                f"  {mark} {s.id} {s.title}" + ("" if s.passed else ": " + "; ".join(s.reasons))
            )
