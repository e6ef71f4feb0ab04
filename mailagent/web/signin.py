"""Who may sign in, the mailed one-time link, and who sees what once signed in.

May sign in: the recruiters named in R2 files (``Pipeline.recruiter_email``) and the
``web.admins`` of the settings. A recruiter sees only the pipelines they recruit for; an
admin sees every pipeline, and mail that belongs to none.

A request for a link always gets the same answer, so the page does not tell who may sign
in; every request is a row of ``web_signins``, so the per-address and per-IP limits hold
across instances. A link is signed, expires after ``web.link_minutes`` and works once:
its row's ``used_at`` is set by a conditional UPDATE, so two instances redeeming the same
link at once cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from mailagent.config import WebSettings
from mailagent.errors import MailagentError
from mailagent.models import AuditEvent, Pipeline, SignInLink
from mailagent.outbox.mailer import Mailer
from mailagent.web.security import BadToken, Keys, new_nonce, read_link, sign_link

WINDOW = timedelta(minutes=15)


class RateLimited(MailagentError):
    """Too many sign-in requests for this address or from this IP."""


class BadAddress(MailagentError):
    """Not an email address."""


@dataclass(frozen=True)
class MailedLink:
    outbox_id: int
    email: str
    url: str


@dataclass(frozen=True)
class Viewer:
    """The signed-in person and the pipelines they may see (every one for an admin)."""

    email: str
    admin: bool
    pipelines: frozenset[str]

    def sees(self, pipeline_id: str | None) -> bool:
        """Whether this person may read and act on objects of ``pipeline_id`` (None: mail
        that belongs to no pipeline, which only admins see)."""
        return self.admin or (pipeline_id is not None and pipeline_id in self.pipelines)


def normalise(address: str) -> str:
    """``" Lena.Brandt@Example.com "`` → ``"lena.brandt@example.com"``; BadAddress else."""
    text = address.strip().lower()
    local, at, domain = text.partition("@")
    if (
        not at
        or not local
        or "." not in domain
        or len(text) > 320
        or any(c.isspace() or c in "<>\"'," for c in text)
    ):
        raise BadAddress("enter an email address like lena@example.com")
    return text


def viewer_for(session: Session, email: str, *, admins: list[str]) -> Viewer | None:
    """The viewer for ``email``, or None when it may not sign in (any more)."""
    pipelines = frozenset(
        session.scalars(
            select(Pipeline.id).where(func.lower(Pipeline.recruiter_email) == email.lower())
        )
    )
    admin = email.lower() in admins
    if not admin and not pipelines:
        return None
    return Viewer(email=email.lower(), admin=admin, pipelines=pipelines)


def _recent(session: Session, column: Any, value: str, now: datetime) -> int:
    query = (
        select(func.count())
        .select_from(SignInLink)
        .where(column == value, SignInLink.created_at >= now - WINDOW)
    )
    return int(session.scalar(query) or 0)


def request_link(
    session: Session,
    mailer: Mailer,
    keys: Keys,
    web: WebSettings,
    *,
    address: str,
    ip: str,
    base_url: str,
    now: datetime,
) -> MailedLink | None:
    """Record the request and, if the address may sign in, queue the link's mail in the
    same transaction; returns that mail (None: nothing mailed).

    Raises ``RateLimited`` past ``web.signin_per_address`` or ``web.signin_per_ip``
    requests in 15 minutes, and ``BadAddress`` for text that is no address."""
    email = normalise(address)
    ip = ip[:64]
    if _recent(session, SignInLink.email, email, now) >= web.signin_per_address:
        raise RateLimited("too many sign-in requests for this address: try again in 15 minutes")
    if _recent(session, SignInLink.ip, ip, now) >= web.signin_per_ip:
        raise RateLimited("too many sign-in requests from here: try again in 15 minutes")
    expires = now + timedelta(minutes=web.link_minutes)
    if viewer_for(session, email, admins=web.admins) is None:
        session.add(SignInLink(email=email, ip=ip, created_at=now, expires_at=expires))
        return None
    nonce = new_nonce()
    session.add(SignInLink(nonce=nonce, email=email, ip=ip, created_at=now, expires_at=expires))
    token = sign_link(keys, nonce=nonce, email=email, expires=expires)
    url = f"{base_url}/signin/{token}"
    row = mailer.queue(
        session,
        kind="web_signin",
        template="web_signin",
        to=[email],
        subject="Your sign-in link for the recruiter's page",
        now=now,
        context={"link": url, "minutes": web.link_minutes},
    )
    return MailedLink(outbox_id=int(row.id), email=email, url=url)


def check_link(keys: Keys, token: str, *, now: datetime) -> str:
    """The address a link is for, if it is ours and unexpired (``BadToken`` else). Does not
    use it up: the page asks the person to confirm first, so a mail scanner that opens
    links does not spend it."""
    return read_link(keys, token, now=now).email


def redeem_link(
    session: Session, keys: Keys, token: str, *, admins: list[str], now: datetime
) -> Viewer:
    """Use the link up (once, ever) and return who signed in; ``BadToken`` when it is
    changed, expired, used already, or its address may no longer sign in."""
    claim = read_link(keys, token, now=now)
    used = session.execute(
        update(SignInLink)
        .where(
            SignInLink.nonce == claim.nonce,
            SignInLink.email == claim.email,
            SignInLink.used_at.is_(None),
            SignInLink.expires_at > now,
        )
        .values(used_at=now)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise BadToken("this sign-in link was used already: ask for a new one")
    viewer = viewer_for(session, claim.email, admins=admins)
    if viewer is None:
        raise BadToken("this address may no longer sign in")
    session.add(
        AuditEvent(actor=viewer.email, action="signed_in", subject="session", at=now, detail="")
    )
    return viewer
