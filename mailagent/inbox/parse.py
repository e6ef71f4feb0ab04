"""Raw bytes → :class:`InboundEmail`, with mail-parser, within limits, never crashing.

Limits (size, MIME parts, nesting) are checked on the raw structure before mail-parser
sees it; a message over a limit raises ``MessageRejected`` and is quarantined by intake.
Unknown charsets fall back to UTF-8 with replacement; MIME defects are recorded. A
multipart part that names no boundary is read as text (its parts, where the boundary
can be seen in the body), never dropped. No text this module returns holds a NUL
character, so what is stored is the same on every database (the raw bytes stay as
they came).

The sender is read by :mod:`mailagent.inbox.sender` from the From and Sender fields'
structure; ``from_addr`` is empty, with ``sender_problem`` saying why, when the
message has no single attributable mailbox.

>>> e = parse_email(b"From: Ken <ken@example.com>\\r\\nTo: feedback@hire.example\\r\\n"
...     b"Subject: Re: x\\r\\nMessage-ID: <a@b>\\r\\n\\r\\nNot a good fit.\\r\\n")
>>> e.from_addr, e.message_id, e.text_plain.strip()
('ken@example.com', '<a@b>', 'Not a good fit.')
"""

from __future__ import annotations

import email
import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parseaddr

import mailparser

from mailagent.errors import MessageRejected
from mailagent.inbox.sender import read_sender
from mailagent.outbox.compose import clean_header

# mail-parser logs every odd MIME part it does not handle; we record defects ourselves.
logging.getLogger("mailparser").setLevel(logging.CRITICAL)

_MSGID_RE = re.compile(r"<[^<>\s\x00]+>")
# Address fields the standard library parses; its comment parser recurses once per "(",
# so a field nesting comments deeper than this is refused before it is parsed.
_ADDRESS_FIELDS = (
    "from",
    "sender",
    "reply-to",
    "to",
    "cc",
    "delivered-to",
    "x-original-to",
    "envelope-to",
)
MAX_COMMENT_DEPTH = 50
# A boundary line as RFC 2046 draws it: "--" and 1 to 70 boundary characters.
_BOUNDARY_LINE = re.compile(rb"--([0-9A-Za-z'()+_,./:=?-]{1,70})[ \t]*\r?$")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * 1024 * 1024
    max_parts: int = 100
    max_depth: int = 10


@dataclass(frozen=True)
class InboundEmail:
    """What mailagent reads of one inbound message. Header values carry no CR/LF."""

    message_id: str | None
    from_addr: str  # the one attributable mailbox, normalised; "" when there is none
    from_name: str  # display name, for people to read: it never attributes
    to: tuple[str, ...]
    cc: tuple[str, ...]
    envelope_to: tuple[str, ...]
    subject: str
    in_reply_to: str | None
    references: tuple[str, ...]
    date: datetime | None
    text_plain: str
    text_html: str
    content_type: str
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defects: tuple[str, ...] = ()
    content_hash: str = ""
    size: int = 0
    # Why the message has no attributable sender (several From mailboxes, a Sender that
    # differs, a malformed From …); None when ``from_addr`` is set.
    sender_problem: str | None = None

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def header_all(self, name: str) -> tuple[str, ...]:
        return self.headers.get(name.lower(), ())

    @property
    def recipients(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.envelope_to + self.to + self.cc))


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _check_structure(raw: bytes, limits: Limits) -> Message:
    if len(raw) > limits.max_bytes:
        raise MessageRejected(f"message is {len(raw)} bytes, over the {limits.max_bytes} limit")
    msg = email.message_from_bytes(raw, policy=compat32)
    parts = 0
    stack: list[tuple[Message, int]] = [(msg, 1)]
    while stack:
        node, depth = stack.pop()
        parts += 1
        if parts > limits.max_parts:
            raise MessageRejected(f"more than {limits.max_parts} MIME parts")
        if depth > limits.max_depth:
            raise MessageRejected(f"MIME nesting deeper than {limits.max_depth}")
        if node.is_multipart():
            payload = node.get_payload()
            if isinstance(payload, list):
                stack.extend((child, depth + 1) for child in payload if isinstance(child, Message))
    return msg


def comment_depth(value: str) -> int:
    """How deep ``(comments)`` nest in a header value (RFC 5322 3.2.2), in one pass.

    >>> comment_depth('"Ann (a)" <ann@example.com> (work (old))'), comment_depth("(" * 9)
    (2, 9)
    """
    depth = deepest = 0
    escaped = quoted = False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"' and depth == 0:
            quoted = True
        elif ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")" and depth:
            depth -= 1
    return deepest


def _check_address_fields(headers: dict[str, tuple[str, ...]]) -> None:
    """Refuse a message whose address fields nest comments deeper than any mail does."""
    for name in _ADDRESS_FIELDS:
        for value in headers.get(name, ()):
            # No more "(" than the limit: the depth cannot be over it (the common case).
            if value.count("(") <= MAX_COMMENT_DEPTH:
                continue
            depth = comment_depth(value)
            if depth > MAX_COMMENT_DEPTH:
                raise MessageRejected(
                    f"{name.title()} field nests comments {depth} deep,"
                    f" over the limit of {MAX_COMMENT_DEPTH}"
                )


def _addresses(values: list[str]) -> tuple[str, ...]:
    out = []
    for _name, addr in getaddresses([clean_header(v) for v in values]):
        if "@" in addr:
            out.append(addr.strip().lower())
    return tuple(dict.fromkeys(out))


