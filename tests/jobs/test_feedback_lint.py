"""The candidate-feedback linter: the corpus's discriminatory replies, the same ideas in
other words, subjective impressions and guesses, and technical text it must let through."""

from __future__ import annotations

import pytest
import yaml

from mailagent.jobs.feedback_lint import lint
from tests.shared import shared_path


@pytest.mark.shared
def test_blocks_every_discriminatory_case_of_the_eval_corpus() -> None:
    cases = yaml.safe_load(shared_path("eval", "cases.yaml").read_text(encoding="utf-8"))
    bad = [c for c in cases["cases"] if "discriminatory" in c["expect"]["issues"]]
    assert len(bad) >= 5
    missed = [c["id"] for c in bad if not any(f.kind == "protected" for f in lint(c["message"]))]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She is due to go on maternity leave in spring.", "pregnancy"),
        ("Lovely person but a bit long in the tooth, set in her ways.", "age"),
        ("We want new blood on the team.", "age"),
        ("English is clearly his second language.", "national_origin"),
        ("He has a medical condition that could slow him down.", "disability"),
        ("Her husband works nights, so evenings are hard.", "family_status"),
        ("He takes Fridays off for prayer.", "religion"),
        ("His name might be hard for clients.", "national_origin"),
        ("A mother of two might struggle with the hours.", "family_status"),
        ("Needs a work permit.", "national_origin"),
    ],
)
def test_blocks_the_same_ideas_in_other_words(text: str, category: str) -> None:
    found = lint(text)
    assert any(f.kind == "protected" and f.category == category for f in found), found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Something about his attitude was off.", "subjective"),
        ("I just didn't click with her.", "subjective"),
        ("Turned up dressed very casually.", "subjective"),
        ("Seemed nervous throughout.", "subjective"),
        ("Overqualified, would get bored and leave within a year.", "assumption"),
        ("He will probably want more money soon.", "assumption"),
    ],
)
def test_blocks_impressions_and_guesses(text: str, kind: str) -> None:
    assert any(f.kind == kind for f in lint(text)), lint(text)


@pytest.mark.parametrize(
    "text",
    [
        "Could not explain how a Kafka consumer group rebalances after a node failure.",
        "The SQL query scanned the whole table; no index on the join column.",
        "Described the mental model of the cache clearly but missed the race condition.",
        "Built a native app in Swift; the CSV had accented characters.",
        "Used retrieval-augmented generation with a child process per worker.",
        "Your Docker image builds took 20 minutes and you did not know why.",
    ],
)
def test_lets_specific_technical_feedback_through(text: str) -> None:
    assert lint(text) == []


def test_the_candidates_own_name_is_not_a_remark() -> None:
    text = "Dear Faith Christian, thank you for interviewing with us."
    assert lint(text, names=("Faith Christian",)) == []
    assert lint(text) != []
