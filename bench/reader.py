"""Offline brain figures: how well it reads each labelled corpus, how fast, how much memory.

Every corpus at hand is scored as ``mailagent eval --corpus DIR`` scores it (cases on the
rendered reply, every scenario through the real engine), and only its totals are kept:
the blind corpora's failures are never printed. Keys, for each corpus ``<c>`` (its folder
name, ``-`` as ``_``; ``../shared/eval`` is ``shared_eval``)::

    reader_<c>_macro_f1, reader_<c>_action, reader_<c>_evidence, reader_<c>_scenarios

(the last is the share of scenarios passed; the details say how many of how many). Then,
from a fresh process pinned to one core, in CPU time (a busy machine does not inflate
them; wall times are in the details): ``reader_load_s`` (import the offline brain and
load its model and dictionary), ``reader_ms_per_reply`` (median time to read one reply
of the dev corpus), ``reader_rss_mb`` (peak RSS added by loading and reading). Goals
(issue #13): 20 ms, 1 s, 150 MB.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPLIES = ROOT / "tests" / "data" / "replies"
CORPORA = ROOT / "tests" / "data" / "corpora"
SHARED = ROOT.parent / "shared" / "eval"
# The replies timed one by one: the dev corpus (read while choosing models).
TIMED = REPLIES / "w04-education-legal"


def corpora() -> list[Path]:
    """Every labelled corpus at hand: the writers' replies, our own corpora, ../shared/eval."""
    found = [p for base in (REPLIES, CORPORA) if base.is_dir() for p in sorted(base.iterdir())
             if (p / "cases.yaml").is_file()]
    if (SHARED / "cases.yaml").is_file():
        found.append(SHARED)
    return found


def corpus_key(path: Path) -> str:
    """``w01-care`` → ``w01_care``; ``../shared/eval`` → ``shared_eval``."""
    name = "shared_eval" if path == SHARED else path.name
    return re.sub(r"\W+", "_", name).strip("_").lower()


_PARTS = {
    "macro_f1": "macro-F1 of the issue labels",
    "action": "share of replies answered with the expected move",
    "evidence": "share of contradicted claims answered with a disproving resume line",
    "scenarios": "share of scenarios passed (every move and verdict as expected)",
}


def _descriptions() -> dict[str, str]:
    out = {
        "reader_ms_per_reply": "offline brain: median CPU ms to read one reply (dev corpus, one"
        " core; goal <= 20)",
        "reader_load_s": "offline brain: CPU s to import it and load its model in a fresh"
        " process (goal <= 1)",
        "reader_rss_mb": "offline brain: peak RSS added by loading and reading, MB (goal <= 150)",
    }
    for path in corpora():
        for part, what in _PARTS.items():
            out[f"reader_{corpus_key(path)}_{part}"] = f"offline brain on {path.name}: {what}"
    return out


DESCRIPTIONS = _descriptions()


def score(path: str) -> dict[str, float | int]:
    """One corpus's totals, as ``mailagent eval`` computes them (no failures kept)."""
    from mailagent.dialogue.offline.brain import OfflineBrain
    from mailagent.evaluation.command import evaluate
    from mailagent.evaluation.corpus import load_corpus

    report, scenarios = evaluate(load_corpus(Path(path)), OfflineBrain())
    return {
        "macro_f1": round(report.macro_f1, 4),
        "action": round(report.action_accuracy, 4),
        "evidence": round(report.evidence_hit_rate, 4),
        "passed": sum(s.passed for s in scenarios),
        "total": len(scenarios),
        "cases": len(report.results),
    }


def _high_water_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def probe(folder: Path) -> dict[str, float]:
    """Run in a fresh process: load the corpus's contexts first (not counted), then time
    the brain's import and model load, then every reply."""
    from mailagent.evaluation.corpus import load_corpus

    corpus = load_corpus(folder)
    contexts = [corpus.context(case) for case in corpus.cases]
    before_mb = _high_water_mb()
    preloaded = sorted(m for m in ("numpy", "scipy", "sklearn", "simplemma") if m in sys.modules)
    # CPU time of this one process (pinned to one core): what the reader costs, not how
    # busy the machine is. Wall time goes in the details.
    start, wall = time.process_time(), time.perf_counter()
    from mailagent.dialogue.offline.brain import OfflineBrain
    from mailagent.dialogue.offline.reader import LearnedReader

    if LearnedReader.load() is None:
        raise RuntimeError("the offline brain's model file is missing")
    load_s, load_wall = time.process_time() - start, time.perf_counter() - wall
    brain = OfflineBrain()
    times, walls = [], []
    for ctx in contexts:
        t0, w0 = time.process_time(), time.perf_counter()
        brain.assess(ctx)
        times.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
    return {
        "load_s": load_s,
        "load_wall_s": load_wall,
        "ms_per_reply": statistics.median(times) * 1000,
        "wall_ms_per_reply": statistics.median(walls) * 1000,
        "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))] * 1000,
        "rss_mb": _high_water_mb() - before_mb,
        "replies": len(times),
        "preloaded": len(preloaded),
    }


def _probe_in_fresh_process(folder: Path) -> dict[str, float]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run(
        [sys.executable, "-m", "bench.reader", "--probe", str(folder)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def measure(*, log: Callable[[str], None]) -> tuple[dict[str, object], dict[str, object]]:
    figures: dict[str, object] = {}
    details: dict[str, object] = {}
    found = corpora()
    log(f"offline brain on {len(found)} corpora ({os.cpu_count()} processes)")
    with ProcessPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        results = list(pool.map(score, [str(p) for p in found]))
    for path, got in zip(found, results, strict=True):
        key = corpus_key(path)
        figures[f"reader_{key}_macro_f1"] = got["macro_f1"]
        figures[f"reader_{key}_action"] = got["action"]
        figures[f"reader_{key}_evidence"] = got["evidence"]
        total = int(got["total"])
        figures[f"reader_{key}_scenarios"] = round(got["passed"] / total, 4) if total else None
        details[f"reader {path.name}"] = (
            f"{got['cases']} replies: macro-F1 {got['macro_f1']:.3f}, action {got['action']:.3f},"
            f" evidence {got['evidence']:.3f}, scenarios {got['passed']}/{total}"
        )
    log("offline brain: load time, time per reply and memory, in a fresh process")
    # The process pins itself to one core before anything is imported (see __main__).
    p = _probe_in_fresh_process(TIMED)
    figures["reader_ms_per_reply"] = round(p["ms_per_reply"], 2)
    figures["reader_load_s"] = round(p["load_s"], 3)
    figures["reader_rss_mb"] = round(p["rss_mb"], 1)
    details["reader timing"] = (
        f"{p['replies']:.0f} replies of {TIMED.name}, one core, CPU time: median"
        f" {p['ms_per_reply']:.1f} ms (wall {p['wall_ms_per_reply']:.1f}), 95th percentile"
        f" {p['p95_ms']:.1f} ms; import + load {p['load_s']:.2f} s (wall"
        f" {p['load_wall_s']:.2f}); peak RSS +{p['rss_mb']:.0f} MB over the corpus already loaded"
        + (" (numeric libraries were already imported: load time understated)"
           if p["preloaded"] else "")
    )
    return figures, details


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        print(json.dumps(probe(Path(sys.argv[2]))))
    else:
        figures, details = measure(log=lambda s: print(s, file=sys.stderr))
        print(json.dumps(figures))
