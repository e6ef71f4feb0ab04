"""The measures behind ``python -m bench``; each returns its figure and a line of detail.

>>> sorted(DESCRIPTIONS)[:2]
['cached_prefix_share', 'cached_share_day']
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text

from bench import adversarial
from bench import reader as offline_reader
from bench import web as web_bench
from bench.protected import DESCRIPTIONS as PROTECTED_DESCRIPTIONS
from bench.protected import measure as protected_measure
from bench.web import DESCRIPTIONS as WEB_DESCRIPTIONS
from bench.world import (
    ROOT,
    SPECIFIC,
    T0,
    VAGUE,
    fleet,
    plan,
    seed,
    subfolder,
    wait_until,
    write_config,
)
from mailagent.app import App, build_app
from mailagent.config import ClaudeSettings, Settings
from mailagent.db import make_engine, transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.inbox.parse import Limits, parse_email
from mailagent.jobs.tick import run_tick
from mailagent.models import (
    Candidate,
    Disposition,
    DraftState,
    FeedbackDraft,
    Interview,
    InterviewState,
    MailMessage,
    OutboxMessage,
)
from mailagent.outbox.queue import deliver_due

PG_URL = os.environ.get(
    "MAILAGENT_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

DESCRIPTIONS = {
    "intake_vs_parse_ratio": "intake msg/s without the brain (store, parse, strip, guards, route)"
    " / parse-only msg/s",
    "worst_case_s_per_message": "slowest hostile reply (up to 1 MiB) through store, parse, strip,"
    " guards, route and brain, seconds",
    "hostile_mix_ratio": "ordinary replies' throughput with 1% hostile 1 MiB replies mixed in"
    " / without",
    "replies_per_s_sqlite": "HM replies in → answers sent, offline brain, SQLite, one process",
    "replies_per_s_postgres": "the same on PostgreSQL",
    "tick_100k_vs_1k_ratio": "tick time, 100,000 vs 1,000 interviews, same due work (1 = no scan)",
    "workers4_speedup": "requests + replies + delivery, 4 vs 1 worker processes on PostgreSQL",
    "llm_calls_per_reply": "Claude brain (fake server): model calls per inbound reply",
    "cached_prefix_share": "share of input tokens read from the prompt cache",
    "peak_rss_mb": "peak RSS of `mailagent run` over a mailbox of N messages",
    "io_workers4_speedup": "Claude brain, 1.5 s per model call: replies/s, 4 vs 1 worker (PG)",
    "cached_share_day": "a pipeline's day (40 interviews, 8 h, 1-h TTL, 1,024 min): cached share",
    "cached_share_day_2048": "the same day with a 2,048-token cache minimum",
    "cached_share_day_4096": "the same day with a 4,096-token cache minimum",
    "cost_per_interview_usd_sonnet": "that day at Sonnet 4.6 list prices, USD per interview",
    "cost_per_interview_usd_haiku": "that day at Haiku 4.5 list prices, USD per interview",
    **PROTECTED_DESCRIPTIONS,
    **WEB_DESCRIPTIONS,
    **offline_reader.DESCRIPTIONS,
}

Log = Callable[[str], None]


@contextmanager
def pg_schema() -> Iterator[str]:
    """A throwaway schema in the PostgreSQL test database, as a URL."""
    name = f"bench_{os.getpid()}_{int(time.time() * 1000) % 10**8}"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def settings_for(tmp: Path, url: str, **over: Any) -> Settings:
    values: dict[str, Any] = {
        "base_dir": tmp,
        "database_url": url,
        "inbox": f"maildir:{tmp}/inbox",
        "smtp": f"file:{tmp}/sent",
        "address": "feedback@hire.bench.example",
        "secret": "bench-secret-0123456789abcdef",
    }
    values.update(over)
    return Settings(**values)


def requests_and_replies(app: App, n: int, inbox: Path) -> list[bytes]:
    """Seed ``n`` interviews, queue their requests, and write one HM reply to each."""
    specs = plan(n, ("complete", "vague"))
    with transaction(app.factory) as session:
        seed(session, specs)
    run_tick(app, now=T0 + timedelta(hours=1), deliver=False)
    by_id = {s.interview: s for s in specs}
    raws = []
    with app.factory() as session:
        for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)):
            spec = by_id[row.interview_id or ""]
            msg = message_from_bytes(row.raw, policy=default)
            body = VAGUE if spec.behaviour == "vague" else SPECIFIC[spec.pipeline]
            raws.append(
                reply_to(
                    msg,
                    from_name="HM",
                    from_addr=row.to_addrs[0],
                    text=body,
                    date=T0 + timedelta(hours=2),
                )
            )
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    return raws


def replies_rate(url: str, n: int, tmp: Path) -> tuple[float, float]:
    """(replies per second end to end, parse-only messages per second) on ``url``."""
    app = build_app(settings_for(tmp, url))
    try:
        inbox = tmp / "inbox"
        raws = requests_and_replies(app, n, inbox)
        limits = Limits(25 * 2**20, 100, 10)
        start = time.perf_counter()
        for raw in raws:
            parse_email(raw, limits=limits)
        parse_rate = len(raws) / (time.perf_counter() - start)
        for raw in raws:
            deliver(inbox, raw)
        now = T0 + timedelta(hours=2)
        start = time.perf_counter()
        source = app.source()
        summary = app.intake().poll_once(source, now=now)
        source.close()
        deliver_due(app.factory, app.transport, now=now, limit=10**6)
        elapsed = time.perf_counter() - start
        assert summary.new == len(raws), summary
        return len(raws) / elapsed, parse_rate
    finally:
        app.close()


def filler(n: int, now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``n`` interviews that are not due, as a team's database holds them after a while.

    Two in three are history: graded weeks ago, three in five of those rejected, each
    rejection with its candidate feedback sent. One in three waits for an answer with
    its next reminder tomorrow. Returned as (interview rows, draft rows) for bulk inserts.
    """
    interviews, drafts = [], []
    for i in range(n):
        waiting = i % 3 == 0
        held = now - timedelta(hours=3) if waiting else now - timedelta(days=30, minutes=i)
        reject = not waiting and i % 5 < 3
        interviews.append(
            {
                "id": f"x-{i}",
                "pipeline_id": "data-engineer",
                "candidate_id": f"x-{i}",
                "interviewer_email": "hm@corp.example",
                "held_at": held,
                "state": InterviewState.REQUESTED if waiting else InterviewState.GRADED,
                "request_sent_at": held + timedelta(hours=1),
                "next_reminder_at": now + timedelta(days=1) if waiting else None,
                "graded_at": None if waiting else held + timedelta(days=1),
                "final_decision": None if waiting else ("reject" if reject else "advance"),
                "reminders_sent": 0,
                "created_at": held,
            }
        )
        if reject:
            drafts.append(
                {
                    "pipeline_id": "data-engineer",
                    "candidate_id": f"x-{i}",
                    "version": 1,
                    "body": "Thank you for your time.",
                    "state": DraftState.SENT,
                    "approver_email": "hm@corp.example",
                    "created_at": held + timedelta(days=1),
                    "decided_at": held + timedelta(days=2),
                }
            )
    return interviews, drafts


