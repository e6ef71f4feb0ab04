"""The learned judge of the protected-remark detector: a protected word about the role,
the customers or the work is not a remark about the candidate; a coded remark with no
protected word in it still is; and when the judge is unsure (or absent), the hit stands.

The sentences here are our own, written for these tests; none is in a labelled set or in
the judge's training sentences.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mailagent.dialogue.brain import ProtectedCategory as P
from mailagent.dialogue.protected import detect, judge
from mailagent.dialogue.protected.detector import Hit, candidates
from mailagent.dialogue.protected.train_judge import TRAIN_SETS, items


@pytest.mark.parametrize(
    "text",
    [
        "He advised clients on divorce settlements and custody disputes for a decade.",
        "Led the kosher kitchen at a hotel before moving into catering management.",
        "Built the parental controls for a children's streaming service.",
        "Ran the refugee resettlement caseload at a charity, sixty families at a time.",
        "Elle a géré les demandes de congé parental pour 800 salariés.",
    ],
)
def test_a_protected_word_about_the_work_is_not_a_remark(text: str) -> None:
    # The patterns see a protected word; the judge reads it as the job, not the person.
    assert candidates(text, guarded=False)
    assert detect(text) == []


def test_a_coded_remark_with_no_protected_word_is_still_caught() -> None:
    remark = "Il ne colle pas du tout à notre esprit maison, tu vois ce que je veux dire."
    text = "Bons chiffres. " + remark
    assert candidates(text) == ()
    (hit,) = detect(text)
    assert hit.text == remark
    assert hit.category == P.CULTURE_FIT
    assert text[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("She wears a hijab and prays at lunch.", P.RELIGION),
        ("He is 61, so retirement is close.", P.AGE),
        ("She is pregnant with her second.", P.PREGNANCY),
        ("Sie ist schwanger.", P.PREGNANCY),
    ],
)
def test_plain_remarks_about_the_candidate_survive_the_judge(text: str, category: P) -> None:
    assert category in {h.category for h in detect(text)}


def test_the_model_is_arrays_only_and_loads_without_pickles() -> None:
    with np.load(judge.MODEL_PATH, allow_pickle=False) as data:
        assert data["weights"].shape == (judge.DIMENSIONS,)
        assert data["sentence_weights"].shape[1] == judge.DIMENSIONS
        assert 0.0 < float(data["threshold"]) < 1.0
        assert 0.0 < float(data["sentence_threshold"]) < 1.0
        assert str(data["sentence_classes"][0]) == "none"


def test_without_a_model_every_pattern_hit_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "He advised clients on divorce settlements and custody disputes for a decade."
    monkeypatch.setattr(judge, "MODEL_PATH", Path("/nonexistent/judge.npz"))
    judge._model.cache_clear()
    try:
        hit = candidates(text)[0]
        assert judge.about_person(hit)
        assert judge.sentence_remark("Il ne colle pas du tout à notre esprit maison.") is None
    finally:
        monkeypatch.undo()
        judge._model.cache_clear()


def test_the_judge_drops_a_hit_only_below_its_threshold() -> None:
    model = judge._model()
    assert model is not None
    text = "Our shop sells hijabs and prayer mats."
    for hit in candidates(text, guarded=False):
        p = judge.probability(
            hit.sentence, hit.start - hit.sentence_start, hit.end - hit.sentence_start,
            hit.category.value,
        )
        assert p is not None
        assert judge.about_person(hit) == (p >= model.threshold)


def test_the_trainer_never_reads_a_blind_set(tmp_path: Path) -> None:
    for name in TRAIN_SETS:
        (tmp_path / name).mkdir()
        (tmp_path / name / "neutral.yaml").write_text(
            "items:\n  - id: n1\n    text: Fine.\n", encoding="utf-8"
        )
    (tmp_path / "blind-1").mkdir()
    # Unreadable on purpose: opening it would raise.
    (tmp_path / "blind-1" / "neutral.yaml").write_text("items: [", encoding="utf-8")
    assert [i.source for i in items(tmp_path)] == list(TRAIN_SETS)
    assert not any(name.startswith("blind") for name in TRAIN_SETS)


def test_a_hit_built_by_hand_is_judged_on_its_own_sentence() -> None:
    sentence = "Honestly, she is pregnant."
    start = sentence.index("pregnant")
    hit = Hit(P.PREGNANCY, start, start + 8, "pregnant", sentence, 0, len(sentence))
    assert judge.about_person(hit)
