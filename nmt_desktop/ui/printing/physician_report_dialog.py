"""Choose what a progress report to the physician covers, and whether to lock it.

The period defaults to the whole course of treatment (first session to today). A password is
optional: it encrypts the PDF (AES-256) for sending by e-mail and is typed twice, because a
mistyped password would lock the physician out of the report. It must pass the same rule as on
the command line (`domain.report_password`), checked here so the dialog can say what is wrong
while the fields are still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.report_password import (
    MIN_REPORT_PASSWORD_CHARACTERS,
    report_password_problem,
)
from nmt_desktop.ui.common.style import set_role

DATE_FORMAT = "yyyy-MM-dd"


@dataclass(frozen=True)
class PhysicianReportOptions:
    date_from: dt.date
    date_to: dt.date
    password: str | None


class PhysicianReportDialog(QDialog):
    def __init__(self, patient_name: str, first_session: dt.date | None,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = today or dt.date.today()
        self.options: PhysicianReportOptions | None = None
        self.setWindowTitle("Progress report to the physician")
        self.setMinimumWidth(460)
        intro = QLabel(f"Report on {patient_name}'s treatment over this period:")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.date_from = _date_edit(first_session or today, "Period from")
        self.date_to = _date_edit(today, "Period to")
        self.protect = QCheckBox("&Protect with a password (for sending by e-mail)")
        self.password = _password_edit("Password")
        self.repeat = _password_edit("Password again")
        self.error = QLabel()
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow("&From:", self.date_from)
        form.addRow("&To:", self.date_to)
        form.addRow(self.protect)
        form.addRow("Pass&word:", self.password)
        form.addRow("&Again:", self.repeat)
        hint = QLabel(f"At least {MIN_REPORT_PASSWORD_CHARACTERS} characters. Tell the "
                      "physician the password by phone, never in the same e-mail.")
        hint.setWordWrap(True)
        set_role(hint, "hint")
        form.addRow(hint)
        self._password_rows = (self.password, self.repeat, hint)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.preview_button.setText("Pre&view")
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.protect.toggled.connect(self._show_password_fields)
        self._show_password_fields(False)

    def _show_password_fields(self, shown: bool) -> None:
        for widget in self._password_rows:
            widget.setEnabled(shown)
        if shown:
            self.password.setFocus()

    def confirm(self) -> None:
        date_from, date_to = _day(self.date_from), _day(self.date_to)
        password: str | None = None
        if date_from > date_to:
            self._refuse("The period starts after it ends; pick a “From” date on or before "
                         "the “To” date.", self.date_from)
            return
        if self.protect.isChecked():
            password = self.password.text()
            if not password:
                self._refuse("Type a password, or untick “Protect with a password”.",
                             self.password)
                return
            problem = report_password_problem(password)
            if problem is not None:
                self._refuse(problem, self.password)
                return
            if password != self.repeat.text():
                self._refuse("The two passwords differ; type the same password twice.",
                             self.repeat)
                return
        self.options = PhysicianReportOptions(date_from, date_to, password)
        self.accept()

    def _refuse(self, message: str, field: QWidget) -> None:
        self.error.setText(message)
        self.error.show()
        field.setFocus()


def _date_edit(day: dt.date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setAccessibleName(name)
    return edit


def _day(edit: QDateEdit) -> dt.date:
    chosen = edit.date()
    return dt.date(chosen.year(), chosen.month(), chosen.day())


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit
