"""``mailagent inspect FILE.eml``: what the agent sees in one message, without changing anything.

It parses the file as intake would, strips quotes and signature, routes it against the
configured database (read-only: the session is rolled back, and a missing SQLite file is
never created), and runs the guard table. Example of ``--json`` output::

    {"sender": "ken.morita@example.com", "recipients": ["feedback+k3…@hire.example"],
     "message_id": "<a1@example.com>", "in_reply_to": "<request.9f…@hire.example>",
     "references": ["<request.9f…@hire.example>"],
     "route": {"thread_id": 4, "via": "token", "role": "interviewer", ...},
     "guard": {"verdict": "accept", "rule": "accept", "detail": ""},
     "defects": [], "visible_text": "Strong Python; weak on Terraform.", "error": null}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect as sa_inspect

from mailagent.config import Settings
from mailagent.db import make_engine, session_factory
from mailagent.errors import MailagentError
from mailagent.inbox.chain import run_chain
from mailagent.inbox.parse import Limits, parse_email
from mailagent.inbox.route import attribute
from mailagent.inbox.rules import Attribution, GuardInput
from mailagent.inbox.strip import visible_text


@dataclass
class Inspection:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    subject: str = ""
    route: dict[str, Any] = field(default_factory=dict)
    guard: dict[str, str] = field(default_factory=dict)
    defects: list[str] = field(default_factory=list)
    visible_text: str = ""
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def as_text(self) -> str:
        """A short report for a terminal."""
        route = self.route
        lines = [
            f"From:         {self.sender or '(none)'}",
            f"Recipients:   {', '.join(self.recipients) or '(none)'}",
            f"Subject:      {self.subject}",
            f"Message-ID:   {self.message_id or '(none)'}",
            f"In-Reply-To:  {self.in_reply_to or '(none)'}",
            f"References:   {' '.join(self.references) or '(none)'}",
            "Route:        "
            + (
                f"thread {route['thread_id']} via {route['via']}, sender role "
                f"{route.get('role') or 'none (not allowed on this thread)'}"
                if route.get("thread_id") is not None
                else f"no thread ({route.get('note', 'no token, reference or subject tag')})"
            ),
            f"Guard:        {self.guard.get('verdict', '-')} ({self.guard.get('rule', '-')}"
            + (f": {self.guard['detail']}" if self.guard.get("detail") else "")
            + ")",
            f"MIME defects: {', '.join(self.defects) or 'none'}",
        ]
        if self.error:
            lines.append(f"Error:        {self.error}")
        lines += ["", "Visible text:", self.visible_text or "(empty)"]
        return "\n".join(lines)


def _no_route(note: str) -> tuple[Attribution, dict[str, Any]]:
    return Attribution(None, None, frozenset(), None, None), {"thread_id": None, "note": note}


def _route(settings: Settings | None, email: Any) -> tuple[Attribution, dict[str, Any]]:
    if settings is None:
        return _no_route("no configuration")
    url = settings.resolved_database_url
    path = url.removeprefix("sqlite:///")
    if url.startswith("sqlite:///") and ":memory:" not in url and not Path(path).exists():
        # Opening SQLite would create an empty file: there is nothing to route against.
        return _no_route(f"no database at {url.removeprefix('sqlite:///')}")
    engine = make_engine(url)
    try:
        if not sa_inspect(engine).has_table("threads"):
            return _no_route("database not initialised")
        with session_factory(engine)() as session:
            try:
                a = attribute(
                    session,
                    email,
                    address=settings.address,
                    secret=settings.secret.encode("utf-8"),
                    delegates={k.lower(): v for k, v in settings.delegates.items()},
                )
            finally:
                session.rollback()
    finally:
        engine.dispose()
    detail: dict[str, Any] = {
        "thread_id": a.thread_id,
        "via": a.via,
        "role": a.role,
        "allowed": sorted(a.allowed),
        "recruiter": a.recruiter,
    }
    if a.thread_id is None:
        detail["note"] = "no token, reference or subject tag matched"
    return a, detail


def inspect_message(raw: bytes, *, settings: Settings | None = None) -> Inspection:
    """Everything intake would decide about ``raw``, as data. Never writes.

    >>> inspect_message(b"From: ken@example.com\\r\\nSubject: hi\\r\\n\\r\\nFine.\\r\\n").guard
    {'verdict': 'unattributed', 'rule': 'no_route', 'detail': 'no token, reference or subject tag'}
    """
    out = Inspection()
    limits = (
        Limits(settings.max_message_bytes, settings.max_mime_parts, settings.max_mime_depth)
        if settings
        else Limits()
    )
    try:
        email = parse_email(raw, limits=limits)
    except MailagentError as exc:
        out.error = f"{type(exc).__name__}: {exc}"
        out.guard = {"verdict": "quarantine", "rule": "parse", "detail": str(exc)}
        return out
    out.sender = email.from_addr
    out.recipients = list(email.recipients)
    out.message_id = email.message_id
    out.in_reply_to = email.in_reply_to
    out.references = list(email.references)
    out.subject = email.subject
    out.defects = list(email.defects)
    out.visible_text = visible_text(email.text_plain, email.text_html)
    attribution, out.route = _route(settings, email)
    address = settings.address if settings else "feedback@mailagent.localhost"
    finding = run_chain(
        GuardInput(email, address, attribution, settings.authserv_id if settings else None)
    )
    out.guard = {"verdict": finding.verdict.value, "rule": finding.rule, "detail": finding.detail}
    return out