def tick_time(url: str, n: int, tmp: Path) -> float:
    """Seconds of one tick (no delivery) with ``n`` interviews not due and 10 that are."""
    app = build_app(settings_for(tmp, url))
    now = T0 + timedelta(days=2)
    try:
        interviews, drafts = filler(n, now)
        with transaction(app.factory) as session:
            seed(session, plan(10))
            session.execute(
                insert(Candidate),
                [{"id": f"x-{i}", "name": f"X {i}", "created_at": T0} for i in range(n)],
            )
            session.execute(insert(Interview), interviews)
            if drafts:
                session.execute(insert(FeedbackDraft), drafts)
        run_tick(app, now=T0 + timedelta(hours=1), deliver=False)
        # Warm once (statement caches), then time the tick that has 10 reminders due.
        start = time.perf_counter()
        run_tick(app, now=now, deliver=False)
        return time.perf_counter() - start
    finally:
        app.close()


def fleet_time(url: str, n: int, workers: int, tmp: Path) -> float:
    """Seconds from the clock moving to all requests and all answers at the sink."""
    from tests.helpers import smtp_sink

    app = build_app(settings_for(tmp, url))
    specs = plan(n, ("complete",))
    with transaction(app.factory) as session:
        seed(session, specs)
    inbox = tmp / "inbox"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    try:
        with smtp_sink() as sink, fleet(tmp, T0) as f:
            write_config(tmp, database_url=url, smtp=sink.url)
            for _ in range(workers):
                f.spawn("worker")
            f.spawn("scheduler")
            f.wait_ready()
            start = time.perf_counter()
            f.set_time(T0 + timedelta(hours=1))
            wait_until(lambda: len(sink.received) >= n, 600)
            f.set_time(T0 + timedelta(hours=2))
            for _, _, raw in list(sink.received):
                msg = message_from_bytes(raw, policy=default)
                to = str(msg["To"])
                pipeline = "data-engineer" if "Data" in str(msg["Subject"]) else "platform-sre"
                deliver(
                    inbox,
                    reply_to(
                        msg,
                        from_name="HM",
                        from_addr=to,
                        text=SPECIFIC[pipeline],
                        date=T0 + timedelta(hours=2),
                    ),
                )
            wait_until(lambda: len(sink.received) >= 2 * n, 600)
            return time.perf_counter() - start
    finally:
        app.close()




