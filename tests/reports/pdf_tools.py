"""Read PDFs back for assertions: text (pypdf), page count, qpdf check, pixels (pypdfium2)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

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


def qpdf_check(pdf: bytes, tmp_path: Path, password: str | None = None) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (Debian package qpdf); structural PDF check skipped")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = [qpdf, "--check", str(path)]
    if password is not None:
        args.insert(2, f"--password={password}")
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def grey_pixels(pdf: bytes, page: int = 0, scale: float = 1.0) -> tuple[int, int, bytes]:
    """Render one page to 8-bit grey; returns width, height and row-major pixels."""
    pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 renders pages for pixel checks")
    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=scale, grayscale=True).to_pil().convert("L")
    width, height = image.size
    return width, height, image.tobytes()
