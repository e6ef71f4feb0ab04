"""A hiring world of any size, and the plumbing to run worker processes against it.

Used by ``tests/test_multiworker.py`` and by ``python -m bench``. The world is the demo's
two pipelines (their R2s as shipped), one candidate per interview (the demo resume of the
pipeline, renamed), interviews all held at ``T0``. Hiring managers answer with the demo's
scripted sentences.

>>> [s.interview for s in plan(3)]
['iv-00000', 'iv-00001', 'iv-00002']
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from mailagent.demo.run import data_dir
from mailagent.imports import import_r2_files
from mailagent.models import Candidate, Interview, InterviewState

T0 = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]

# What the scripted hiring managers write, per pipeline: a vague first answer, and an
# answer on the R2 that completes the thread.
VAGUE = "Not convinced, the skills felt a bit thin for us."
SPECIFIC = {
    "data-engineer": (
        "I asked how she'd stop a broken upstream file from reaching the finance tables and"
        " she had no answer: no tests, no checks, she said they just look at the dashboards."
        " That's the data-quality criterion in the R2."
    ),
    "platform-sre": (
        "On the R2: I asked her to define an SLO for the video pipeline and she couldn't say"
        " what she'd measure or what target she'd set; her alerting is all static"
        " thresholds. That is the observability criterion."
    ),
}
RESUME = {"data-engineer": "hana-sato.txt", "platform-sre": "olivia-brandt.txt"}


@dataclass(frozen=True)
class Spec:
    """One interview of the world and how its hiring manager behaves."""

    interview: str
    pipeline: str
    interviewer: str
    # "complete" answers on the R2 at once, "vague" needs a follow-up, "silent" never answers.
    behaviour: str
    decision: str


def plan(
    n: int, cycle: tuple[str, ...] = ("complete", "complete", "vague", "silent")
) -> list[Spec]:
    """Behaviours in turn from ``cycle`` (by default half complete at once, a quarter after
    a follow-up, a quarter silent); 3 in 5 rejected."""
    specs = []
    for i in range(n):
        behaviour = cycle[i % len(cycle)]
        specs.append(
            Spec(
                interview=f"iv-{i:05d}",
                pipeline=("data-engineer", "platform-sre")[i % 2],
                interviewer=f"hm{i % 40:02d}@corp.example",
                behaviour=behaviour,
                decision="reject" if i % 5 < 3 else "advance",
            )
        )
    return specs


def seed(session: Session, specs: list[Spec], *, held_at: datetime = T0) -> None:
    """Pipelines from the demo R2s, then candidates and interviews in bulk (core inserts)."""
    data = data_dir()
    import_r2_files(session, sorted((data / "r2").glob("*.yaml")))
    resumes = {p: (data / "resumes" / f).read_text(encoding="utf-8") for p, f in RESUME.items()}
    session.execute(
        insert(Candidate),
        [
            {
                "id": f"c-{s.interview}",
                "name": f"Candidate {s.interview[3:]}",
                "email": f"c-{s.interview}@cand.example",
                "resume_text": resumes[s.pipeline],
                "created_at": held_at,
            }
            for s in specs
        ],
    )
    session.execute(
        insert(Interview),
        [
            {
                "id": s.interview,
                "pipeline_id": s.pipeline,
                "candidate_id": f"c-{s.interview}",
                "interviewer_email": s.interviewer,
                "interviewer_name": s.interviewer.split("@")[0].upper(),
                "held_at": held_at,
                "state": InterviewState.SCHEDULED,
                "stated_decision": s.decision,
                "reminders_sent": 0,
                "created_at": held_at,
            }
            for s in specs
        ],
    )


def write_config(site: Path, *, database_url: str, smtp: str) -> None:
    """``mailagent.toml`` for the worker processes (the secret is fixed: tests only)."""
    (site / "inbox").mkdir(parents=True, exist_ok=True)
    (site / "mailagent.toml").write_text(
        f'database_url = "{database_url}"\n'
        f'inbox = "maildir:{site / "inbox"}"\n'
        f'smtp = "{smtp}"\n'
        'address = "feedback@hire.bench.example"\n'
        'secret = "bench-secret-0123456789abcdef"\n',
        encoding="utf-8",
    )


def subfolder(tmp: Path, name: str) -> Path:
    """``tmp/name``, made if missing: one folder per measure in a bench run."""
    path = tmp / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def wait_until(cond: Callable[[], bool], timeout_s: float) -> None:
    """Poll ``cond`` until it holds; the limit only ends a bench run that went wrong."""
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("bench workload did not finish")
        time.sleep(0.05)


@dataclass
class Fleet:
    """Worker and scheduler processes sharing one simulated clock."""

    site: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    now: datetime = T0
    epoch: int = 0

    @property
    def clock(self) -> Path:
        return self.site / "clock"

    @property
    def stop_file(self) -> Path:
        return self.site / "stop"

    def set_time(self, now: datetime) -> None:
        self.now = now
        self._write_clock()

    def _write_clock(self) -> None:
        tmp = self.site / "clock.tmp"
        tmp.write_text(f"{self.now.isoformat()}\n{self.epoch}\n", encoding="utf-8")
        os.replace(tmp, self.clock)

    def barrier(self, *, guard_s: float = 900) -> None:
        """Return once every live process has made a whole pass that began after this call.

        The epoch in the clock file goes up by one; each process writes the epoch it read
        at the start of a pass once that pass is over. No clock decides anything here:
        ``guard_s`` only turns a hung process into a failure instead of a hung test.
        """
        self.epoch += 1
        self._write_clock()
        deadline = time.monotonic() + guard_s
        while True:
            waiting = [p for p in self.procs if p.poll() is None and self._done(p) < self.epoch]
            if not waiting:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(waiting)} processes made no pass in {guard_s} s")
            time.sleep(0.02)

    def _done(self, proc: subprocess.Popen[bytes]) -> int:
        try:
            return int((self.site / f"done-{proc.pid}").read_text(encoding="utf-8") or -1)
        except (FileNotFoundError, ValueError):
            return -1

    def spawn(self, role: str, **env: str) -> subprocess.Popen[bytes]:
        n = len(self.procs)
        # The child keeps its own copies of the two files; the parent closes its own.
        with (
            (self.site / f"{role}-{n}.out").open("wb") as out,
            (self.site / f"{role}-{n}.err").open("wb") as err,
        ):
            proc = subprocess.Popen(
                [sys.executable, "-m", "bench.worker", role],
                cwd=self.site,
                env={
                    **os.environ,
                    "PYTHONPATH": str(ROOT),
                    "BENCH_CLOCK": str(self.clock),
                    "BENCH_STOP": str(self.stop_file),
                    **env,
                },
                stdout=out,
                stderr=err,
            )
        self.procs.append(proc)
        return proc

    def wait_ready(self, timeout_s: float = 600) -> None:
        """Until every process has started its loop (imports take a second or two; the
        limit only turns a process that never starts into a failure)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if all((self.site / f"ready-{p.pid}").exists() for p in self.procs):
                return
            dead = [p.args for p in self.procs if p.poll() is not None]
            if dead:
                raise RuntimeError(f"exited early: {dead}\n{self.errors()}")
            time.sleep(0.05)
        raise TimeoutError("workers did not start")

    def stop(self, timeout_s: float = 30) -> None:
        self.stop_file.touch()
        deadline = time.monotonic() + timeout_s
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def errors(self) -> str:
        return "".join(p.read_text() for p in sorted(self.site.glob("*.err")))


@contextmanager
def fleet(site: Path, now: datetime) -> Iterator[Fleet]:
    """A fleet that is always stopped, even when the block fails."""
    f = Fleet(site)
    f.stop_file.unlink(missing_ok=True)
    f.set_time(now)
    try:
        yield f
    finally:
        f.stop()
