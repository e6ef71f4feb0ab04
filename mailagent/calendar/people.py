"""Who is who in an invitation, and which pipeline it books for.

* internal: an address in one of ``internal_domains`` (or a subdomain of one);
* interviewers: internal attendees (the organizer counts as one) who are people (CUTYPE
  individual), take part (not NON-PARTICIPANT) and have not declined, other than the
  agent and the recruiter;
* candidate: the attendee outside ``internal_domains`` (the one of record when several);
* pipeline: an ``[R2:<id>]`` tag in the summary or description, else
  ``default_pipelines[organizer]``, else ``default_pipeline``.

>>> is_internal("grace@eu.hire.example", ("hire.example",))
True
>>> pipeline_tag("Interview: Ann Lee [R2:devops-aws]", "")
'devops-aws'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mailagent.calendar.ical import Attendee, Event

TAG_RE = re.compile(r"\[R2:\s*([A-Za-z0-9][A-Za-z0-9_.-]{0,99})\s*\]", re.IGNORECASE)
_PEOPLE = frozenset({"INDIVIDUAL", "UNKNOWN", ""})


@dataclass(frozen=True)
class BookingConfig:
    """What booking reads of the settings."""

    agent_address: str
    internal_domains: tuple[str, ...]
    default_pipeline: str | None = None
    default_pipelines: Mapping[str, str] = field(default_factory=dict)
    authserv_id: str | None = None
    timezone: str = "UTC"
    # Interviewer → their delegates (the ``delegates`` setting): staff, never a candidate.
    delegates: Mapping[str, Sequence[str]] = field(default_factory=dict)


def is_internal(address: str, domains: Sequence[str]) -> bool:
    domain = address.rpartition("@")[2].lower()
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in domains)


def is_agent(address: str, agent: str) -> bool:
    """The agent's own address, with or without a ``+tag``."""
    local, _, domain = agent.lower().partition("@")
    a_local, _, a_domain = address.lower().partition("@")
    return a_domain == domain and a_local.split("+", 1)[0] == local


def pipeline_tag(summary: str, description: str) -> str | None:
    match = TAG_RE.search(summary) or TAG_RE.search(description)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Cast:
    interviewers: tuple[Attendee, ...]
    outsiders: tuple[Attendee, ...]


def cast(event: Event, *, config: BookingConfig, recruiter: str | None) -> Cast:
    """Split the attendees into interviewers and outside people (candidate candidates)."""
    interviewers: dict[str, Attendee] = {}
    outsiders: dict[str, Attendee] = {}
    # The organizer takes part in their own meeting (RFC 5546), though Outlook does not
    # list them among the attendees: an HM who books the interview is its interviewer.
    organizer = Attendee(event.organizer, event.organizer_name, "ACCEPTED", "CHAIR", "")
    for attendee in (*event.attendees, organizer):
        address = attendee.address
        if not address or is_agent(address, config.agent_address):
            continue
        if attendee.cutype not in _PEOPLE:
            continue
        if is_internal(address, config.internal_domains):
            if address == (recruiter or "").lower():
                continue
            if attendee.role == "NON-PARTICIPANT" or attendee.partstat == "DECLINED":
                continue
            interviewers.setdefault(address, attendee)
        else:
            outsiders.setdefault(address, attendee)
    return Cast(tuple(interviewers.values()), tuple(outsiders.values()))


def display_name(attendee: Attendee) -> str:
    """The attendee's CN unless it is only the address again."""
    name = attendee.name.strip().strip("'\"").strip()
    return "" if not name or "@" in name else name[:200]
