"""The brains read hostile replies without stalling (issue #11: no pattern on inbound text
may backtrack super-linearly).

The clause splitter and the prompt's data-tag defuser took quadratic time on a long run of
spaces (a "\\s+" tried from every space of the run): minutes on these inputs. The offline
brain reads at most the capped visible text; the capped hostile replies below are its
worst shapes. No test measures time: :func:`hang_guard` only turns a hang into a failure
after a generous 60 s, far above any honest run.
"""

from __future__ import annotations

from datetime import date

import pytest

from mailagent.dialogue.brain import BrainContext, Decision
from mailagent.dialogue.claude.prompt import neutralise
from mailagent.dialogue.offline.brain import OfflineBrain
from mailagent.dialogue.offline.decisions import stated_decision
from mailagent.dialogue.offline.text import clauses
from mailagent.inbox.strip import MAX_VISIBLE_CHARS
from mailagent.r2.spec import Criterion
from tests.inbox.test_strip_hostile import hang_guard

# Functions below the cap are linear on any input: they are tried on four times the cap.
SPACES = " " * (4 * MAX_VISIBLE_CHARS)


def _assess(text: str) -> None:
    criteria = (
        Criterion(key="python", text="3+ years of Python in production."),
        Criterion(key="kafka", text="Designs and runs Kafka pipelines (e.g. Kafka, Kinesis)."),
    )
    ctx = BrainContext(
        pipeline_title="Backend Engineer",
        criteria=criteria,
        candidate_name="Ann Lee",
        resume_text="Python developer since 2018.",
        reply_text=text,
        as_of=date(2026, 6, 1),
    )
    OfflineBrain().assess(ctx)


def test_a_clause_split_over_a_long_run_of_spaces() -> None:
    with hang_guard():
        assert clauses(f"strong on Python{SPACES}x") == [f"strong on Python{SPACES}x"]


def test_the_last_stated_decision_wins_even_when_an_earlier_sentence_repeats_it() -> None:
    """Each sentence is placed where it stands, not where its first copy stands (the old
    look-up from the start was also what made a long reply take quadratic time)."""
    assert stated_decision("Reject. Hire. Reject.") is Decision.REJECT
    with hang_guard():
        assert stated_decision("hire. " * (MAX_VISIBLE_CHARS // 6) + "Reject.") is Decision.REJECT


def test_a_data_tag_before_a_long_run_of_spaces_is_neutralised() -> None:
    with hang_guard():
        assert neutralise("<" + SPACES + "x") == "<" + SPACES + "x"
    assert neutralise("< / DATA-1>") == "&lt; / DATA-1>"


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * MAX_VISIBLE_CHARS + "x",
        "a\n" * (MAX_VISIBLE_CHARS // 2),
        "hire " * (MAX_VISIBLE_CHARS // 5),
        "no Python experience, " * (MAX_VISIBLE_CHARS // 22),
        "x On 1 " * (MAX_VISIBLE_CHARS // 7),
        "(e.g. a, b " * (MAX_VISIBLE_CHARS // 11),
    ],
    ids=["spaces", "short_lines", "hire_storm", "claims", "on_1_storm", "examples"],
)
def test_the_offline_brain_reads_a_capped_hostile_reply(text: str) -> None:
    with hang_guard():
        _assess(text)
