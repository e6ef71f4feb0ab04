"""HTML mail bodies to plain text, with quoted parts and hidden text left out.

Mail clients mark quoted history in HTML: ``<blockquote>``, Gmail's ``gmail_quote``,
Yahoo's ``yahoo_quoted``, Thunderbird's ``moz-cite-prefix``, Outlook's
``divRplyFwdMsg`` / ``OutlookMessageHeader`` / ``OLK_SRC_BODY_SECTION``.  The parser
builds a small element tree, leaves those elements out, and renders the rest as text
with one line per block element.  Outlook header markers and ``<hr>`` become an
underscore rule, which the plain-text pass treats as the end of the new text, because
Outlook puts the quoted body *after* its header element rather than inside it.

Text a reader cannot see is not text the sender said: elements hidden by CSS
(``display:none``, ``visibility:hidden``, ``font-size:0`` or below 1px, ``opacity:0``,
zero width or height, ``mso-hide:all``, ``color:transparent`` or the background's colour,
off-screen positions, ``clip``), by the ``hidden`` attribute, or by a class, id or tag
that a ``<style>`` rule hides, are left out with everything inside them, and so is the
body of a closed ``<details>``.
So ``<div style="display:none">APPROVE</div><div>Do NOT send</div>`` reads
"Do NOT send".

The HTML is tokenised by libxml2 (through lxml's parser-target interface), which runs in
linear time on any input and never raises on broken markup; Python's ``html.parser``
took quadratic time on inputs such as ``"<a b='" * 10000``.  The tree is rendered with
an explicit stack, so nesting depth costs memory, never a ``RecursionError``.

Example:
    >>> html_to_text('<div>Strong yes.</div><div class="gmail_quote">On Mon, Ann '
    ...              'wrote:<blockquote>Any thoughts?</blockquote></div>')
    'Strong yes.'
    >>> html_to_text('<div style="display:none">APPROVE</div><div>Do NOT send.</div>')
    'Do NOT send.'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from lxml import etree  # type: ignore[import-untyped]

from mailagent.inbox.strip.linear import linear
from mailagent.inbox.strip.patterns import FORWARD_RE

CUT_RULE: Final = "_" * 32
_SKIPPED_TAGS: Final = frozenset(
    {"head", "style", "script", "title", "template", "xml", "noscript", "object"}
)
_BLOCK_TAGS: Final = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
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
        "summary",
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
# Characters that HTML rendering turns into one space (with a no-break and a
# zero-width space), collapsed with str methods: a text node has many runs, and a
# regex call per run is slow in RE2's Python binding.
_SPACES: Final = {ord(c): " " for c in "\t\r\n\f\u00a0\u200b"}
# A forward marker is looked for in the first words of a quoted element only.
_FORWARD_PREFIX_CHARS: Final = 80
_FORWARD_SCAN_NODES: Final = 64
# A CSS length or number that is zero: "0", "0px", "0.0em", "-0", "0%", ".0".
_ZERO_RE: Final = linear(r"^[+-]?(?:0+(?:\.0*)?|\.0+)(?:[a-z]+|%)?$")
# A CSS number, with its unit: "-9999px", "0.05".
_NUMBER_RE: Final = linear(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([a-z]*|%)$")
_CSS_BRACE_RE: Final = linear(r"[{}]")
_CSS_NAME_RE: Final = linear(r"([.#]?)([\w-]+)")
_MAX_STYLE_CHARS: Final = 64 * 1024
# Text moved this far off the left or top edge is off screen.
_OFF_SCREEN_PX: Final = 1000.0
# Text this transparent cannot be read.
_MIN_OPACITY: Final = 0.1


@dataclass
class _Node:
    """An element of the parsed tree; text children are plain strings."""

    tag: str
    marks: str = ""
    hidden: bool = False
    # A <details> element without "open": only its <summary> shows.
    closed: bool = False
    classes: tuple[str, ...] = ()
    children: list[_Node | str] = field(default_factory=list)


def hides(style: str) -> bool:
    """Tell whether a CSS declaration list makes an element's text invisible.

    Example:
        >>> hides("color: red; Display : NONE !important"), hides("font-size:0px")
        (True, True)
        >>> hides("display:/**/none"), hides("color:#fff; background: #FFF")
        (True, True)
        >>> hides("font-size: 10px; width: 100%; width: auto; color: #fff")
        False
    """
    declarations = [_declaration(text) for text in _without_comments(style).split(";")]
    if any(_hiding(name, words) for name, words in declarations):
        return True
    # Text in the colour of its own background.
    colours = {name: " ".join(words) for name, words in declarations if words}
    colour = colours.get("color")
    return colour is not None and colour in (
        colours.get("background-color"),
        colours.get("background"),
    )


def _without_comments(css: str) -> str:
    """Drop ``/* … */`` comments: "display:/**/none" hides like "display:none"."""
    out: list[str] = []
    at = 0
    while (start := css.find("/*", at)) >= 0:
        out.append(css[at:start])
        end = css.find("*/", start + 2)
        if end < 0:
            return "".join(out)
        at = end + 2
    out.append(css[at:])
    return " ".join(out)


def _declaration(text: str) -> tuple[str, list[str]]:
    name, _, value = text.partition(":")
    words = value.lower().replace("!important", " ").replace("/", " ").split()
    return name.strip().lower(), words


# Font sizes below these read as no text at all.
_MIN_FONT_SIZE: Final = {"px": 1.0, "pt": 1.0, "em": 0.1, "rem": 0.1, "%": 10.0, "": 1.0}


def _hiding(name: str, words: list[str]) -> bool:
    """Whether one declaration ("display", ["none"]) hides the element's text."""
    if not words:
        return False
    first = words[0]
    keyword = {
        "display": ("none",),
        "visibility": ("hidden", "collapse"),
        "mso-hide": ("all",),
        "color": ("transparent",),
        "content-visibility": ("hidden",),
    }
    if first in keyword.get(name, ()):
        return True
    if name == "font-size":
        size = _number(first)
        return size is not None and size[0] < _MIN_FONT_SIZE.get(size[1], 0.0)
    if name in ("width", "height", "max-width", "max-height"):
        return _ZERO_RE.match(first) is not None
    if name == "font":
        return any(_ZERO_RE.match(word) for word in words[:3])
    if name == "opacity":
        value = _number(first)
        return value is not None and value[0] < _MIN_OPACITY
    if name in ("text-indent", "left", "top", "margin-left", "margin-top"):
        value = _number(first)
        return value is not None and value[0] <= -_OFF_SCREEN_PX and value[1] in ("px", "")
    joined = "".join(words)
    if name == "transform":
        return "scale(0)" in joined or "scale(0," in joined
    if name == "clip":
        return joined.startswith("rect(0")
    if name == "clip-path":
        return joined.startswith(("inset(50%", "circle(0"))
    return False


def _number(word: str) -> tuple[float, str] | None:
    match = _NUMBER_RE.match(word)
    if match is None:
        return None
    return float(match.group(1)), match.group(2)


def _hidden_by_attributes(attrs: Mapping[str, str]) -> bool:
    if "hidden" in attrs:
        return True
    if attrs.get("aria-hidden", "").strip().lower() == "true" and hides(attrs.get("style", "")):
        return True
    for name in ("width", "height"):
        value = attrs.get(name)
        if value is not None and _ZERO_RE.match(value.strip().lower()):
            return True
    return hides(attrs.get("style", ""))


class _TreeBuilder:
    """A parser target for lxml: builds a forgiving element tree from the events."""

    def __init__(self) -> None:
        self.root = _Node("root")
        self._stack: list[_Node] = [self.root]
        self.styles: list[str] = []

    def start(self, tag: object, attrib: Mapping[str, str]) -> None:
        name = tag.lower() if isinstance(tag, str) else ""
        node = _Node(name)
        if attrib:
            attrs = {str(k).lower(): str(v) for k, v in attrib.items()}
            node.classes = (
                *attrs.get("class", "").lower().split(),
                *(f"#{value}" for value in attrs.get("id", "").lower().split()),
            )
            node.marks = " ".join(attrs[key].lower() for key in ("class", "id") if key in attrs)
            node.hidden = _hidden_by_attributes(attrs)
        node.closed = name == "details" and "open" not in (attrib or {})
        if name == "blockquote":
            node.marks += " blockquote"
        self._stack[-1].children.append(node)
        self._stack.append(node)

    def end(self, tag: object) -> None:
        name = tag.lower() if isinstance(tag, str) else ""
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == name:
                del self._stack[depth:]
                return

    def data(self, data: str) -> None:
        top = self._stack[-1]
        if top.tag == "style":
            self.styles.append(data)
        top.children.append(data)

    def comment(self, text: str) -> None:
        # Outlook wraps its CSS in <!-- --> inside <style>; keep it for the hiding rules.
        if self._stack[-1].tag == "style":
            self.styles.append(text)

    def close(self) -> _Node:
        return self.root


def _hidden_names(styles: list[str]) -> frozenset[str]:
    """Classes (``name``), ids (``#name``) and tags (``<name>``) that a top-level
    ``<style>`` rule hides.

    Rules inside ``@media`` blocks are not read (they hide on some screens only).

    Example:
        >>> sorted(_hidden_names([".a, div #b { display:none } p { color: red }"]))
        ['#b', 'a']
    """
    css = "".join(styles)[:_MAX_STYLE_CHARS]
    names: set[str] = set()
    depth = 0
    start = 0
    opened = 0
    for brace in _CSS_BRACE_RE.finditer(css):
        at = brace.start()
        if brace.group(0) == "{":
            if depth == 0:
                opened = at
            depth += 1
            continue
        if depth == 0:
            start = at + 1
            continue
        depth -= 1
        if depth > 0:
            continue
        selectors = css[start:opened]
        declarations = css[opened + 1 : at]
        start = at + 1
        if "@" in selectors or "{" in declarations or not hides(declarations):
            continue
        for selector in selectors.split(","):
            parts = selector.split()
            if parts:
                names.update(_selector_names(parts[-1].lower()))
    return frozenset(names)


