"""Signed values of the recruiter's page: sign-in links, session cookies, CSRF tokens.

Each purpose has its own HMAC-SHA256 key, derived from one secret (``web.secret``, or
the site's ``secret`` when unset), so a value signed for one purpose never passes as
another and none equals a reply-token signature. Nothing here touches the database: a
link's single use is recorded by :mod:`mailagent.web.signin`.

>>> keys = Keys.derive("s" * 16)
>>> token = sign_link(keys, nonce="n1", email="lena@example.com",
...                   expires=datetime(2026, 12, 1, 10, 15, tzinfo=UTC))
>>> read_link(keys, token, now=datetime(2026, 12, 1, 10, 0, tzinfo=UTC)).email
'lena@example.com'
>>> read_link(keys, token[:-1] + "x", now=datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
Traceback (most recent call last):
...
mailagent.web.security.BadToken: this sign-in link is not valid
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from mailagent.errors import MailagentError


class BadToken(MailagentError):
    """A link or cookie that was not signed by us, was changed, or has expired."""


@dataclass(frozen=True)
class Keys:
    link: bytes
    session: bytes
    csrf: bytes

    @classmethod
    def derive(cls, secret: str) -> Keys:
        root = secret.encode("utf-8")

        def key(purpose: str) -> bytes:
            return hmac.new(root, f"mailagent web {purpose}".encode(), hashlib.sha256).digest()

        return cls(link=key("sign-in link"), session=key("session"), csrf=key("csrf"))


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: dict[str, object]) -> str:
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    mac = _b64(hmac.new(key, body.encode("ascii"), hashlib.sha256).digest())
    return f"{body}.{mac}"


def _verify(key: bytes, token: str) -> dict[str, object]:
    body, dot, mac = token.partition(".")
    if not dot or not body or len(token) > 2000:
        raise BadToken("not a signed value")
    expected = _b64(hmac.new(key, body.encode("ascii", "replace"), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, mac):
        raise BadToken("signature does not match")
    try:
        payload = json.loads(_unb64(body))
    except ValueError as exc:
        raise BadToken("unreadable payload") from exc
    if not isinstance(payload, dict):
        raise BadToken("unreadable payload")
    return payload


# ---------------------------------------------------------------- sign-in links


@dataclass(frozen=True)
class LinkClaim:
    nonce: str
    email: str
    expires: datetime


def sign_link(keys: Keys, *, nonce: str, email: str, expires: datetime) -> str:
    return _sign(keys.link, {"n": nonce, "e": email, "x": int(expires.timestamp())})


def read_link(keys: Keys, token: str, *, now: datetime) -> LinkClaim:
    """The link's claim if it is ours, unchanged and not expired; else ``BadToken``."""
    try:
        payload = _verify(keys.link, token)
        claim = LinkClaim(
            nonce=str(payload["n"]),
            email=str(payload["e"]),
            expires=datetime.fromtimestamp(int(str(payload["x"])), UTC),
        )
    except (BadToken, KeyError, ValueError) as exc:
        raise BadToken("this sign-in link is not valid") from exc
    if now >= claim.expires:
        raise BadToken("this sign-in link has expired: ask for a new one")
    return claim


# ---------------------------------------------------------------- sessions


@dataclass(frozen=True)
class SessionClaim:
    email: str
    nonce: str  # per sign-in; the CSRF tokens of this session are derived from it
    expires: datetime


def sign_session(keys: Keys, *, email: str, now: datetime, hours: int) -> str:
    expires = now + timedelta(hours=hours)
    return _sign(keys.session, {"e": email, "n": new_nonce(), "x": int(expires.timestamp())})


def read_session(keys: Keys, cookie: str, *, now: datetime) -> SessionClaim | None:
    """The signed-in person, or None for a missing, changed or expired cookie."""
    try:
        payload = _verify(keys.session, cookie)
        claim = SessionClaim(
            email=str(payload["e"]),
            nonce=str(payload["n"]),
            expires=datetime.fromtimestamp(int(str(payload["x"])), UTC),
        )
    except (BadToken, KeyError, ValueError):
        return None
    return claim if now < claim.expires else None


# ---------------------------------------------------------------- CSRF


def csrf_token(keys: Keys, seed: str) -> str:
    """The token every form carries: bound to the session (or, before sign-in, to the
    browser's anonymous cookie), so another site cannot forge it."""
    return _b64(hmac.new(keys.csrf, seed.encode("utf-8"), hashlib.sha256).digest())


def csrf_ok(keys: Keys, seed: str, token: str | None) -> bool:
    return bool(seed) and token is not None and hmac.compare_digest(csrf_token(keys, seed), token)
