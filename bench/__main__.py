"""``python -m bench [--quick] [--json]``: throughput, scaling, LLM cost and memory.

Prints one table and writes ``BENCHMARKS.md`` (figures, machine, date, how to rerun);
``--json`` prints the figures as one JSON object instead of the table, for example::

    {"intake_vs_parse_ratio": 0.04, "replies_per_s_sqlite": 31.2, ...}

Every timing is a ratio or a rate measured in this one run on this machine; the tests
never assert on time. The measures live in :mod:`bench.measures`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.measures import DESCRIPTIONS, run_all

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"


def table(figures: dict[str, object]) -> str:
    width = max(len(k) for k in figures)
    lines = [f"{'measure'.ljust(width)}  value    what", f"{'-' * width}  -------  ----"]
    for key, value in figures.items():
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        lines.append(f"{key.ljust(width)}  {shown.ljust(7)}  {DESCRIPTIONS.get(key, '')}")
    return "\n".join(lines)


def write_markdown(figures: dict[str, object], details: dict[str, object], quick: bool) -> Path:
    path = ROOT / "BENCHMARKS.md"
    rows = "\n".join(
        f"| `{k}` | {v if not isinstance(v, float) else f'{v:.3g}'} | {DESCRIPTIONS.get(k, '')} |"
        for k, v in figures.items()
    )
    extra = "\n".join(f"- {k}: {v}" for k, v in details.items())
    path.write_text(
        f"""# Benchmarks

Measured {datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")} on {machine()},
PostgreSQL at `{os.environ.get("MAILAGENT_BENCH_PG_URL", "127.0.0.1:5432/test")}`,
{"`--quick`" if quick else "full"} run. Rerun with `python -m bench` (or `--quick`, under
5 minutes; `--json` prints the figures). Rates and ratios come from one run on this
machine: compare them with each other, not with another machine's.

| measure | value | what it is |
| --- | --- | --- |
{rows}

Details:

{extra}
""",
        encoding="utf-8",
    )
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller workloads, < 5 minutes")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures, details = run_all(quick=args.quick, log=lambda s: print(s, file=sys.stderr))
    path = write_markdown(figures, details, args.quick)
    if args.json:
        print(json.dumps(figures))
    else:
        print(table(figures))
        print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
