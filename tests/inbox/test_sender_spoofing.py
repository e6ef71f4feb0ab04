"""Who sent it: the From mailbox read from the header's structure, never from display text.

Grace Obi interviews Ann Lee. Mallory, at evil.example, tries to speak for her: with
Grace's address in an encoded display name, next to her own in the From field, in a
comment, in a quoted local part, behind group syntax, in a second From field, as the
Sender, with a look-alike domain. None of it moves Grace's thread; the recruiter is told.
Grace's own mail, written in capitals or with her display name, still is hers.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.db import transaction
from mailagent.demo.hm import deliver, reply_to
from mailagent.jobs.tick import run_tick
from mailagent.models import AssessmentRecord, Disposition, FeedbackDraft, Interview
from tests.inbox.conftest import (
    RECRUITER,
    AppFactory,
    FakeBrain,
    reply_on,
    run_one,
    seed_interview,
    sent_to,
)
from tests.jobs import conftest as jobs

GRACE = "grace.obi@example.com"

SPOOFS = {
    # Finding 2: the address inside an encoded display name used to win.
    "encoded_display_name": {
        "From": "=?utf-8?q?Grace_=3Cgrace.obi=40example.com=3E?= <attacker@evil.example>"
    },
    # Finding 2: two mailboxes in one From.
    "two_mailboxes": {"From": "grace.obi@example.com, attacker@evil.example"},
    "plain_display_name": {"From": '"grace.obi@example.com" <attacker@evil.example>'},
    "address_in_a_comment": {"From": "attacker@evil.example (grace.obi@example.com)"},
    "quoted_local_part": {"From": '"grace.obi@example.com"@evil.example'},
    "group_syntax": {"From": "Hiring: grace.obi@example.com;"},
    "empty_group": {"From": "undisclosed:;"},
    "angle_after_bare_address": {"From": "grace.obi@example.com <attacker@evil.example>"},
    "encoded_word_as_address": {"From": "=?utf-8?q?grace.obi=40example.com?="},
    "trailing_dot_domain": {"From": "grace.obi@example.com."},
    "cyrillic_lookalike_domain": {"From": "grace.obi@ex\u0430mple.com"},
    "cyrillic_lookalike_local_part": {"From": "gr\u0430ce.obi@example.com"},
    "punycode_lookalike_domain": {"From": "grace.obi@xn--exmple-4nf.com"},
    "domain_literal": {"From": "grace.obi@[192.0.2.1]"},
    "sender_differs": {"From": GRACE, "Sender": "attacker@evil.example"},
    "two_sender_fields": {"From": GRACE, "Sender": GRACE, "X-Second-Sender": ""},
}


def _raw(seeded: object, fields: dict[str, str], body: str = "Strong hire, approve.") -> bytes:
    """A reply on Grace's thread with the given From/Sender fields, written as is."""
    raw = reply_on(seeded, sender=fields["From"], body=body)  # type: ignore[arg-type]
    extra = b""
    if "Sender" in fields:
        extra += f"Sender: {fields['Sender']}\r\n".encode()
    if "X-Second-Sender" in fields:
        extra += b"Sender: attacker@evil.example\r\n"
    return raw.replace(b"MIME-Version:", extra + b"MIME-Version:", 1)


@pytest.mark.parametrize("spoof", sorted(SPOOFS))
def test_a_spoofed_grace_moves_nothing_and_the_recruiter_is_told(
    make_site: AppFactory, spoof: str
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)

    row = run_one(app, _raw(seeded, SPOOFS[spoof]))

    assert row.disposition is Disposition.UNATTRIBUTED
    assert row.sender_role is None
    assert row.from_addr != GRACE
    assert brain.calls == []
    with app.factory() as session:
        assert session.scalars(select(AssessmentRecord)).all() == []
        interview = session.get(Interview, seeded.interview_id)
        assert interview is not None and interview.state.value == "requested"
    assert sent_to(app, GRACE) == []
    assert [n.kind for n in sent_to(app, RECRUITER)] == ["unattributed_notice"]


