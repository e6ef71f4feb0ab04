"""The new text of an email reply, without quoted history or signature.

This is what mailagent reads from a hiring manager's reply.  Plain text is preferred;
HTML is converted (quoted elements left out) only when there is no plain part.  The
rules live in :mod:`mailagent.inbox.strip_text` (line structure),
:mod:`mailagent.inbox.strip_html` (HTML markers) and
:mod:`mailagent.inbox.strip_patterns` (multilingual lexicons).

Example:
    >>> visible_text("Not a good fit.\\n\\nOn Tue, 3 Jun 2025 at 10:02, mailagent "
    ...              "<feedback+abc@hire.example> wrote:\\n> Could you say more?\\n")
    'Not a good fit.'
"""

from __future__ import annotations

from mailagent.inbox.strip_html import html_to_text
from mailagent.inbox.strip_text import strip_plain

__all__ = ["visible_text"]


def visible_text(text_plain: str | None, text_html: str | None = None) -> str:
    """The new text of a reply: without quoted history, reply headers ("On … wrote:",
    Outlook "From:/Sent:" blocks, "-----Original Message-----", non-English
    equivalents) or signature ("-- ", "Sent from my iPhone", "Regards,\\nName" style
    sign-offs when clearly a signature). Inline answers interleaved with quoted lines
    are kept. When text_plain is empty/None, convert HTML to text first (stdlib
    html.parser; drop blockquotes / gmail_quote / divRplyFwdMsg / moz-cite-prefix /
    yahoo_quoted / OutlookMessageHeader parts).

    Example:
        >>> visible_text(None, "<div>Hire.</div><blockquote>Verdict?</blockquote>")
        'Hire.'
        >>> visible_text("> Strengths?\\nSQL, clear writing.\\n> Concerns?\\nNone.")
        'SQL, clear writing.\\nNone.'
    """
    if text_plain and text_plain.strip():
        return strip_plain(text_plain)
    if text_html and text_html.strip():
        return strip_plain(html_to_text(text_html))
    return ""
