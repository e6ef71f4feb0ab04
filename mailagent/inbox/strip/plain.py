"""Quote and signature stripping for plain-text mail bodies.

The visible text is what the sender wrote themselves.  The body is read top to
bottom, line by line.  Quoted history ends the new text in one of two ways:

* An attribution or header block ("On … wrote:", an Outlook "From:/Sent:" block,
  "-----Original Message-----", a rule such as "_____" or "-----" above a header
  block) followed by *unquoted* history: everything from the header on is history,
  so the text is cut there.
* Lines prefixed with ">" (optionally introduced by an attribution line): only that
  block is dropped and reading goes on, so answers written between quoted questions
  are kept.

Forwards.  A forwarded message was written by someone else, so it is never read as
the sender's words:

* A comment above a forward ("Agree with Priya, see below" over "---------- Forwarded
  message ---------") is kept, and the forward is cut with everything after it.
* A pure forward (nothing written above the marker, or only a signature) says
  nothing: the visible text is empty, exactly as for a reply that is only a quote.
  The forwarded message stays in the stored raw mail; it is not the sender's verdict.
* A forward quoted with ">" (Apple Mail's "Begin forwarded message:" over a quoted
  block) is one quoted block: text the sender wrote below it is theirs again.
* Outlook writes a forward with the same header block as a reply, so a forward with
  nothing above it reads as a reply with nothing above the quote: empty.

Covered clients and languages (:mod:`.patterns` holds the words):

* Forward lines: Gmail ("---------- Forwarded message ---------") and Thunderbird
  ("-------- Forwarded Message --------") in en, de, fr, es, it, nl, pt, sv, da, nb,
  fi, pl, ru, ja, zh (simplified and traditional); Apple Mail ("Begin forwarded
  message:") in the same languages; Sparrow ("Forwarded message:"); mutt ("-----
  Forwarded message from … -----"); aerc ("Forwarded message from … on …:").
* Outlook header blocks (From/Sent/To/Cc/Subject, and Date for Outlook for Mac and
  Gmail) in en, de, fr, es, it, nl, pt-BR, pt-PT, sv, da, nb, fi, pl, ru, ja, zh-CN,
  zh-TW; Thunderbird's table, which opens with "Subject:"; any language's block
  under a rule, when one field name is known and the block carries an address or a
  date; "-----Original Message-----" in 14 of those languages.
* Attribution lines of Gmail, Apple Mail and Thunderbird in all of those languages,
  including the ones without a verb (Gmail's Russian and Japanese "…, Name <addr>:",
  Mail.ru's "… от Name <addr>:"), Apple Mail's Japanese "…のメール:" and Polish
  "Wiadomość napisana przez …", Thunderbird's Russian "пишет" and Polish "pisze".

Signatures are cut at "-- ", at an underscore rule, at a mobile sign-off ("Sent from
my iPhone") and, when the message ends with one, at a formal closing followed by a
few short lines ("Regards,\\nName\\nTitle").

Example:
    >>> strip_plain("Not a good fit.\\n\\nOn Tue, 3 Jun 2025 at 10:02, Ann "
    ...             "<ann@example.com> wrote:\\n> Could you say why?\\n")
    'Not a good fit.'
"""

from __future__ import annotations

from typing import Final

from mailagent.inbox.strip.linear import linear
from mailagent.inbox.strip.patterns import (
    DATE_HINT_RE,
    EMAIL_RE,
    FOOTER_RULE_RE,
    FORWARD_FROM_RE,
    FORWARD_RE,
    HEADER_HINT_RE,
    INTRO_RE,
    LEADING_DATE_RE,
    MOBILE_SIGNATURE_RE,
    ORIGINAL_MESSAGE_RE,
    SEPARATOR_RE,
    SIG_DELIMITER_RE,
    SPECIAL_LINE_RE,
    VALEDICTION_RE,
    header_key,
    wrote_verb,
)

# An attribution line is at most this long once its wrapped parts are joined.
_MAX_HEADER_CHARS: Final = 400
# A signature after a closing ("Regards,") has at most this many short lines.
_MAX_SIGNATURE_LINES: Final = 6
_MAX_SIGNATURE_LINE_CHARS: Final = 60
# "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" shares one line.
# (With Python's re this pattern took cubic time on "x On 1 " * 1000; RE2 is linear.)
_SHARED_LINE_RE: Final = linear(
    r"^(?P<reply>.*?\S)(?:\s*-{2,}\s*|\s+)(?P<header>On\s.*\d.*\bwrote:)\s*$"
)
# Inline links and bracketed URLs are left out before a line is read as a mobile sign-off.
_LINKS_RE: Final = linear(r"<[^>]*>|\([^)]*https?:[^)]*\)")
# A mobile sign-off ("Sent from my iPhone", a name after it) is shorter than this.
_MAX_MOBILE_SIGNATURE_CHARS: Final = 200
# How many lines after the first field an Outlook header block may run on.
_MAX_HEADER_BLOCK_LINES: Final = 30
# A field line in any language: "Feladó: Ann <ann@example.com>", "*Kopia:* Bo".
_ANY_FIELD_RE: Final = linear(r"^\s*\*?\s*\pL[\pL .'()-]{0,30}\*?\s*[:：]\s*\S")
# Below a rule, this many lines are read for a header block, of which this many fields.
_RULE_LOOKAHEAD_LINES: Final = 8
_RULE_MIN_FIELDS: Final = 3


