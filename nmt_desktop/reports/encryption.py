"""Password protection of a finished PDF: AES-256, security handler revision 6 (PDF 2.0).

ReportLab renders the report unencrypted; this step re-writes the bytes with pikepdf (the qpdf
library), which writes revision 6 as the standard says. ReportLab's own encryption offers only
RC4-128, or an AES-256 revision 5 whose files poppler and pypdf cannot read (doubly padded
strings and streams, wrongly sized UE/OE/Perms).

Printing and copying text stay allowed; changing the document does not. The owner password,
which would lift that restriction, is random and thrown away: a corrected report is issued
anew, nobody edits a sent one.
"""

from __future__ import annotations

import io
import secrets

import pikepdf

#: What the physician may do once the report is open.
READER_PERMISSIONS = pikepdf.Permissions(
    accessibility=True,
    extract=True,
    print_lowres=True,
    print_highres=True,
    modify_annotation=False,
    modify_assembly=False,
    modify_form=False,
    modify_other=False,
)


def protect_with_password(pdf: bytes, password: str) -> bytes:
    """`pdf` encrypted with AES-256 (revision 6) so that it opens only with `password`.

    The password policy (length and so on) is the caller's: `domain.report_password`.

    Raises:
        ValueError: `password` is empty (the file would open without one).
    """
    if not password:
        raise ValueError("an empty password would leave the PDF open to anyone")
    encryption = pikepdf.Encryption(
        user=password,
        owner=secrets.token_urlsafe(32),
        R=6,
        aes=True,
        metadata=True,
        allow=READER_PERMISSIONS,
    )
    protected = io.BytesIO()
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        document.save(protected, encryption=encryption)
    return protected.getvalue()
