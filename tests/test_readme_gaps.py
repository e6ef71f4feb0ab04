"""The README says what a new user needs (issue #15, finding 10): who approves candidate
feedback, what to set before ``mailagent run``, and who wrote the eval corpora."""

from __future__ import annotations

import re

from tests.shared import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.M | re.S)
    assert match, title
    return match.group(1)


def test_the_r2s_hiring_manager_approves_candidate_feedback() -> None:
    text = " ".join(README.split())
    assert "R2's hiring manager (the pipeline's HM, not each interviewer)" in text


def test_using_it_says_to_set_address_inbox_and_smtp_before_run() -> None:
    using = " ".join(_section("Using it").split())
    before = using.split("mailagent run")[0]
    assert all(f"`{key}`" in using for key in ("address", "inbox", "smtp"))
    assert "set address, inbox and smtp" in before
    assert "Before `mailagent run`, set `address`" in using


def test_the_eval_table_says_who_wrote_each_corpus() -> None:
    table = _section("How well the offline brain reads feedback")
    assert "another session" not in table
    rows = [r for r in table.splitlines() if r.startswith("| `tests/data/replies/")]
    assert rows and all("who never read the code" in r for r in rows)
