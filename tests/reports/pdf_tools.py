"""Read PDFs back for assertions: text (pypdf), page count, structure (pikepdf), pixels."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader


def reader(pdf: bytes, password: str | None = None) -> PdfReader:
    doc = PdfReader(io.BytesIO(pdf))
    if password is not None:
        doc.decrypt(password)
    return doc


def text(pdf: bytes, password: str | None = None) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf, password).pages)


def flat(value: str) -> str:
    """Text without whitespace: pypdf may split a line at font changes."""
    return "".join(value.split())


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)


def structure_problems(pdf: bytes, password: str | None = None) -> list[str]:
    """What qpdf's structural check (through pikepdf) finds wrong with a PDF; empty if sound.

    It parses every object and decodes every stream, as `qpdf --check` does, with no binary
    to install, so the check runs on every CI machine.
    """
    with pikepdf.Pdf.open(io.BytesIO(pdf), password=password or "") as document:
        return [str(problem) for problem in document.check_pdf_syntax()]


def structure_check(pdf: bytes, password: str | None = None) -> None:
    problems = structure_problems(pdf, password)
    assert problems == [], "\n".join(problems)


def assert_no_missing_glyphs(printed: str) -> None:
    """A character no font could draw comes back as U+FFFD or an empty box."""
    assert not set(printed) & {"\ufffd", "\u25a1", "\u25af"}, printed


def grey_pixels(pdf: bytes, page: int = 0, scale: float = 1.0) -> tuple[int, int, bytes]:
    """Render one page to 8-bit grey; returns width, height and row-major pixels."""
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 renders pages for pixel checks")
    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=scale, grayscale=True).to_pil().convert("L")
    width, height = image.size
    return width, height, image.tobytes()
