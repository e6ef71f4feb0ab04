"""Who sent a message, read the RFC 5322 way: one From mailbox, from the header's structure.

The From field is parsed with the standard library's address grammar
(``email.headerregistry``), never from decoded display-name text, so an encoded-word
such as ``=?utf-8?q?Grace_=3Cgrace.obi=40example.com=3E?=`` stays a display name.
A message is attributable only when it has exactly one From field holding exactly one
mailbox, with a plain dot-atom local part and a host name; a Sender field, where present,
must name the same mailbox. Display names never attribute.

>>> read_sender(["=?utf-8?q?Grace_=3Cgrace.obi=40example.com=3E?= <attacker@evil.example>"], [])
Sender(address='attacker@evil.example', problem=None)
>>> read_sender(["grace.obi@example.com, attacker@evil.example"], []).problem
'From holds 2 mailboxes'
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.errors import HeaderDefect
from typing import Any

# RFC 5322 atext: what a local part may hold without quotes (dot-atom).
_ATEXT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~")
# A real From is a few dozen characters; the stdlib parser is not linear on hostile text.
_MAX_FIELD = 1000


@dataclass(frozen=True)
class Sender:
    """``address`` is the one attributable mailbox (normalised), or "" with a ``problem``."""

    address: str
    problem: str | None = None

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


def normalize_domain(domain: str) -> str | None:
    """A host name as ASCII lower case (IDNA A-labels); None if it is not a host name.

    >>> normalize_domain("Exämple.COM")
    'xn--exmple-cua.com'
    >>> normalize_domain("example.com.") is None
    True
    """
    name = domain.strip().lower()
    if not name or name.startswith("[") or name.endswith(".") or ".." in name:
        return None
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError:
        return None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253:
        return None
    for label in labels:
        if not label or len(label) > 63 or label.startswith("-") or label.endswith("-"):
            return None
        if not all(c.isalnum() or c == "-" for c in label) or not label.isascii():
            return None
    return ascii_name


def _local_part_ok(local: str) -> bool:
    """A dot-atom local part: no quoting needed, no empty atoms (``a..b``, ``.a``)."""
    if not local or len(local) > 64:
        return False
    atoms = local.split(".")
    return all(atom and all(c in _ATEXT or ord(c) > 127 for c in atom) for atom in atoms)


def normalize_address(address: str) -> str:
    """An address as mailagent compares it: lower case, the domain in IDNA A-labels.

    Returns "" for anything that is not one plain ``local@host`` mailbox.

    >>> normalize_address("Grace.Obi@EXAMPLE.com")
    'grace.obi@example.com'
    >>> normalize_address('"grace obi"@example.com')
    ''
    """
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return ""
    local = local.lower()
    host = normalize_domain(domain)
    if host is None or not _local_part_ok(local):
        return ""
    return f"{local}@{host}"


def address_forms(address: str) -> set[str]:
    """The spellings an address of record may have for one normalised address: as is,
    and with its domain in Unicode (``grace@xn--bcher-kva.example`` → also
    ``grace@bücher.example``), for looking it up in stored rows.

    >>> sorted(address_forms("grace@xn--bcher-kva.example"))
    ['grace@bücher.example', 'grace@xn--bcher-kva.example']
    """
    local, _, domain = address.rpartition("@")
    forms = {address}
    with contextlib.suppress(UnicodeError):
        forms.add(f"{local}@{domain.encode('ascii').decode('idna')}")
    return forms


def _text(value: str) -> str:
    # Header bytes outside ASCII arrive surrogate-escaped from the bytes parser; read them
    # as UTF-8 (RFC 6532). NUL and line breaks never reach the grammar.
    if any("\udc80" <= c <= "\udcff" for c in value):
        value = value.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return value.replace("\x00", "").replace("\r", "").replace("\n", "")


def _one_mailbox(field: str, value: str) -> tuple[str, str | None]:
    """(address, problem) for one address field that must hold exactly one mailbox."""
    value = _text(value)
    if len(value) > _MAX_FIELD:
        return "", f"{field} is longer than {_MAX_FIELD} characters"
    try:
        header = policy.default.header_factory(field, value)
    except Exception as exc:  # the stdlib parser raises assorted errors on hostile input
        return "", f"{field} cannot be parsed ({type(exc).__name__})"
    defects: Sequence[HeaderDefect] = getattr(header, "defects", ())
    if defects:
        return "", f"{field} is malformed ({type(defects[0]).__name__})"
    groups: Sequence[Any] = getattr(header, "groups", ())
    addresses: Sequence[Any] = getattr(header, "addresses", ())
    if any(g.display_name is not None for g in groups):
        return "", f"{field} uses group syntax"
    if len(addresses) != 1:
        return "", f"{field} holds {len(addresses)} mailboxes"
    mailbox = addresses[0]
    address = normalize_address(f"{mailbox.username}@{mailbox.domain}")
    if not address:
        return "", f"{field} mailbox is not a plain local@host address"
    return address, None


def read_sender(from_values: Sequence[str], sender_values: Sequence[str]) -> Sender:
    """The one attributable sender of a message, from its raw From and Sender fields."""
    if len(from_values) != 1:
        return Sender("", f"{len(from_values)} From fields")
    address, problem = _one_mailbox("From", from_values[0])
    if problem is not None:
        return Sender("", problem)
    if sender_values:
        if len(sender_values) != 1:
            return Sender("", f"{len(sender_values)} Sender fields")
        on_behalf, problem = _one_mailbox("Sender", sender_values[0])
        if problem is not None:
            return Sender("", problem)
        if on_behalf != address:
            return Sender("", "Sender differs from From")
    return Sender(address)
