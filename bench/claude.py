"""The Claude brain's benchmarks: waiting scales with workers, the cache pays over a day.

- ``io_workers4_speedup``: the fake Messages API takes 1.5 s per call; replies per second
  with 4 worker processes on PostgreSQL over 1 worker. The work is waiting, so the goal
  is close to 4 (at least 3.5) — it is only reachable because no worker holds the
  database while its model call is in flight.
- ``cached_share_day`` (and ``_2048``, ``_4096``): one pipeline, 40 interviews, replies
  spread over 8 simulated hours, a 1-hour cache TTL, the fake server expiring entries as
  the real cache does (by the simulated clock); the share of input tokens read from the
  cache, with the model's cache minimum at 1,024, 2,048 and 4,096 tokens.
- ``cost_per_interview_usd_sonnet`` / ``_haiku``: the same day at list prices, per
  completed interview.

Token counts are the fake server's estimate (four characters of JSON a token).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

from bench.world import ROOT, SPECIFIC, T0, fleet, plan, seed, subfolder, wait_until, write_config
from mailagent.db import transaction
from mailagent.dialogue.brain import BrainContext, Turn
from mailagent.dialogue.claude import ClaudeBrain, make_client
from mailagent.dialogue.claude.capabilities import capabilities_for

Log = Callable[[str], None]

LATENCY_S = 1.5

# List prices in USD per million tokens, from Anthropic's pricing page
# (https://platform.claude.com/docs/en/about-claude/pricing, read 2026-11-30):
# Claude Sonnet 4.6: $3 input, $3.75 5-minute cache write, $6 1-hour cache write,
# $0.30 cache hit, $15 output. Claude Haiku 4.5: $1, $1.25, $2, $0.10, $5.
PRICES: dict[str, dict[str, float]] = {
    "sonnet": {"input": 3.0, "write_1h": 6.0, "read": 0.30, "output": 15.0},
    "haiku": {"input": 1.0, "write_1h": 2.0, "read": 0.10, "output": 5.0},
}
# The documented cache minimum of each (prompt-caching docs).
MODELS = {"sonnet": ("claude-sonnet-4-6", 1024), "haiku": ("claude-haiku-4-5", 4096)}


def _record(**fields: Any) -> dict[str, Any]:
    from tests.dialogue.claude_helpers import record

    return record(**fields)


def io_workers_time(url: str, n: int, workers: int, tmp: Path) -> float:
    """Seconds from the replies landing to every answer at the sink, with ``workers``
    worker processes using the Claude brain against a fake API that takes 1.5 s a call."""
    from bench.measures import settings_for
    from mailagent.app import build_app
    from mailagent.demo.hm import deliver, reply_to
    from tests.fakes.anthropic_server import running_fake_anthropic
    from tests.helpers import smtp_sink

    app = build_app(settings_for(tmp, url))
    specs = plan(n, ("complete",))
    with transaction(app.factory) as session:
        seed(session, specs)
    inbox = tmp / "inbox"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    answer = _record(issues=["vague"], summary="Names an area without specifics.")
    env = {
        "MAILAGENT_BRAIN": "claude",
        "MAILAGENT_CLAUDE__API_KEY": "test",
        "MAILAGENT_CLAUDE__TIMEOUT_S": "30",
    }
    try:
        with (
            running_fake_anthropic(latency_s=LATENCY_S, default_answer=answer) as fake,
            smtp_sink() as sink,
            fleet(tmp, T0) as f,
        ):
            env["MAILAGENT_CLAUDE__BASE_URL"] = fake.url
            write_config(tmp, database_url=url, smtp=sink.url)
            for _ in range(workers):
                f.spawn("worker", **env)
            f.spawn("scheduler", **env)
            f.wait_ready()
            f.set_time(T0 + timedelta(hours=1))
            wait_until(lambda: len(sink.received) >= n, 600)
            f.set_time(T0 + timedelta(hours=2))
            start = time.perf_counter()
            for _, _, raw in list(sink.received):
                msg = message_from_bytes(raw, policy=default)
                pipeline = "data-engineer" if "Data" in str(msg["Subject"]) else "platform-sre"
                deliver(
                    inbox,
                    reply_to(
                        msg,
                        from_name="HM",
                        from_addr=str(msg["To"]),
                        text=SPECIFIC[pipeline],
                        date=T0 + timedelta(hours=2),
                    ),
                )
            wait_until(lambda: len(sink.received) >= 2 * n, 900)
            elapsed = time.perf_counter() - start
            if f.errors().strip():
                raise RuntimeError(f.errors()[-2000:])
            return elapsed
    finally:
        app.close()




@dataclass
class DayResult:
    calls: int
    input_tokens: int
    cache_read: int
    cache_write: int
    output_tokens: int
    interviews: int

    @property
    def cached_share(self) -> float:
        total = self.input_tokens + self.cache_read + self.cache_write
        return self.cache_read / total if total else 0.0

    def cost_per_interview(self, prices: dict[str, float]) -> float:
        usd = (
            self.input_tokens * prices["input"]
            + self.cache_write * prices["write_1h"]
            + self.cache_read * prices["read"]
            + self.output_tokens * prices["output"]
        ) / 1e6
        return usd / max(self.interviews, 1)


def simulated_day(
    *, min_cache_tokens: int, model: str = "claude-sonnet-4-6", interviews: int = 40, seed: int = 7
) -> DayResult:
    """One pipeline's day: ``interviews`` first replies at random times over 8 hours, and a
    second reply (to a follow-up) 20–120 minutes later on half of them."""
    from tests.dialogue.claude_helpers import CRITERIA, RESUME
    from tests.fakes.anthropic_server import running_fake_anthropic

    rng = random.Random(seed)
    events: list[tuple[float, int, int]] = []
    for i in range(interviews):
        first = rng.uniform(0, 8 * 3600)
        events.append((first, i, 0))
        if i % 2 == 0:
            events.append((first + rng.uniform(20 * 60, 120 * 60), i, 1))
    events.sort()
    now = [0.0]
    answer = _record(issues=["vague"], summary="Names an area without specifics.")
    os.environ.pop("ANTHROPIC_API_KEY", None)
    with running_fake_anthropic(
        min_cache_tokens=min_cache_tokens, clock=lambda: now[0], default_answer=answer
    ) as fake:
        client = make_client(api_key="test", base_url=fake.url, timeout_s=10)
        caps = replace(capabilities_for(model), cache_min_tokens=min_cache_tokens)
        brain = ClaudeBrain(
            client=client,
            model=model,
            fallback=_NoFallback(),
            rephrase=False,
            cache_ttl="1h",
            capabilities=caps,
            sleep=lambda _s: None,
        )
        for at, i, turn in events:
            now[0] = at
            name = f"Candidate {i}"
            history = (
                (Turn("manager", "Not convinced."), Turn("agent", "Could you say more?"))
                if turn
                else ()
            )
            ctx = BrainContext(
                pipeline_title="DevOps Engineer (AWS)",
                criteria=CRITERIA,
                candidate_name=name,
                resume_text=RESUME.replace("Aisha Khan", name),
                reply_text="Not convinced, the skills felt thin." if turn == 0 else "Still thin.",
                as_of=date(2026, 6, 1) + timedelta(seconds=at),
                history=history,
            )
            result = brain.assess(ctx)
            if result.brain != "claude":
                raise RuntimeError(f"the bench fell back: {result.fallback_reason}")
        client.close()
        usage = [r["usage"] for r in fake.responses]
    return DayResult(
        calls=len(usage),
        input_tokens=sum(u["input_tokens"] for u in usage),
        cache_read=sum(u["cache_read_input_tokens"] for u in usage),
        cache_write=sum(u["cache_creation_input_tokens"] for u in usage),
        output_tokens=sum(u["output_tokens"] for u in usage),
        interviews=interviews,
    )


class _NoFallback:
    name = "offline"

    def assess(self, ctx: BrainContext) -> Any:
        raise RuntimeError("the bench must not fall back")

    def phrase(self, ctx: BrainContext, draft: str) -> str:
        return draft


def run(
    *, quick: bool, log: Log, pg: Callable[[], Any], tmp: Path
) -> tuple[dict[str, object], dict[str, object]]:
    """The Claude figures and their details (``pg()`` gives a throwaway PostgreSQL URL)."""
    figures: dict[str, object] = {}
    details: dict[str, object] = {}
    import sys

    sys.path.insert(0, str(ROOT))
    log("Claude: a day of one pipeline against the fake API's expiring cache")
    days = {m: simulated_day(min_cache_tokens=m) for m in (1024, 2048, 4096)}
    figures["cached_share_day"] = round(days[1024].cached_share, 3)
    figures["cached_share_day_2048"] = round(days[2048].cached_share, 3)
    figures["cached_share_day_4096"] = round(days[4096].cached_share, 3)
    for family, (model, minimum) in MODELS.items():
        day = simulated_day(min_cache_tokens=minimum, model=model)
        figures[f"cost_per_interview_usd_{family}"] = round(
            day.cost_per_interview(PRICES[family]), 5
        )
    d = days[1024]
    details["Claude day"] = (
        f"{d.interviews} interviews, {d.calls} calls over 8 h, 1-hour TTL; per call"
        f" {(d.input_tokens + d.cache_read + d.cache_write) / d.calls:.0f} input tokens"
        f" ({d.cache_read / d.calls:.0f} read from the cache), {d.output_tokens / d.calls:.0f}"
        " output (fake estimate); cost at list prices with each model's documented minimum"
    )
    # 16 replies measure mostly the first poll's latency; 32 is what the ratio is about.
    n = 32
    log(f"Claude: {n} replies, 1.5 s a model call, 1 vs 4 workers on PostgreSQL")
    with pg() as url:
        one = io_workers_time(url, n, 1, subfolder(tmp, "claude-1"))
    with pg() as url:
        four = io_workers_time(url, n, 4, subfolder(tmp, "claude-4"))
    figures["io_workers4_speedup"] = round(one / four, 2)
    details["Claude workers"] = (
        f"{n} replies with a 1.5 s model call each: {one:.1f} s with 1 worker,"
        f" {four:.1f} s with 4 ({n / one:.2f} vs {n / four:.2f} replies/s)"
    )
    return figures, details
