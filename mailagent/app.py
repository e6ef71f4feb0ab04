"""Composition root: builds every adapter from Settings and wires them together.

Nothing else in mailagent reads settings or constructs adapters; tests build an ``App``
with fakes where a real part would need the network. The ``App`` type itself lives in
:mod:`mailagent.wiring`, below the jobs, so that jobs can name it without importing this
module (which imports the approval job to wire its reply handler).
"""

from __future__ import annotations

from datetime import datetime

from mailagent.config import Settings
from mailagent.db import make_engine, migrate, session_factory
from mailagent.dialogue.brain import Brain
from mailagent.dialogue.engine import DialogueEngine
from mailagent.jobs.approval import approval_handler
from mailagent.models import ThreadKind
from mailagent.outbox.mailer import Mailer, MailerConfig
from mailagent.outbox.queue import Caps
from mailagent.outbox.render import Renderer
from mailagent.outbox.transport import FileTransport, SmtpTransport, Transport
from mailagent.wiring import App

__all__ = ["App", "build_app", "build_brain", "build_transport", "nonce_key"]


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
    # Approval threads are handled by the candidate-feedback approval job.
    app.handlers[ThreadKind.APPROVAL] = approval_handler(app)
    return app
