"""``visible_text`` on held-out real mail: sets the stripper was never tuned on.

A held-out set lives outside the repository (its mail is other people's test data), in
a folder named by ``MAILAGENT_STRIP_HELDOUT``; each subfolder is one set::

    $MAILAGENT_STRIP_HELDOUT/mail-parser-reply/
        MANIFEST.md  LICENSE.upstream  expected.json  emails/*.txt

``expected.json`` maps each mail's path to ``expected_visible_text`` (written by a
person reading the mail, before mailagent ran on it), ``signoff`` (the closing that
was left out of it, or null) and ``sha256`` (of the mail's bytes).  ``bench/strip.py``
scores every set; the figures are reported as they come, not tuned on.  The tests
here check that a set is whole and readable, and that the score does not fall below
the figure measured when the set was first run (issue #15, finding 9).

Without the variable, or without the folder, the tests skip and say why.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from mailagent.inbox.strip import visible_text
from tests.inbox.test_strip_fixtures import Case, normalise

HELDOUT_ENV = "MAILAGENT_STRIP_HELDOUT"

# Exact-match share measured on the first and only run of each set (see the report in
# the commit that added the set); a later change may not score below it.
FIRST_RUN_FLOOR: dict[str, float] = {
    # alfonsrv/mail-parser-reply, 37 mails: 16 exact on the first run (31 with a kept
    # closing forgiven); talon 5 (14), email-reply-parser 4 (8).
    "mail-parser-reply": 16 / 37,
}


@dataclass(frozen=True)
class HeldoutCase(Case):
    """A held-out mail: ``expected`` without the closing, ``signoff`` the closing."""

    signoff: str | None = None

    def passes(self, got: str, *, forgive_signoff: bool = False) -> bool:
        want = normalise(self.expected)
        if normalise(got) == want:
            return True
        if forgive_signoff and self.signoff:
            return normalise(got) == normalise(f"{self.expected}\n\n{self.signoff}")
        return False


def heldout_root(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The held-out folder: ``path``, else ``$MAILAGENT_STRIP_HELDOUT``, else None."""
    chosen = path if path is not None else os.environ.get(HELDOUT_ENV)
    return Path(chosen) if chosen else None


def heldout_sets(root: Path) -> list[Path]:
    """Every subfolder of ``root`` with an ``expected.json``, by name."""
    return sorted(p.parent for p in root.glob("*/expected.json"))


def heldout_cases(root: Path) -> list[HeldoutCase]:
    """Every mail of every held-out set, as a case with id ``heldout:<set>/<path>``."""
    cases: list[HeldoutCase] = []
    for folder in heldout_sets(root):
        data = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        for name, entry in data["fixtures"].items():
            raw = (folder / name).read_bytes()
            if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
                raise ValueError(f"{folder / name}: its bytes do not match expected.json")
            cases.append(
                HeldoutCase(
                    id=f"heldout:{folder.name}/{name}",
                    text_plain=raw.decode("utf-8"),
                    text_html=None,
                    expected=entry["expected_visible_text"],
                    html=False,
                    signoff=entry.get("signoff"),
                )
            )
    return cases


def _root_or_skip() -> Path:
    root = heldout_root()
    if root is None:
        pytest.skip(
            f"{HELDOUT_ENV} is not set: no held-out mail to read (it lives outside the repo)"
        )
    if not root.is_dir() or not heldout_sets(root):
        pytest.skip(f"{root} holds no held-out set (a folder with expected.json)")
    return root


def test_every_held_out_mail_is_whole_and_has_an_expectation() -> None:
    root = _root_or_skip()
    cases = heldout_cases(root)
    assert cases, f"{root}: the sets are empty"
    for case in cases:
        assert isinstance(case.expected, str), case.id


def test_every_held_out_mail_reads_as_text_from_its_body() -> None:
    """Whatever the score, the visible text only ever holds lines of the body."""
    root = _root_or_skip()
    for case in heldout_cases(root):
        got = visible_text(case.text_plain)
        body = (case.text_plain or "").replace("\r\n", "\n")
        assert all(line in body for line in got.split("\n")), case.id


def test_held_out_scores_stay_at_or_above_the_first_run() -> None:
    root = _root_or_skip()
    cases = heldout_cases(root)
    for folder in heldout_sets(root):
        floor = FIRST_RUN_FLOOR.get(folder.name)
        if floor is None:
            continue
        subset = [c for c in cases if c.id.startswith(f"heldout:{folder.name}/")]
        passed = sum(c.passes(visible_text(c.text_plain)) for c in subset)
        assert passed / len(subset) >= floor, f"{folder.name}: {passed}/{len(subset)}"


def _write_set(root: Path, name: str, mails: dict[str, tuple[str, str, str | None]]) -> None:
    folder = root / name
    (folder / "emails").mkdir(parents=True)
    fixtures = {}
    for file, (body, expected, signoff) in mails.items():
        (folder / "emails" / file).write_bytes(body.encode("utf-8"))
        fixtures[f"emails/{file}"] = {
            "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
            "expected_visible_text": expected,
            "signoff": signoff,
        }
    (folder / "expected.json").write_text(json.dumps({"fixtures": fixtures}), encoding="utf-8")


def test_the_bench_scores_a_held_out_set_named_by_its_option(tmp_path: Path) -> None:
    """The plumbing, on a two-mail set written here: one read right, one with a closing."""
    from bench import strip as strip_bench

    _write_set(
        tmp_path,
        "two-mails",
        {
            "a.txt": (
                "Hire.\n\nOn Tue, 3 Jun 2025 at 16:40, Bot <b@x.example> wrote:\n> Q?\n",
                "Hire.",
                None,
            ),
            "b.txt": ("No hire.\n\nHilsen\nB\n", "No hire.", "Hilsen\nB"),
        },
    )
    figures, details = strip_bench.measure(str(tmp_path))
    assert figures["strip_exact_heldout_two_mails"] == 0.5
    assert details["strip heldout:two-mails"] == "1/2 exact, 2/2 with a kept closing forgiven"


def test_a_held_out_mail_that_changed_is_refused(tmp_path: Path) -> None:
    _write_set(tmp_path, "one", {"a.txt": ("Hire.\n", "Hire.", None)})
    (tmp_path / "one" / "emails" / "a.txt").write_text("No hire.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="do not match"):
        heldout_cases(tmp_path)
