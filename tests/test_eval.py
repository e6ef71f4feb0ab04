"""``mailagent eval``: case scores on the reply really sent, scenarios through the engine,
offline and with the Claude brain against the fake Messages API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mailagent.dialogue.brain import BrainContext, BrainResult
from mailagent.dialogue.claude import ClaudeBrain, make_client
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.evaluation.command import evaluate
from mailagent.evaluation.corpus import load_corpus
from mailagent.evaluation.scenarios import play_scenario
from tests.fakes.anthropic_server import running_fake_anthropic
from tests.fakes.recording import RecordingBrain
from tests.shared import REPO_ROOT, shared_path

OWN = sorted((REPO_ROOT / "tests" / "data" / "corpora").iterdir())


def test_eval_json_on_the_shared_corpus() -> None:
    corpus = shared_path("eval")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILAGENT_", "ANTHROPIC_"))}
    done = subprocess.run(
        [sys.executable, "-m", "mailagent", "eval", "--corpus", str(corpus), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
        cwd=REPO_ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    cases, scenarios = result["cases"], result["scenarios"]
    assert cases["macro_f1"] >= 0.90
    assert cases["action_accuracy"] >= 0.90
    assert cases["evidence_hit_rate"] == 1.0
    assert set(cases["labels"]) == {
        "useless",
        "vague",
        "subjective",
        "discriminatory",
        "assumption",
        "off_r2",
        "contradicts_resume",
    }
    assert set(cases["labels"]["vague"]) == {"precision", "recall", "f1"}
    assert scenarios["total"] == 6
    assert scenarios["passed"] == scenarios["total"], scenarios["failures"]


# Regression floors, not targets. care-support and data-eng were written to tune the
# offline brain; heldout-web was written blind and never tuned on. heldout-ops and
# heldout-retail were written blind by another session: heldout-ops was first run at
# macro-F1 0.371, then its failures were read and the mechanisms behind them
# generalised (0.856); heldout-retail's failures have never been read (0.471 before that
# work, 0.678 after). Their floors sit a little under the figures they gave.
# heldout-ops's action floor went from 0.85 to 0.84 on 2026-11-30: the protected-remark
# detector that now catches 0.91-0.93 of the blind protected sets (was 0.86-0.90) also
# escalates one more ordinary reply there (38/45 actions right, was 40/45 before that
# and the offline package round). A false escalation costs the recruiter a glance.
FLOORS = {
    "care-support": (0.95, 0.95, 1.0, True),
    "data-eng": (0.95, 0.95, 1.0, True),
    "heldout-web": (0.90, 0.90, 1.0, True),
    "heldout-ops": (0.80, 0.84, 0.5, False),
    "heldout-retail": (0.62, 0.78, 0.2, False),
}


@pytest.mark.parametrize("root", OWN, ids=[p.name for p in OWN])
def test_eval_on_our_own_corpora(root: Path) -> None:
    report, scenarios = evaluate(load_corpus(root), OfflineBrain())
    macro_f1, action, evidence, all_scenarios = FLOORS[root.name]
    assert report.macro_f1 >= macro_f1
    assert report.action_accuracy >= action
    assert report.evidence_hit_rate >= evidence
    if all_scenarios:
        assert all(s.passed for s in scenarios), [s.reasons for s in scenarios]


def test_a_failing_scenario_says_why(tmp_path: Path) -> None:
    source = OWN[0]
    root = tmp_path / "corpus"
    (root / "r2").mkdir(parents=True)
    (root / "resumes").mkdir()
    corpus = load_corpus(source)
    scenario = corpus.scenarios[0]
    for name in ("r2", "resumes"):
        for f in (source / name).iterdir():
            (root / name / f.name).write_text(f.read_text())
    (root / "cases.yaml").write_text(f"as_of: {corpus.as_of}\ncases: []\n")
    (root / "scenarios.yaml").write_text(
        json.dumps(
            {
                "as_of": str(corpus.as_of),
                "scenarios": [
                    {
                        "id": "x1",
                        "title": "expects too much",
                        "pipeline": scenario.pipeline,
                        "candidate": scenario.candidate,
                        "decision": "reject",
                        "replies": ["Not a good fit."],
                        "expect": {"complete_after": 1, "escalated": True},
                    }
                ],
            }
        )
    )
    result = play_scenario(load_corpus(root), load_corpus(root).scenarios[0], OfflineBrain())
    assert not result.passed
    assert result.reasons == (
        "complete after reply None, expected 1",
        "escalated=False, expected True",
    )


@dataclass
class MustNotFallBack:
    name: str = "must-not-fall-back"
    calls: int = 0

    def assess(self, ctx: BrainContext) -> BrainResult:
        self.calls += 1
        return OfflineBrain().assess(ctx)

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


def test_the_claude_brain_passes_the_scenarios_against_the_fake_api(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    corpus = load_corpus(shared_path("eval"))
    for scenario in corpus.scenarios:
        recording = RecordingBrain()
        assert play_scenario(corpus, scenario, recording).passed
        with running_fake_anthropic() as fake:
            for tool_input in recording.seen:
                fake.reply_tool_use(tool_input)
            fallback = MustNotFallBack()
            brain = ClaudeBrain(
                client=make_client(api_key="test", base_url=fake.url, timeout_s=5),
                fallback=fallback,
                rephrase=False,
                sleep=lambda _s: None,
            )
            result = play_scenario(corpus, scenario, brain)
            assert result.passed, (scenario.id, result.reasons)
            assert fallback.calls == 0
            assert len(fake.requests) == len(recording.seen)
            # The HM's words reached Claude only inside the nonce-tagged data fence.
            first = fake.requests[0].user_text()
            assert scenario.replies[0][:30] in first
            assert "<data-" in first
