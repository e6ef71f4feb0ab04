"""Apply an invitation to the database: book, move, cancel, or record attendance.

Each event is keyed by ``UID`` + ``RECURRENCE-ID``. A copy older than the one applied
(lower SEQUENCE, or an earlier DTSTAMP at the same SEQUENCE) changes nothing; the same
copy again changes nothing either. Per method:

* REQUEST books one interview per interviewer (``held_at`` = the event's end in UTC, so
  the feedback request goes at the first tick after it), or moves them when the time
  changed. An interviewer taken off the invitation is cancelled as below.
* CANCEL (of one occurrence, or of every occurrence when it names none): an interview
  whose request is not out yet is cancelled and nothing is ever sent; one whose request
  went out is cancelled, its thread closed, and the interviewer told; graded stays graded.
* REPLY and COUNTER are recorded as the attendee's answer, and never answered.

Tasks (VTODO), all-day events and recurring series are not interviews: they are
reported as ignored, with the reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.calendar.ical import Attendee, Event, Invitation
from mailagent.calendar.people import (
    BookingConfig,
    Cast,
    cast,
    display_name,
    is_internal,
    pipeline_tag,
)
from mailagent.inbox.sender import address_forms
from mailagent.models import (
    CalendarAttendance,
    CalendarEvent,
    Candidate,
    Interview,
    InterviewState,
    Pipeline,
    Thread,
    ThreadStatus,
)
from mailagent.outbox.mailer import Mailer
from mailagent.staff import refused_address, staff_addresses


@dataclass
class Outcome:
    """What one event of an invitation did: ``rule`` names it, ``detail`` says why."""

    rule: str
    detail: str
    interviews: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%a %d %b %Y %H:%M UTC") if moment else "no time"


def interview_id(event: CalendarEvent, address: str) -> str:
    """A stable id per event × interviewer: ``cal-1f3a…``."""
    digest = hashlib.sha256(f"{event.uid}\n{event.recurrence_id}\n{address}".encode())
    return f"cal-{digest.hexdigest()[:16]}"


def _stored(session: Session, uid: str, recurrence_id: str) -> CalendarEvent | None:
    return session.scalar(
        select(CalendarEvent)
        .where(CalendarEvent.uid == uid, CalendarEvent.recurrence_id == recurrence_id)
        .with_for_update()
    )


def _older(event: Event, row: CalendarEvent) -> bool:
    stored = (row.sequence, row.dtstamp or datetime.min.replace(tzinfo=UTC))
    return event.order < stored


# Interviews are booked weeks ahead, not decades: a far-future end would keep a row
# waiting forever.
MAX_AHEAD = timedelta(days=2 * 366)
# A panel is a few people; a company-wide meeting that invites the agent is no interview.
MAX_INTERVIEWERS = 12


def owner_problem(session: Session, event: Event) -> str | None:
    """Why ``event`` may not change the event stored under its UID: another organizer's
    (RFC 5546 §2.1.5: only the organizer changes an event; a reused UID is a hijack)."""
    stored = session.scalars(
        select(CalendarEvent.organizer).where(CalendarEvent.uid == event.uid)
    ).all()
    others = sorted({o for o in stored if o and o != event.organizer})
    if others:
        return (
            f"UID {event.uid[:80]} belongs to an event organized by {others[0]}, "
            f"not {event.organizer or '(none)'}"
        )
    return None


def not_an_interview(event: Event, now: datetime | None = None) -> str | None:
    """Why this component can never be an interview, or None."""
    if event.kind != "VEVENT":
        return f"{event.kind}: a task is not an interview"
    if not event.uid:
        return "the event has no UID"
    if event.all_day:
        return "an all-day event is not an interview"
    if event.recurring and not event.recurrence_id:
        return "a recurring series is not an interview (one occurrence of it can be)"
    if event.end is None:
        return "the event has no start or end time"
    if event.start is not None and event.end < event.start:
        return "the event ends before it starts"
    if now is not None and event.end > now + MAX_AHEAD:
        return f"the event ends {_when(event.end)}, more than two years ahead"
    return None


def resolve_pipeline(
    session: Session, event: Event, config: BookingConfig
) -> tuple[Pipeline | None, str]:
    """The pipeline by tag, organizer default or site default; else None and why."""
    tag = pipeline_tag(event.summary, event.description)
    if tag is not None:
        pipeline = session.get(Pipeline, tag)
        if pipeline is None:
            return None, f"the tag names no pipeline: [R2:{tag}]"
        if not _may_book_for(pipeline, event, config):
            return None, (
                f"[R2:{tag}] names a pipeline whose hiring manager and recruiter are "
                f"neither the organizer nor invited"
            )
        return pipeline, ""
    for chosen in (config.default_pipelines.get(event.organizer), config.default_pipeline):
        if chosen:
            pipeline = session.get(Pipeline, chosen)
            if pipeline is not None:
                return pipeline, ""
    return None, "no [R2:<id>] tag and no default pipeline for the organizer"


def _may_book_for(pipeline: Pipeline, event: Event, config: BookingConfig) -> bool:
    """A tag books for a pipeline only when its owners know: the organizer is its hiring
    manager or recruiter (or has it as their default), or one of them is invited."""
    owners = {pipeline.hm_email.lower(), pipeline.recruiter_email.lower()}
    invited = {a.address for a in event.attendees}
    return (
        event.organizer in owners
        or config.default_pipelines.get(event.organizer) == pipeline.id
        or bool(owners & invited)
    )


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def name_from_address(address: str) -> str:
    """A name to greet by when the invitation gives none: ``ann.lee@x`` → ``Ann Lee``."""
    words = [w for w in re.split(r"[._-]+", address.partition("@")[0]) if w.isalpha()]
    return " ".join(w.capitalize() for w in words) or address


def _new_candidate_id(session: Session, name: str, address: str) -> str:
    base = _SLUG_RE.sub("-", (name or address.partition("@")[0]).lower()).strip("-")[:80]
    base = base or "candidate"
    cid, n = base, 1
    while session.get(Candidate, cid) is not None:
        n += 1
        cid = f"{base}-{n}"
    return cid


def _greeting_name(attendee: Attendee) -> str:
    """The interviewer's name: the invitation's, else one made of the address (never
    the pipeline HM's, which the request would otherwise greet a panel member by)."""
    return display_name(attendee) or name_from_address(attendee.address)


class _Unbookable(Exception):
    """An event that books nothing: the outcome says why."""


def _candidate(
    session: Session,
    mailer: Mailer,
    people: Cast,
    row: CalendarEvent,
    pipeline: Pipeline,
    config: BookingConfig,
    now: datetime,
) -> Candidate:
    """The candidate of record for the outside attendee; created (and the recruiter asked
    for the resume) when unknown."""
    if row.candidate_id is not None:
        kept = session.get(Candidate, row.candidate_id)
        if kept is not None and kept.email in {o.address for o in people.outsiders}:
            return kept
    known = [
        c
        for o in people.outsiders
        for c in session.scalars(
            select(Candidate).where(Candidate.email.in_(address_forms(o.address)))
        )
    ]
    if len(known) == 1:
        return known[0]
    if len(people.outsiders) != 1:
        raise _Unbookable(
            f"{len(people.outsiders)} attendees outside internal_domains: "
            "cannot tell which is the candidate"
            if people.outsiders
            else "no attendee outside internal_domains (the candidate)"
        )
    outsider = people.outsiders[0]
    staff = staff_addresses(session, agent_address=config.agent_address, delegates=config.delegates)
    refused = refused_address(outsider.address, staff, config.agent_address)
    if refused is not None:
        raise _Unbookable(f"the outside attendee {outsider.address} is {refused}")
    name = display_name(outsider) or name_from_address(outsider.address)
    candidate = Candidate(
        id=_new_candidate_id(session, name, outsider.address),
        name=name,
        email=outsider.address,
        created_at=now,
    )
    session.add(candidate)
    session.flush()
    mailer.queue(
        session,
        kind="calendar_needs_resume",
        template="calendar_needs_resume",
        to=[pipeline.recruiter_email],
        subject=f"Resume needed: {name} ({pipeline.title})",
        now=now,
        context={
            "recruiter_name": pipeline.recruiter_name,
            "candidate_name": name,
            "candidate_email": outsider.address,
            "candidate_id": candidate.id,
            "role": pipeline.title,
            "summary": row.summary,
            "when": _when(row.ends_at),
        },
        dedupe_key=f"calendar-resume:{candidate.id}",
    )
    return candidate


def _ask_for_pipeline(
    session: Session, mailer: Mailer, row: CalendarEvent, event: Event, now: datetime
) -> None:
    pipelines = session.scalars(select(Pipeline).order_by(Pipeline.id)).all()
    mailer.queue(
        session,
        kind="calendar_needs_pipeline",
        template="calendar_needs_pipeline",
        to=[event.organizer],
        subject=f"Which role is \u201c{event.summary[:150]}\u201d for?",
        now=now,
        context={
            "organizer_name": event.organizer_name,
            "summary": event.summary,
            "when": _when(event.start),
            "pipelines": pipelines,
        },
        dedupe_key=f"calendar-pipeline:{row.id}",
    )


def cancel_interview(
    session: Session, mailer: Mailer, interview: Interview, *, summary: str, now: datetime
) -> str:
    """Cancel one interview; returns what happened (``cancelled``, ``closed``, ``kept``)."""
    if interview.state in (InterviewState.GRADED, InterviewState.CANCELLED):
        return "kept"
    was = interview.state
    interview.state = InterviewState.CANCELLED
    interview.next_reminder_at = None
    interview.draft_check_at = None
    if was is InterviewState.SCHEDULED:
        return "cancelled"
    thread = session.scalar(
        select(Thread).where(Thread.interview_id == interview.id).with_for_update()
    )
    pipeline = session.get(Pipeline, interview.pipeline_id)
    candidate = session.get(Candidate, interview.candidate_id)
    assert pipeline is not None and candidate is not None
    if thread is not None and not thread.is_closed:
        thread.move_to(ThreadStatus.CANCELLED, now)
    mailer.queue(
        session,
        kind="calendar_cancelled",
        template="calendar_cancelled",
        to=[interview.interviewer_email],
        subject=thread.subject if thread else f"Interview with {candidate.name} cancelled",
        now=now,
        context={
            "hm_name": interview.interviewer_name or pipeline.hm_name,
            "candidate_name": candidate.name,
            "role": pipeline.title,
            "summary": summary,
            "recruiter_name": pipeline.recruiter_name,
        },
        token=thread.token if thread else None,
        thread_id=thread.id if thread else None,
        interview_id=interview.id,
        dedupe_key=f"calendar-cancel:{interview.id}",
    )
    return "closed"


def _interviews_of(session: Session, row: CalendarEvent) -> list[Interview]:
    return list(
        session.scalars(
            select(Interview)
            .where(Interview.calendar_event_id == row.id)
            .order_by(Interview.id)
            .with_for_update()
        )
    )


def _book(
    session: Session,
    mailer: Mailer,
    event: Event,
    config: BookingConfig,
    now: datetime,
    message_row_id: int | None,
) -> Outcome:
    why = not_an_interview(event, now)
    if why is not None:
        return Outcome("calendar_ignored", why)
    if not is_internal(event.organizer, config.internal_domains):
        return Outcome(
            "calendar_refused", f"organizer {event.organizer or '(none)'} is not internal"
        )
    hijack = owner_problem(session, event)
    if hijack is not None:
        return Outcome("calendar_refused", hijack)
    row = _stored(session, event.uid, event.recurrence_id)
    if row is not None and _older(event, row):
        return Outcome("calendar_stale", f"SEQUENCE {event.sequence} is older than applied")
    # "Booked" until it has interviews: new, or waiting for its pipeline until now.
    created = row is None or row.status != "active"
    if row is None:
        row = CalendarEvent(uid=event.uid, recurrence_id=event.recurrence_id, created_at=now)
        session.add(row)
    row.sequence, row.dtstamp = event.sequence, event.dtstamp
    row.summary, row.organizer = event.summary[:2000], event.organizer
    row.starts_at, row.ends_at = event.start, event.end
    row.message_row_id, row.updated_at = message_row_id, now
    session.flush()
    pipeline, why = resolve_pipeline(session, event, config)
    if pipeline is None:
        row.status, row.note = "needs_pipeline", why
        _ask_for_pipeline(session, mailer, row, event, now)
        return Outcome("calendar_needs_pipeline", why)
    people = cast(event, config=config, recruiter=pipeline.recruiter_email)
    try:
        if not people.interviewers:
            raise _Unbookable(
                "no interviewer: no attendee in internal_domains but the agent and recruiter"
            )
        if len(people.interviewers) > MAX_INTERVIEWERS:
            raise _Unbookable(
                f"{len(people.interviewers)} interviewers: more than {MAX_INTERVIEWERS}, "
                "not an interview"
            )
        candidate = _candidate(session, mailer, people, row, pipeline, config, now)
    except _Unbookable as exc:
        row.status, row.note = "ignored", str(exc)
        for interview in _interviews_of(session, row):
            cancel_interview(session, mailer, interview, summary=row.summary, now=now)
        return Outcome("calendar_ignored", str(exc))
    row.status, row.note = "active", ""
    row.pipeline_id, row.candidate_id = pipeline.id, candidate.id
    assert event.end is not None
    wanted = {interview_id(row, a.address): a for a in people.interviewers}
    touched: list[str] = []
    moved = False
    for interview in _interviews_of(session, row):
        if interview.id not in wanted:
            if cancel_interview(session, mailer, interview, summary=row.summary, now=now) != "kept":
                touched.append(interview.id)
            continue
        if interview.state is InterviewState.CANCELLED and interview.request_sent_at is None:
            interview.state = InterviewState.SCHEDULED
            touched.append(interview.id)
        if interview.state is InterviewState.SCHEDULED:
            values = {
                "held_at": event.end,
                "pipeline_id": pipeline.id,
                "candidate_id": candidate.id,
                "interviewer_name": _greeting_name(wanted[interview.id]),
            }
            changed = {k: v for k, v in values.items() if getattr(interview, k) != v}
            for key, value in changed.items():
                setattr(interview, key, value)
            moved = moved or "held_at" in changed
            if changed:
                touched.append(interview.id)
    for iid, attendee in wanted.items():
        if session.get(Interview, iid) is None:
            session.add(
                Interview(
                    id=iid,
                    pipeline_id=pipeline.id,
                    candidate_id=candidate.id,
                    interviewer_email=attendee.address,
                    interviewer_name=_greeting_name(attendee),
                    held_at=event.end,
                    state=InterviewState.SCHEDULED,
                    calendar_event_id=row.id,
                    created_at=now,
                )
            )
            touched.append(iid)
    session.flush()
    if created:
        return Outcome(
            "calendar_booked",
            f"{len(wanted)} interview(s) with {candidate.name} for {pipeline.id}, "
            f"feedback asked after {_when(event.end)}",
            sorted(wanted),
        )
    if moved:
        return Outcome("calendar_moved", f"feedback now asked after {_when(event.end)}", touched)
    return Outcome("calendar_updated" if touched else "calendar_unchanged", row.summary, touched)


def _cancel(
    session: Session, mailer: Mailer, event: Event, config: BookingConfig, now: datetime
) -> Outcome:
    if event.kind != "VEVENT":
        return Outcome("calendar_ignored", f"{event.kind}: a task is not an interview")
    if not is_internal(event.organizer, config.internal_domains):
        return Outcome(
            "calendar_refused", f"organizer {event.organizer or '(none)'} is not internal"
        )
    hijack = owner_problem(session, event)
    if hijack is not None:
        return Outcome("calendar_refused", hijack)
    query = select(CalendarEvent).where(CalendarEvent.uid == event.uid)
    if event.recurrence_id:
        query = query.where(CalendarEvent.recurrence_id == event.recurrence_id)
    rows = session.scalars(query.with_for_update()).all()
    if not rows:
        return Outcome("calendar_unknown", "cancels an event we never booked")
    done: list[str] = []
    for row in rows:
        if _older(event, row) or row.status == "cancelled":
            continue
        row.status, row.updated_at = "cancelled", now
        row.sequence, row.dtstamp = max(row.sequence, event.sequence), event.dtstamp
        for interview in _interviews_of(session, row):
            if cancel_interview(session, mailer, interview, summary=row.summary, now=now) != "kept":
                done.append(interview.id)
    if not done:
        return Outcome("calendar_stale", "nothing left to cancel")
    return Outcome("calendar_cancelled", f"{len(done)} interview(s) cancelled", done)


def _people_of(session: Session, row: CalendarEvent) -> set[str]:
    """Who is on a booked event: its organizer, interviewers and candidate."""
    people = {row.organizer} if row.organizer else set()
    people.update(i.interviewer_email for i in _interviews_of(session, row))
    candidate = session.get(Candidate, row.candidate_id) if row.candidate_id else None
    if candidate is not None and candidate.email:
        people.add(candidate.email.lower())
    return people


def _attendance(
    session: Session,
    event: Event,
    method: str,
    *,
    answered_by: str | None,
    now: datetime,
    message_row_id: int | None,
) -> Outcome:
    row = _stored(session, event.uid, event.recurrence_id) or _stored(session, event.uid, "")
    if row is None:
        return Outcome("calendar_reply", "an answer about an event we never booked")
    recorded = []
    on_it = _people_of(session, row)
    for attendee in event.attendees:
        if not attendee.address or (answered_by is not None and attendee.address != answered_by):
            continue
        if attendee.address not in on_it:
            continue
        mark = session.scalar(
            select(CalendarAttendance).where(
                CalendarAttendance.event_id == row.id,
                CalendarAttendance.address == attendee.address,
            )
        )
        if mark is None:
            mark = CalendarAttendance(event_id=row.id, address=attendee.address)
            session.add(mark)
        mark.partstat = "COUNTER" if method == "COUNTER" else attendee.partstat[:32]
        mark.proposed_end = event.end if method == "COUNTER" else None
        mark.message_row_id, mark.updated_at = message_row_id, now
        recorded.append(f"{attendee.address} {mark.partstat.lower()}")
    if not recorded:
        return Outcome("calendar_reply", "no attendee in it is the sender and on the event")
    return Outcome("calendar_reply", ", ".join(recorded))


def apply_invitation(
    session: Session,
    mailer: Mailer,
    invitation: Invitation,
    *,
    config: BookingConfig,
    now: datetime,
    answered_by: str | None = None,
    message_row_id: int | None = None,
) -> list[Outcome]:
    """Apply every component of one invitation, in the caller's transaction.

    ``answered_by`` is the mail's sender: a REPLY records only that attendee's answer
    ("" when the mail has no single sender: nothing is recorded; None, for files the
    operator imports, records every attendee's).
    """
    method = invitation.method
    outcomes: list[Outcome] = []
    if not invitation.events:
        return [Outcome("calendar_ignored", "no event in the calendar")]
    for event in invitation.events:
        if method == "REQUEST":
            outcomes.append(_book(session, mailer, event, config, now, message_row_id))
        elif method == "CANCEL":
            outcomes.append(_cancel(session, mailer, event, config, now))
        elif method in ("REPLY", "COUNTER"):
            outcomes.append(
                _attendance(
                    session,
                    event,
                    method,
                    answered_by=answered_by,
                    now=now,
                    message_row_id=message_row_id,
                )
            )
        else:
            outcomes.append(Outcome("calendar_ignored", f"METHOD:{method or '(none)'}"))
    return outcomes


def summarise(outcomes: Sequence[Outcome]) -> tuple[str, str]:
    """(rule, detail) for the stored message: the first outcome that did something."""
    order = (
        "calendar_refused",
        "calendar_cancelled",
        "calendar_booked",
        "calendar_moved",
        "calendar_updated",
        "calendar_needs_pipeline",
        "calendar_reply",
    )
    ranked = sorted(outcomes, key=lambda o: order.index(o.rule) if o.rule in order else 99)
    first = ranked[0]
    return first.rule, "; ".join(str(o) for o in outcomes)[:4000]
