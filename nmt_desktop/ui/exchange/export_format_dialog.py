"""Choose how to export the open patient's chart: chart file, spreadsheet tables or FHIR.

A chart file, the one format made to travel between laptops, is also given its protection:
encrypted for the receiving clinic, with a password, or plain (said to be readable by anyone).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.services.exchange import ChartProtection, Protection
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.exchange.protection_choice import ProtectionChoice


class ExportFormat(Enum):
    JSON = "json"
    CSV = "csv"
    FHIR = "fhir"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def hint(self) -> str:
        return _HINTS[self]

    @property
    def short_name(self) -> str:
        return _SHORT_NAMES[self]

    @property
    def writes_folder(self) -> bool:
        return self is ExportFormat.CSV


_LABELS = {
    ExportFormat.JSON: "Chart file to move to another laptop (JSON)",
    ExportFormat.CSV: "Spreadsheet tables (CSV folder)",
    ExportFormat.FHIR: "FHIR R4 bundle for a health record system (with the physician report)",
}
_HINTS = {
    ExportFormat.JSON: "The whole chart in one file. Import it there with File → Import chart…",
    ExportFormat.CSV: "A folder of tables (sessions, trigger points, pain zones …) that "
                      "spreadsheet programs open. Cannot be imported again. Not "
                      "encrypted: anyone who has the files can read them.",
    ExportFormat.FHIR: "One JSON file for an electronic health record, the physician progress "
                       "report attached as a PDF. Cannot be imported again. Not "
                       "encrypted: anyone who has the file can read it.",
}
_SHORT_NAMES = {ExportFormat.JSON: "chart file", ExportFormat.CSV: "spreadsheet tables",
                ExportFormat.FHIR: "FHIR bundle"}


@dataclass(frozen=True)
class ExportChoice:
    """The format, and for a chart file how it is protected (None for the other formats)."""

    format: ExportFormat
    protection: ChartProtection | None = None

    @property
    def encrypted(self) -> bool:
        return self.protection is not None and self.protection.kind is not Protection.NONE


#: The name ending of an encrypted chart file: a JSON chart file inside an age file.
ENCRYPTED_SUFFIX = ".age"


def suggested_export_name(chart_number: str, export_format: ExportFormat, day: dt.date,
                          encrypted: bool = False) -> str:
    """A name that sorts by chart and day and says what it holds (a folder name for CSV)."""
    chart = re.sub(r"[^\w-]+", "_", chart_number, flags=re.ASCII).strip("_") or "chart"
    if export_format is ExportFormat.CSV:
        return f"{chart}-tables-{day.isoformat()}"
    kind = "chart" if export_format is ExportFormat.JSON else "fhir"
    return f"{chart}-{kind}-{day.isoformat()}.json{ENCRYPTED_SUFFIX if encrypted else ''}"


class ExportFormatDialog(QDialog):
    def __init__(self, patient: PatientRecord, parent: QWidget | None = None,
                 preselected: ExportFormat = ExportFormat.JSON) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export chart — {patient.display_name}")
        question = QLabel(f"How should the chart of {patient.display_name} "
                          f"(chart {patient.chart_number}) be exported?")
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        self.choices = QButtonGroup(self)
        self.buttons: dict[ExportFormat, QRadioButton] = {}
        for export_format in ExportFormat:
            button = QRadioButton(export_format.label)
            hint = QLabel(export_format.hint)
            hint.setWordWrap(True)
            set_role(hint, "export-hint")
            self.choices.addButton(button)
            self.buttons[export_format] = button
            layout.addWidget(button)
            layout.addWidget(hint)
            if export_format is ExportFormat.JSON:
                self.protection = ProtectionChoice()
                self.protection.setContentsMargins(24, 0, 0, 0)
                layout.addWidget(self.protection)
        self.buttons[preselected].setChecked(True)
        self.choices.buttonToggled.connect(lambda _button, _on: self._show_protection())
        self._show_protection()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Export…")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.setMinimumWidth(680)
        # Tall enough for every wrapped line at that width: the default size of a top-level
        # window ignores wrapped labels' height, and a squeezed label loses its last line.
        self.setMinimumHeight(layout.totalHeightForWidth(680))
        self.choice: ExportChoice | None = None

    @property
    def chosen(self) -> ExportFormat:
        return next(f for f, button in self.buttons.items() if button.isChecked())

    def accept(self) -> None:
        """Close only with a valid choice: a chart file's key or password is checked first."""
        if self.chosen is not ExportFormat.JSON:
            self.choice = ExportChoice(self.chosen)
            super().accept()
            return
        protection = self.protection.protection()
        if protection is not None:
            self.choice = ExportChoice(self.chosen, protection)
            super().accept()

    def _show_protection(self) -> None:
        # Only a chart file is encrypted: the tables and the bundle are for programs here.
        self.protection.setEnabled(self.chosen is ExportFormat.JSON)


def ask_export_format(parent: QWidget, patient: PatientRecord) -> ExportChoice | None:
    dialog = ExportFormatDialog(patient, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice
