"""New and edit patient: validation messages under each field; nothing saved until all is valid."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError, StaleEditError, ValidationError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common import confirmations
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.common.stale_edit import StaleAsker, StaleChoice, ask_reload_or_keep
from nmt_desktop.ui.context import AppContext


class PatientDialog(QDialog):
    def __init__(self, context: AppContext, patient: PatientRecord | None = None,
                 parent: QWidget | None = None, *,
                 ask_keep_mine: StaleAsker | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._patient = patient
        self._ask_keep_mine = ask_keep_mine or (lambda refusal: ask_reload_or_keep(
            self, "Patient changed elsewhere", refusal))
        self.saved: PatientRecord | None = None
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.setMinimumWidth(460)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.fields = {
            "given_name": add_field(form, "&Given name:", FieldWithError()),
            "family_name": add_field(form, "&Family name:", FieldWithError()),
            "date_of_birth": add_field(form, "&Date of birth:", FieldWithError("YYYY-MM-DD")),
            "chart_number": add_field(form, "&Chart number:",
                                      FieldWithError("assigned automatically if empty")),
            "phone": add_field(form, "&Phone:", FieldWithError()),
            "email": add_field(form, "&Email:", FieldWithError()),
            "referring_physician": add_field(form, "&Referring physician:", FieldWithError()),
        }
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        self.address.setTabChangesFocus(True)
        self.address.setAccessibleName("Address")
        form.addRow("&Address:", self.address)
        self.referral_reason = QPlainTextEdit()
        self.referral_reason.setFixedHeight(54)
        self.referral_reason.setTabChangesFocus(True)
        self.referral_reason.setAccessibleName("Reason for referral")
        form.addRow("Reason for &referral:", self.referral_reason)

        self.general_error = error_line()

        buttons = save_cancel_buttons(self, self._save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        if patient is not None:
            self._fill(patient)
        self._as_opened = self.input()

    def has_typed_data(self) -> bool:
        return self.input() != self._as_opened

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Esc with something typed asks first: a stray Esc must not throw a new patient away.
        if event.key() == Qt.Key.Key_Escape and self.has_typed_data():
            event.accept()
            if confirmations.confirm_discard(self, "patient details"):
                self.reject()
            return
        super().keyPressEvent(event)

    def _fill(self, patient: PatientRecord) -> None:
        values = {
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "chart_number": patient.chart_number,
            "phone": patient.phone,
            "email": patient.email,
            "referring_physician": patient.referring_physician,
        }
        for name, value in values.items():
            self.fields[name].edit.setText(value)
        self.address.setPlainText(patient.address)
        self.referral_reason.setPlainText(patient.referral_reason)

    def input(self) -> PatientInput:
        text = {name: field.text() for name, field in self.fields.items()}
        return PatientInput(
            given_name=text["given_name"],
            family_name=text["family_name"],
            date_of_birth=text["date_of_birth"],
            chart_number=text["chart_number"],
            phone=text["phone"],
            email=text["email"],
            address=self.address.toPlainText(),
            referring_physician=text["referring_physician"],
            referral_reason=self.referral_reason.toPlainText(),
        )

    def _save(self) -> None:
        try:
            if self._patient is None:
                self.saved = self._context.apply(patient_service.create_patient, self.input())
            else:
                self.saved = self._context.apply(patient_service.update_patient,
                                                 self._patient.uid, self.input(),
                                                 expected_version=self._patient.version)
        except StaleEditError as error:
            # Someone saved the patient after this dialog opened: ask, never overwrite blindly.
            assert self._patient is not None
            if self._ask_keep_mine(str(error)) is StaleChoice.KEEP_MINE:
                self._patient = replace(self._patient, version=error.current_version)
                self._save()
            else:
                self._patient = self._context.read(patient_service.get_patient,
                                                   self._patient.uid)
                self._fill(self._patient)
            return
        except ValidationError as error:
            show_field_errors(self.fields, error.field_errors, self.general_error)
            return
        except ConflictError as error:
            show_field_errors(self.fields, {"chart_number": str(error)}, self.general_error)
            return
        self.accept()
