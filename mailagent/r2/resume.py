"""Resume understanding: dated roles, years of experience and verbatim evidence lines.

``parse_resume(text)`` splits a plain-text resume into sections and dated roles. Dates are
read in the formats people write: "Mar 2019 to Present", "2016 to 2019",
"Jan 2020 – Dec 2022", "03/2019 - present", "2019–now". A role's lines are its header
line and every line under it until the next role or section heading.

>>> r = parse_resume("EXPERIENCE\\nAcme — Dev — Jan 2020 to Dec 2022\\n- Python APIs.\\n")
>>> round(r.years_of(["python"], as_of=date(2025, 6, 1)), 1)
3.0
>>> r.evidence(["python"])
['- Python APIs.']
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mailagent.errors import ImportDataError
from mailagent.files import read_regular

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# One end of a date range: "Mar 2019", "March 2019", "03/2019", "2019-03" or "2019".
_POINT = rf"(?:{_MONTH}\s+\d{{4}}|\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}(?!\d)|\d{{4}})"
_NOW = r"(?:present|now|current|currently|today|date)"
_RANGE_RE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till)\s*(?P<end>{_POINT}|{_NOW})\b",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\bsince\s+(?:(" + _MONTH + r")\s+)?(\d{4})\b", re.IGNORECASE)
_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Role:
    """One dated role: its header line, start, end (exclusive) and all its lines."""

    header: str
    start: date
    end: date
    lines: tuple[str, ...]
    section: str = ""

    def mentions(self, terms: list[str] | tuple[str, ...]) -> bool:
        """True when any line of the role mentions any of ``terms``."""
        return any(mentions(line, terms) for line in self.lines)


@dataclass(frozen=True)
class Resume:
    """A parsed resume: every non-empty line (stripped) and the dated roles."""

    text: str
    lines: tuple[str, ...]
    roles: tuple[Role, ...] = field(default_factory=tuple)

    def years_total(self, as_of: date) -> float:
        """Years covered by any role up to ``as_of``; overlaps are counted once."""
        return _union_years([(r.start, r.end) for r in self.roles], as_of)

    def years_of(self, skill_terms: list[str] | tuple[str, ...], as_of: date) -> float:
        """Years in roles whose lines mention one of ``skill_terms``.

        A line that dates the skill itself ("Terraform ... since 2023") counts from that
        date rather than from the start of the role.
        """
        spans: list[tuple[date, date]] = []
        for role in self.roles:
            hits = [line for line in role.lines if mentions(line, skill_terms)]
            if not hits:
                continue
            starts = [_since(line, skill_terms) for line in hits]
            if all(s is not None for s in starts):
                start = max(role.start, min(s for s in starts if s is not None))
            else:
                start = role.start
            spans.append((start, role.end))
        return _union_years(spans, as_of)

    def evidence(
        self, terms: list[str] | tuple[str, ...], *, roles_only: bool = False
    ) -> list[str]:
        """Exact resume lines that mention any of ``terms``, best-covered first.

        >>> parse_resume("Acme — Dev — 2019 to now\\n- Ran Kafka consumers.").evidence(["kafka"])
        ['- Ran Kafka consumers.']
        """
        pool = [line for r in self.roles for line in r.lines] if roles_only else list(self.lines)
        scored = [(sum(mentions(line, [t]) for t in terms), i, line) for i, line in enumerate(pool)]
        hits = [(-score, i, line) for score, i, line in scored if score > 0]
        return list(dict.fromkeys(line for _, _, line in sorted(hits)))

    def role_headers(self, terms: list[str] | tuple[str, ...]) -> list[str]:
        """Header lines of the roles whose lines mention one of ``terms``."""
        return [r.header for r in self.roles if r.mentions(terms)]


def mentions(line: str, terms: list[str] | tuple[str, ...]) -> bool:
    """True when ``line`` contains one of ``terms`` as a whole word, ignoring case.

    >>> mentions("Wrote Terraform modules", ["terraform"])
    True
    """
    for term in terms:
        if not term:
            continue
        pattern = r"(?<![A-Za-z0-9])" + re.escape(term) + r"(?![A-Za-z0-9])"
        if re.search(pattern, line, re.IGNORECASE):
            return True
    return False


def _point(text: str, *, end: bool) -> date | None:
    """Read one end of a range; an end date is exclusive (the first day after it)."""
    text = text.strip().lower().rstrip(".")
    month: int | None = None
    year: int
    if m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text):
        month = _MONTHS.get(m.group(1)[:3])
        year = int(m.group(2))
        if month is None:
            return None
    elif m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        month, year = int(m.group(1)), int(m.group(2))
    elif m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m.group(1)), int(m.group(2))
    elif re.fullmatch(r"\d{4}", text):
        # A bare year starts on 1 January; as an end it means "during that year", which
        # readers count up to the start of it ("2016 to 2019" is three years).
        return date(int(text), 1, 1)
    else:
        return None
    if not 1 <= month <= 12:
        return None
    if end:
        return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1)


def _since(line: str, terms: list[str] | tuple[str, ...]) -> date | None:
    """The "since 2023" date of the part of ``line`` that mentions ``terms``, if any."""
    parts = [p for p in line.split(";") if mentions(p, terms)]
    m = next((m for p in parts if (m := _SINCE_RE.search(p))), None)
    if not m:
        return None
    month = _MONTHS.get(m.group(1)[:3].lower(), 1) if m.group(1) else 1
    return date(int(m.group(2)), month, 1)


def _union_years(spans: list[tuple[date, date]], as_of: date) -> float:
    clipped = sorted((s, min(e, as_of)) for s, e in spans if s < as_of)
    total = 0
    cur_start: date | None = None
    cur_end: date | None = None
    for s, e in clipped:
        if cur_end is None or s > cur_end:
            if cur_start is not None and cur_end is not None:
                total += (cur_end - cur_start).days
            cur_start, cur_end = s, e
        elif e > cur_end:
            cur_end = e
    if cur_start is not None and cur_end is not None:
        total += (cur_end - cur_start).days
    return max(total, 0) / _DAYS_PER_YEAR


def _is_heading(line: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", line)
    return bool(letters) and line.isupper() and len(line) <= 40 and not _RANGE_RE.search(line)


def parse_resume(text: str) -> Resume:
    """Split resume text into lines and dated roles.

    >>> parse_resume("Acme — Engineer — 03/2019 - present").roles[0].start
    datetime.date(2019, 3, 1)
    """
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    roles: list[Role] = []
    section = ""
    current: dict[str, object] | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            roles.append(
                Role(
                    header=str(current["header"]),
                    start=current["start"],  # type: ignore[arg-type]
                    end=current["end"],  # type: ignore[arg-type]
                    lines=(str(current["header"]), *body),
                    section=section,
                )
            )

    for line in lines:
        if _is_heading(line):
            close()
            current, body = None, []
            section = line
            continue
        m = _RANGE_RE.search(line)
        start = _point(m.group("start"), end=False) if m else None
        if m and start is not None:
            raw_end = m.group("end")
            if re.fullmatch(_NOW, raw_end, re.IGNORECASE):
                end = date.max
            else:
                parsed = _point(raw_end, end=True)
                end = parsed if parsed is not None else date.max
                if re.fullmatch(r"\d{4}", raw_end.strip()) and end <= start:
                    end = date(start.year + 1, 1, 1)
            if end > start:
                close()
                current, body = {"header": line, "start": start, "end": end}, []
                continue
        if current is not None:
            body.append(line)
    close()
    return Resume(text=text, lines=lines, roles=tuple(roles))


def read_resume_file(path: Path) -> str:
    """Return the text of a .txt, .pdf or .docx resume; errors name the file.

    >>> read_resume_file(Path("tests/data/corpora/data-eng/resumes/kofi-boateng.txt"))[:12]
    'Kofi Boateng'
    """
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".text", ".md", "", ".pdf", ".docx"):
        raise ImportDataError(
            f"{path}: unsupported resume format {suffix!r} (use .txt, .pdf, .docx)"
        )
    # A link, folder, FIFO or device is refused before anything is opened for reading.
    data = read_regular(path)
    if suffix == ".pdf":
        return _read_pdf(path, data)
    if suffix == ".docx":
        return _read_docx(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"{path}: not UTF-8 text: {exc.reason}") from exc


def _read_pdf(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ImportDataError(f"{path}: unreadable PDF: {exc}") from exc
    text = "\n".join(pages).strip()
    if not text:
        raise ImportDataError(f"{path}: PDF has no extractable text (scanned image?)")
    return text


def _read_docx(path: Path, data: bytes) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ImportDataError(f"{path}: unreadable DOCX: {exc}") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
