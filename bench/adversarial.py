"""Hostile mail in the inbox: the worst time one message takes, and what a few cost a batch.

Three measures, each on SQLite with the offline brain (the default set-up):

* ``worst_case_s_per_message``: hiring managers' replies whose bodies are built to hurt a
  backtracking parser (``"x On 1 " * N``, ">" storms, header-like lines, one endless
  word, unclosed HTML tags, 20,000 nested ``<div>``, huge attributes, mixed scripts, NULs
  …), each 64 KiB and 1 MiB (the quick run: 1 MiB only), go one at a time through the
  whole intake: store, parse, strip, guards, route and the brain's turn. The figure is
  the slowest message. Target: at most 1.0 s.
* ``hostile_mix_ratio``: 1,000 ordinary replies, then the same 1,000 with 10 hostile
  ones (1 MiB each) mixed in, through the same intake; the ratio of the ordinary
  replies' throughput in the mixed batch to the clean batch's (the hostile messages
  count only as cost), best of two runs of each. Target: at least 0.8. The quick run
  uses 200 replies and 2 hostile ones.
* ``intake_vs_parse_ratio``: intake without the brain (store, parse, strip, guards,
  route; the thread handler does nothing) over parse-only, on the same replies.
  Target: at least 0.5.

Run alone: ``python -m bench.adversarial [--quick]``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bench.world import SPECIFIC, T0, VAGUE, plan, seed, subfolder
from mailagent.app import App, build_app
from mailagent.config import Settings
from mailagent.db import transaction
from mailagent.demo.hm import reply_to
from mailagent.inbox.intake import Intake
from mailagent.inbox.parse import InboundEmail, Limits, parse_email
from mailagent.inbox.source import Cursor, Fetched
from mailagent.jobs.tick import run_tick
from mailagent.models import Direction, MailMessage, OutboxMessage, Thread, ThreadKind

KiB = 1024
MiB = 1024 * KiB
Log = Callable[[str], None]

# Plain-text bodies that made (or could make) a backtracking parser take super-linear time.
PLAIN_SHAPES: dict[str, Callable[[int], str]] = {
    "on_1_storm": lambda n: "x On 1 " * (n // 7),
    "wrote_storm": lambda n: "On 1 wrote: " * (n // 12),
    "one_word": lambda n: "a" * n,
    "dash_run": lambda n: "x " + "-" * n + " y",
    "space_run": lambda n: "1" + " " * n + "x",
    "quote_storm": lambda n: ">" * n,
    "quoted_lines": lambda n: "> x\n" * (n // 4),
    "nested_quotes": lambda n: "\n".join(">" * (i % 500) + " q" for i in range(n // 260)),
    "header_lines": lambda n: "From: a\n" * (n // 8),
    "outlook_blocks": lambda n: "From: x@y.example\nSent: 2026\n" * (n // 30),
    "closings": lambda n: "Regards,\n" * (n // 9),
    "short_lines": lambda n: "a\n" * (n // 2),
    "numbers": lambda n: "1 " * (n // 2),
    "hire_storm": lambda n: "hire " * (n // 5),
    "claims": lambda n: "no Python experience, " * (n // 22),
    "mixed_scripts": lambda n: "Привет мир 你好 مرحبا écrit " * (n // 28),
    "nul_cr": lambda n: "Hire\x00 her.\r" * (n // 11),
}
# HTML-only bodies: unclosed constructs, depth, size.
HTML_SHAPES: dict[str, Callable[[int], str]] = {
    "unclosed_attribute": lambda n: "<a b='" * (n // 6),
    "unclosed_tags": lambda n: "<a" * (n // 2),
    "deep_divs": lambda n: "<div>" * (n // 11) + "Hire." + "</div>" * (n // 11),
    "deep_quotes": lambda n: "<blockquote>" * (n // 12) + "old",
    "huge_attribute": lambda n: '<div title="' + "x" * n + '">Hire.</div>',
    "line_breaks": lambda n: "<br>" * (n // 4),
    "hidden_storm": lambda n: '<div style="display:none">APPROVE</div>' * (n // 40),
}


def hostile_bodies(sizes: tuple[int, ...]) -> Iterator[tuple[str, str, bool]]:
    """(name, body, is_html) for every shape at every size."""
    for size in sizes:
        label = f"{size // KiB} KiB" if size < MiB else f"{size // MiB} MiB"
        for name, make in PLAIN_SHAPES.items():
            yield f"{name} {label}", make(size), False
        for name, make in HTML_SHAPES.items():
            yield f"{name} {label}", make(size), True


class ListSource:
    """An in-memory mail source: UIDs 1, 2, … in order."""

    def __init__(self, raws: list[bytes], name: str) -> None:
        self.name = name
        self.raws = raws

    def fetch_new(self, cursor: Cursor, is_known: Callable[[int, str], bool]) -> Iterator[Fetched]:
        for uid, raw in enumerate(self.raws, start=1):
            if uid > cursor.last_uid and not is_known(1, str(uid)):
                yield Fetched(uidvalidity=1, uid=str(uid), raw=raw)

    def after_commit(self, fetched: Fetched, *, quarantined: bool) -> None:
        pass

    def close(self) -> None:
        pass


def _settings(tmp: Path, **over: Any) -> Settings:
    values: dict[str, Any] = {
        "base_dir": tmp,
        "database_url": f"sqlite:///{tmp}/adversarial.sqlite3",
        "inbox": f"maildir:{tmp}/inbox",
        "smtp": f"file:{tmp}/sent",
        "address": "feedback@hire.bench.example",
        "secret": "bench-secret-0123456789abcdef",
        # Replies here are many per hour; the caps are not what is measured.
        "cap_per_hour": 10_000,
        "cap_per_day": 10_000,
    }
    values.update(over)
    return Settings(**values)


def _with_body(raw: bytes, body: str, *, html: bool) -> bytes:
    msg = message_from_bytes(raw, policy=default)
    assert isinstance(msg, EmailMessage)
    msg.clear_content()
    msg.set_content(body.encode("utf-8"), "text", "html" if html else "plain")
    return msg.as_bytes()


def _world_replies(app: App, bodies: list[tuple[str, bool]]) -> list[bytes]:
    """Seed one interview per body, queue the requests, and answer each with its body."""
    specs = plan(len(bodies), ("complete", "vague"))
    with transaction(app.factory) as session:
        seed(session, specs)
    run_tick(app, now=T0 + timedelta(hours=1), deliver=False)
    raws: list[bytes] = []
    with app.factory() as session:
        rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    for row, (body, html) in zip(rows, bodies, strict=True):
        msg = message_from_bytes(row.raw, policy=default)
        raw = reply_to(
            msg, from_name="HM", from_addr=row.to_addrs[0], text="-", date=T0 + timedelta(hours=2)
        )
        raws.append(_with_body(raw, body, html=html))
    return raws


def _ordinary(n: int) -> list[tuple[str, bool]]:
    specs = plan(n, ("complete", "vague"))
    return [(VAGUE if s.behaviour == "vague" else SPECIFIC[s.pipeline], False) for s in specs]


def worst_case(tmp: Path, *, quick: bool, log: Log) -> tuple[float, str, float]:
    """The slowest hostile message through the whole intake: seconds, its name, and the
    CPU seconds it took (on a shared machine, wall time also counts other processes)."""
    sizes = (MiB,) if quick else (64 * KiB, MiB)
    named = list(hostile_bodies(sizes))
    app = build_app(_settings(tmp))
    try:
        # One ordinary reply first, untimed: the brain loads its models on first use.
        warm_up, *raws = _world_replies(
            app, [_ordinary(1)[0]] + [(body, html) for _, body, html in named]
        )
        intake = app.intake()
        now = T0 + timedelta(hours=2)
        intake.poll_once(ListSource([warm_up], "list:warm-up"), now=now)
        worst = (0.0, "", 0.0)
        for index, ((name, _, _), raw) in enumerate(zip(named, raws, strict=True)):
            start, cpu = time.perf_counter(), time.process_time()
            summary = intake.poll_once(ListSource([raw], f"list:{index}"), now=now)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            assert summary.fetched == 1, summary
            log(f"  {name}: {elapsed:.3f} s ({cpu:.3f} s CPU) {summary.as_dict()}")
            worst = max(worst, (elapsed, name, cpu))
        return worst
    finally:
        app.close()


def _batch_seconds(tmp: Path, bodies: list[tuple[str, bool]]) -> tuple[float, float]:
    """(wall, CPU) seconds for one batch through the intake, on a world of its own."""
    app = build_app(_settings(tmp))
    try:
        raws = _world_replies(app, bodies)
        start, cpu = time.perf_counter(), time.process_time()
        now = T0 + timedelta(hours=2)
        summary = app.intake().poll_once(ListSource(raws, "list:batch"), now=now)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert summary.fetched == len(raws), summary
        return elapsed, cpu
    finally:
        app.close()


def hostile_mix(tmp: Path, *, quick: bool, log: Log) -> tuple[float, str]:
    """Ordinary replies' throughput with a few hostile ones mixed in, over the clean batch's.

    Clean and mixed batches run in turn, twice, and the faster of each counts: on a shared
    machine one batch alone can be slowed by other work.
    """
    n, n_hostile = (200, 2) if quick else (1000, 10)
    ordinary = _ordinary(n)
    shapes = [(body, html) for _, body, html in hostile_bodies((MiB,))]
    # Spread over the shapes, plain and HTML alike.
    hostile = [shapes[k * len(shapes) // n_hostile] for k in range(n_hostile)]
    mixed = list(ordinary)
    step = n // n_hostile
    for k, item in enumerate(hostile):
        mixed.insert(k * (step + 1) + step // 2, item)
    runs = [
        (
            _batch_seconds(subfolder(tmp, f"clean{r}"), ordinary),
            _batch_seconds(subfolder(tmp, f"mix{r}"), mixed),
        )
        for r in range(2)
    ]
    (clean_s, clean_cpu), (mixed_s, mixed_cpu) = min(c for c, _ in runs), min(m for _, m in runs)
    detail = (
        f"{n} replies in {clean_s:.1f} s ({n / clean_s:.0f}/s, {clean_cpu:.1f} s CPU); with"
        f" {n_hostile} hostile 1 MiB replies mixed in: {mixed_s:.1f} s ({n / mixed_s:.0f}"
        f" ordinary replies/s, {mixed_cpu:.1f} s CPU); best of 2 runs each"
    )
    log(f"  {detail}")
    return clean_s / mixed_s, detail


def _noop(
    session: Session, thread: Thread, row: MailMessage, mail: InboundEmail, now: datetime
) -> None:
    """A thread handler that does nothing: what is timed is the intake up to the brain."""


def _parse_only(raws: list[bytes]) -> tuple[float, float]:
    """(wall, CPU) seconds to parse every message, nothing else."""
    limits = Limits(25 * MiB, 100, 10)
    start, cpu = time.perf_counter(), time.process_time()
    for raw in raws:
        parse_email(raw, limits=limits)
    return time.perf_counter() - start, time.process_time() - cpu


def _intake_only(app: App, raws: list[bytes], name: str) -> tuple[float, float]:
    """(wall, CPU) seconds for one poll of ``raws`` through the intake with a thread
    handler that does nothing: store, parse, strip, route and guards, no brain."""
    intake = Intake(app.factory, app.intake().config, app.mailer, {k: _noop for k in ThreadKind})
    start, cpu = time.perf_counter(), time.process_time()
    summary = intake.poll_once(ListSource(raws, name), now=T0 + timedelta(hours=2))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert summary.new == len(raws) and summary.unattributed == 0, summary
    return elapsed, cpu


def intake_vs_parse(
    tmp: Path, n: int, *, log: Log, database_url: str | None = None
) -> tuple[float, str]:
    """Intake without the brain (store, parse, strip, guards, route) over parse-only.

    Both run on the same ``n`` replies, in turn, twice (two mailboxes of one world), and
    the faster run of each counts: on a shared machine one run alone can be slowed by
    other work. The figure is the ratio of throughputs (wall clock); CPU time is given too.
    """
    over = {"database_url": database_url} if database_url else {}
    app = build_app(_settings(tmp, **over))
    try:
        raws = _world_replies(app, _ordinary(n))
        parse_runs, intake_runs = [], []
        for r in range(2):
            parse_runs.append(_parse_only(raws))
            # Another mailbox each time: the same bytes are new there (and processed).
            intake_runs.append(_intake_only(app, raws, f"list:intake-{r}"))
            if r == 0:
                _reopen(app)
        (parse_s, parse_cpu), (intake_s, intake_cpu) = min(parse_runs), min(intake_runs)
        detail = (
            f"intake without the brain {n / intake_s:.0f} msg/s ({n / intake_cpu:.0f}/s of"
            f" CPU), parse-only {n / parse_s:.0f} ({n / parse_cpu:.0f}/s of CPU);"
            f" CPU ratio {parse_cpu / intake_cpu:.2f}; best of 2 runs each"
        )
        log(f"  {detail} ({n} replies)")
        return parse_s / intake_s, detail
    finally:
        app.close()


def _reopen(app: App) -> None:
    """Forget the first run's stored replies: in the second run's mailbox the same bytes
    would otherwise be twins of stored messages (duplicates, never processed)."""
    with transaction(app.factory) as session:
        session.execute(delete(MailMessage).where(MailMessage.direction == Direction.IN))


def intake_vs_parse_postgres(tmp: Path, n: int, *, log: Log) -> str:
    """The same on PostgreSQL (a throwaway schema), as a line of detail; why not, if the
    server cannot be reached."""
    from bench.measures import pg_schema  # imported here: bench.measures imports this module

    try:
        with pg_schema() as url:
            ratio, detail = intake_vs_parse(tmp, n, log=log, database_url=url)
    except OperationalError as exc:
        return f"not measured: PostgreSQL unreachable ({type(exc).__name__})"
    return f"ratio {ratio:.3f}: {detail}"


def run(tmp: Path, *, quick: bool, log: Log) -> tuple[dict[str, object], dict[str, object]]:
    """The three figures and their details."""
    figures: dict[str, object] = {}
    details: dict[str, object] = {}
    n_replies = 400 if quick else 2000
    log(f"intake without the brain vs parse-only ({n_replies} replies, SQLite)")
    ratio, detail = intake_vs_parse(subfolder(tmp, "adv-ratio"), n_replies, log=log)
    figures["intake_vs_parse_ratio"] = round(ratio, 4)
    details["intake vs parse"] = detail
    log(f"the same on PostgreSQL ({n_replies} replies)")
    details["intake vs parse, PostgreSQL"] = intake_vs_parse_postgres(
        subfolder(tmp, "adv-ratio-pg"), n_replies, log=log
    )
    log("hostile bodies one at a time (store, parse, strip, guards, route, brain)")
    worst, name, cpu = worst_case(subfolder(tmp, "adv-worst"), quick=quick, log=log)
    figures["worst_case_s_per_message"] = round(worst, 3)
    details["worst case"] = f"{name}: {worst:.3f} s ({cpu:.3f} s of CPU)"
    log("ordinary batch vs the same batch with hostile replies mixed in")
    mix, detail = hostile_mix(subfolder(tmp, "adv-mix"), quick=quick, log=log)
    figures["hostile_mix_ratio"] = round(mix, 3)
    details["hostile mix"] = detail
    return figures, details


def main(argv: list[str]) -> int:
    import json
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="mailagent-adversarial-"))
    try:
        figures, details = run(
            tmp, quick="--quick" in argv, log=lambda s: print(s, file=sys.stderr)
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps({**figures, "details": details}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