def scenario_corpora() -> list[Path]:
    """The scenario corpora at hand: ``../shared/eval`` if it is there, then our own."""
    roots = [ROOT.parent / "shared" / "eval"]
    roots += sorted(p for p in (ROOT / "tests" / "data" / "corpora").iterdir() if p.is_dir())
    return [r for r in roots if (r / "scenarios.yaml").is_file()]


def llm_cost(*, min_cache_tokens: int) -> dict[str, float]:
    """The Claude brain (settings' defaults) against the fake Messages API, on every
    scenario of the corpora: each conversation is played through the real engine.

    The fake answers each call with the tool input the offline brain gave for the same
    turn (recorded in a first pass), so the conversation takes the same path; its token
    counts are the fake's estimate (about four characters a token), and it caches a
    prefix of ``min_cache_tokens`` or more, as the API does.
    """
    sys.path.insert(0, str(ROOT))
    from mailagent.dialogue.claude import ClaudeBrain, make_client
    from mailagent.dialogue.offline.brain import OfflineBrain
    from mailagent.evaluation.corpus import load_corpus
    from mailagent.evaluation.scenarios import play_scenario
    from tests.fakes.anthropic_server import running_fake_anthropic
    from tests.fakes.recording import RecordingBrain

    os.environ.pop("ANTHROPIC_API_KEY", None)
    os.environ.pop("ANTHROPIC_AUTH_TOKEN", None)
    plays = []
    for root in scenario_corpora():
        corpus = load_corpus(root)
        for scenario in corpus.scenarios:
            recording = RecordingBrain()
            play_scenario(corpus, scenario, recording)
            plays.append((corpus, scenario, recording.seen))
    replies = completed = calls = 0
    with running_fake_anthropic(min_cache_tokens=min_cache_tokens) as fake:
        for corpus, scenario, seen in plays:
            for tool_input in seen:
                fake.reply_tool_use(tool_input)
            defaults = ClaudeSettings()
            brain = ClaudeBrain(
                client=make_client(api_key="test", base_url=fake.url, timeout_s=10),
                model=defaults.model,
                max_tokens=defaults.max_tokens,
                fallback=OfflineBrain(),
                rephrase=defaults.rephrase,
                sleep=lambda _s: None,
            )
            result = play_scenario(corpus, scenario, brain)
            replies += result.replies_played
            completed += result.completed_after is not None
        calls = len(fake.requests)
        usage = [r["usage"] for r in fake.responses]
    inp = sum(u["input_tokens"] for u in usage)
    read = sum(u["cache_read_input_tokens"] for u in usage)
    write = sum(u["cache_creation_input_tokens"] for u in usage)
    out = sum(u["output_tokens"] for u in usage)
    total_in = inp + read + write
    done = max(completed, 1)
    return {
        "scenarios": float(len(plays)),
        "replies": float(replies),
        "completed": float(completed),
        "calls_per_reply": calls / max(replies, 1),
        "cached_share": read / total_in if total_in else 0.0,
        "input_per_interview": total_in / done,
        "output_per_interview": out / done,
    }