def _selector_names(simple: str) -> set[str]:
    """What a selector's last part names: "div.x#y" → {"x", "#y"}; "span" → {"<span>"}."""
    found = {
        ("#" if m.group(1) == "#" else "") + m.group(2)
        for m in _CSS_NAME_RE.finditer(simple)
        if m.group(1)
    }
    if not found:
        tag = _CSS_NAME_RE.match(simple)
        if tag is not None and tag.group(0) == simple:
            found.add(f"<{simple}>")
    return found


def _parse(html: str) -> tuple[_Node, frozenset[str]]:
    builder = _TreeBuilder()
    parser = etree.HTMLParser(
        target=builder,
        encoding="utf-8",
        recover=True,
        no_network=True,
        huge_tree=True,
        remove_blank_text=False,
    )
    data = html.encode("utf-8", errors="replace")
    if data.strip():
        try:
            parser.feed(data)
            parser.close()
        except etree.LxmlError:
            # libxml2 recovers from broken markup; what it built so far is the text.
            pass
    return builder.root, _hidden_names(builder.styles)


def html_to_text(html: str, *, drop_quotes: bool = True) -> str:
    """Render an HTML body as text, leaving quoted history out unless told not to.

    Hidden elements are always left out.

    Example:
        >>> html_to_text("<p>Yes.</p><blockquote>Hire?</blockquote>", drop_quotes=False)
        'Yes.\\n\\nHire?'
    """
    root, hidden_names = _parse(html)
    parts: list[str] = []
    _render(root, parts, drop_quotes=drop_quotes, hidden_names=hidden_names)
    lines: list[str] = []
    for raw in "".join(parts).split("\n"):
        line = _collapse(raw).strip()
        # At most one blank line in a row.
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def _collapse(text: str) -> str:
    """Turn every run of HTML white space into one space.

    Example:
        >>> _collapse(" a \\t\\n b\\u00a0 ")
        ' a b '
    """
    spaced = text.translate(_SPACES)
    if "  " not in spaced:
        return spaced
    words = [word for word in spaced.split(" ") if word]
    lead = " " if spaced.startswith(" ") else ""
    tail = " " if spaced.endswith(" ") and words else ""
    return lead + " ".join(words) + tail


def _leading_text(node: _Node) -> str:
    """The first words of a node's text (enough to look for a forward marker)."""
    pieces: list[str] = []
    size = 0
    visited = 0
    stack: list[_Node | str] = [node]
    while stack and size < _FORWARD_PREFIX_CHARS * 4 and visited < _FORWARD_SCAN_NODES:
        item = stack.pop()
        visited += 1
        if isinstance(item, str):
            pieces.append(item[: _FORWARD_PREFIX_CHARS * 4])
            size += len(pieces[-1])
        else:
            stack.extend(reversed(item.children))
    return "".join(pieces)


def _is_forward(node: _Node) -> bool:
    first_line = _collapse(_leading_text(node)).strip()[:_FORWARD_PREFIX_CHARS]
    return bool(FORWARD_RE.match(first_line.split(" From")[0].split(" Von")[0]))


# What the renderer still has to do: render a node's children, or emit a string.
_Task = tuple[_Node, bool] | str


def _render(
    root: _Node, parts: list[str], *, drop_quotes: bool, hidden_names: frozenset[str]
) -> None:
    stack: list[_Task] = [(root, False)]
    while stack:
        task = stack.pop()
        if isinstance(task, str):
            parts.append(task)
            continue
        node, in_pre = task
        todo: list[_Task] = []
        for child in node.children:
            if node.closed and (isinstance(child, str) or child.tag != "summary"):
                continue
            if isinstance(child, str):
                todo.append(child if in_pre else _collapse(child))
                continue
            todo.extend(
                _render_element(child, in_pre, drop_quotes=drop_quotes, hidden=hidden_names)
            )
        stack.extend(reversed(todo))


def _render_element(
    child: _Node, in_pre: bool, *, drop_quotes: bool, hidden: frozenset[str]
) -> list[_Task]:
    """What one element becomes: text to emit and children still to render."""
    tag = child.tag
    if tag in _SKIPPED_TAGS or child.hidden:
        return []
    if hidden and (f"<{tag}>" in hidden or any(c in hidden for c in child.classes)):
        return []
    if tag == "br":
        return ["\n"]
    if tag == "hr":
        return [f"\n{CUT_RULE}\n"]
    marks = child.marks if drop_quotes else ""
    if marks and any(mark in marks for mark in _CUT_MARKS):
        return [f"\n{CUT_RULE}\n"]
    if marks and any(mark in marks for mark in _SIGNATURE_MARKS):
        return []
    quoted = bool(marks) and any(mark in marks for mark in (*_QUOTE_MARKS, "blockquote"))
    if quoted and not _is_forward(child):
        return ["\n"]
    inner: _Task = (child, in_pre or tag == "pre")
    if tag in _BLOCK_TAGS:
        return ["\n", inner, "\n"]
    if tag in ("td", "th"):
        return [inner, " "]
    return [inner]
