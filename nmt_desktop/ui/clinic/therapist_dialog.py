"""The therapist profile asked for on first start: the signature on sessions and reports."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.services.records import TherapistRecord
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.context import AppContext


class TherapistDialog(QDialog):
    def __init__(self, context: AppContext, first_start: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.saved: TherapistRecord | None = None
        self.setWindowTitle("Welcome to NMT Desktop" if first_start else "New therapist")
        self.setMinimumWidth(440)
        intro = QLabel(
            "Who is charting? Your name, credentials and licence number are printed on "
            "every session you sign and every report you hand out."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields = {
            "full_name": add_field(form, "&Name:", FieldWithError("e.g. Alex Morgan")),
            "credentials": add_field(form, "&Credentials:", FieldWithError("e.g. LMT, CNMT")),
            "licence_number": add_field(form, "&Licence number:", FieldWithError()),
        }
        self.general_error = error_line()
        buttons = save_cancel_buttons(self, self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def _save(self) -> None:
        values = {name: field.text() for name, field in self.fields.items()}
        try:
            self.saved = self._context.apply(
                therapist_service.create_therapist, values["full_name"], values["credentials"],
                values["licence_number"],
            )
        except ValidationError as error:
            show_field_errors(self.fields, error.field_errors, self.general_error)
            return
        self.accept()
