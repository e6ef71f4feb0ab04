"""Candidate mail goes only to the candidate's address of record, never to one in a resume.

Ann's resume came through an agency and is headed with the agency's address. The HM
approves her feedback; with no address of record nothing is sent and the recruiter is
asked; once the recruiter imports Ann's own address, the approved feedback goes to her,
once, at the next tick.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailagent.app import App
from mailagent.db import transaction
from mailagent.errors import ImportDataError
from mailagent.imports import import_candidates
from mailagent.jobs.tick import run_tick
from mailagent.models import Candidate, OutboxMessage
from tests.jobs.conftest import HM, RECRUITER, T0, Sent, body
from tests.jobs.test_candidate_feedback import (
    _events,
    _grade_second,
    _hm_replies,
    _requests,
    _world,
)

AGENCY = "placements@talentco.example"
ANN = "ann.lee@home.example"
AGENCY_RESUME = (
    f"Submitted by TalentCo agency: {AGENCY}\n"
    "Ann Lee\n\nPython developer since 2018; Kafka pipelines at Acme.\n"
)


def _approved_without_address(app: App, tmp: Path) -> None:
    _world(app, email=None)
    with transaction(app.factory) as s:
        ann = s.get(Candidate, "ann")
        assert ann is not None
        ann.resume_text = AGENCY_RESUME
    _grade_second(app, T0 + timedelta(days=1))
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp)
    _hm_replies(app, tmp, request, "APPROVE", T0 + timedelta(days=3))
    run_tick(app, now=T0 + timedelta(days=3))


def test_the_agency_in_the_resume_never_gets_the_feedback(app: App, tmp_path: Path) -> None:
    _approved_without_address(app, tmp_path)
    sent = Sent(tmp_path / "sent")
    assert sent.to(AGENCY) == []
    (asked,) = [m for m in sent.to(RECRUITER) if "No address" in str(m["Subject"])]
    text = body(asked)
    assert "there is no address on record for candidate ann" in text
    assert "mailagent import candidates --id ann --email ADDRESS RESUME" in text
    assert [a for _, a in _events(app)][-1] == "no_address"

    # The recruiter imports Ann's own address; the next tick sends the approved text.
    resume = tmp_path / "ann.txt"
    resume.write_text(AGENCY_RESUME, encoding="utf-8")
    with transaction(app.factory) as s:
        import_candidates(s, [resume], candidate_id="ann", email=ANN)
    for hours in (1, 2):
        run_tick(app, now=T0 + timedelta(days=3, hours=hours))
    (mail,) = sent.to(ANN)
    assert str(mail["Reply-To"]) == RECRUITER
    assert sent.to(AGENCY) == []
    assert [a for _, a in _events(app)][-3:] == ["no_address", "enqueued", "sent"]


@pytest.mark.parametrize(
    ("address", "whose"),
    [
        (HM, "the hiring manager of backend"),
        (RECRUITER, "the recruiter of backend"),
        ("bob@corp.example", "an interviewer"),
        ("feedback+anything@hire.test.example", "mailagent's own address"),
    ],
)
def test_a_staff_address_on_record_gets_no_candidate_mail(
    app: App, tmp_path: Path, address: str, whose: str
) -> None:
    """Set behind the import's back (or before the interviewer was imported): the send
    still refuses it, and the recruiter is told whose address it is."""
    _approved_without_address(app, tmp_path)
    with transaction(app.factory) as s:
        ann = s.get(Candidate, "ann")
        assert ann is not None
        ann.email = address
    run_tick(app, now=T0 + timedelta(days=4))
    with app.factory() as s:
        kinds = list(s.scalars(select(OutboxMessage.kind)))
    assert "candidate_feedback" not in kinds
    # The first notice was for no address at all; nothing went to the staff address.
    assert all(
        "Your application" not in str(m["Subject"]) for m in Sent(tmp_path / "sent").to(address)
    )


def test_a_staff_address_at_send_time_is_named_to_the_recruiter(app: App, tmp_path: Path) -> None:
    _world(app, email="bob@corp.example")
    _grade_second(app, T0 + timedelta(days=1))
    run_tick(app, now=T0 + timedelta(days=2))
    (request,) = _requests(tmp_path)
    _hm_replies(app, tmp_path, request, "APPROVE", T0 + timedelta(days=3))
    run_tick(app, now=T0 + timedelta(days=3))
    sent = Sent(tmp_path / "sent")
    assert [m for m in sent.to("bob@corp.example") if "Your application" in str(m["Subject"])] == []
    (asked,) = [m for m in sent.to(RECRUITER) if "No address" in str(m["Subject"])]
    assert "bob@corp.example is an interviewer" in body(asked)


def test_import_refuses_a_staff_address(app: App, tmp_path: Path) -> None:
    _world(app, email=None)
    resume = tmp_path / "ann.txt"
    resume.write_text(AGENCY_RESUME, encoding="utf-8")
    for address in (HM, "FEEDBACK@hire.test.example", "bob@corp.example"):
        with (
            pytest.raises(ImportDataError, match="not a candidate's"),
            transaction(app.factory) as s,
        ):
            import_candidates(
                s,
                [resume],
                candidate_id="ann",
                email=address,
                agent_address="feedback@hire.test.example",
            )
