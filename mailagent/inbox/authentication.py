"""Does our own mail server vouch for the From domain? (RFC 8601 Authentication-Results)

Where ``authserv_id`` is configured, a message is authenticated only when the topmost
``Authentication-Results`` field (the one our receiving server added last) names that
authserv-id and, parsed with ``authres``, shows one of:

* ``dmarc=pass`` with ``header.from`` equal to the From domain, or
* ``dkim=pass`` whose signing domain (``header.d``; ``header.i``'s domain where the
  server writes only that) is the From domain or its organisational domain (the Public
  Suffix List's registrable domain, from the ``publicsuffixlist`` package's bundled copy:
  nothing is fetched at run time).

Everything else (SPF alone, a pass for another domain, a pass in a lower field, words
inside a property value, an unparseable field) is not authenticated, with a one-line
reason.

>>> authentication_problem(["mx.hire.example; dkim=pass header.d=example.com"],
...     authserv_id="mx.hire.example", from_domain="example.com") is None
True
>>> authentication_problem(["mx.hire.example; dkim=pass header.d=evil.example; "
...     "dmarc=fail header.from=example.com"],
...     authserv_id="mx.hire.example", from_domain="example.com")
'no dmarc=pass for example.com and no aligned dkim=pass'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import authres
from publicsuffixlist import PublicSuffixList

from mailagent.inbox.sender import normalize_domain

# Real Authentication-Results fields are a few hundred characters; the parser is not
# linear in its input, so anything far longer is refused unread.
MAX_FIELD = 4096


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def organisational_domain(domain: str) -> str:
    """The registrable domain: ``mail.example.co.uk`` → ``example.co.uk``.

    >>> organisational_domain("eu.mail.example.com")
    'example.com'
    """
    return str(_psl().privatesuffix(domain) or domain)


def _property(result: Any, ptype: str, name: str) -> str | None:
    """The one value of ``ptype.name`` on a result; None if absent or given twice."""
    values = [
        str(p.value)
        for p in getattr(result, "properties", ())
        if str(p.type).lower() == ptype and str(p.name).lower() == name
    ]
    return values[0] if len(values) == 1 else None


def _domain_of(value: str | None) -> str | None:
    if value is None:
        return None
    return normalize_domain(value.rpartition("@")[2])


def _dkim_aligned(result: Any, from_domain: str) -> bool:
    signer = _domain_of(_property(result, "header", "d"))
    if signer is None and _property(result, "header", "d") is None:
        # Some servers (Gmail among them) write only header.i; a verifier accepts i only
        # within d, so i's domain being the From domain means d is that domain or above.
        signer = _domain_of(_property(result, "header", "i"))
    if signer is None:
        return False
    return signer in (from_domain, organisational_domain(from_domain))


def _dmarc_aligned(result: Any, from_domain: str) -> bool:
    return _domain_of(_property(result, "header", "from")) == from_domain


def authentication_problem(
    fields: Sequence[str], *, authserv_id: str, from_domain: str
) -> str | None:
    """None when the topmost field from ``authserv_id`` vouches for ``from_domain``;
    otherwise the one-line reason it does not."""
    if not fields:
        return "no Authentication-Results"
    top = fields[0]
    if len(top) > MAX_FIELD:
        return f"Authentication-Results longer than {MAX_FIELD} characters"
    try:
        header = authres.all_features().parse_value(top)
    except Exception as exc:  # authres raises its own SyntaxError, recursion on deep comments…
        return f"Authentication-Results cannot be parsed ({type(exc).__name__})"
    server = str(header.authserv_id or "")
    if server != authserv_id.strip().lower():
        return f"topmost Authentication-Results is from {server!r}"
    domain = normalize_domain(from_domain)
    if domain is None:
        return "no From domain to authenticate"
    for result in header.results:
        method = str(getattr(result, "method", "")).lower()
        if str(getattr(result, "result", "")).lower() != "pass":
            continue
        if method == "dmarc" and _dmarc_aligned(result, domain):
            return None
        if method == "dkim" and _dkim_aligned(result, domain):
            return None
    return f"no dmarc=pass for {domain} and no aligned dkim=pass"
