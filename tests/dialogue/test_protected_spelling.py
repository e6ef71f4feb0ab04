"""Misspelled, letter-spaced and idiomatic remarks still reach the recruiter, and the
real words next to protected ones ("present", "married to the monolith") stay alone."""

from __future__ import annotations

import pytest

from mailagent.dialogue.brain import ProtectedCategory as P
from mailagent.dialogue.protected import detect
from mailagent.dialogue.protected.spelling import correct


def categories(text: str) -> set[P]:
    return {h.category for h in detect(text)}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pregnent", "pregnant"),  # one letter wrong
        ("divorsiado", "divorciado"),  # Spanish, s for c
        ("lespisch", "lesbisch"),  # German, p for b
        ("ziguener", "zigeuner"),  # two letters swapped
        ("celibatere", "celibataire"),  # two edits on a long word
        ("jitana", "gitana"),  # a first letter that sounds the same
        ("transessule", "transessuale"),
    ],
)
def test_a_hurried_misspelling_is_read_as_the_protected_word(typed: str, meant: str) -> None:
    assert correct(typed) == meant


@pytest.mark.parametrize("word", ["present", "pregnancy", "married", "gitanas", "lesbian"])
def test_real_words_and_inflections_are_not_corrected(word: str) -> None:
    # "present" is a real word; the others are protected words or their inflections,
    # which the patterns read themselves.
    assert correct(word) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Good with the tills. Es g a y y los clientes son mayores.", P.SEXUAL_ORIENTATION),
        ("Strong SQL, but she's a g i r l and the team is all lads.", P.SEX),
        ("She's f i f t y - n i n e, so think about it.", P.AGE),
        ("She's p r e g n a n t, so we'd recruit her cover.", P.PREGNANCY),
        ("Solid stock control. Tiene 55 anos y es divorsiado, no se.", P.MARITAL_STATUS),
        ("Nice portfolio, honestly hes way to old to keep up with the app.", P.AGE),
        ("Turns sixty next year, so not for the five-year plan.", P.AGE),
    ],
)
def test_obfuscated_remarks_are_caught(text: str, category: P) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Great on the floor. She's eating for two by the look of it.", P.PREGNANCY),
        ("Sie ist halt nicht mehr die Jüngste, aber die Kasse kann sie.", P.AGE),
        ("Ottima cassiera, ma è in dolce attesa, meglio aspettare.", P.PREGNANCY),
        ("Goede planner, maar wel van de oude stempel.", P.AGE),
        ("Buen cocinero, pero es muy de misa y aquí se trabaja el domingo.", P.RELIGION),
        ("Bon vendeur, mais il vient de divorcer, pas très stable.", P.MARITAL_STATUS),
        ("Boa vendedora, mas não é bem do nosso meio, ia ficar deslocada.", P.CULTURE_FIT),
    ],
)
def test_idioms_that_talk_around_a_characteristic_are_caught(text: str, category: P) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "She presented the rota changes clearly.",
        "O inglês dela é fluente, como a vaga pede.",  # Portuguese "pede" is "asks"
        "Married the billing service to the new ledger without downtime.",
        "Ella pide un cambio de turno; lo vemos el lunes.",  # Spanish "pide", not "pede"
        "She led a team of fifty people across two sites.",
    ],
)
def test_ordinary_feedback_near_those_words_is_left_alone(text: str) -> None:
    assert detect(text) == []
