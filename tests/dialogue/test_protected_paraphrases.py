"""Remarks about protected characteristics in many wordings, and the technical or
ordinary uses of the same words that must not be taken for them.

Each line is a sentence a hiring manager might write; the category is what the remark
is about. None of these sentences is in an eval corpus: they check that the finder works
on wording it was not written against.
"""

from __future__ import annotations

import pytest

from mailagent.dialogue.brain import ProtectedCategory as P
from mailagent.dialogue.protected import find_protected

REMARKS = [
    # Family status and pregnancy.
    (P.FAMILY_STATUS, "She's a mum of two, not sure she can commit to the on-call."),
    (P.FAMILY_STATUS, "He's a single dad so late releases could be tricky."),
    (P.FAMILY_STATUS, "With a young family at home she'd struggle with our hours."),
    (P.FAMILY_STATUS, "Has two little ones, so travel is probably out."),
    (P.FAMILY_STATUS, "She mentioned nursery pick-ups, which worries me for the 6pm calls."),
    (P.MARITAL_STATUS, "Newly married, she might want to slow down."),
    (P.FAMILY_STATUS, "His wife just had twins, he won't have the bandwidth."),
    (P.FAMILY_STATUS, "She is a stay-at-home mom returning to work."),
    (P.FAMILY_STATUS, "Her son is still small, so she'd need flexible hours."),
    (P.PREGNANCY, "She's clearly got a bump, so she'll be off in a few months."),
    (P.PREGNANCY, "Would she even be around next year with a little one on the way?"),
    (P.PREGNANCY, "She's due in the spring, bad timing for the launch."),
    (P.PREGNANCY, "Expecting her second, so I'd pass."),
    # Age.
    (P.AGE, "He's in his late fifties, I doubt he'd want to learn a new stack."),
    (P.AGE, "Bit long in the tooth for a startup like ours."),
    (P.AGE, "She's a bit senior in years compared with the rest of the squad."),
    (P.AGE, "We want fresh young blood on this team."),
    (P.AGE, "He graduated in 1988, probably set in his ways."),
    (P.AGE, "Too green, she's barely out of school, only 22."),
    (P.AGE, "Close to pension age, not worth the onboarding."),
    (P.AGE, "Would he fit in with a team whose average age is 26?"),
    # Sex.
    (P.SEX, "Not sure a woman could handle the warehouse floor."),
    (P.SEX, "Our clients prefer a male account manager."),
    (P.SEX, "Good for a girl, but the team is all lads."),
    (P.SEX, "The crew is all guys and she'd be the only lady."),
    # Religion.
    (P.RELIGION, "He'd need Fridays off for mosque, which doesn't work."),
    (P.RELIGION, "She fasts during Ramadan, so the offsite is a problem."),
    (P.RELIGION, "Wears a cross and talks about his faith a lot."),
    (P.RELIGION, "He's very devout, might not mix at the pub nights."),
    (P.RELIGION, "Observes the Sabbath, so no Saturday releases."),
    # Disability and health.
    (P.DISABILITY, "She uses a cane, the warehouse might be too much."),
    (P.DISABILITY, "He's partially sighted, so screen work could be slow."),
    (P.DISABILITY, "He has a stammer, which would be awkward with clients."),
    (P.DISABILITY, "Mentioned she's on medication for anxiety, red flag for me."),
    (P.DISABILITY, "He had a stroke last year, not sure he's fully back."),
    (P.DISABILITY, "She's hard of hearing, calls would be difficult."),
    # National origin, accent, race.
    (P.NATIONAL_ORIGIN, "His English is heavily accented, customers would struggle."),
    (P.NATIONAL_ORIGIN, "Hard to understand with that thick accent of his."),
    (P.NATIONAL_ORIGIN, "English is clearly her second language."),
    (P.NATIONAL_ORIGIN, "Not sure someone from Nigeria would get our market."),
    (P.NATIONAL_ORIGIN, "He'd need a visa and people from there tend to leave."),
    (P.NATIONAL_ORIGIN, "She isn't a local, the clients want someone British."),
    (P.RACE, "Not sure he'd fit, he'd be the only black guy on the team."),
    (P.RACE, "The clients are conservative and he's Asian, which might be an issue."),
]

ORDINARY = [
    "Her click handler leaked memory on every re-render.",
    "He spun up child processes without reaping them.",
    "The parent component re-rendered all its children on every keystroke.",
    "She explained how the main thread blocks when a task runs long.",
    "The race condition in the cache was hers and she fixed it well.",
    "She works in a young, fast-moving product area and owns its roadmap.",
    "He ran the blue-green deploy from a black-box checklist.",
    "We use the Nigeria region of our cloud provider for latency.",
    "She's a senior engineer with 12 years in payments.",
    "Passed the accessibility audit with a screen reader and keyboard only.",
    "He built the mobile app in native Swift.",
    "She used a cross-join by mistake and the query exploded.",
    "Her answer on data lineage was the best of the week.",
    "He has a family of microservices to maintain, all in Go.",
    "Our stack is old, he'd modernise it.",
    "Faith in the test suite was low and she fixed the flaky tests first.",
    "She's due to finish her AWS certification in the spring.",
    "He's expecting the offer by Friday.",
    "Her bump in conversion came from the new checkout.",
    "Great at handling angry customers on the phone.",
    "The warehouse floor team loved her plan for pick paths.",
    "She led a team of 8 and hired 3 of them.",
    "He is a native English speaker and writes crisp docs.",
]


@pytest.mark.parametrize(("category", "remark"), REMARKS)
def test_a_remark_about_a_protected_characteristic_is_found(
    category: P, remark: str
) -> None:
    found = {r.category for r in find_protected(remark)}
    assert category in found, (remark, found)


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_and_technical_uses_are_not_remarks(sentence: str) -> None:
    assert find_protected(sentence) == [], sentence
