"""What a criterion's own text lets the matcher recognise: the acronyms its words spell
and the examples it lists."""

from __future__ import annotations

from mailagent.dialogue.offline.matcher import Matcher, examples_in
from mailagent.r2.spec import Criterion

WAREHOUSE = (
    Criterion(
        key="wms",
        text="Daily use of a warehouse management system (e.g. Manhattan, Blue Yonder, "
        "SAP EWM) for slotting and wave planning.",
    ),
    Criterion(key="safety", text="Runs site health and safety, including risk assessments."),
    Criterion(key="testing", text="Writes unit and integration tests for the scanners."),
)


def test_an_acronym_the_criterion_spells_names_it() -> None:
    m = Matcher(WAREHOUSE)
    assert m.match("Never used a WMS.") == ["wms"]
    assert m.match("No H&S background at all.") == ["safety"]


def test_two_bare_capitals_are_not_taken_for_an_acronym() -> None:
    # "unit and integration" spells "ui", but "UI" in a reply means a user interface.
    assert Matcher(WAREHOUSE).match("The UI was cluttered.") == []


def test_a_criterion_lists_its_examples() -> None:
    assert examples_in(WAREHOUSE[0].text) == ("Manhattan", "Blue Yonder", "SAP EWM")
    assert examples_in("Monitoring with Prometheus, Grafana or similar tools.") == ()
    assert examples_in("A cloud warehouse (Snowflake, BigQuery or Redshift).") == (
        "Snowflake",
        "BigQuery",
        "Redshift",
    )
