"""Exact-match accuracy of mailagent, talon and email-reply-parser on the reply fixtures.

Run from the repository root:

    python bench/strip.py

The fixture set and the normalisation are the ones ``tests/inbox/test_strip_fixtures.py``
uses (``exact_cases`` and ``normalise`` are imported from it), so a figure here is the
share of ``test_exact_visible_text`` cases that pass.  The other libraries are optional:

    .venv/bin/pip install talon email-reply-parser

A column whose library cannot be imported prints "not installed: <why>".  Neither
library reads HTML as text: talon's ``extract_from_html`` returns HTML, which is
turned into text with mailagent's converter *without* quote dropping, and
email-reply-parser gets that same plain rendering of the HTML.

Example output (measured with talon 1.4.4 and email-reply-parser 0.5.12 from PyPI):

    crisp-email-reply-parser  48   48/48 100.0%   27/48  56.2%   18/48  37.5%
    TOTAL                    155 155/155 100.0% 114/155  73.5%  88/155  56.8%

(columns: group, cases, mailagent, talon, email-reply-parser; spacing shortened.)
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mailagent.inbox.strip import visible_text  # noqa: E402
from mailagent.inbox.strip.html import html_to_text  # noqa: E402
from tests.inbox.test_strip_fixtures import Case, exact_cases, normalise  # noqa: E402

Extractor = Callable[[str | None, str | None], str]


def _mailagent() -> Extractor:
    return visible_text


def _talon() -> Extractor:
    from talon import quotations  # type: ignore[import-not-found, import-untyped, unused-ignore]

    def extract(text_plain: str | None, text_html: str | None) -> str:
        if text_plain:
            return str(quotations.extract_from_plain(text_plain))
        return html_to_text(str(quotations.extract_from_html(text_html or "")), drop_quotes=False)

    return extract


def _email_reply_parser() -> Extractor:
    from email_reply_parser import (  # type: ignore[import-not-found, import-untyped, unused-ignore]
        EmailReplyParser,
    )

    def extract(text_plain: str | None, text_html: str | None) -> str:
        text = text_plain or html_to_text(text_html or "", drop_quotes=False)
        return str(EmailReplyParser.parse_reply(text))

    return extract


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def _load(factory: Callable[[], Extractor]) -> Extractor | str:
    try:
        return factory()
    except Exception as error:  # An import failure of any kind means "not installed".
        return f"not installed: {type(error).__name__}: {error}"


def _passes(extract: Extractor, case: Case) -> bool:
    try:
        got = extract(case.text_plain, case.text_html)
    except Exception:  # A crash on a fixture counts as a miss, not as a bench failure.
        return False
    return normalise(got, html=case.html) == normalise(case.expected, html=case.html)


def main() -> int:
    # html5lib, which talon uses, warns about Outlook's namespaced tags on every file.
    warnings.simplefilter("ignore")
    cases = exact_cases()
    if not cases:
        print("no fixtures: ../shared/fixtures is absent")
        return 1
    columns = {
        "mailagent": _load(_mailagent),
        "talon": _load(_talon),
        "email-reply-parser": _load(_email_reply_parser),
    }
    groups = sorted({case.id.split("/")[0] for case in cases})
    header = f"{'group':<28}{'cases':>6}" + "".join(f"{name:>22}" for name in columns)
    print(header)
    print("-" * len(header))
    totals = {name: 0 for name in columns}
    timings = {name: 0.0 for name in columns}
    for group in [*groups, "TOTAL"]:
        subset = [c for c in cases if group == "TOTAL" or c.id.split("/")[0] == group]
        row = f"{group:<28}{len(subset):>6}"
        for name, extract in columns.items():
            if isinstance(extract, str):
                row += f"{'n/a':>22}"
                continue
            started = time.perf_counter()
            passed = sum(_passes(extract, case) for case in subset)
            timings[name] += time.perf_counter() - started
            if group == "TOTAL":
                totals[name] = passed
            row += f"{f'{passed}/{len(subset)} {100 * passed / len(subset):5.1f}%':>22}"
        print(row)
    print()
    for name, extract in columns.items():
        if isinstance(extract, str):
            print(f"{name}: {extract}")
        else:
            version = _version({"talon": "talon"}.get(name, name))
            print(
                f"{name} {version}: {totals[name]}/{len(cases)} exact "
                f"({100 * totals[name] / len(cases):.1f}%), {timings[name]:.2f}s in all"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