def peak_rss(n: int, tmp: Path) -> float:
    """Peak RSS (MB) of ``mailagent run`` until it has processed an ``n``-message Maildir."""
    site = tmp / "rss"
    site.mkdir()
    write_config(site, database_url=f"sqlite:///{site}/rss.sqlite3", smtp=f"file:{site}/sent")
    app = build_app(settings_for(site, f"sqlite:///{site}/rss.sqlite3"))
    app.close()
    inbox = site / "inbox"
    for sub in ("new", "cur", "tmp"):
        (inbox / sub).mkdir(parents=True, exist_ok=True)
    body = "Notes from the call, nothing to do with any interview.\n" * 30
    for i in range(n):
        raw = (
            f"From: Someone <someone{i % 97}@elsewhere.example>\r\n"
            f"To: feedback@hire.bench.example\r\nSubject: note {i}\r\n"
            f"Message-ID: <note-{i}@elsewhere.example>\r\n"
            "Date: Mon, 01 Jun 2026 10:00:00 +0000\r\n\r\n" + body.replace("\n", "\r\n")
        ).encode()
        deliver(inbox, raw)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "MAILAGENT_POLL_INTERVAL_S": "1",
        "MAILAGENT_TICK_INTERVAL_S": "3600",
    }
    with (site / "run.err").open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mailagent", "run"],
            cwd=site,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    engine = make_engine(f"sqlite:///{site}/rss.sqlite3")
    peak = 0.0
    try:
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline:
            peak = max(peak, _high_water_mb(proc.pid))
            with engine.connect() as conn:
                done = conn.scalar(
                    select(func.count(MailMessage.id)).where(
                        MailMessage.disposition != Disposition.PENDING
                    )
                )
            if (done or 0) >= n:
                break
            if proc.poll() is not None:
                raise RuntimeError((site / "run.err").read_text()[-2000:])
            time.sleep(0.5)
        peak = max(peak, _high_water_mb(proc.pid))
    finally:
        engine.dispose()
        proc.send_signal(signal.SIGTERM)
        proc.wait()
    return peak


