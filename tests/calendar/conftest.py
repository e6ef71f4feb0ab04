"""A site that books interviews from invitations, and invitations made with ``icalendar``.

The site: agent ``feedback@hire.example``, ``internal_domains = hire.example``, one R2
(``devops-aws``: HM Grace Obi, recruiter Lena Brandt) and one candidate of record (Ann
Lee, ann.lee@home.example). ``deliver`` puts a message in the site's Maildir inbox and
runs the real intake poll on it; ``tick`` runs the scheduled work at a given time.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import icalendar
import pytest
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.db import transaction
from mailagent.jobs.tick import run_tick
from mailagent.models import Candidate, Interview, MailMessage
from mailagent.r2.spec import R2Spec
from mailagent.r2.store import import_r2
from tests.helpers import make_settings
from tests.jobs.conftest import FakeBrain, Sent

AGENT = "feedback@hire.example"
HM = "grace.obi@hire.example"
RECRUITER = "lena.brandt@hire.example"
KEN = "ken.morita@hire.example"
TOM = "tom.reed@hire.example"
ANN = "ann.lee@home.example"
T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

R2 = {
    "pipeline": "devops-aws",
    "title": "DevOps Engineer (AWS / Kubernetes)",
    "hiring_manager": {"name": "Grace Obi", "email": HM},
    "recruiter": {"name": "Lena Brandt", "email": RECRUITER},
    "criteria": [
        {"key": "terraform", "text": "Infrastructure as code with Terraform.", "kind": "must"},
        {"key": "k8s", "text": "Runs Kubernetes in production.", "kind": "must"},
    ],
}


@dataclass
class Site:
    app: App
    inbox: Path
    sent: Sent

    def deliver(self, raw: bytes, *, now: datetime = T0) -> MailMessage:
        """Put one message in the inbox and poll: the stored row afterwards."""
        box = mailbox.Maildir(self.inbox, create=True)
        box.add(raw)
        source = self.app.source()
        try:
            self.app.intake().poll_once(source, now=now)
        finally:
            source.close()
        with self.app.factory() as session:
            row = session.scalars(select(MailMessage).order_by(MailMessage.id.desc())).first()
            assert row is not None
            session.expunge(row)
            return row

    def tick(self, now: datetime) -> None:
        run_tick(self.app, now=now)

    def interviews(self) -> list[Interview]:
        with self.app.factory() as session:
            rows = list(session.scalars(select(Interview).order_by(Interview.interviewer_email)))
            session.expunge_all()
            return rows

    def candidates(self) -> list[Candidate]:
        with self.app.factory() as session:
            rows = list(session.scalars(select(Candidate).order_by(Candidate.id)))
            session.expunge_all()
            return rows


def make_site(tmp: Path, **over: Any) -> Site:
    values: dict[str, Any] = {"internal_domains": ["hire.example"], **over}
    settings = make_settings(tmp, address=AGENT, inbox=f"maildir:{tmp}/inbox", **values)
    app = build_app(settings, brain=FakeBrain())
    with transaction(app.factory) as session:
        import_r2(session, R2Spec.model_validate(R2), source="devops-aws.yaml")
        session.add(Candidate(id="ann-lee", name="Ann Lee", email=ANN, resume_text="Ann Lee\n"))
    return Site(app=app, inbox=tmp / "inbox", sent=Sent(tmp / "sent"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    built = make_site(tmp_path)
    yield built
    built.app.close()


def person(address: str, name: str = "", **params: str) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{address}")
    if name:
        value.params["CN"] = name
    for key, item in params.items():
        value.params[key.upper().replace("_", "-")] = item
    return value


def event(
    *,
    uid: str = "interview-1@hire.example",
    start: datetime | date = datetime(2026, 6, 2, 9, 0, tzinfo=UTC),
    end: datetime | date | None = datetime(2026, 6, 2, 10, 0, tzinfo=UTC),
    duration: timedelta | None = None,
    sequence: int = 0,
    stamp: datetime = datetime(2026, 6, 1, 7, 0, tzinfo=UTC),
    summary: str = "Interview: Ann Lee [R2:devops-aws]",
    organizer: str = RECRUITER,
    attendees: Sequence[icalendar.vCalAddress] = (),
    recurrence_id: datetime | None = None,
    rrule: dict[str, Any] | None = None,
    kind: str = "VEVENT",
) -> icalendar.cal.Component:
    component: icalendar.cal.Component = icalendar.Event() if kind == "VEVENT" else icalendar.Todo()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", start)
    if end is not None:
        component.add("dtend" if kind == "VEVENT" else "due", end)
    if duration is not None:
        component.add("duration", duration)
    component.add("sequence", sequence)
    component.add("summary", summary)
    component.add("organizer", person(organizer, "Lena Brandt"))
    for attendee in attendees or (
        person(HM, "Grace Obi", partstat="ACCEPTED"),
        person(ANN, "Ann Lee"),
        person(AGENT, "Hiring team"),
    ):
        component.add("attendee", attendee)
    if recurrence_id is not None:
        component.add("recurrence-id", recurrence_id)
    if rrule is not None:
        component.add("rrule", rrule)
    return component


def calendar(method: str, *components: icalendar.cal.Component) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//mailagent tests//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for component in components:
        cal.add_component(component)
    # VTIMEZONE components for every TZID used, as real clients send them.
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def invitation(
    method: str,
    *components: icalendar.cal.Component,
    sender: str = RECRUITER,
    subject: str = "Invitation: Interview: Ann Lee",
    headers: dict[str, str] | None = None,
) -> bytes:
    """An iMIP mail (RFC 6047): text and a text/calendar part with its method."""
    msg = EmailMessage()
    msg["From"] = f"Lena Brandt <{sender}>"
    msg["To"] = AGENT
    msg["Subject"] = subject
    msg["Date"] = format_datetime(T0)
    msg["Message-ID"] = make_msgid(domain="hire.example")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content("You have been invited.\n")
    msg.add_alternative(
        calendar(method, *components),
        maintype="text",
        subtype="calendar",
        params={"method": method},
    )
    return msg.as_bytes(policy=SMTP)