def strip_plain(text: str) -> str:
    """Return the new text of a plain-text reply, without quotes and signature.

    Example:
        >>> strip_plain("Yes, hire her.\\n\\n-- \\nDana Reyes\\nHead of Data")
        'Yes, hire her.'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = _drop_quotes(lines)
    kept = _drop_closing_signature(kept)
    return "\n".join(line.rstrip() for line in kept).strip("\n").rstrip()


def _quote_depth(line: str) -> int:
    """Count the ">" markers that open a line, ignoring spaces between them."""
    depth = 0
    for char in line.lstrip():
        if char == ">":
            depth += 1
        elif char not in " \t":
            break
    return depth


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _is_blank(line: str) -> bool:
    return not line.strip()


def _is_continuation(line: str, previous: str) -> bool:
    """Tell whether an unquoted line between quoted lines is a wrapped quoted line.

    Clients that re-wrap quoted text leave the tail of a long line without its ">"
    ("> … pharetra d" / "ignissim odio?" / ">").  Such a tail starts in lower case,
    with a space or with punctuation; an answer written between quotes usually
    starts a sentence.
    """
    first = line[0]
    if first.islower() or first.isspace() or not (first.isalnum() or first in "\"'"):
        return True
    return len(previous.strip()) >= 70 and not line.rstrip().endswith((".", "?", "!"))


def _quote_block_end(lines: list[str], start: int) -> int:
    """Return the index just after the quoted block that starts at ``start``."""
    i = start
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_quoted(line):
            i += 1
            continue
        if _is_blank(line):
            j = i
            while j < n and _is_blank(lines[j]):
                j += 1
            if j < n and _is_quoted(lines[j]):
                i = j
                continue
            break
        if (
            i > start
            and i + 1 < n
            and _is_quoted(lines[i + 1])
            and _is_continuation(line, lines[i - 1])
        ):
            i += 1
            continue
        break
    return i


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    return i


def _attribution_length(lines: list[str], i: int) -> int:
    """Return how many lines an "On … wrote:" style attribution at ``i`` spans, or 0.

    Clients wrap long attributions, so up to three lines (five when the first line
    opens with an intro word such as "On" or "Le") are joined and tested together.
    """
    first = lines[i].strip()
    if not first or _is_quoted(lines[i]):
        return 0
    bare = first.lstrip("-* ")
    intro = bool(INTRO_RE.match(bare))
    dashed = first.startswith("--")
    # The first line must already look like part of a header, so that ordinary
    # prose is never joined with the attribution below it.
    if not (intro or dashed or HEADER_HINT_RE.search(first)):
        return 0
    limit = 5 if intro else 3
    joined = ""
    previous = ""
    for span in range(1, limit + 1):
        if i + span > len(lines):
            break
        part = lines[i + span - 1].strip()
        if not part and not intro:
            break
        if span > 1 and _ends_prose(previous):
            # "On the R2: she could not define an SLO." is a sentence, not the start of
            # the "On Mon, … wrote:" line below it.
            break
        if part:
            previous = part
        # A wrapped tail such as ">:" or "> wrote:" can look like a quoted line.
        if span > 1 and _is_quoted(part) and len(part) > 12 and not wrote_verb(part):
            break
        joined = f"{joined} {part}".strip()
        if len(joined) > _MAX_HEADER_CHARS:
            break
        if _looks_like_attribution(joined, bare):
            return span
        if part.endswith(":") and span > 1:
            break
    return 0


def _ends_prose(line: str) -> bool:
    """A line that ends a sentence and holds no date or address cannot open a header."""
    return line.endswith((".", "!", "?")) and not (
        DATE_HINT_RE.search(line) or EMAIL_RE.search(line)
    )


def _looks_like_attribution(joined: str, bare_first: str) -> bool:
    """Judge a joined candidate such as "Le 15 nov. 2021 à 19:42, Jo <jo@x.fr> a écrit :"."""
    tail = joined.rstrip(" -*")
    has_hint = bool(DATE_HINT_RE.search(joined) or EMAIL_RE.search(joined))
    dashed = joined.startswith("--")
    wrote = wrote_verb(joined)
    if wrote is not None:
        ends_header = tail.endswith((":", "：")) or tail.endswith(wrote)
        if ends_header and (has_hint or dashed or INTRO_RE.match(bare_first)):
            # "sent" alone is an ordinary word; require an address with it.
            return wrote.lower() != "sent" or bool(EMAIL_RE.search(joined))
        return False
    # Attributions without a verb: "2017-11-24 16:32 GMT+01:00 Jo <jo@x.com>:" or
    # "ср, 30 апр. 2025 г. в 15:19, John Doe <doe@example.com>:".
    return (
        (tail.endswith(">:") or tail.endswith(">):") or tail.endswith(") :"))
        and bool(DATE_HINT_RE.search(joined))
        and bool(EMAIL_RE.search(joined))
    )


def _header_block_length(lines: list[str], i: int, cache: dict[int, str | None]) -> int:
    """Return the span of an Outlook-style "From:/Sent:/To:/Subject:" block at ``i``, or 0.

    The block needs a first field that names the sender or the date and at least one
    more, different field within the next few lines; wrapped values and blank lines
    between fields are allowed.
    """
    first = _header_key(lines, i, cache)
    if first is None:
        return 0
    keys = {first}
    end = i + 1
    j = i + 1
    # A run of header-like lines is read once, not once per line: the block is short.
    last = min(len(lines), i + _MAX_HEADER_BLOCK_LINES)
    while j < last and j <= end + 3:
        key = _header_key(lines, j, cache)
        if key is not None:
            keys.add(key)
            end = j + 1
        j += 1
    # "From:"/"Date:"/"Sent:" and one more field open Outlook's and Gmail's blocks;
    # Thunderbird's table opens with "Subject:" and names the sender further down.
    opens = first in ("from", "date", "sent")
    if len(keys) < 2 or not (opens or (len(keys) >= 3 and "from" in keys)):
        return 0
    # Real header values carry an address or a date; "Date: Tuesday works." does not.
    block = " ".join(lines[i:end])
    return end - i if EMAIL_RE.search(block) or DATE_HINT_RE.search(block) else 0


def _rule_above_header(lines: list[str], i: int) -> bool:
    """Tell a rule ("-----", "_____") that sits right above a quoted header block.

    Below a rule the field names need not be known ones: three or more "Name: value"
    lines, one of them a known field, with an address or a date among them, are the
    header of a quoted or forwarded message in any language.  (Without the rule above,
    :func:`_header_block_length` asks for known field names only.)
    """
    if not SEPARATOR_RE.match(lines[i]):
        return False
    j = _skip_blank(lines, i + 1)
    if j >= len(lines) or not _ANY_FIELD_RE.match(lines[j]):
        return False
    window = lines[j : j + _RULE_LOOKAHEAD_LINES]
    fields = [line for line in window if _ANY_FIELD_RE.match(line)]
    if len(fields) < _RULE_MIN_FIELDS or not any(header_key(line) for line in fields):
        return False
    block = " ".join(fields)
    return bool(EMAIL_RE.search(block) or DATE_HINT_RE.search(block))


def _is_forward_marker(line: str) -> bool:
    """Tell the line a client puts above a forwarded message (see ``FORWARD_RE``)."""
    return bool(FORWARD_RE.match(line) or FORWARD_FROM_RE.match(line))


def _header_key(lines: list[str], i: int, cache: dict[int, str | None]) -> str | None:
    """The header field line ``i`` starts, read once per line however often asked."""
    if i not in cache:
        line = lines[i]
        cache[i] = header_key(line) if ":" in line or "：" in line else None
    return cache[i]


def _drop_quotes(lines: list[str]) -> list[str]:
    """Walk the lines, dropping quoted blocks and cutting at unquoted history."""
    out: list[str] = []
    fields: dict[int, str | None] = {}
    i = 0
    n = len(lines)
    in_fence = False
    while i < n:
        line = lines[i]
        stripped = line.strip()
        fence = line.lstrip().startswith("```")
        if fence or in_fence:
            # Code between ``` fences is content, whatever it looks like.
            in_fence ^= fence
            out.append(line)
            i += 1
            continue
        if _is_ordinary(stripped):
            out.append(line)
            i += 1
            continue
        if _is_forward_marker(line):
            # A forward the sender wrote above: their words end here.  A forward quoted
            # with ">" (Apple Mail) is one block, and text below it is theirs again.
            j = _skip_blank(lines, i + 1)
            if j < n and _is_quoted(lines[j]):
                i = _skip_blank(lines, _quote_block_end(lines, j))
                continue
            _trim_separators(out)
            break
        if _is_quoted(line):
            if _is_lone_marker_line(lines, i):
                out.append(line)
                i += 1
                continue
            i = _skip_blank(lines, _quote_block_end(lines, i))
            continue
        shared = _SHARED_LINE_RE.match(stripped) if "wrote:" in stripped else None
        if shared and wrote_verb(shared.group("header")):
            out.append(shared.group("reply"))
            i += 1
            continue
        if _is_cut_line(stripped):
            _trim_separators(out)
            break
        span = _attribution_length(lines, i) or _date_line_above_quote(lines, i)
        if span:
            j = _skip_blank(lines, i + span)
            if j < n and _is_quoted(lines[j]):
                i = _skip_blank(lines, _quote_block_end(lines, j))
                continue
            _trim_separators(out)
            break
        if (
            ORIGINAL_MESSAGE_RE.match(line)
            or _header_block_length(lines, i, fields)
            or _rule_above_header(lines, i)
        ):
            _trim_separators(out)
            break
        out.append(line)
        i += 1
    return out


# Characters that some line rule looks for: header fields, addresses, links, rules,
# fences; a line holding one of them takes the full walk.
_SPECIAL_CHARS: Final = (":", "：", "@", "<", "(", "_", "`")


def _is_ordinary(stripped: str) -> bool:
    """Tell a line that no rule of :func:`_drop_quotes` can take for more than text.

    Such a line does not open with a quote marker, a dash, a star or a digit, holds none
    of :data:`_SPECIAL_CHARS`, and :data:`SPECIAL_LINE_RE` (every line pattern in one)
    finds nothing in it.

    Example:
        >>> _is_ordinary("Strong on SQL, weak on Kafka."), _is_ordinary("Regards,")
        (True, True)
        >>> _is_ordinary("On Mon, 3 Jun 2025 Ann wrote"), _is_ordinary("Sent from my iPhone")
        (False, False)
    """
    if not stripped or stripped[0] in "->*" or stripped[0].isdigit():
        return False
    if any(char in stripped for char in _SPECIAL_CHARS):
        return False
    return SPECIAL_LINE_RE.search(stripped) is None


def _is_cut_line(stripped: str) -> bool:
    """Tell whether a line starts a signature or footer that ends the new text."""
    if stripped.startswith("--") and SIG_DELIMITER_RE.match(stripped):
        return True
    if stripped.startswith("__") and FOOTER_RULE_RE.match(stripped):
        return True
    # (Cheap tests first: these run on every line of every reply.)
    has_link = "<" in stripped or "(" in stripped
    without_links = _LINKS_RE.sub("", stripped).strip() if has_link else stripped
    if len(without_links) > _MAX_MOBILE_SIGNATURE_CHARS:
        return False
    return bool(MOBILE_SIGNATURE_RE.match(without_links))


def _date_line_above_quote(lines: list[str], i: int) -> int:
    """Match "2011/4/7 Nathan <nathan@example.com>" directly above a quoted block."""
    line = lines[i]
    if not line.lstrip()[:1].isdigit():
        return 0
    if not (LEADING_DATE_RE.match(line) and EMAIL_RE.search(line)):
        return 0
    j = _skip_blank(lines, i + 1)
    return 1 if j < len(lines) and _is_quoted(lines[j]) else 0


def _is_lone_marker_line(lines: list[str], i: int) -> bool:
    """Tell a ">>> banner <<<" line inside prose from a real quote.

    A single line quoted two or more levels deep, with unquoted text directly above
    and below it, cannot be a quote: nested quotes sit inside shallower ones.
    """
    if _quote_depth(lines[i]) < 2 or i == 0 or i + 1 >= len(lines):
        return False
    above, below = lines[i - 1], lines[i + 1]
    return not (_is_blank(above) or _is_blank(below) or _is_quoted(above) or _is_quoted(below))


def _trim_separators(out: list[str]) -> None:
    """Drop blank lines and rules ("-----", "====") left just above a cut."""
    while out and (_is_blank(out[-1]) or SEPARATOR_RE.match(out[-1])):
        out.pop()


def _drop_closing_signature(lines: list[str]) -> list[str]:
    """Remove a trailing "Regards,\\n\\nName\\nTitle" block, if the text ends with one."""
    content = [k for k, line in enumerate(lines) if not _is_blank(line)]
    # Only a closing among the last few lines can open a signature.
    first = max(1, len(content) - _MAX_SIGNATURE_LINES - 1)
    for position in range(first, len(content)):
        k = content[position]
        if not VALEDICTION_RE.match(lines[k].strip()):
            continue
        rest = content[position + 1 :]
        if all(len(lines[r].strip()) <= _MAX_SIGNATURE_LINE_CHARS for r in rest):
            kept = lines[:k]
            _trim_separators(kept)
            return kept
    return lines