def test_a_duplicated_from_field_is_not_attributed(make_site: AppFactory) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)
    raw = reply_on(seeded, sender="attacker@evil.example", headers={"From": GRACE})

    row = run_one(app, raw)

    assert (row.disposition, row.rule) == (Disposition.UNATTRIBUTED, "no_single_sender")
    assert brain.calls == []


@pytest.mark.parametrize(
    "from_field",
    [
        "Grace Obi <grace.obi@example.com>",
        "GRACE.OBI@EXAMPLE.COM",
        "=?utf-8?q?Grace_Ob=C3=AD?= <Grace.Obi@Example.com>",
        "grace.obi@example.com (Grace Obi)",
    ],
)
def test_graces_own_reply_is_hers_however_her_client_writes_the_from(
    make_site: AppFactory, from_field: str
) -> None:
    brain = FakeBrain()
    app = make_site(brain=brain)
    seeded = seed_interview(app, interviewer=GRACE)

    row = run_one(app, reply_on(seeded, sender=from_field, body="She was fine I guess."))

    assert (row.disposition, row.sender_role, row.from_addr) == (
        Disposition.ACCEPTED,
        "interviewer",
        GRACE,
    )
    assert brain.calls == ["She was fine I guess."]


def test_a_sender_field_naming_grace_herself_is_fine(make_site: AppFactory) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)
    raw = reply_on(seeded, sender=f"Grace <{GRACE}>", headers={"Sender": GRACE.upper()})

    assert run_one(app, raw).disposition is Disposition.ACCEPTED


def test_an_encoded_display_name_cannot_approve_candidate_mail(tmp_path: Path) -> None:
    """Finding 2 on an approval thread: the forged "APPROVE" enqueues nothing for Ann."""
    app = jobs.make_app(tmp_path)
    try:
        with transaction(app.factory) as s:
            jobs.add_pipeline(s)
            jobs.add_candidate(s)
            jobs.add_interview(s, "iv-1")
            jobs.grade(
                s,
                "iv-1",
                at=jobs.T0 + timedelta(days=1),
                verdicts={
                    "kafka": ("not_met", "could not explain how consumer groups rebalance"),
                    "sql": ("not_met", "the schema had no index on the join column"),
                },
            )
        run_tick(app, now=jobs.T0 + timedelta(days=2))
        (request,) = [
            m
            for m in jobs.Sent(tmp_path / "sent").to(jobs.HM)
            if str(m["Subject"]).startswith("Approve feedback")
        ]
        at = jobs.T0 + timedelta(days=3)
        raw = reply_to(request, from_name="Ken", from_addr="attacker@evil.example",
                       text="APPROVE", date=at)
        forged_from = (
            f"From: =?utf-8?q?Ken_=3C{jobs.HM.replace('@', '=40')}=3E?= <attacker@evil.example>"
        ).encode()
        raw = b"\n".join(
            forged_from if line.startswith(b"From:") else line for line in raw.split(b"\n")
        )
        deliver(tmp_path / "inbox", raw)
        source = app.source()
        try:
            app.intake().poll_once(source, now=at)
        finally:
            source.close()
        run_tick(app, now=at + timedelta(minutes=1))

        assert jobs.Sent(tmp_path / "sent").to("ann@home.example") == []
        with app.factory() as session:
            (draft,) = session.scalars(select(FeedbackDraft)).all()
            assert draft.state.value == "awaiting_approval"
    finally:
        app.close()


def test_the_recruiter_reads_why_and_what_the_from_said(make_site: AppFactory) -> None:
    app = make_site()
    seeded = seed_interview(app, interviewer=GRACE)

    run_one(app, _raw(seeded, SPOOFS["two_mailboxes"]))

    (notice,) = sent_to(app, RECRUITER)
    assert "From: (no single sender)" in notice.body_text
    assert (
        "Why: From holds 2 mailboxes (From: grace.obi@example.com, attacker@evil.example)"
        in notice.body_text
    )
