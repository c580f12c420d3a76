"""Print the owner's recovery code on one page, with what it is for and where it belongs."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from nmt_desktop import APP_NAME


def recovery_page_html(code: str, location: str) -> str:
    return (
        f"<h2>{APP_NAME}: owner's recovery code</h2>"
        f"<p>Database: {html.escape(location)}</p>"
        f"<p style='font-family: monospace; font-size: 20pt'>{html.escape(code)}</p>"
        "<p>With this code the clinic's owner can choose a new password without the old "
        "one. Anyone who has it and the laptop can do the same: keep this page locked away, "
        "not with the laptop. A new code is issued each time it is used.</p>")


def print_recovery_code(code: str, location: str, parent: QWidget) -> bool:
    """Ask for a printer and print the page; False when the person cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(f"{APP_NAME} recovery code")
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(recovery_page_html(code, location))
    document.print_(printer)
    return True
