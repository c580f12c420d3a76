"""The physician report's password: AES-256 (revision 6), opened by every reader we can install.

The encryption parameters are read back from the file itself, and the protected report is opened
with the right password and refused with a wrong one by pypdf (with cryptography), pikepdf (the
qpdf library), poppler (pdfinfo, pdftoppm) and PDFium (pypdfium2). The decrypted pages are
rendered and compared pixel for pixel with the unprotected report: encryption changes nothing
that the physician sees.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from pikepdf.models.encryption import EncryptionMethod
from pypdf import PasswordType, PdfReader

from nmt_desktop.reports import render_physician_report
from nmt_desktop.reports.encryption import protect_with_password
from tests.reports import factories
from tests.reports.pdf_tools import flat, structure_check, text

NAME = "Zoë Łukasiewicz-Ñúñez"
#: ASCII and not: R6 passwords are UTF-8, and every reader must agree on that.
PASSWORDS = ["fax-0198-blue", "Zoë-山田-Łódź-7"]
WRONG = "fax-0198-blve"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdfinfo, pdftoppm) is not installed; .ci/run installs it",
)


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return render_physician_report(factories.physician_report(count=3))


@pytest.fixture(scope="module", params=PASSWORDS, ids=["ascii", "non-ascii"])
def password(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def protected_pdf(plain_pdf: bytes, password: str) -> bytes:
    return protect_with_password(plain_pdf, password)


@pytest.fixture
def protected_file(protected_pdf: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(protected_pdf)
    return path


# -- the parameters in the file -------------------------------------------------------------


def test_encryption_dictionary_says_aes_256_revision_6(protected_pdf: bytes) -> None:
    # GIVEN the trailer's /Encrypt dictionary, read without decrypting anything
    encrypt = PdfReader(io.BytesIO(protected_pdf)).trailer["/Encrypt"].get_object()
    # THEN it is the standard handler, PDF 2.0 revision 6, a 256-bit key, AESV3 for everything
    assert encrypt["/Filter"] == "/Standard"
    assert (encrypt["/V"], encrypt["/R"], encrypt["/Length"]) == (5, 6, 256)
    crypt_filter = encrypt["/CF"]["/StdCF"]
    assert crypt_filter["/CFM"] == "/AESV3" and crypt_filter["/Length"] == 32
    assert encrypt["/StmF"] == encrypt["/StrF"] == "/StdCF"
    # (revision 6 sizes: U and O 48 bytes, UE and OE 32, Perms 16)
    sizes = {key: len(_raw_bytes(encrypt[key])) for key in ("/U", "/O", "/UE", "/OE", "/Perms")}
    assert sizes == {"/U": 48, "/O": 48, "/UE": 32, "/OE": 32, "/Perms": 16}


def _raw_bytes(value: object) -> bytes:
    """A PDF string's bytes (pypdf shows strings that happen to decode as text)."""
    original = getattr(value, "original_bytes", None)
    return bytes(original) if original is not None else bytes(value)  # type: ignore[call-overload]


def test_neither_the_text_nor_the_password_is_in_the_file_in_clear(
    protected_pdf: bytes, plain_pdf: bytes, password: str
) -> None:
    assert password.encode("utf-8") not in protected_pdf
    for clear in (b"Progress report", "Łukasiewicz".encode("utf-16-be"), b"Helvetica-Oblique"):
        if clear in plain_pdf:  # what the unprotected file shows in clear, this one must not
            assert clear not in protected_pdf, clear
    assert b"/Title (Progress" not in protected_pdf  # metadata is encrypted too


def test_an_empty_password_is_refused() -> None:
    with pytest.raises(ValueError, match="empty password"):
        protect_with_password(b"%PDF-1.4", "")


# -- pypdf (with cryptography) ----------------------------------------------------------------


def test_pypdf_opens_it_with_the_password_only(protected_pdf: bytes, password: str) -> None:
    document = PdfReader(io.BytesIO(protected_pdf))
    assert document.is_encrypted
    assert document.decrypt(WRONG) == PasswordType.NOT_DECRYPTED
    assert document.decrypt(password) == PasswordType.USER_PASSWORD
    assert flat(NAME) in flat(text(protected_pdf, password))
    assert document.metadata is not None
    assert document.metadata.title == f"Progress report – {NAME}"