def _high_water_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM) since it exec'd, in MB.

    Not ``ru_maxrss`` from ``wait4``: that counts the pages the child shared with this
    (large, by then) bench process between fork and exec.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_all(*, quick: bool, log: Log) -> tuple[dict[str, object], dict[str, object]]:
    n_replies = 400 if quick else 2000
    n_fleet = 200 if quick else 600
    n_rss = 2000 if quick else 10000
    big = 100_000
    figures: dict[str, object] = {}
    details: dict[str, object] = {}
    tmp = Path(tempfile.mkdtemp(prefix="mailagent-bench-"))
    try:
        log("protected-remark detector on every labelled set")
        protected_figures, protected_details = protected_measure()
        figures.update(protected_figures)
        details.update(protected_details)
        log("quote stripping: exact match per fixture group and held-out set")
        from bench import strip

        strip_figures, strip_details = strip.measure()
        figures.update(strip_figures)
        details.update(strip_details)
        DESCRIPTIONS.update(strip.descriptions(strip_figures))
        reader_figures, reader_details = offline_reader.measure(log=log)
        figures.update(reader_figures)
        details.update(reader_details)
        log(f"intake and replies on SQLite ({n_replies} replies)")
        rate_sqlite, parse_rate = replies_rate(
            f"sqlite:///{tmp}/a.sqlite3", n_replies, subfolder(tmp, "a")
        )
        figures["replies_per_s_sqlite"] = round(rate_sqlite, 1)
        details["parse-only rate"] = f"{parse_rate:.0f} msg/s on the same {n_replies} replies"
        # intake_vs_parse_ratio, worst_case_s_per_message, hostile_mix_ratio.
        hostile, hostile_details = adversarial.run(subfolder(tmp, "adv"), quick=quick, log=log)
        figures.update(hostile)
        details.update(hostile_details)
        log("replies on PostgreSQL")
        with pg_schema() as url:
            rate_pg, _ = replies_rate(url, n_replies, subfolder(tmp, "b"))
        figures["replies_per_s_postgres"] = round(rate_pg, 1)
        log(f"tick with 1,000 and {big:,} interviews (SQLite)")
        small = tick_time(f"sqlite:///{tmp}/c.sqlite3", 1000, subfolder(tmp, "c"))
        large = tick_time(f"sqlite:///{tmp}/d.sqlite3", big, subfolder(tmp, "d"))
        figures["tick_100k_vs_1k_ratio"] = round(large / small, 2)
        details["tick"] = f"{small * 1000:.0f} ms with 1,000, {large * 1000:.0f} ms with {big:,}"
        # web_attention_ms, web_interviews_ms, web_thread_ms (bench/web.py).
        web_figures, web_details = web_bench.run(subfolder(tmp, "web"), log=log, n=big)
        figures.update(web_figures)
        details.update(web_details)
        log(f"1 vs 4 workers on PostgreSQL ({n_fleet} interviews)")
        with pg_schema() as url:
            one = fleet_time(url, n_fleet, 1, subfolder(tmp, "e"))
        with pg_schema() as url:
            four = fleet_time(url, n_fleet, 4, subfolder(tmp, "f"))
        figures["workers4_speedup"] = round(one / four, 2)
        details["workers"] = (
            f"{n_fleet} requests + {n_fleet} replies + {n_fleet} answers: {one:.1f} s with 1"
            f" worker, {four:.1f} s with 4 (plus 1 scheduler each), {os.cpu_count()} CPUs"
        )
        log("LLM cost with the Claude brain against the fake server (scenario corpora)")
        cost = llm_cost(min_cache_tokens=1024)
        strict = llm_cost(min_cache_tokens=2048)
        figures["llm_calls_per_reply"] = round(cost["calls_per_reply"], 2)
        figures["cached_prefix_share"] = round(cost["cached_share"], 3)
        details["LLM cost"] = (
            f"{cost['scenarios']:.0f} scenarios, {cost['replies']:.0f} HM replies,"
            f" {cost['completed']:.0f} interviews completed; per completed interview"
            f" {cost['input_per_interview']:.0f} input and {cost['output_per_interview']:.0f}"
            " output tokens (the fake server's estimate). Cached share with a 1,024-token"
            f" cache minimum (documented for Sonnet 4.6): {cost['cached_share']:.3f}; with"
            f" 2,048 (reported by users): {strict['cached_share']:.3f}"
        )
        from bench import claude

        claude_figures, claude_details = claude.run(quick=quick, log=log, pg=pg_schema, tmp=tmp)
        figures.update(claude_figures)
        details.update(claude_details)
        log(f"peak RSS of mailagent run over {n_rss} messages")
        figures["peak_rss_mb"] = round(peak_rss(n_rss, tmp), 1)
        details["peak RSS"] = f"mailagent run over {n_rss:,} messages (unattributed mail)"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return figures, details
