"""Impressions of the person and guesses about their future, in many wordings, and
technical sentences that use the same words without being either.

None of these sentences is in an eval corpus.
"""

from __future__ import annotations

import pytest

from mailagent.dialogue.offline.claims import is_assumption, is_subjective

IMPRESSIONS = [
    "Came across as a bit arrogant when I asked about his last team.",
    "She was very reserved, I had to drag every answer out of her.",
    "Honestly he seemed bored the whole hour.",
    "Kept interrupting me mid-question, quite pushy.",
    "He spoke over the other interviewer several times.",
    "Really flat delivery, zero charisma.",
    "Struck me as a bit smug about his side projects.",
    "She sighed at the whiteboard task and rolled her eyes.",
    "Something about him didn't sit right with me.",
    "Couldn't warm to her at all, bit of a cold fish.",
    "His body language said he didn't want to be there.",
    "far too casual, feet up on the chair on the video call",
    "A lot of fidgeting and mumbling, hard to follow.",
    "I'd dread having him in planning meetings.",
    "She felt a bit intense for our team.",
]

GUESSES = [
    "He'll be bored within months and off somewhere bigger.",
    "I reckon she'd jump ship the moment a FAANG recruiter calls.",
    "He's clearly after a management title and we can't give him one.",
    "We'd be training her up for a competitor.",
    "Give it six months and he'll be gone.",
    "Agency people always drift back to agencies.",
    "She won't last on our salary band.",
    "I'd bet he takes a counter-offer.",
    "He'll want to go back to consulting once the novelty wears off.",
]

NEITHER = [
    "Cut the app's cold start from 3 s to 1 s with lazy loading.",
    "She set up quiet hours for the alerts so on-call only gets paged for SEV1s.",
    "He explained how the flat file import handled 2 million rows.",
    "The demo was boring in the best way: it just worked.",
    "I asked how she would handle a spark of traffic on Black Friday and she sized the queue.",
    "She will lead the migration if we hire her, according to her plan.",
    "He would use a feature flag and a staged rollout, which is what we do.",
    "Talked me through the incident timeline step by step.",
    "His answer on backpressure was solid; he'd cap the consumer lag at 10k.",
]


@pytest.mark.parametrize("sentence", IMPRESSIONS)
def test_an_impression_of_the_person_is_subjective(sentence: str) -> None:
    assert is_subjective(sentence), sentence


@pytest.mark.parametrize("sentence", GUESSES)
def test_a_guess_about_their_future_is_an_assumption(sentence: str) -> None:
    assert is_assumption(sentence), sentence


@pytest.mark.parametrize("sentence", NEITHER)
def test_technical_sentences_are_neither(sentence: str) -> None:
    assert not is_subjective(sentence), sentence
    assert not is_assumption(sentence), sentence
