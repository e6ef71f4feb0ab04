"""``insights_command`` output: stable JSON, the rich table, the simulated history, and the
HTML report opened in headless Chromium to check that its charts are really drawn."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailagent.db import make_engine, migrate, session_factory
from mailagent.demo.history import simulate_history
from mailagent.errors import NotFound
from mailagent.insights.build import insights_command
from mailagent.models import AmendmentProposal, Escalation, Interview
from tests.insights.test_measures import SINCE, build_dataset

NOW = datetime(2026, 4, 6, 12, tzinfo=UTC)
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _session(path: Path) -> Iterator[Session]:
    engine = make_engine("sqlite:///" + str(path))
    migrate(engine)
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


@pytest.fixture
def fixed(tmp_path: Path) -> Iterator[Session]:
    for s in _session(tmp_path / "t.db"):
        with s.begin():
            build_dataset(s)
        yield s


@pytest.fixture
def simulated(tmp_path: Path) -> Iterator[Session]:
    for s in _session(tmp_path / "sim.db"):
        with s.begin():
            simulate_history(s, weeks=6, seed=7, now=NOW)
        yield s


def test_json_output_is_stable_and_holds_the_hand_computed_measures(fixed: Session) -> None:
    text = insights_command(fixed, pipeline="de", since=SINCE, fmt="json")
    assert text == insights_command(fixed, pipeline="de", since=SINCE, fmt="json")
    data = json.loads(text)
    # Keys are sorted at every level, so diffs between two runs stay readable.
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["filter"] == {"pipeline": "de", "since": "2026-03-01"}
    (p,) = data["pipelines"]
    assert sorted(p) == [
        "decided", "disagreement", "feedback_quality", "held", "id", "interviewers",
        "interviews", "off_r2", "r2_version", "recommendations", "reject_rate", "rejected",
        "rejections_by_criterion", "title",
    ]  # fmt: skip
    assert (p["interviews"], p["decided"], p["rejected"], p["reject_rate"]) == (7, 6, 5, 0.833)
    assert [(g["key"], g["rejections"]) for g in p["rejections_by_criterion"]["must"]] == [
        ("sql", 4),
        ("spark_years", 1),
    ]
    assert p["rejections_by_criterion"]["nice"][0]["key"] == "streaming"
    assert p["feedback_quality"]["complete_within_replies"] == {"1": 0.429, "2": 0.571, "3": 0.714}
    assert p["feedback_quality"]["completed_after_replies"] == {"1": 3, "2": 1, "3": 1, "4+": 0}
    assert p["feedback_quality"]["median_hours_to_grade"] == 20.0
    assert p["disagreement"] == {"candidates": 2, "pairs": 2, "disagreeing": 1, "rate": 0.5}
    # sql: 4 rejections, one short of the minimum; spark_years: 1 from one interviewer.
    assert [(f["rule"], f["subject"]) for f in p["held"]] == [
        ("min_sample", "sql"),
        ("min_sample", "spark_years"),
    ]
    assert [(f["rule"], f["action"], f["evidence"]) for f in p["recommendations"]] == [
        ("r2_amended", "r2_amended", {"accepted": 1, "r2_version": 2}),
    ]


def test_unknown_pipeline_is_not_found(fixed: Session) -> None:
    with pytest.raises(NotFound, match="no pipeline 'nope'"):
        insights_command(fixed, pipeline="nope", since=None, fmt="json")


def test_table_output_names_rules_and_numbers(fixed: Session) -> None:
    text = insights_command(fixed, pipeline=None, since=date(2026, 3, 1), fmt="table")
    # The headline wraps at the console width; compare it with the line breaks removed.
    flat = " ".join(text.split())
    assert "Data Engineer (de, R2 v2): 7 interviews, 5 of 6 decided rejected (83%)" in flat
    assert "1/2/3 replies: 43% / 57% / 71%; median time to grade 20.0 h" in flat
    assert re.search(r"│ sql\s+│ must\s+│\s+4 │\s+80% │\s+2 │\s+14% │", text)
    assert "r2_amended" in text and "min_sample" in text
    assert "Product Designer (pd, R2 v1)" in flat


def test_simulated_history_is_deterministic_and_feeds_every_kind_of_finding(
    simulated: Session, tmp_path: Path
) -> None:
    interviews = simulated.scalar(select(func.count()).select_from(Interview))
    assert interviews is not None and 60 <= interviews <= 150
    assert simulated.scalar(select(func.count()).select_from(Escalation)) == 1
    assert simulated.scalar(select(func.count()).select_from(AmendmentProposal)) == 6
    first = insights_command(simulated, pipeline=None, since=None, fmt="json")
    # A second call does nothing; a fresh database with the same seed gives the same report.
    simulated.rollback()
    with simulated.begin():
        simulate_history(simulated, weeks=6, seed=7, now=NOW)
    for again in _session(tmp_path / "again.db"):
        with again.begin():
            simulate_history(again, weeks=6, seed=7, now=NOW)
        assert insights_command(again, pipeline=None, since=None, fmt="json") == first
    rules = {f["rule"] for p in json.loads(first)["pipelines"] for f in p["recommendations"]
             + p["held"]}  # fmt: skip
    assert {"skill_assessment", "years_screen", "raise_threshold", "vague_criterion",
            "r2_amended", "coaching", "outlier_interviewer", "personality_gap",
            "min_sample"} <= rules  # fmt: skip


# ---------------------------------------------------------------- the browser test

# Appended to a copy of the report only: it writes the laid-out size of every bar into
# the DOM, so ``--dump-dom`` shows what Chromium actually drew. The report has no script.
PROBE = """<script>
document.body.setAttribute("data-bars", JSON.stringify(
  Array.from(document.querySelectorAll("svg.chart rect.bar")).map(function (r) {
    var b = r.getBoundingClientRect();
    return [r.getAttribute("data-label"), b.width, b.height];
  })));
