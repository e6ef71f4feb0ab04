"""Queue one templated mail: render (Jinja2) → compose (headers) → outbox row.

Everything mailagent says goes through :func:`queue_mail`, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from typing import Any

from sqlalchemy.orm import Session

from mailagent.outbox.compose import Envelope, new_message_id
from mailagent.outbox.queue import Caps, enqueue
from mailagent.outbox.render import Renderer
from mailagent.outbox.tokens import reply_address, subject_tag


@dataclass(frozen=True)
class MailerConfig:
    address: str
    display_name: str = "Hiring team"

    @property
    def domain(self) -> str:
        return self.address.partition("@")[2]

    @property
    def sender(self) -> str:
        return formataddr((self.display_name, self.address))


@dataclass(frozen=True)
class Mailer:
    config: MailerConfig
    renderer: Renderer
    caps: Caps | None = None

    def queue(
        self,
        session: Session,
        *,
        kind: str,
        template: str,
        to: Sequence[str],
        subject: str,
        now: datetime,
        context: dict[str, Any],
        cc: Sequence[str] = (),
        token: str | None = None,
        thread_id: int | None = None,
        interview_id: str | None = None,
        in_reply_to: str | None = None,
        references: Sequence[str] = (),
        dedupe_key: str | None = None,
        candidate_facing: bool = False,
        reply: bool = False,
        capped: bool = False,
        text: str | None = None,
        html: str | None = None,
        reply_to: str | None = None,
    ) -> Any:
        """Render ``template`` (or use ``text``) and enqueue it; returns the outbox row.

        Replies go to the thread's tokened address when there is a ``token``, or to
        ``reply_to`` when given (a person, for mail the agent must not converse on).
        """
        body = text if text is not None else self.renderer.text(template, **context)
        if html is None:
            html = self.renderer.html(template, body, **context)
        if token is not None and subject_tag(token) not in subject:
            subject = f"{subject} {subject_tag(token)}"
        envelope = Envelope(
            sender=self.config.sender,
            to=list(to),
            cc=[c for c in cc if c.lower() not in {t.lower() for t in to}],
            subject=subject,
            text=body,
            html=html,
            message_id=new_message_id(self.config.domain, kind.replace("_", "-")),
            reply_to=reply_to or (reply_address(self.config.address, token) if token else None),
            in_reply_to=in_reply_to,
            references=list(references),
            auto_submitted="auto-replied" if reply else "auto-generated",
            date=now,
            precedence=None if candidate_facing else "bulk",
        )
        return enqueue(
            session,
            envelope,
            kind=kind,
            now=now,
            thread_id=thread_id,
            interview_id=interview_id,
            candidate_facing=candidate_facing,
            dedupe_key=dedupe_key,
            caps=self.caps if capped else None,
        )
