"""Record a booked visit that did not take place: cancelled by either side, or a no-show.

Keyboard-fast: the date is today's, keys 1, 2 and 3 pick the kind (or Alt with the underlined
letter), Enter saves. The dialog only collects and shows the service's validation messages;
the record is written by one use case in one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.services import missed_visits as missed_visit_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.form_support import (
    FieldWithError,
    add_field,
    error_line,
    save_cancel_buttons,
    show_field_errors,
)
from nmt_desktop.ui.context import AppContext

#: Radio captions with their mnemonic and number key, in the order keys 1-3 pick them.
KIND_CAPTIONS: tuple[tuple[MissedVisitKind, str], ...] = (
    (MissedVisitKind.CANCELLED_BY_PATIENT, "1  Cancelled by the &patient"),
    (MissedVisitKind.CANCELLED_BY_CLINIC, "2  Cancelled by the &clinic"),
    (MissedVisitKind.NO_SHOW, "3  &No-show (did not come, no notice)"),
)
_NUMBER_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2}


class MissedVisitDialog(QDialog):
    """Date (today), kind, optional reason; Save records it for the patient."""

    def __init__(self, context: AppContext, patient: PatientRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._patient = patient
        self.setWindowTitle("Record cancelled visit")
        self.setMinimumWidth(440)
        about = QLabel(f"A booked visit of <b>{html.escape(patient.display_name)}</b> that did "
                       "not take "
                       "place. The physician report counts it beside the visits "
                       "attended.")
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        kind_box = QVBoxLayout()
        for index, (_, caption) in enumerate(KIND_CAPTIONS):
            button = QRadioButton(caption)
            self.kinds.addButton(button, index)
            kind_box.addWidget(button)
        buttons = self.kinds.buttons()
        buttons[0].setChecked(True)
        form = QFormLayout()
        self.fields = {
            "on_date": add_field(form, "&Date:", FieldWithError("YYYY-MM-DD")),
            "reason": add_field(form, "&Reason:", FieldWithError("optional, e.g. flu, snow")),
        }
        self.fields["on_date"].edit.setText(dt.date.today().isoformat())
        form.insertRow(1, QLabel("Kind:"), kind_box)
        self.general_error = error_line()
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(save_cancel_buttons(self, self.save))
        # Start on the kind: 1/2/3 (or the arrows) choose, Tab goes on to the reason.
        buttons[0].setFocus()

    def kind(self) -> MissedVisitKind:
        return KIND_CAPTIONS[max(self.kinds.checkedId(), 0)][0]

    def choose(self, kind: MissedVisitKind) -> None:
        index = [k for k, _ in KIND_CAPTIONS].index(kind)
        self.kinds.buttons()[index].setChecked(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        typing = any(f.edit.hasFocus() for f in self.fields.values())
        # A digit typed into the date or reason stays text; keys 1-3 choose only elsewhere.
        if key in _NUMBER_KEYS and not typing:
            button = self.kinds.buttons()[_NUMBER_KEYS[key]]
            button.setChecked(True)
            button.setFocus()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        try:
            on_date = dt.date.fromisoformat(self.fields["on_date"].text().strip())
        except ValueError:
            show_field_errors(self.fields, {"on_date": "Write the date as YYYY-MM-DD, e.g. "
                                                       "2025-03-14."}, self.general_error)
            return
        try:
            self._context.apply(missed_visit_service.record_missed_visit, self._patient.uid,
                                on_date, self.kind(),
                                reason=self.fields["reason"].text().strip())
        except (ValidationError, NotFoundError) as error:
            problems = (error.field_errors if isinstance(error, ValidationError)
                        else {"": str(error)})
            show_field_errors(self.fields, problems, self.general_error)
            return
        self.accept()


__all__ = ["KIND_CAPTIONS", "MissedVisitDialog"]
