"""Exact-match accuracy of mailagent, talon and email-reply-parser on the reply fixtures.

Run from the repository root:

    python bench/strip.py [--heldout PATH]

Two kinds of set are scored, each group on its own row:

* the fixture groups of ``../shared/fixtures`` (the stripper's rules were written
  against these), and
* held-out sets (``--heldout PATH`` or ``$MAILAGENT_STRIP_HELDOUT``; see
  ``tests/inbox/test_strip_heldout.py``): real mail the stripper was never tuned on,
  with expectations a person wrote before mailagent ran.  Their rows are marked
  "held out", and a second figure forgives a kept closing ("Regards,\nName").

``python -m bench`` reports the same figures as ``strip_exact_<group>`` (a share
between 0 and 1) through :func:`measure`.

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

import argparse
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
from tests.inbox.test_strip_heldout import (  # noqa: E402
    HELDOUT_ENV,
    HeldoutCase,
    heldout_cases,
    heldout_root,
)

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


def group_of(case: Case) -> str:
    """The row a case is scored in: its fixture folder, or ``heldout:<set>``."""
    return case.id.split("/")[0]


def figure_key(group: str) -> str:
    """``strip_exact_<group>`` with the group's name made a JSON-friendly word."""
    word = "".join(c if c.isalnum() else "_" for c in group.lower()).strip("_")
    return f"strip_exact_{word}"


def load_cases(heldout: str | None = None) -> list[Case]:
    """The fixture cases, then every held-out case (``heldout`` or the variable)."""
    root = heldout_root(heldout)
    held: list[HeldoutCase] = heldout_cases(root) if root is not None and root.is_dir() else []
    return [*exact_cases(), *held]


def measure(heldout: str | None = None) -> tuple[dict[str, object], dict[str, object]]:
    """mailagent's exact-match share per group, for ``python -m bench``.

    Example keys: ``strip_exact_talon``, ``strip_exact_heldout_mail_parser_reply``,
    ``strip_exact_fixtures`` (every fixture group together, held-out sets apart).
    """
    cases = load_cases(heldout)
    figures: dict[str, object] = {}
    details: dict[str, object] = {}
    if not cases:
        details["strip"] = "no fixtures: ../shared/fixtures is absent and no held-out set"
        return figures, details
    groups = sorted({group_of(c) for c in cases})
    tuned = [c for c in cases if not isinstance(c, HeldoutCase)]
    for group, subset in [(g, [c for c in cases if group_of(c) == g]) for g in groups] + [
        ("fixtures", tuned)
    ]:
        if not subset:
            continue
        passed = sum(_passes(visible_text, case) for case in subset)
        figures[figure_key(group)] = round(passed / len(subset), 3)
        details[f"strip {group}"] = f"{passed}/{len(subset)} exact"
        held = [c for c in subset if isinstance(c, HeldoutCase)]
        if held:
            forgiven = sum(c.passes(visible_text(c.text_plain), forgive_signoff=True) for c in held)
            details[f"strip {group}"] += f", {forgiven}/{len(held)} with a kept closing forgiven"
    if not any(isinstance(c, HeldoutCase) for c in cases):
        details["strip held-out"] = f"no held-out set (set {HELDOUT_ENV})"
    return figures, details


def descriptions(figures: dict[str, object]) -> dict[str, str]:
    """What each ``strip_exact_*`` key of :func:`measure` means."""
    out: dict[str, str] = {}
    for key in figures:
        if key == "strip_exact_fixtures":
            out[key] = "quote stripping: exact-match share over every ../shared fixture group"
        elif key.startswith("strip_exact_heldout_"):
            out[key] = "quote stripping: exact-match share on a held-out set (never tuned on)"
        elif key.startswith("strip_exact_"):
            out[key] = "quote stripping: exact-match share on one ../shared fixture group"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--heldout", metavar="PATH", help=f"held-out sets folder (default: ${HELDOUT_ENV})"
    )
    args = parser.parse_args(argv)
    # html5lib, which talon uses, warns about Outlook's namespaced tags on every file.
    warnings.simplefilter("ignore")
    cases = load_cases(args.heldout)
    if not cases:
        print("no fixtures: ../shared/fixtures is absent and no held-out set was given")
        return 1
    columns = {
        "mailagent": _load(_mailagent),
        "talon": _load(_talon),
        "email-reply-parser": _load(_email_reply_parser),
    }
    groups = sorted({group_of(case) for case in cases})
    fixture_groups = [g for g in groups if not g.startswith("heldout:")]
    heldout_groups = [g for g in groups if g.startswith("heldout:")]
    fixtures = [c for c in cases if not isinstance(c, HeldoutCase)]
    header = f"{'group':<40}{'cases':>6}" + "".join(f"{name:>22}" for name in columns)
    print(header)
    print("-" * len(header))
    totals = {name: 0 for name in columns}
    timings = {name: 0.0 for name in columns}
    rows = [(g, [c for c in cases if group_of(c) == g]) for g in fixture_groups]
    if fixtures:
        rows.append(("TOTAL fixtures", fixtures))
    rows += [(f"{g} (held out)", [c for c in cases if group_of(c) == g]) for g in heldout_groups]
    for label, subset in rows:
        row = f"{label:<40}{len(subset):>6}"
        for name, extract in columns.items():
            if isinstance(extract, str):
                row += f"{'n/a':>22}"
                continue
            started = time.perf_counter()
            passed = sum(_passes(extract, case) for case in subset)
            timings[name] += time.perf_counter() - started
            if label == "TOTAL fixtures":
                totals[name] = passed
            row += f"{f'{passed}/{len(subset)} {100 * passed / len(subset):5.1f}%':>22}"
        print(row)
    print()
    for group in heldout_groups:
        held = [c for c in cases if group_of(c) == group and isinstance(c, HeldoutCase)]
        if held:
            forgiven = sum(c.passes(visible_text(c.text_plain), forgive_signoff=True) for c in held)
            print(f"mailagent on {group}, a kept closing forgiven: {forgiven}/{len(held)}")
    print()
    for name, extract in columns.items():
        if isinstance(extract, str):
            print(f"{name}: {extract}")
        else:
            version = _version({"talon": "talon"}.get(name, name))
            share = 100 * totals[name] / len(fixtures) if fixtures else 0.0
            print(
                f"{name} {version}: {totals[name]}/{len(fixtures)} fixtures exact "
                f"({share:.1f}%), {timings[name]:.2f}s in all"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
