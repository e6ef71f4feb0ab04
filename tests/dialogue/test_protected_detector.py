"""The protected-remark detector: categories, obfuscation, languages, role vs person,
and spans that index the original text (so a mail can quote it and a record remove it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailagent.dialogue.brain import ProtectedCategory as P
from mailagent.dialogue.protected import detect, without_remarks
from mailagent.evaluation.protected_sets import score_all


def categories(text: str) -> set[P]:
    return {h.category for h in detect(text)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Solid SQL, but at 58 he won't keep up.", P.AGE),
        ("He's in his sixties, close to retirement.", P.AGE),
        ("A typical boomer about tooling.", P.AGE),
        ("As a woman she may struggle with the engineers.", P.SEX),
        ("She's expecting her second in spring.", P.PREGNANCY),
        ("Going through menopause, so moody.", P.AGE),
        ("Single mum of three, no way she does nights.", P.FAMILY_STATUS),
        ("Looks after her elderly mother most evenings.", P.FAMILY_STATUS),
        ("Just got married, so kids are next.", P.MARITAL_STATUS),
        ("Dark-skinned guy, clients may be uneasy.", P.RACE),
        ("Nigerian guy, decent Terraform.", P.NATIONAL_ORIGIN),
        ("Developers from India tend to be weak at design.", P.NATIONAL_ORIGIN),
        ("Heavy accent, not a native speaker.", P.NATIONAL_ORIGIN),
        ("Wears a hijab and prays at lunch.", P.RELIGION),
        ("Will want Friday prayers off.", P.RELIGION),
        ("He's autistic, avoided eye contact.", P.DISABILITY),
        ("She uses a wheelchair; the office has stairs.", P.DISABILITY),
        ("Chronic fatigue, so lots of sick days.", P.DISABILITY),
        ("He mentioned his husband twice.", P.SEXUAL_ORIENTATION),
        ("She's trans, the clients won't get it.", P.GENDER_IDENTITY),
        ("Not really one of us.", P.CULTURE_FIT),
    ],
)
def test_each_category_is_found(text: str, category: P) -> None:
    assert category in categories(text), detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "Strong SQL. But she is pr3gnant.",  # leetspeak
        "Strong SQL. But she is pregn\u200bant.",  # zero-width space
        "Strong SQL. But she is preg\u00adnant.",  # soft hyphen
        "Strong SQL. But she is \u0440regnant.",  # Cyrillic r for p
        "Strong SQL. But she is p r e g n a n t.",  # letter-spacing
        "Strong SQL. But she is p.r.e.g.n.a.n.t.",
        "Strong SQL. But she is pregnnat.",  # one edit
        "Strong SQL. But she is ＰＲＥＧＮＡＮＴ.",  # full-width (NFKC)
    ],
)
def test_obfuscation_is_seen_through(text: str) -> None:
    (hit,) = detect(text)
    assert hit.category is P.PREGNANCY
    # The span indexes the original text, disguise and all.
    assert text[hit.start : hit.end] == hit.text
    assert hit.sentence == "But she is " + hit.text + "."


@pytest.mark.parametrize(
    "text",
    [
        "Sie ist schwanger, also eher nicht.",
        "Elle est enceinte, donc pas maintenant.",
        "Está embarazada y el puesto es urgente.",
        "È incinta, meglio aspettare.",
        "Ze is zwanger, dus liever niet.",
        "Ela está grávida, melhor não.",
    ],
)
def test_pregnancy_in_seven_languages(text: str) -> None:
    assert P.PREGNANCY in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "We write Go and Java.",
        "Built a native app and a React Native module.",
        "A young codebase with decent tests.",
        "Senior engineer with 20 years of experience.",
        "Merged it to the master branch.",
        "The parent process forks a child and reaps it.",
        "Implemented a blind index for encrypted search.",
        "Worked in Germany at SAP for five years.",
        "Fluent German is required for the DACH clients, and she was fluent.",
        "Explained the race condition and the black-box tests.",
        "The on-call rota needs weekend cover.",
        "Polish the UI before launch.",
        "Couldn't explain what a foreign key does.",
        "The role is a 12-month maternity cover contract.",
        "Family law caseload, mostly financial remedies.",
        "Our customers are mostly retirees and she explained pensions clearly.",
    ],
)
def test_technical_and_role_uses_are_not_remarks(text: str) -> None:
    assert detect(text) == []


def test_the_remark_sentence_is_removed_and_the_rest_kept() -> None:
    text = "Strong on Kafka. She is pregnant, so nights are out. Weak SQL."
    assert without_remarks(text) == "Strong on Kafka. Weak SQL."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_spans_always_index_the_original_text(text: str) -> None:
    for hit in detect(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text
        assert hit.sentence_start <= hit.start and hit.end <= hit.sentence_end


def test_every_set_folder_is_scored_without_reading_its_items_here() -> None:
    # The bench scores every folder under tests/data/protected (dev and the blind sets);
    # this only checks the dev set is found and scored, not any figure.
    root = Path(__file__).resolve().parents[1] / "data" / "protected"
    names = [s.name for s in score_all(root / "dev")]
    assert names == ["dev"]


@pytest.mark.parametrize(
    "text",
    [
        "Er ist schon 59, das wird nichts mehr mit neuen Tools.",
        "Sie trägt ein Kopftuch, das passt nicht zu unserem Empfang.",
        "Sie ist gehbehindert und braucht einen Parkplatz.",
        "Il a une cinquantaine d'années, il aura du mal à suivre.",
        "Elle vient du Maroc, on verra si elle s'intègre.",
        "Il est atteint d'une sclérose en plaques.",
        "Es un señor mayor, le costará adaptarse.",
        "Es madre soltera, no podrá viajar.",
        "Es marroquí, no sé si encajará.",
        "Ha quasi sessant'anni, non so se regge.",
        "È rumeno, non so se ci possiamo fidare.",
        "Hij is al 58 en wordt moeilijk aan te sturen.",
        "Ze draagt een hoofddoek.",
        "Ele tem 60 anos, já está velho demais.",
        "Ela é cadeirante.",
        "Not a native English speaker, clients will notice.",
        "He has MS and gets tired.",
        "Wheelchair user - our office has no lift.",
        "She's a Pole, they're hard workers.",
        "Hes a muzlim, prays a lot.",
    ],
)
def test_remarks_in_other_words_and_languages(text: str) -> None:
    assert detect(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Er hat fünf Jahre in Polen bei Allegro gearbeitet.",
        "Der Elternprozess startet die Kindprozesse sauber.",
        "Il maîtrise la paie, y compris les arrêts maladie.",
        "Le processus parent gère bien les processus enfants.",
        "Conoce bien el mercado marroquí y tiene clientes en Casablanca.",
        "Ha gestito il reparto maternità come coordinatrice.",
        "Kent de Turkse markt goed en spreekt vloeiend Turks.",
        "Ze heeft de app voor de kinderopvang gebouwd.",
        "O inglês dela é fluente, como a vaga pede.",
        "Supported a deaf customer via text relay in the scenario.",
        "Covered a colleague's parental leave as acting team lead.",
        "Her old team used Jenkins; she moved them to GitHub Actions.",
    ],
)
def test_work_uses_in_other_languages_are_not_remarks(text: str) -> None:
    assert detect(text) == [], detect(text)


def test_eval_command_scores_a_protected_set_per_category() -> None:
    import json

    from typer.testing import CliRunner

    from mailagent.cli import app as cli

    root = Path(__file__).resolve().parents[1] / "data" / "protected" / "dev"
    result = CliRunner().invoke(cli, ["eval", "--corpus", str(root), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["set"] == "dev"
    assert figures["protected_items"] > 0 and figures["neutral_items"] > 0
    assert 0.0 <= figures["false_positive_rate"] <= 1.0
    assert {"age", "religion", "disability"} <= set(figures["recall_by_category"])