def _decode_header(value: str) -> str:
    from email.header import decode_header, make_header

    try:
        return clean_header(str(make_header(decode_header(value))))
    except (LookupError, UnicodeError, ValueError):
        return clean_header(value)


def _utf8(value: str) -> str:
    """A raw header value as text: 8-bit bytes (surrogate-escaped by the bytes parser)
    are read as UTF-8, as RFC 6532 allows."""
    if any("\udc80" <= c <= "\udcff" for c in value):
        return value.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return value


def _headers(msg: Message) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        out.setdefault(name.lower(), []).append(clean_header(_utf8(str(value))))
    return {k: tuple(v) for k, v in out.items()}


def _decode(payload: bytes, charset: str | None) -> str:
    try:
        return payload.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _fallback_text(msg: Message, subtype: str) -> str:
    """Decode text parts ourselves when mail-parser cannot (unknown charset etc.)."""
    chunks = []
    for part in msg.walk():
        if part.get_content_maintype() != "text" or part.get_content_subtype() != subtype:
            continue
        if part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        chunks.append(_decode(payload, part.get_content_charset()))
    return "\n".join(chunks)


def _seen_boundary(body: bytes) -> bytes | None:
    """The boundary a body without one declared plainly uses: its first line is
    ``--B`` and a closing ``--B--`` follows."""
    first = body.lstrip(b"\r\n").partition(b"\n")[0]
    match = _BOUNDARY_LINE.match(first)
    if match and b"--" + match.group(1) + b"--" in body:
        return match.group(1)
    return None


def _unbounded_text(msg: Message) -> tuple[str, str]:
    """(plain, html) of multipart parts that declare no boundary.

    Their parts are read where the body shows its boundary; otherwise the whole body
    is read as plain text, so a reply is never lost to a missing parameter.
    """
    plain: list[str] = []
    html: list[str] = []
    for part in msg.walk():
        if part.get_content_maintype() != "multipart" or part.is_multipart():
            continue
        body = part.get_payload(decode=True)
        if not isinstance(body, bytes) or not body.strip():
            continue
        boundary = _seen_boundary(body)
        if boundary is not None:
            inner = email.message_from_bytes(
                b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n' + body,
                policy=compat32,
            )
            found_plain = _fallback_text(inner, "plain")
            found_html = _fallback_text(inner, "html")
            if found_plain.strip() or found_html.strip():
                plain.append(found_plain)
                html.append(found_html)
                continue
        plain.append(_decode(body, part.get_content_charset()))
    return "\n".join(p for p in plain if p), "\n".join(h for h in html if h)


def _no_nul(text: str) -> str:
    return text.replace("\x00", "")


def parse_email(raw: bytes, *, limits: Limits | None = None) -> InboundEmail:
    """Parse one message. Raises ``MessageRejected`` for mail over a limit."""
    limits = limits or Limits()
    msg = _check_structure(raw, limits)
    headers = _headers(msg)
    _check_address_fields(headers)
    defects = [type(d).__name__ for d in getattr(msg, "defects", [])]
    for part in msg.walk():
        defects.extend(type(d).__name__ for d in getattr(part, "defects", []) if part is not msg)
    try:
        parsed = mailparser.parse_from_bytes(raw)
        text_plain = "\n".join(parsed.text_plain)
        text_html = "\n".join(parsed.text_html)
        defects.extend(str(c) for c in sorted(parsed.defects_categories))
        date = parsed.date if isinstance(parsed.date, datetime) else None
    except Exception as exc:
        # mail-parser failed on this structure; fall back to the stdlib's view of it.
        defects.append(f"mailparser: {type(exc).__name__}")
        text_plain = _fallback_text(msg, "plain")
        text_html = _fallback_text(msg, "html")
        date = None
    unbounded = "NoBoundaryInMultipartDefect" in defects
    if unbounded and not text_plain.strip() and not text_html.strip():
        text_plain, text_html = _unbounded_text(msg)
    # Raw values (8-bit bytes surrogate-escaped), not compat32's Header objects.
    raw_fields = [(name.lower(), str(value)) for name, value in msg.raw_items()]
    sender = read_sender(
        [v for n, v in raw_fields if n == "from"], [v for n, v in raw_fields if n == "sender"]
    )
    # The display name is for people to read; the address comes from ``sender`` only.
    from_name = _no_nul(parseaddr(headers.get("from", ("",))[0])[0])
    msgid_raw = headers.get("message-id", ("",))[0]
    msgid_match = _MSGID_RE.search(msgid_raw)
    irt = _MSGID_RE.search(headers.get("in-reply-to", ("",))[0])
    refs = tuple(_MSGID_RE.findall(" ".join(headers.get("references", ()))))
    envelope = _addresses(
        list(headers.get("delivered-to", ()))
        + list(headers.get("x-original-to", ()))
        + list(headers.get("envelope-to", ()))
    )
    return InboundEmail(
        message_id=msgid_match.group(0) if msgid_match else None,
        from_addr=sender.address,
        from_name=_decode_header(from_name),
        to=_addresses(list(headers.get("to", ()))),
        cc=_addresses(list(headers.get("cc", ()))),
        envelope_to=envelope,
        subject=_decode_header(headers.get("subject", ("",))[0]),
        in_reply_to=irt.group(0) if irt else None,
        references=refs,
        date=date,
        text_plain=_no_nul(text_plain),
        text_html=_no_nul(text_html),
        content_type=msg.get_content_type(),
        headers=headers,
        defects=tuple(dict.fromkeys(defects)),
        content_hash=content_hash(raw),
        size=len(raw),
        sender_problem=sender.problem,
    )
