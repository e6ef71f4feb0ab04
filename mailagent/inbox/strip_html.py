"""HTML mail bodies to plain text, with the quoted parts left out.

Mail clients mark quoted history in HTML: ``<blockquote>``, Gmail's ``gmail_quote``,
Yahoo's ``yahoo_quoted``, Thunderbird's ``moz-cite-prefix``, Outlook's
``divRplyFwdMsg`` / ``OutlookMessageHeader`` / ``OLK_SRC_BODY_SECTION``.  The parser
(stdlib :mod:`html.parser`) builds a small element tree, leaves those elements out,
and renders the rest as text with one line per block element.  Outlook header
markers and ``<hr>`` become an underscore rule, which the plain-text pass treats as
the end of the new text, because Outlook puts the quoted body *after* its header
element rather than inside it.

Example:
    >>> html_to_text('<div>Strong yes.</div><div class="gmail_quote">On Mon, Ann '
    ...              'wrote:<blockquote>Any thoughts?</blockquote></div>')
    'Strong yes.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Final

from mailagent.inbox.strip_patterns import FORWARD_RE

CUT_RULE: Final = "_" * 32
_SKIPPED_TAGS: Final = frozenset({"head", "style", "script", "title", "template", "xml"})
_VOID_TAGS: Final = frozenset(
    {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
)
_BLOCK_TAGS: Final = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
        "body",
        "html",
    }
)
# Class or id fragments that mark quoted history (matched as substrings, because
# webmail prefixes them: "ecxgmail_quote", "ydp9b1f0a55yahoo_quoted").
_QUOTE_MARKS: Final = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
# Markers after which everything is history: Outlook's header element.
_CUT_MARKS: Final = ("divrplyfwdmsg", "outlookmessageheader", "olk_src_body_section")
_SIGNATURE_MARKS: Final = ("gmail_signature", "moz-signature")
_SPACE_RE: Final = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")


@dataclass
class _Node:
    """An element of the parsed tree; text children are plain strings."""

    tag: str
    marks: str = ""
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Build a forgiving element tree: unknown end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self._stack: list[_Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marks = " ".join((value or "").lower() for name, value in attrs if name in ("class", "id"))
        if tag == "blockquote":
            marks += " blockquote"
        node = _Node(tag, marks)
        self._stack[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def html_to_text(html: str, *, drop_quotes: bool = True) -> str:
    """Render an HTML body as text, leaving quoted history out unless told not to.

    Example:
        >>> html_to_text("<p>Yes.</p><blockquote>Hire?</blockquote>", drop_quotes=False)
        'Yes.\\n\\nHire?'
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    parts: list[str] = []
    _render(builder.root, parts, drop_quotes=drop_quotes, in_pre=False)
    lines = [_SPACE_RE.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _text_of(node: _Node) -> str:
    """Return the raw text content of a node, for marker checks."""
    return "".join(child if isinstance(child, str) else _text_of(child) for child in node.children)


def _is_forward(node: _Node) -> bool:
    first_line = _SPACE_RE.sub(" ", _text_of(node)).strip()[:80]
    return bool(FORWARD_RE.match(first_line.split(" From")[0].split(" Von")[0]))


def _render(node: _Node, parts: list[str], *, drop_quotes: bool, in_pre: bool) -> None:
    for child in node.children:
        if isinstance(child, str):
            parts.append(child if in_pre else _SPACE_RE.sub(" ", child))
            continue
        tag = child.tag
        if tag in _SKIPPED_TAGS:
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag == "hr":
            parts.append(f"\n{CUT_RULE}\n")
            continue
        if drop_quotes and any(mark in child.marks for mark in _CUT_MARKS):
            parts.append(f"\n{CUT_RULE}\n")
            continue
        if drop_quotes and any(mark in child.marks for mark in _SIGNATURE_MARKS):
            continue
        quoted = any(mark in child.marks for mark in (*_QUOTE_MARKS, "blockquote"))
        if drop_quotes and quoted and not _is_forward(child):
            parts.append("\n")
            continue
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        _render(child, parts, drop_quotes=drop_quotes, in_pre=in_pre or tag == "pre")
        if block:
            parts.append("\n")
        elif tag in ("td", "th"):
            parts.append(" ")
