"""The new text of an email reply, without quoted history, signature or hidden text.

This is what mailagent reads from a hiring manager's reply.  Plain text is preferred;
HTML is converted (quoted and hidden elements left out) only when there is no plain
part.  The rules live in :mod:`.plain` (line structure), :mod:`.html` (HTML markers,
hidden elements) and :mod:`.patterns` (multilingual lexicons); every pattern is compiled
by :mod:`.linear` (RE2), so the time taken grows linearly with the text, and no stage
reads more than :data:`MAX_VISIBLE_CHARS` of it (the raw message stays whole in the
database).

Example:
    >>> visible_text("Not a good fit.\\n\\nOn Tue, 3 Jun 2025 at 10:02, mailagent "
    ...              "<feedback+abc@hire.example> wrote:\\n> Could you say more?\\n")
    'Not a good fit.'
"""

from __future__ import annotations

from typing import Final

from mailagent.inbox.strip.html import html_to_text
from mailagent.inbox.strip.plain import strip_plain

__all__ = ["MAX_VISIBLE_CHARS", "html_to_text", "strip_plain", "visible_text"]

# The most text any stage reads of one message: the first 64 KiB characters of its
# visible part (text/plain, or the text of its HTML).  No hiring manager writes more
# in a reply; a hostile sender gets no further.  The HTML source is read up to
# 4 times as much, since markup and styles outweigh the text they carry.
MAX_VISIBLE_CHARS: Final = 64 * 1024
_MAX_HTML_CHARS: Final = 4 * MAX_VISIBLE_CHARS


def visible_text(text_plain: str | None, text_html: str | None = None) -> str:
    """The new text of a reply: what the sender wrote, without quoted history, reply
    headers ("On … wrote:", Outlook "From:/Sent:" blocks, "-----Original Message-----",
    non-English equivalents), forwarded messages (a comment above a forward is kept; a
    pure forward, like a reply that is only a quote, gives "") or signature ("-- ",
    "Sent from my iPhone", "Regards,\\nName" style sign-offs when clearly a signature).
    :mod:`.plain` says which clients and languages are covered. Inline answers
    interleaved with quoted lines are kept. When text_plain is empty/None, convert HTML
    to text first (dropping blockquotes / gmail_quote / divRplyFwdMsg / moz-cite-prefix /
    yahoo_quoted / OutlookMessageHeader parts, and every element CSS or the ``hidden``
    attribute hides). NUL characters are left out.

    Example:
        >>> visible_text(None, "<div>Hire.</div><blockquote>Verdict?</blockquote>")
        'Hire.'
        >>> visible_text("> Strengths?\\nSQL, clear writing.\\n> Concerns?\\nNone.")
        'SQL, clear writing.\\nNone.'
    """
    # NUL is no visible character, and PostgreSQL cannot store it in a text column.
    if text_plain and text_plain.strip():
        return strip_plain(text_plain[:MAX_VISIBLE_CHARS].replace("\x00", ""))
    if text_html and text_html.strip():
        text = html_to_text(text_html[:_MAX_HTML_CHARS].replace("\x00", ""))
        return strip_plain(text[:MAX_VISIBLE_CHARS])
    return ""
