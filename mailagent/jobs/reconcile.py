"""Outbox rows that need a person: uncertain candidate mail and permanent failures.

- An ``uncertain`` row (a candidate mail left in ``sending`` by a crash) is never re-sent
  automatically. Where ``imap_sent_folder`` is configured its Message-ID is looked up
  there: found means it went out (the row becomes ``sent``). Otherwise, or when not found,
  the recruiter is told once and decides: ``mailagent outbox resolve ID --sent|--resend``.
- A ``failed`` row (5xx, or too many temporary failures) is reported to the recruiter once.

The Sent-folder lookup is a small Protocol, so tests pass a fake and production passes
an IMAP one.

>>> class Found:
...     def contains(self, message_id: str) -> bool:
...         return True
>>> Found().contains("<x@hire.example>")
True
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailagent.errors import MailagentError
from mailagent.inbox.imap import ImapSource
from mailagent.models import (
    FeedbackDraft,
    Interview,
    OutboxMessage,
    OutboxState,
    Pipeline,
    Thread,
)
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.queue import resolve_uncertain

if TYPE_CHECKING:
    from mailagent.wiring import App

log = logging.getLogger(__name__)

# Mail about delivery problems is not itself escalated, so a broken recruiter address
# cannot start a loop.
NOTICE_KINDS = ("delivery_failure", "uncertain_notice")


class SentFolder(Protocol):
    def contains(self, message_id: str) -> bool:
        """Whether a message with this Message-ID is in the Sent folder."""
        ...


class ImapSentFolder:
    """Looks a Message-ID up in an IMAP folder on the inbox's server.

    It goes through an ``ImapSource`` built from the ``inbox`` setting, so it connects the
    same way the poller does: TLS or STARTTLS as the URL says, plain text only to
    loopback unless allowed, reconnects and clear errors.
    """

    def __init__(self, source: ImapSource, folder: str) -> None:
        self.source, self.folder = source, folder

    def contains(self, message_id: str) -> bool:
        return self.source.has_message_id(message_id, folder=self.folder)

    def close(self) -> None:
        self.source.close()


def sent_folder_for(app: App) -> ImapSentFolder | None:
    s = app.settings
    if not s.imap_sent_folder or s.inbox_url.kind != "imap":
        return None
    source = app.source()
    assert isinstance(source, ImapSource)
    return ImapSentFolder(source, s.imap_sent_folder)


def pipeline_of(session: Session, row: OutboxMessage) -> Pipeline | None:
    """The pipeline an outbox row belongs to (its interview, thread or application)."""
    interview_id = row.interview_id
    if interview_id is None and row.thread_id is not None:
        thread = session.get(Thread, row.thread_id)
        interview_id = thread.interview_id if thread else None
        if interview_id is None:
            draft = session.scalar(
                select(FeedbackDraft).where(FeedbackDraft.thread_id == row.thread_id)
            )
            if draft is not None:
                return session.get(Pipeline, draft.pipeline_id)
    if interview_id is not None:
        interview = session.get(Interview, interview_id)
        return session.get(Pipeline, interview.pipeline_id) if interview else None
    if row.dedupe_key and row.dedupe_key.startswith("application:"):
        return session.get(Pipeline, row.dedupe_key.split(":")[1])
    return None


def reconcile_uncertain(
    session: Session, mailer: Mailer, folder: SentFolder | None, *, now: datetime
) -> dict[str, list[int]]:
    result: dict[str, list[int]] = {"confirmed": [], "asked": []}
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.state == OutboxState.UNCERTAIN)
    ).all()
    for row in rows:
        checked = False
        if folder is not None:
            try:
                found, checked = folder.contains(row.message_id), True
            except MailagentError as exc:
                # The recruiter is asked instead (once), told the folder was not checked.
                log.warning("Sent folder lookup for outbox row %s failed: %s", row.id, exc)
                found = False
            if found:
                resolve_uncertain(session, outbox_id=row.id, sent=True, now=now)
                row.last_error = "found in the Sent folder"
                result["confirmed"].append(row.id)
                continue
        pipeline = pipeline_of(session, row)
        if pipeline is None:
            continue
        queued = mailer.queue(
            session,
            kind="uncertain_notice",
            template="uncertain_notice",
            to=[pipeline.recruiter_email],
            subject=f"Did mail #{row.id} reach {', '.join(row.to_addrs)}?",
            now=now,
            context={
                "row": row,
                "recruiter_name": pipeline.recruiter_name,
                "checked_sent_folder": checked,
            },
            dedupe_key=f"uncertain:{row.id}",
        )
        if queued is not None:
            result["asked"].append(row.id)
    return result


def escalate_failures(session: Session, mailer: Mailer, *, now: datetime) -> list[int]:
    """Tell the recruiter, once per row, about mail that could not be delivered."""
    told = []
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.state == OutboxState.FAILED, OutboxMessage.kind.not_in(NOTICE_KINDS)
        )
    ).all()
    for row in rows:
        pipeline = pipeline_of(session, row)
        if pipeline is None:
            continue
        queued = mailer.queue(
            session,
            kind="delivery_failure",
            template="delivery_failure",
            to=[pipeline.recruiter_email],
            subject=f"Mail could not be delivered to {', '.join(row.to_addrs)}",
            now=now,
            context={"row": row, "recruiter_name": pipeline.recruiter_name},
            dedupe_key=f"failed:{row.id}",
        )
        if queued is not None:
            told.append(row.id)
    return told


def outbox_step(app: App, now: datetime) -> dict[str, object]:
    """The tick step for rows that need a person."""
    folder = sent_folder_for(app)
    try:
        with app.factory() as session, session.begin():
            uncertain = reconcile_uncertain(session, app.mailer, folder, now=now)
            failed = escalate_failures(session, app.mailer, now=now)
    finally:
        if folder is not None:
            folder.close()
    return {**uncertain, "failures_reported": failed}
