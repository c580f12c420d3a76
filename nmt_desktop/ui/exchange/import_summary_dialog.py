"""What an import did, or why it changed nothing, in words a therapist can act on."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from nmt_desktop.services.exchange import ImportReport
from nmt_desktop.ui.common.formatting import local_date_text
from nmt_desktop.ui.common.style import set_role


def _bullets(lines: Iterable[str]) -> str:
    return "<ul style='margin-left: -20px;'>" + "".join(
        f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


class ImportSummaryDialog(QDialog):
    """Shown after every import attempt; `imported` is None when the file was refused."""

    def __init__(self, file_name: str, report: ImportReport | None, refusal: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.imported = report
        self.heading = QLabel()
        set_role(self.heading, "heading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signed_notice = QLabel()
        self.signed_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.signed_notice.setWordWrap(True)
        set_role(self.signed_notice, "import-notice")
        self.signed_notice.hide()
        if report is None:
            self._show_refusal(file_name, refusal)
        else:
            self._show_report(file_name, report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.signed_notice)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _show_report(self, file_name: str, report: ImportReport) -> None:
        self.setWindowTitle("Chart imported")
        self.heading.setText(f"Imported chart {report.chart_number} — {report.patient_name}")
        counts = report.lines()[1:4]  # added / updated / already up to date
        text = f"<p>From {escape(file_name)}:</p>" + _bullets(counts)
        if report.notes:
            text += "<p>Also worth knowing:</p>" + _bullets(report.notes)
        text += "<p>Nothing recorded here was deleted.</p>"
        self.body.setText(text)
        kept = report.kept_signed
        if kept:
            days = ", ".join(local_date_text(k.started_at) for k in kept)
            plural = len(kept) != 1
            self.signed_notice.setText(
                f"{len(kept)} signed session{'s were' if plural else ' was'} left exactly as "
                f"{'they were' if plural else 'it was'} ({days}): the file holds a different "
                "version, and a signed session is never changed by an import. Corrections to a "
                "signed session go in a dated amendment.")
            self.signed_notice.show()

    def _show_refusal(self, file_name: str, refusal: list[str]) -> None:
        self.setWindowTitle("Chart not imported")
        self.heading.setText(f"{file_name} was not imported")
        set_role(self.signed_notice, "import-refusal")
        self.signed_notice.setText("Nothing was changed in this database.")
        self.signed_notice.show()
        self.body.setText("<p>Why:</p>" + _bullets(refusal))

    def plain_text(self) -> str:
        """Everything the dialog says, for tests and screen readers."""
        notice = "" if self.signed_notice.isHidden() else self.signed_notice.text()
        parts = [self.heading.text(), notice, self.body.text()]
        return "\n".join(p for p in parts if p)
