"""Resume understanding: dated roles, years of experience, verbatim evidence, file formats."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest

from mailagent.errors import ImportDataError
from mailagent.r2.resume import parse_resume, read_resume_file

AS_OF = date(2025, 6, 1)

RESUME = """\
Ana Lima
Backend Engineer

EXPERIENCE
Payco — Senior Engineer — Mar 2019 to Present
- Python services on Kafka; 20,000 messages per second.
Shopz — Engineer — Jan 2016 – Dec 2019
- Django and PostgreSQL; Terraform since 2018.

COURSES
Rust for beginners (2024)
"""


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("Acme — Dev — Mar 2019 to Present", date(2019, 3, 1), date.max),
        ("Acme — Dev — 2016 to 2019", date(2016, 1, 1), date(2019, 1, 1)),
        ("Acme — Dev — Jan 2020 – Dec 2022", date(2020, 1, 1), date(2023, 1, 1)),
        ("Acme — Dev — 03/2019 - present", date(2019, 3, 1), date.max),
        ("Acme — Dev — 2019–now", date(2019, 1, 1), date.max),
        ("Acme — Dev — September 2018 until June 2020", date(2018, 9, 1), date(2020, 7, 1)),
    ],
)
def test_role_dates_in_common_formats(header: str, start: date, end: date) -> None:
    (role,) = parse_resume(header).roles
    assert (role.start, role.end) == (start, end)


def test_overlapping_roles_are_counted_once() -> None:
    resume = parse_resume(RESUME)
    # Jan 2016 to June 2025 without a gap, although the two roles overlap in 2019.
    assert resume.years_total(AS_OF) == pytest.approx(9.41, abs=0.01)
    assert resume.years_of(["python"], AS_OF) == pytest.approx(6.25, abs=0.01)
    assert resume.years_of(["kafka", "postgresql"], AS_OF) == pytest.approx(9.41, abs=0.01)


def test_a_line_that_dates_the_skill_counts_from_that_date() -> None:
    assert parse_resume(RESUME).years_of(["terraform"], AS_OF) == pytest.approx(2.0, abs=0.01)


def test_skills_outside_roles_add_no_years() -> None:
    assert parse_resume(RESUME).years_of(["rust"], AS_OF) == 0.0


def test_evidence_is_the_exact_resume_line() -> None:
    resume = parse_resume(RESUME)
    assert resume.evidence(["kafka"]) == ["- Python services on Kafka; 20,000 messages per second."]
    assert resume.evidence(["django", "postgresql"])[0] in RESUME.splitlines()
    assert resume.evidence(["rust"], roles_only=True) == []


def test_reads_a_text_resume(tmp_path: Path) -> None:
    path = tmp_path / "ana.txt"
    path.write_text(RESUME, encoding="utf-8")
    assert read_resume_file(path) == RESUME


def test_reads_a_docx_resume(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Ana Lima")
    document.add_paragraph("Payco — Senior Engineer — Mar 2019 to Present")
    document.add_paragraph("- Python services on Kafka.")
    path = tmp_path / "ana.docx"
    document.save(str(path))
    text = read_resume_file(path)
    assert parse_resume(text).evidence(["kafka"]) == ["- Python services on Kafka."]


def _minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` in Helvetica, offsets computed by hand."""
    stream = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return out


def test_reads_a_pdf_resume(tmp_path: Path) -> None:
    path = tmp_path / "ana.pdf"
    lines = ["Ana Lima", "Payco - Engineer - 2019 to now", "Kafka consumers"]
    path.write_bytes(_minimal_pdf(lines))
    text = read_resume_file(path)
    assert "Kafka consumers" in text
    assert parse_resume(text).roles[0].start == date(2019, 1, 1)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 not really", "broken.pdf"),
        ("broken.docx", b"not a zip", "broken.docx"),
        ("resume.odt", b"", "unsupported"),
        ("latin.txt", "Jos\xe9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_unreadable_files_raise_import_errors_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportDataError, match=message) as info:
        read_resume_file(path)
    assert name in str(info.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportDataError, match=r"gone\.txt"):
        read_resume_file(tmp_path / "gone.txt")
