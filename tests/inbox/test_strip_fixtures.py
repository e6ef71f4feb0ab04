"""``visible_text`` against the reply-parsing fixtures in ``../shared/fixtures``.

The fixtures come from other projects (see ``../shared/fixtures/SUMMARY.md`` and each
folder's MANIFEST.md); they are read where they are, never copied.  What "correct"
means differs per group, so each group is turned into checks here:

Exact expectations (``EXACT``; ``bench/strip.py`` scores the same set):

* email_reply_parser (GitHub): ``expected_visible_text`` (``parse_reply``).
* zapier-email-reply-parser: ``expected_visible_text`` of the files that are not
  byte-identical to a GitHub copy (identical inputs are counted once).
* crisp-email-reply-parser: ``expected_visible_text``, ``expected_parseReply``,
  ``visible_text_trimmed`` and ``first_fragment_trimmed`` (the manifest: "the new text
  is exactly that paragraph").  ``fragment_0_exact`` counts only for the top-posted
  fixtures in ``CRISP_FIRST_FRAGMENT_IS_REPLY``, where every later fragment is a quote
  header, quote or signature.  The fragment counts that the "tricky" tests use to
  lock in crisp's own limitations are not used at all.
* talon: ``standard_replies/*.eml`` (first text/plain part), ``extracted_plain/*`` and
  the HTML files (``html_replies``, ``extracted_html``, two top-level files), whose
  expected text is the text content of talon's expected HTML.
* quotequail: replies (and the one plain "quote") from ``cases_unwrap_text.json``,
  whose ``text_top`` is the new text; the intro-line-free new-text chunk of
  ``cases_quote_text.json`` and ``cases_quote_html.json`` for replies; ``html_top``
  of the reply files in ``files/``; ``cases_unwrap_html.json`` entries with nothing
  to unwrap (the whole message is new text).

Normalisation (``normalise``): plain-text groups compared exactly upstream, after
``strip()`` (GitHub, Zapier, crisp) or as is (talon).  Here both sides get CRLF turned
into LF, trailing spaces removed from every line, runs of blank lines collapsed to
one blank line and the whole text stripped, so "Hello \\n\\n" and "Hello" agree
but a missing or extra line, or a missing blank line between paragraphs, does not.
HTML groups were compared upstream with all whitespace removed (talon) or as lxml
markup (quotequail), so they are compared as text with all whitespace removed.

Skipped, with the reason in ``SKIPPED``: expectations that describe the upstream
library rather than correct visible text (talon's quote extractor keeps signatures,
talon keeps a blockquote that has no attribution, quotequail does not call a single
quoted line a quote), and crisp entries that only assert fragment counts.

Forwards: talon keeps a message's own forwarded content ("FYI" + forwarded mail),
quotequail splits it off.  mailagent follows quotequail (the visible text is what the
sender wrote, and a forwarded message was written by someone else; see
:mod:`mailagent.inbox.strip.plain`), so quotequail's forwards that carry a comment
(``text_top``) are exact cases in a group of their own, ``quotequail-forwards``, and
talon's "FYI" forward is skipped.

Partial expectations (``PARTIAL``): fragment regexes/substrings (a visible fragment
must appear, a hidden one - quote header, quote, signature - must not), Zapier's
``reply_contains`` / ``reply_not_contains``, single-fragment fixtures (the whole body
is visible), talon's signature bodies (the text before talon's signature survives)
and the talon message passed as a whole.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mailagent.inbox.strip import visible_text
from tests.shared import SHARED, shared_path

FIXTURES = SHARED / "fixtures"

CRISP_FIRST_FRAGMENT_IS_REPLY = frozenset(
    {"fixtures/email_3.txt", "fixtures/email_zoho.txt", "fixtures/email_with_regards.txt"}
)

SKIPPED: dict[str, str] = {
    "talon/standard_replies/iphone.eml": (
        "talon's extract_from_plain keeps the 'Sent from my iPhone' signature; "
        "visible_text strips it by contract (GitHub's email_iPhone expects that)"
    ),
    "talon/standard_replies/sparrow.eml": (
        "talon's extract_from_plain keeps the '-- ' signature; visible_text strips it"
    ),
    "talon/extracted_html/test_regular_blockquote.html": (
        "talon keeps a <blockquote> with no attribution above it; visible_text drops "
        "blockquotes by contract"
    ),
    "talon/extracted_html/test_gmail_quote_blockquote.html": (
        "talon keeps a blockquote.gmail_quote with no attribution; visible_text drops "
        "gmail_quote parts by contract"
    ),
    "talon/extracted_html/test_readable_html_empty.html": (
        "talon falls back to the whole message when everything is quoted; "
        "visible_text returns what is new, which is nothing"
    ),
    "talon/extracted_plain/test_dont_parse_quotations_for_forwarded_messages.txt": (
        "talon keeps the forwarded message below 'FYI' as new text; visible_text keeps "
        "what the sender wrote, 'FYI', by contract (quotequail's forwards agree)"
    ),
    "talon/reply-separated-by-hr.html": (
        "talon cuts the whole <div> holding the <hr>, so the 'Bob' line above the rule "
        "goes too; visible_text cuts at the rule and keeps that line"
    ),
    "quotequail/files/ios_mail_reply_unescaped_address.html": (
        "quotequail's html_top keeps the 'Sent from my iPhone' signature; visible_text "
        "strips it by contract"
    ),
    "quotequail/cases_unwrap_text.json[10]": (
        "quotequail needs two quoted lines before it unwraps anything; a single "
        "'> …' line is still quoted history for visible_text"
    ),
}


@dataclass(frozen=True)
class Case:
    """One fixture input with an exact expected visible text."""

    id: str
    text_plain: str | None
    text_html: str | None
    expected: str
    html: bool  # compare with all whitespace removed


@dataclass(frozen=True)
class Partial:
    """One fixture input with a partial expectation, checked by ``check``."""

    id: str
    text_plain: str | None
    text_html: str | None
    check: Callable[[str], str | None]  # returns a failure message or None


def normalise(text: str, *, html: bool = False) -> str:
    """Normalise a visible text for comparison, as the module docstring explains."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if html:
        return re.sub(r"\s+", "", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TextContent(HTMLParser):
    """Collect the text content of an expected HTML answer (head and style left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "style", "title", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "style", "title", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_content(html: str) -> str:
    parser = _TextContent()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _first_plain_part(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            content = part.get_content()
            assert isinstance(content, str)
            return content
    raise AssertionError(f"{path} has no text/plain part")


def _json(*parts: str) -> dict[str, object]:
    data = json.loads((FIXTURES.joinpath(*parts)).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _github_like(folder: str, skip_identical: bool) -> Iterator[Case]:
    data = _json(folder, "expected.json")
    identical = set(data.get("identical_to_github_copy", [])) if skip_identical else set()
    fixtures = data["fixtures"]
    assert isinstance(fixtures, dict)
    for name, entry in fixtures.items():
        if Path(name).name in identical or "expected_visible_text" not in entry:
            continue
        text = _read(FIXTURES / folder / name)
        yield Case(f"{folder}/{name}", text, None, entry["expected_visible_text"], False)


def _crisp() -> Iterator[Case]:
    fixtures = _json("crisp-email-reply-parser", "expected.json")["fixtures"]
    assert isinstance(fixtures, dict)
    for name, entry in fixtures.items():
        if "same_content_as" in entry:
            continue
        expected = None
        for key in (
            "expected_visible_text",
            "expected_parseReply",
            "visible_text_trimmed",
            "first_fragment_trimmed",
        ):
            if key in entry:
                expected = entry[key]
                break
        if expected is None and name in CRISP_FIRST_FRAGMENT_IS_REPLY:
            expected = entry["fragment_0_exact"]
        if expected is not None:
            text = _read(FIXTURES / "crisp-email-reply-parser" / name)
            yield Case(f"crisp-email-reply-parser/{name}", text, None, expected, False)


def _talon() -> Iterator[Case]:
    fixtures = _json("talon", "expected.json")["fixtures"]
    assert isinstance(fixtures, dict)
    for name, entry in fixtures.items():
        path = FIXTURES / "talon" / name
        case_id = f"talon/{name}"
        if name.startswith("standard_replies/"):
            yield Case(
                case_id, _first_plain_part(path), None, entry["expected_visible_text"], False
            )
        elif name.startswith("extracted_plain/"):
            yield Case(case_id, _read(path), None, entry["expected_visible_text"], False)
        elif name.startswith("html_replies/"):
            yield Case(case_id, None, _read(path), entry["expected_visible_text"], True)
        elif "expected_html_no_whitespace" in entry:
            expected = text_content(entry["expected_html_no_whitespace"])
            yield Case(case_id, None, _read(path), expected, True)


def _quotequail() -> Iterator[Case]:
    unwrap = _json("quotequail", "cases_unwrap_text.json")["cases"]
    assert isinstance(unwrap, list)
    for index, case in enumerate(unwrap):
        expected = case["expected"]
        case_id = f"quotequail/cases_unwrap_text.json[{index}]"
        if expected is None:
            yield Case(case_id, case["text"], None, case["text"], False)
        elif expected["type"] in ("reply", "quote"):
            new = expected.get("text_top", "")
            bottom = expected.get("text_bottom", "")
            if bottom and not bottom.startswith("--"):
                new = f"{new}\n\n{bottom}"
            yield Case(case_id, case["text"], None, new, False)
        elif expected["type"] == "forward":
            # The comment above a forward (none: a pure forward says nothing of the
            # sender's own); text below a ">"-quoted forward is the sender's again
            # (quotequail's text_bottom).
            new = expected.get("text_top") or ""
            bottom = expected.get("text_bottom")
            if bottom:
                new = f"{new}\n\n{bottom}"
            forward_id = f"quotequail-forwards/cases_unwrap_text.json[{index}]"
            yield Case(forward_id, case["text"], None, new, False)
    for source, key in (("cases_quote_text.json", "text"), ("cases_quote_html.json", "html")):
        cases = _json("quotequail", source)["cases"]
        assert isinstance(cases, list)
        for index, case in enumerate(cases):
            new = case["expected_quote_intro_line"][0][1]
            case_id = f"quotequail/{source}[{index}]"
            if _is_forward_case(case[key]):
                case_id = f"quotequail-forwards/{source}[{index}]"
            if key == "text":
                yield Case(case_id, case["text"], None, new, False)
            else:
                yield Case(case_id, None, case["html"], text_content(new), True)
    for index, case in enumerate(_json("quotequail", "cases_unwrap_html.json")["cases"]):  # type: ignore[arg-type]
        if case["expected"] is None:
            html = case["html"]
            yield Case(
                f"quotequail/cases_unwrap_html.json[{index}]", None, html, text_content(html), True
            )
    files = _json("quotequail", "expected.json")["fixtures"]
    assert isinstance(files, dict)
    for name, entry in files.items():
        expected = entry["unwrap_html_expected"]
        if expected.get("type") == "reply" and isinstance(expected.get("html_top"), str):
            html = _read(FIXTURES / "quotequail" / name)
            yield Case(f"quotequail/{name}", None, html, text_content(expected["html_top"]), True)


def _is_forward_case(text: str) -> bool:
    return bool(re.search(r"forwarded message|Begin forwarded", text, re.IGNORECASE))


def exact_cases() -> list[Case]:
    """Every fixture with an exact expected visible text, minus ``SKIPPED``; no duplicates."""
    if not FIXTURES.exists():
        return []
    seen: set[tuple[str | None, str | None]] = set()
    cases: list[Case] = []
    for case in (
        *_github_like("email_reply_parser", skip_identical=False),
        *_github_like("zapier-email-reply-parser", skip_identical=True),
        *_crisp(),
        *_talon(),
        *_quotequail(),
    ):
        key = (case.text_plain, case.text_html)
        if case.id in SKIPPED or key in seen:
            continue
        seen.add(key)
        cases.append(case)
    return cases


def skipped_cases() -> list[str]:
    return sorted(SKIPPED)


# Partial expectations ---------------------------------------------------------------


def _contains(needle: str) -> Callable[[str], str | None]:
    return lambda got: None if needle in got else f"expected to contain {needle!r}"


def _lacks(needle: str) -> Callable[[str], str | None]:
    return lambda got: f"expected not to contain {needle!r}" if needle in got else None


def _matches(pattern: str) -> Callable[[str], str | None]:
    # A fragment regex anchored with "^" matches the start of some visible line.
    regex = re.compile(pattern, re.MULTILINE)
    return lambda got: None if regex.search(got) else f"expected to match /{pattern}/"


def _avoids(pattern: str) -> Callable[[str], str | None]:
    regex = re.compile(pattern, re.MULTILINE)
    return lambda got: f"expected not to match /{pattern}/" if regex.search(got) else None


def _starts_with(prefix: str) -> Callable[[str], str | None]:
    want = normalise(prefix)
    return lambda got: None if normalise(got).startswith(want) else f"expected to start {want!r}"


def _is_whole(text: str) -> Callable[[str], str | None]:
    want = normalise(text)
    return lambda got: None if normalise(got) == want else "expected the whole body"


# Crisp's email_2 has GitHub email_1_2's text but no flags: fragment 2 is the answer
# below the quote, visible upstream (GitHub's ``hidden`` list says so).
VISIBLE_FRAGMENTS: dict[str, set[int]] = {"crisp-email-reply-parser/fixtures/email_2.txt": {2}}

# Partial checks that describe the upstream library, not visible text.
SKIPPED_PARTIAL: dict[str, str] = {
    "email_reply_parser/emails/email_1_3.txt#1": (
        "GitHub's parser takes any line starting '-<letter>' ('-Abhishek Kona') as a "
        "signature; crisp's email_3, the same reply, keeps it, and so does visible_text"
    ),
}


def _fragment_checks(
    entry: dict[str, object], visible: set[int]
) -> Iterator[Callable[[str], str | None]]:
    """Checks from fragment keys: visible fragments must appear, hidden ones must not.

    A quoted fragment is never new text (upstream shows the quote above a bottom-posted
    answer; visible_text does not).  Otherwise fragment 0 is visible, and a later
    fragment is visible only where a ``hidden`` list says so (in these top-posted
    fixtures the rest is a quote header, a quote or a signature).
    """
    hidden = entry.get("hidden")
    quoted = entry.get("quoted")
    hidden_flags = hidden if isinstance(hidden, list) else []
    quoted_flags = quoted if isinstance(quoted, list) else []

    def is_hidden(index: int) -> bool:
        if index < len(quoted_flags) and quoted_flags[index]:
            return True  # Quoted text is never new text, even where upstream shows it.
        if index in visible:
            return False
        return index > 0 and (index >= len(hidden_flags) or bool(hidden_flags[index]))

    regexes = entry.get("fragment_regex", {})
    assert isinstance(regexes, dict)
    for index, pattern in regexes.items():
        yield _avoids(pattern) if is_hidden(int(index)) else _matches(pattern)
    for key, value in entry.items():
        found = re.fullmatch(r"fragment_(\d+)_contains", key)
        if found and isinstance(value, str):
            yield _lacks(value) if is_hidden(int(found.group(1))) else _contains(value)
    for needle in entry.get("reply_contains", []):  # type: ignore[attr-defined]
        yield _contains(needle)
    for needle in entry.get("reply_not_contains", []):  # type: ignore[attr-defined]
        yield _lacks(needle)
    for needle in entry.get("quoted_part_regex", []):  # type: ignore[attr-defined]
        yield _lacks(needle)


# Crisp's "not a signature" test is about the dashed table; its closing
# "Sincerely,\nSuper Domain Name Manager" is a formal sign-off that visible_text
# strips, so the whole-body check stops before it.
WHOLE_BODY_EXCEPT = {
    "crisp-email-reply-parser/fixtures/email_not_a_signature.txt": (
        "Thank you for using our domain name services."
    ),
}


def partial_cases() -> list[Partial]:
    """Every fixture with a partial expectation (see the module docstring)."""
    if not FIXTURES.exists():
        return []
    partials: list[Partial] = []
    exact_ids = {case.id for case in exact_cases()}
    for folder in ("email_reply_parser", "zapier-email-reply-parser", "crisp-email-reply-parser"):
        fixtures = _json(folder, "expected.json")["fixtures"]
        assert isinstance(fixtures, dict)
        for name, entry in fixtures.items():
            case_id = f"{folder}/{name}"
            path = FIXTURES / folder / name
            if case_id in exact_ids or "same_content_as" in entry or "identical_file_in" in entry:
                continue
            text = _read(path)
            checks = list(_fragment_checks(entry, VISIBLE_FRAGMENTS.get(case_id, set())))
            if entry.get("fragment_count") == 1 and not entry.get("quoted", [False])[0]:
                until = WHOLE_BODY_EXCEPT.get(case_id)
                checks.append(
                    _starts_with(text[: text.index(until) + len(until)])
                    if until
                    else _is_whole(text)
                )
            if entry.get("some_fragment_is_signature"):
                checks.append(
                    lambda got, whole=text: (
                        None if normalise(got) != normalise(whole) else "no signature removed"
                    )
                )
            for index, check in enumerate(checks):
                if f"{case_id}#{index}" not in SKIPPED_PARTIAL:
                    partials.append(Partial(f"{case_id}#{index}", text, None, check))
    talon = _json("talon", "expected.json")["fixtures"]
    assert isinstance(talon, dict)
    for name, entry in talon.items():
        path = FIXTURES / "talon" / name
        if name.startswith("signature/"):
            partials.append(
                Partial(
                    f"talon/{name}",
                    _read(path),
                    None,
                    _starts_with(entry["expected_text_without_signature"]),
                )
            )
        elif name.endswith(".eml") and "expected_not_contains" in entry:
            # Upstream passes the raw message; here the decoded text part is used,
            # since visible_text receives bodies, not messages.
            body = _first_plain_part(path)
            partials.append(
                Partial(
                    f"talon/{name}#nonempty",
                    body,
                    None,
                    lambda got: None if got.strip() else "empty",
                )
            )
            for needle in entry["expected_not_contains"]:
                partials.append(Partial(f"talon/{name}#{needle}", body, None, _lacks(needle)))
        elif f"talon/{name}" in SKIPPED and name.startswith("standard_replies/"):
            # The signature stays out of the comparison, the reply itself must remain.
            reply = entry["expected_visible_text"].split("\n")[0].strip()
            partials.append(
                Partial(f"talon/{name}#reply", _first_plain_part(path), None, _is_whole(reply))
            )
    return partials


# Tests ------------------------------------------------------------------------------

_EXACT = exact_cases()
_PARTIAL = partial_cases()


@pytest.mark.shared
@pytest.mark.parametrize("case", _EXACT or [None], ids=[c.id for c in _EXACT] or ["absent"])
def test_exact_visible_text(case: Case | None) -> None:
    shared_path("fixtures")
    assert case is not None
    got = visible_text(case.text_plain, case.text_html)
    assert normalise(got, html=case.html) == normalise(case.expected, html=case.html)


@pytest.mark.shared
@pytest.mark.parametrize("case", _PARTIAL or [None], ids=[c.id for c in _PARTIAL] or ["absent"])
def test_partial_expectation(case: Partial | None) -> None:
    shared_path("fixtures")
    assert case is not None
    got = visible_text(case.text_plain, case.text_html)
    failure = case.check(got)
    assert failure is None, f"{failure}; got {got!r}"


@pytest.mark.shared
@pytest.mark.parametrize("fixture_id", sorted({**SKIPPED, **SKIPPED_PARTIAL}))
def test_skipped_expectation(fixture_id: str) -> None:
    pytest.skip({**SKIPPED, **SKIPPED_PARTIAL}[fixture_id])


@pytest.mark.shared
def test_fixture_sets_are_not_empty() -> None:
    """Guard against a loader change that silently drops the fixtures."""
    shared_path("fixtures")
    assert len(_EXACT) >= 150
    assert len(_PARTIAL) >= 40


@pytest.mark.shared
def test_pathological_inputs_parse_quickly() -> None:
    """GitHub's ReDoS guards: each must parse in well under a second of CPU (CPU time,
    not the wall clock, so a busy CI machine cannot fail it)."""
    import time

    folder = shared_path("fixtures", "email_reply_parser", "emails")
    for name in ("pathological.txt", "email_long_quote.txt"):
        text = _read(folder / name)
        started = time.process_time()
        visible_text(text)
        assert time.process_time() - started < 1.0, name
