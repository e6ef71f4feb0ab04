"""``App``: the wired parts of one site (settings, database, mailer, brain, transport,
reply handlers), as :func:`mailagent.app.build_app` builds them.

Jobs and front ends receive an ``App`` and name its type from here; only the composition
root (:mod:`mailagent.app`) builds one, so nothing below it imports it.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailagent.calendar.people import BookingConfig
from mailagent.config import Settings
from mailagent.dialogue.brain import Brain
from mailagent.dialogue.engine import DialogueEngine
from mailagent.inbox.intake import Intake, IntakeConfig, ReplyHandler
from mailagent.inbox.maildir import MaildirSource
from mailagent.inbox.parse import Limits
from mailagent.inbox.source import MailSource
from mailagent.models import ThreadKind
from mailagent.outbox.mailer import Mailer
from mailagent.outbox.render import Renderer
from mailagent.outbox.transport import Transport


@dataclass
class App:
    settings: Settings
    engine: Engine
    factory: sessionmaker[Session]
    renderer: Renderer
    mailer: Mailer
    brain: Brain
    transport: Transport
    dialogue: DialogueEngine
    handlers: dict[ThreadKind, ReplyHandler] = field(default_factory=dict)
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}")

    @property
    def secret(self) -> bytes:
        return self.settings.secret.encode("utf-8")

    def intake(self) -> Intake:
        s = self.settings
        return Intake(
            self.factory,
            IntakeConfig(
                address=s.address,
                secret=self.secret,
                limits=Limits(s.max_message_bytes, s.max_mime_parts, s.max_mime_depth),
                delegates={k.lower(): v for k, v in s.delegates.items()},
                authserv_id=s.authserv_id,
                ooo_max_pause_days=s.ooo_max_pause_days,
                message_budget_s=s.message_budget_s,
                calendar=self.booking_config(),
            ),
            self.mailer,
            self.handlers,
        )

    def booking_config(self) -> BookingConfig:
        """What calendar invitations are read with (mailagent.calendar)."""
        s = self.settings
        return BookingConfig(
            agent_address=s.address,
            internal_domains=s.internal_domains,
            default_pipeline=s.default_pipeline,
            default_pipelines=s.default_pipelines,
            authserv_id=s.authserv_id,
            timezone=s.timezone,
            delegates={k.lower(): v for k, v in s.delegates.items()},
        )

    def source(self) -> MailSource:
        url = self.settings.inbox_url
        if url.kind == "maildir":
            assert url.path is not None
            return MaildirSource(url.path)
        from mailagent.inbox.imap import ImapSource

        return ImapSource.from_url(url, settings=self.settings)

    def close(self) -> None:
        self.engine.dispose()
