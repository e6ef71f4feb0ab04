"""Code checks on a reply a model rewrote, before it may replace our templated draft.

A model's wording is welcome; a model's new recipients, links or markup are not. The
rewrite is kept only if it passes every check, otherwise the caller sends the draft::

    >>> check_rewrite(
    ...     draft="Could you say more about Terraform?\\n> - Wrote the Terraform modules.",
    ...     rewrite="Thanks! Could you expand on Terraform? Mail ceo@x.com\\n"
    ...             "> - Wrote the Terraform modules.",
    ...     allowed_url_hosts=frozenset(),
    ... )
    ['new email address: ceo@x.com']
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# An email address as a model would write one; deliberately broad.
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A URL with a scheme, a protocol-relative URL, or a bare "www." host.
_URL = re.compile(r"(?:\b[a-zA-Z][a-zA-Z0-9+.-]*://|(?<![\w/])//|\bwww\.)[^\s<>\"')\]]+")
# HTML tags, comments, entities and Markdown links or images.
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\s*[(\[][^)\]\n]*[)\]]")
_MD_AUTOLINK = re.compile(r"<[^>\s]+[:@][^>\s]+>")

MAX_GROWTH = 2.0


def _emails(text: str) -> set[str]:
    return {m.group(0).lower().rstrip(".") for m in _EMAIL.finditer(text)}


def _host(url: str) -> str:
    if url.lower().startswith("www."):
        url = "http://" + url
    elif url.startswith("//"):
        url = "http:" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        # A malformed URL (bad port, bad IPv6) has no host we could allow.
        return ""
    return host.lower().rstrip(".")


def url_hosts(text: str) -> set[str]:
    """Hosts of the URLs in ``text``: ``url_hosts("see https://Jobs.Example.com/x")`` →
    ``{'jobs.example.com'}`` (a URL whose host cannot be read counts as ``''``)."""
    return {_host(m.group(0)) for m in _URL.finditer(text)}


def _host_allowed(host: str, allowed: frozenset[str]) -> bool:
    # A subdomain of an allowed host is allowed too (careers.example.com under example.com).
    return bool(host) and any(host == a or host.endswith("." + a) for a in allowed)


def _new_matches(draft: str, rewrite: str, *patterns: re.Pattern[str]) -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        found |= {m.group(0) for m in pattern.finditer(rewrite)}
        found -= {m.group(0) for m in pattern.finditer(draft)}
    return found


def quoted_lines(text: str) -> list[str]:
    """The lines of ``text`` that quote evidence, i.e. start with ``"> "``, right-stripped."""
    return [line.rstrip() for line in text.splitlines() if line.startswith("> ")]


def check_rewrite(*, draft: str, rewrite: str, allowed_url_hosts: frozenset[str]) -> list[str]:
    """Return the reasons to reject ``rewrite`` as a replacement of ``draft``; ``[]`` keeps it.

    Checks: plain text (no HTML, no Markdown links), no email address that the draft does
    not already contain, no URL whose host is neither allowed nor already in the draft, at
    most twice as long as the draft, and every ``"> "`` line of the draft still present.
    """
    problems: list[str] = []
    if not rewrite.strip():
        return ["empty rewrite"]
    # Markup the draft itself carries (say, a quoted "Name <address>") is not new.
    if _new_matches(draft, rewrite, _HTML_TAG, _HTML_ENTITY):
        problems.append("contains HTML")
    if _new_matches(draft, rewrite, _MD_LINK, _MD_AUTOLINK):
        problems.append("contains a Markdown link")
    for address in sorted(_emails(rewrite) - _emails(draft)):
        problems.append(f"new email address: {address}")
    allowed = frozenset(h.lower() for h in allowed_url_hosts) | url_hosts(draft)
    for host in sorted(url_hosts(rewrite)):
        if not _host_allowed(host, allowed):
            problems.append(f"URL host not allowed: {host or '(unreadable)'}")
    if len(rewrite) > MAX_GROWTH * len(draft):
        problems.append(f"too long: {len(rewrite)} characters for a {len(draft)}-character draft")
    kept = set(quoted_lines(rewrite))
    for line in quoted_lines(draft):
        if line not in kept:
            problems.append(f"quoted evidence missing: {line[:60]}")
    return problems
