"""Password protection of a PDF with ReportLab's standard security handler.

We use 128-bit RC4 (security handler revision 3). ReportLab's AES-256 (revision 5) writes
malformed files: every encrypted string and stream carries two layers of PKCS#7 padding, and
UE, OE and Perms have the wrong lengths. qpdf and PDFium read them anyway, but poppler reports
an invalid key and pypdf cannot read the content, and the padding leaks into the document
title shown by some viewers. RC4-128 is old but every reader opens it correctly; a password
still keeps a misdirected fax or e-mail closed. If AES is required, re-encrypt the finished
bytes with a PDF library that writes revision 6.
"""

from __future__ import annotations

import secrets

from reportlab.lib.pdfencrypt import StandardEncryption


def password_encryption(password: str) -> StandardEncryption:
    """Encryption that opens with `password`; printing and copying stay allowed.

    The owner password is random and thrown away, so nobody can lift the restriction on
    changing the document, and nobody needs to: a corrected report is issued anew.
    """
    return StandardEncryption(
        password,
        ownerPassword=secrets.token_urlsafe(24),
        canPrint=1,
        canModify=0,
        canCopy=1,
        canAnnotate=0,
        strength=128,
    )
