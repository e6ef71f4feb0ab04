"""Drive one interview's feedback thread like a hiring manager would, over real mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes
from email.policy import default

from sqlalchemy import select

from mailagent.app import App
from mailagent.demo.hm import deliver, reply_to
from mailagent.jobs.tick import run_tick
from mailagent.models import Interview, OutboxMessage, Thread


@dataclass
class Reply:
    """The agent's answer as the HM receives it."""

    kind: str
    to: list[str]
    cc: list[str]
    text: str


class Conversation:
    def __init__(self, app: App, interview_id: str, *, hm: str, hm_name: str, start: datetime):
        self.app = app
        self.interview_id = interview_id
        self.hm = hm
        self.hm_name = hm_name
        self.now = start
        run_tick(app, now=self.now, deliver=False)

    def _last_out(self) -> OutboxMessage:
        with self.app.factory() as s:
            row = s.scalars(
                select(OutboxMessage)
                .join(Thread, Thread.id == OutboxMessage.thread_id)
                .where(Thread.interview_id == self.interview_id)
                .order_by(OutboxMessage.id.desc())
            ).first()
            assert row is not None, "the agent has not written to this thread"
            return row

    def says(self, text: str, *, sender: str | None = None, name: str | None = None) -> Reply:
        """The HM replies to the agent's last mail; returns the agent's answer."""
        before = self._last_out().id
        original = message_from_bytes(self._last_out().raw, policy=default)
        self.now += timedelta(hours=1)
        raw = reply_to(
            original,
            from_name=name or self.hm_name,
            from_addr=sender or self.hm,
            text=text,
            date=self.now,
        )
        deliver(self.app.settings.inbox_url.path, raw)  # type: ignore[arg-type]
        source = self.app.source()
        try:
            self.app.intake().poll_once(source, now=self.now)
        finally:
            source.close()
        row = self._last_out()
        if row.id == before:
            return Reply("none", [], [], "")
        return Reply(row.kind, list(row.to_addrs), list(row.cc_addrs), row.body_text)

    @property
    def interview(self) -> Interview:
        with self.app.factory() as s:
            iv = s.get(Interview, self.interview_id)
            assert iv is not None
            return iv

    @property
    def thread(self) -> Thread:
        with self.app.factory() as s:
            t = s.scalar(select(Thread).where(Thread.interview_id == self.interview_id))
            assert t is not None
            return t
