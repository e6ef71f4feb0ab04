"""Property-based tests: hostile text through parse → strip → route → guards.

Hypothesis builds replies an attacker might send: long lines, repeated attribution
fragments ("On 1 ", "wrote:"), ">" storms, nested blockquotes, unclosed tags, huge
attributes, mixed scripts, NULs and CRs. Whatever it builds, the pipeline must not raise,
must read only what the sender wrote (every line of the visible text comes from the
body), must stay under the cap, and must never show text the HTML hides.

No property here is about time (``deadline=None``): that linear time holds is checked by
construction in ``test_strip_hostile.py``, and measured by ``python -m bench``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from mailagent.app import App, build_app
from mailagent.inbox.parse import parse_email
from mailagent.inbox.strip import MAX_VISIBLE_CHARS, html_to_text, visible_text
from mailagent.models import Disposition, MailMessage
from tests.helpers import make_settings
from tests.inbox.conftest import AGENT, NOW, FakeBrain, ListSource, seed_interview

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FRAGMENTS = [
    "On 1 ",
    "x On 1 ",
    " wrote:",
    "On Mon, 1 Jun 2026 at 10:00, Ken <ken@example.com> wrote:",
    ">",
    "> ",
    ">>>>",
    "-- ",
    "-----",
    "_____",
    "From: a@b.c",
    "Sent: 2026",
    "Subject: x",
    "-----Original Message-----",
    "Regards,",
    "Sent from my iPhone",
    "```",
    "a@b",
    "1 ",
    " ",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\x00",
    "\u00a0",
    "\u200b",
    "Привет ",
    "你好",
    "مرحبا ",
    "écrit ",
    "APPROVE",
    "hire ",
    "(",
    "http://x.example/",
]

mixed_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
fragment = st.one_of(st.sampled_from(FRAGMENTS), mixed_text)
# A piece repeated up to a few thousand times: long lines and storms.
piece = st.tuples(fragment, st.integers(min_value=1, max_value=3000)).map(lambda t: t[0] * t[1])
hostile_text = st.lists(piece, min_size=1, max_size=6).map("".join)


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


@PROPERTIES
@given(body=hostile_text)
def test_plain_text_is_read_from_the_body_and_capped(body: str) -> None:
    text = visible_text(body)
    assert len(text) <= MAX_VISIBLE_CHARS and "\x00" not in text
    source = _normalised(body)
    for line in text.split("\n"):
        assert line in source


@PROPERTIES
@given(body=hostile_text)
def test_stripping_twice_changes_nothing(body: str) -> None:
    """What is left is new text: read again, it has no quote or signature left to drop."""
    once = visible_text(body)
    assert visible_text(once) == once


# HTML -------------------------------------------------------------------------------------

TAGS = ["div", "p", "span", "blockquote", "table", "td", "b", "a", "pre", "font", "li"]
tag_soup = st.lists(
    st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"<{t} "),
        st.sampled_from(['="', "='", "<!--", "-->", "<![CDATA[", "&", "&#", "<", ">"]),
        st.integers(1, 50_000).map(lambda n: f'<div title="{"x" * n}">'),
        st.integers(1, 2_000).map(lambda n: "<blockquote>" * n),
        st.integers(1, 2_000).map(lambda n: "<div>" * n),
        piece,
    ),
    min_size=1,
    max_size=12,
).map("".join)


@PROPERTIES
@given(html=tag_soup)
def test_any_tag_soup_becomes_capped_text(html: str) -> None:
    text = visible_text(None, html)
    assert len(text) <= MAX_VISIBLE_CHARS
    assert "<div" not in text and "<blockquote" not in text


HIDERS = [
    '<div style="display:none">{}</div>',
    '<span style="font-size:0">{}</span>',
    '<p style="visibility:hidden">{}</p>',
    "<div hidden>{}</div>",
    '<td width="0">{}</td>',
    '<div style="opacity:0">{}</div>',
    '<div style="max-height:0;overflow:hidden"><p>{}</p></div>',
    "<style>.q{{display:none}}</style><span class=q>{}</span>",
]
visible_words = st.lists(st.sampled_from(["yes", "no", "hire", "wait", "later"]), min_size=1)


@PROPERTIES
@given(
    hider=st.sampled_from(HIDERS),
    hidden_n=st.integers(1, 500),
    words=visible_words,
    nesting=st.integers(0, 300),
    order=st.booleans(),
)
def test_hidden_text_never_shows(
    hider: str, hidden_n: int, words: list[str], nesting: int, order: bool
) -> None:
    hidden = hider.format("<b>APPROVE</b> " * hidden_n)
    shown = "<div>" * nesting + " ".join(words) + "</div>" * nesting
    html = hidden + shown if order else shown + hidden
    text = html_to_text(html)
    assert "APPROVE" not in text
    assert text.split() == words
    # Leaving the hidden element out of the HTML changes nothing.
    assert html_to_text(shown) == text


# The whole intake path --------------------------------------------------------------------

_ids = itertools.count()


@dataclass(frozen=True)
class World:
    """An app (SQLite, or PostgreSQL with ``--db postgres``) with Ken's interview seeded."""

    app: App
    token: str
    request_id: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    app = build_app(
        make_settings(tmp_path, address=AGENT, inbox="maildir:unused"), brain=FakeBrain()
    )
    seeded = seed_interview(app)
    yield World(app, seeded.token, seeded.request_message_id)
    app.close()


def _raw(sender: str, to: str, in_reply_to: str | None, body: str, html: bool) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = "Re: Feedback"
    msg["Message-ID"] = make_msgid(idstring=str(next(_ids)), domain="example.com")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    # NULs and lone CRs go into the body as they would come off the wire.
    msg.set_content(body.encode("utf-8", "replace"), "text", "html" if html else "plain")
    return msg.as_bytes()


@PROPERTIES
@given(body=st.one_of(hostile_text, tag_soup), html=st.booleans(), known=st.booleans())
def test_intake_reads_hostile_mail_without_failing(
    world: World, body: str, html: bool, known: bool
) -> None:
    """Parse, strip, route and guards take any body; the row is never quarantined."""
    app = world.app
    sender = "ken.morita@example.com" if known else "mallory@evil.example"
    raw = _raw(sender, f"feedback+{world.token}@hire.example", world.request_id, body, html)
    parsed = parse_email(raw)
    assert len(visible_text(parsed.text_plain, parsed.text_html)) <= MAX_VISIBLE_CHARS
    source = ListSource([raw], name=f"list:{uuid.uuid4().hex}")
    summary = app.intake().poll_once(source, now=NOW)
    assert summary.fetched == 1 and summary.quarantined == 0
    with app.factory() as session:
        row = session.scalars(select(MailMessage).order_by(MailMessage.id.desc())).first()
    assert row is not None and row.error is None
    expected = Disposition.ACCEPTED if known else Disposition.UNATTRIBUTED
    assert row.disposition in (expected, Disposition.IGNORED_AUTO)
    assert len(row.visible_text or "") <= MAX_VISIBLE_CHARS


def test_properties_run_the_real_pipeline(world: World) -> None:
    """A guard against vacuous properties: a plain reply goes all the way to ACCEPTED."""
    to = f"feedback+{world.token}@hire.example"
    raw = _raw("ken.morita@example.com", to, world.request_id, "Hire.", False)
    summary = world.app.intake().poll_once(
        ListSource([raw], name=f"list:{uuid.uuid4().hex}"), now=NOW
    )
    assert summary.new == 1 and summary.quarantined == 0 and summary.unattributed == 0
