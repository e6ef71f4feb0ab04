"""Composition root: builds every adapter from Settings and wires them together.

Nothing else in mailagent reads settings or constructs adapters; tests build an ``App``
with fakes where a real part would need the network.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mailagent.config import Settings
from mailagent.db import make_engine, migrate, session_factory
from mailagent.dialogue.brain import Brain
from mailagent.dialogue.engine import DialogueEngine
from mailagent.inbox.intake import Intake, IntakeConfig, ReplyHandler
from mailagent.inbox.maildir import MaildirSource
from mailagent.inbox.parse import Limits
from mailagent.inbox.source import MailSource
from mailagent.models import ThreadKind
from mailagent.outbox.mailer import Mailer, MailerConfig
from mailagent.outbox.queue import Caps
from mailagent.outbox.render import Renderer
from mailagent.outbox.transport import FileTransport, SmtpTransport, Transport


def build_brain(settings: Settings) -> Brain:
    from mailagent.dialogue.offline.brain import OfflineBrain

    offline = OfflineBrain()
    if settings.brain == "offline":
        return offline
    from urllib.parse import urlsplit

    from mailagent.dialogue.claude import ClaudeBrain, make_client
    from mailagent.dialogue.claude.capabilities import capabilities_for

    c = settings.claude
    client = make_client(api_key=c.api_key, base_url=c.base_url, timeout_s=c.timeout_s)
    overrides = {k: v.model_dump(exclude_none=True) for k, v in c.capabilities.items()}
    return ClaudeBrain(
        client=client,
        model=c.model,
        max_tokens=c.max_tokens,
        fallback=offline,
        max_attempts=c.max_attempts,
        rephrase=c.rephrase,
        cache_ttl=c.cache_ttl,
        capabilities=capabilities_for(c.model, overrides),
        nonce_key=nonce_key(settings.secret),
        allowed_url_hosts=frozenset(h for h in (urlsplit(f"//{settings.domain}").hostname,) if h),
    )


def nonce_key(secret: str) -> bytes:
    """The prompt-fence nonce key, derived from the secret but never equal to the key that
    signs reply tokens: ``nonce_key("s" * 16) != ("s" * 16).encode()``."""
    import hashlib
    import hmac

    return hmac.new(
        secret.encode("utf-8"), b"mailagent claude fence nonce", hashlib.sha256
    ).digest()


def build_transport(settings: Settings) -> Transport:
    url = settings.smtp_url
    if url.kind == "file":
        assert url.path is not None
        return FileTransport(url.path)
    return SmtpTransport(url, timeout_s=settings.smtp_timeout_s)


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
            ),
            self.mailer,
            self.handlers,
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


def build_app(
    settings: Settings,
    *,
    brain: Brain | None = None,
    transport: Transport | None = None,
    run_migrations: bool = True,
    as_of: datetime | None = None,
) -> App:
    engine = make_engine(settings.resolved_database_url)
    if run_migrations:
        migrate(engine)
    factory = session_factory(engine)
    renderer = Renderer(signature=settings.display_name)
    mailer = Mailer(
        MailerConfig(settings.address, settings.display_name),
        renderer,
        Caps(settings.cap_per_hour, settings.cap_per_day),
    )
    brain = brain or build_brain(settings)
    dialogue = DialogueEngine(
        brain=brain, mailer=mailer, as_of=as_of, admin_email=settings.claude.admin_email
    )
    app = App(
        settings=settings,
        engine=engine,
        factory=factory,
        renderer=renderer,
        mailer=mailer,
        brain=brain,
        transport=transport or build_transport(settings),
        dialogue=dialogue,
    )
    app.handlers[ThreadKind.FEEDBACK] = dialogue
    _register_approval_handler(app)
    return app


def _register_approval_handler(app: App) -> None:
    """Approval threads are handled by the candidate-feedback job."""
    # Imported here: the jobs package imports the App type from this module.
    from mailagent.jobs.candidate_feedback import approval_handler

    app.handlers[ThreadKind.APPROVAL] = approval_handler(app)
