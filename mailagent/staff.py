"""Addresses of the people on our side: hiring managers, recruiters, interviewers, their
delegates, and mailagent itself. None of them is ever a candidate's address of record:
candidate mail to one of them would put an HM's approved text, or the agent's own loop,
where a candidate's mail should be.

>>> refused_address("feedback+tok3n@hire.example", {}, "feedback@hire.example")
"mailagent's own address"
>>> refused_address("ann@home.example", {}, "feedback@hire.example") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.models import Candidate, Interview, Pipeline


def staff_addresses(
    session: Session,
    *,
    agent_address: str | None,
    delegates: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Every staff address on record, lower-cased, with who it belongs to."""
    staff: dict[str, str] = {}
    for pipeline in session.scalars(select(Pipeline)):
        staff[pipeline.hm_email.lower()] = f"the hiring manager of {pipeline.id}"
        staff[pipeline.recruiter_email.lower()] = f"the recruiter of {pipeline.id}"
    for address in session.scalars(select(Interview.interviewer_email).distinct()):
        staff.setdefault(address.lower(), "an interviewer")
    for interviewer, helpers in (delegates or {}).items():
        staff.setdefault(interviewer.lower(), "an interviewer")
        for helper in helpers:
            staff.setdefault(helper.lower(), f"a delegate of {interviewer}")
    if agent_address:
        staff[agent_address.lower()] = "mailagent's own address"
    return staff


def refused_address(
    address: str, staff: Mapping[str, str], agent_address: str | None
) -> str | None:
    """Whose ``address`` is when it is staff's (or the agent's, any ``+tag``), else None."""
    if agent_address:
        local, _, domain = agent_address.lower().partition("@")
        a_local, _, a_domain = address.lower().partition("@")
        if a_domain == domain and a_local.split("+", 1)[0] == local:
            return "mailagent's own address"
    return staff.get(address.lower())


def candidate_address(candidate: Candidate) -> str | None:
    """The candidate's address of record: imported from a manifest or ``--email``.

    The resume is never read for an address: the first one in it may be an agency's.

    >>> candidate_address(Candidate(id="a", name="Ann", resume_text="Ann Lee\\nann@ex.org"))
    >>> candidate_address(Candidate(id="a", name="Ann", email="ann@home.example"))
    'ann@home.example'
    """
    return candidate.email or None


def address_refusal(session: Session, address: str, *, agent_address: str) -> str | None:
    """Whose ``address`` is if it belongs to staff or to mailagent (then no candidate mail
    goes to it), else None. Checked at send time too: an interviewer imported after the
    candidate, say."""
    staff = staff_addresses(session, agent_address=agent_address)
    return refused_address(address, staff, agent_address)