# -- pikepdf (qpdf) ---------------------------------------------------------------------------


def test_qpdf_opens_it_with_the_password_only(protected_pdf: bytes, password: str) -> None:
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.Pdf.open(io.BytesIO(protected_pdf), password=WRONG)
    with pikepdf.Pdf.open(io.BytesIO(protected_pdf), password=password) as document:
        info = document.encryption
        assert (info.R, info.V, info.bits) == (6, 5, 256)
        assert info.stream_method == info.string_method == EncryptionMethod.aesv3
        assert document.pdf_version == "1.7" and document.extension_level == 8
        allowed = document.allow
        assert allowed.print_highres and allowed.extract
        assert not (allowed.modify_other or allowed.modify_annotation or allowed.modify_form)
    structure_check(protected_pdf, password)


# -- poppler ----------------------------------------------------------------------------------


def _poppler(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(args), capture_output=True, timeout=120, check=False)


@needs_poppler
def test_poppler_opens_it_with_the_password_only(protected_file: Path, password: str) -> None:
    wrong = _poppler("pdfinfo", "-upw", WRONG, str(protected_file))
    assert wrong.returncode != 0 and b"Incorrect password" in wrong.stderr
    assert _poppler("pdftoppm", "-upw", WRONG, "-r", "20", "-f", "1", "-l", "1",
                    str(protected_file)).returncode != 0
    right = _poppler("pdfinfo", "-upw", password, str(protected_file))
    assert right.returncode == 0, right.stderr
    info = right.stdout.decode("utf-8")
    assert "Encrypted:       yes" in info and "algorithm:AES-256" in info
    assert "change:no" in info and "print:yes" in info
    assert f"Title:           Progress report – {NAME}" in info
    assert "Pages:           3" in info


def _poppler_pages(pdf: Path, folder: Path, password: str | None) -> list[bytes]:
    """Every page rendered by pdftoppm at 60 dpi in grey (PGM bytes)."""
    folder.mkdir()
    args = ["pdftoppm", "-r", "60", "-gray"]
    if password is not None:
        args += ["-upw", password]
    done = _poppler(*args, str(pdf), str(folder / "page"))
    assert done.returncode == 0, done.stderr
    return [page.read_bytes() for page in sorted(folder.glob("page-*.pgm"))]


@needs_poppler
def test_decrypted_pages_render_exactly_as_the_unprotected_report(
    plain_pdf: bytes, protected_file: Path, password: str, tmp_path: Path
) -> None:
    plain_file = tmp_path / "plain.pdf"
    plain_file.write_bytes(plain_pdf)
    plain_pages = _poppler_pages(plain_file, tmp_path / "plain", None)
    protected_pages = _poppler_pages(protected_file, tmp_path / "protected", password)
    assert len(plain_pages) == 3
    assert protected_pages == plain_pages
    # and the pages are not blank: the report is drawn on them
    header = b"P5\n"
    assert all(page.startswith(header) and page.count(b"\x00") > 1000 for page in plain_pages)


# -- PDFium -----------------------------------------------------------------------------------


def test_pdfium_opens_it_with_the_password_only(
    protected_file: Path, plain_pdf: bytes, password: str
) -> None:
    with pytest.raises(pypdfium2.PdfiumError, match="password"):
        pypdfium2.PdfDocument(protected_file, password=WRONG)
    document = pypdfium2.PdfDocument(protected_file, password=password)
    plain = pypdfium2.PdfDocument(plain_pdf)
    try:
        assert pypdfium2.raw.FPDF_GetSecurityHandlerRevision(document.raw) == 6
        assert len(document) == len(plain) == 3
        for index in range(len(plain)):
            page_text = document[index].get_textpage().get_text_range()
            assert page_text == plain[index].get_textpage().get_text_range()
            shown = document[index].render(scale=0.5, grayscale=True).to_pil().tobytes()
            expected = plain[index].render(scale=0.5, grayscale=True).to_pil().tobytes()
            assert shown == expected
    finally:
        document.close()
        plain.close()
