"""Reply tokens: ``feedback+TOKEN@domain`` routes a reply to its thread.

A token is 128 random bits plus an 80-bit HMAC tag over them, both lower-case base32, so a
forged or mistyped token is rejected before any database lookup.

>>> t = new_token(b"0123456789abcdef0123")
>>> len(t), verify_token(b"0123456789abcdef0123", t), verify_token(b"another-secret-key!!", t)
(42, True, False)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

RANDOM_BYTES = 16
TAG_BYTES = 10
TOKEN_RE = re.compile(r"^[a-z2-7]{42}$")


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()


def _tag(secret: bytes, body: str) -> str:
    return _b32(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()[:TAG_BYTES])


def new_token(secret: bytes) -> str:
    body = _b32(secrets.token_bytes(RANDOM_BYTES))
    return body + _tag(secret, body)


def verify_token(secret: bytes, token: str) -> bool:
    token = token.lower()
    if not TOKEN_RE.match(token):
        return False
    body, tag = token[:26], token[26:]
    return hmac.compare_digest(tag, _tag(secret, body))


def reply_address(address: str, token: str) -> str:
    """``feedback@hire.example`` + token → ``feedback+<token>@hire.example``."""
    local, _, domain = address.partition("@")
    return f"{local}+{token}@{domain}"


def token_from_address(address: str, base_address: str) -> str | None:
    """The token in ``feedback+TOKEN@domain`` if the address is ours, else None."""
    local, _, domain = address.strip().lower().partition("@")
    base_local, _, base_domain = base_address.lower().partition("@")
    if domain != base_domain or not local.startswith(base_local + "+"):
        return None
    return local[len(base_local) + 1 :] or None


def subject_tag(token: str) -> str:
    """A short tag for the subject line, the last routing fallback: ``[ref:abcdefghij]``."""
    return f"[ref:{token[:10]}]"


SUBJECT_TAG_RE = re.compile(r"\[ref:([a-z2-7]{10})\]", re.IGNORECASE)
