"""Jinja2 rendering of every email mailagent writes: ``templates/<kind>.txt.j2``.

The HTML alternative comes from ``<kind>.html.j2`` where one exists, else from the shared
``_layout.html.j2`` that sets the text body as paragraphs and quotes.

Every template may use ``signature`` (the ``display_name`` setting: the organisation's
name, which signs every mail), the filter ``first_name`` (the one greeting rule: "Hi
Grace," for "Grace Obi", "Hi there," for no name) and ``plural`` (``{{ n }} {{
"interview" | plural(n) }}``).

>>> r = Renderer(signature="Acme Recruiting")
>>> print(r.text("approval_skipped", hm_name="Grace Obi", candidate_name="Ann"))
Hi Grace,
<BLANKLINE>
Noted: no feedback will be sent to Ann.
<BLANKLINE>
Acme Recruiting
<BLANKLINE>
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

import mailagent


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a checkout they sit at the repo's top level."""
    packaged = Path(mailagent.__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(mailagent.__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str


def first_name(name: str | None) -> str:
    """How every mail greets a person: their first name, or "there"."""
    words = (name or "").split()
    return words[0] if words else "there"


def plural(word: str, n: int, many: str | None = None) -> str:
    """``"interview" | plural(1)`` → "interview"; ``plural(2)`` → "interviews"."""
    if n == 1:
        return word
    return many if many is not None else word + "s"


class Renderer:
    def __init__(self, directory: Path | None = None, *, signature: str = "Hiring team") -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(directory or templates_dir())),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._env.filters["first_name"] = first_name
        self._env.filters["plural"] = plural
        self._env.globals["signature"] = signature

    def text(self, kind: str, **context: Any) -> str:
        body = self._env.get_template(f"{kind}.txt.j2").render(**context)
        # Collapse runs of blank lines left by conditional blocks.
        lines: list[str] = []
        for line in body.rstrip().splitlines():
            if line.strip() or (lines and lines[-1].strip()):
                lines.append(line.rstrip())
        return "\n".join(lines).strip() + "\n"

    def html(self, kind: str, text: str, **context: Any) -> str:
        try:
            template = self._env.get_template(f"{kind}.html.j2")
        except jinja2.TemplateNotFound:
            template = self._env.get_template("_layout.html.j2")
        return template.render(blocks=_blocks(text), text=text, **context)

    def render(self, kind: str, **context: Any) -> Rendered:
        text = self.text(kind, **context)
        return Rendered(text=text, html=self.html(kind, text, **context))


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("p" | "quote" | "list", lines) blocks for the HTML layout."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.split("\n\n"):
        lines = [ln for ln in raw.splitlines() if ln.strip()]
        if not lines:
            continue
        if all(ln.startswith(">") for ln in lines):
            blocks.append(("quote", [ln.lstrip("> ").rstrip() for ln in lines]))
        elif _bullet(lines[0]) and all(_bullet(ln) or ln.startswith(" ") for ln in lines):
            # An item may run on over indented lines ("- asks for …\n  showed …").
            items: list[str] = []
            for ln in lines:
                if _bullet(ln):
                    items.append(ln.lstrip()[2:].strip())
                else:
                    items[-1] += "\n" + ln.strip()
            blocks.append(("list", items))
        else:
            blocks.append(("p", lines))
    return blocks


def _bullet(line: str) -> bool:
    return line.lstrip().startswith(("- ", "* "))