</script></body>"""


def _chromium(*args: str, profile: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB(A) PNG into rows of raw pixel bytes."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and color in (2, 6)
    bpp = 3 if color == 2 else 4
    raw, stride, rows = zlib.decompress(idat), width * bpp, []
    prev = bytearray(stride)
    for y in range(height):
        filt, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return width, height, rows


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is absent: apt-get install -y chromium")
def test_html_report_draws_its_charts_in_headless_chromium(
    simulated: Session, tmp_path: Path
) -> None:
    html = insights_command(simulated, pipeline=None, since=None, fmt="html")
    # One self-contained file: no script, no link to anything outside it.
    assert "<script" not in html
    assert not re.search(r"""\b(?:src|href)\s*=|url\(|@import""", html)
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    report = tmp_path / "report.html"
    report.write_text(html, encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", PROBE), encoding="utf-8")

    # The DOM Chromium built holds three charts per pipeline, with bars laid out.
    dom = _chromium("--dump-dom", probe.as_uri(), profile=tmp_path / "profile")
    assert len(re.findall(r"<svg[^>]*class=\"chart\"", dom)) == 9
    bars = json.loads(re.search(r'data-bars="([^"]*)"', dom).group(1).replace("&quot;", '"'))  # type: ignore[union-attr]
    assert len(bars) >= 30
    drawn = [b for b in bars if b[1] > 0 and b[2] == 18]
    assert len(drawn) >= 0.9 * len(bars)
    assert {"warehouse_sql", "tom.keller"} <= {b[0] for b in drawn}

    # The screenshot is not blank, and shows the dark "must" bars and the red outlier bar.
    shot = tmp_path / "shot.png"
    _chromium(f"--screenshot={shot}", "--window-size=1100,2400", report.as_uri(),
              profile=tmp_path / "profile")  # fmt: skip
    width, height, rows = _png_pixels(shot)
    assert (width, height) == (1100, 2400)
    pixels = {row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)}
    assert len(pixels) > 50
    assert bytes((0x1F, 0x4E, 0x79)) in pixels  # must bars
    assert bytes((0xC0, 0x39, 0x2B)) in pixels  # the tough interviewer's bar
