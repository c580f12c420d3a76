"""Home care of the P section: exercises from the §5.4 library with this patient's dose."""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from nmt_desktop.domain.exercises import EXERCISES, EXERCISES_BY_ID
from nmt_desktop.services import home_care
from nmt_desktop.services.home_care import PrescriptionRecord
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import (
    COPIED_TEXT,
    set_text_read_only,
)
from nmt_desktop.ui.session.form.row_list import (
    RecordListPanel,
    RowCard,
    remove_button,
)

EDITABLE = (("dose", "Dose"), ("frequency", "How often"),
            ("progression", "Progression (when and how to advance)"))


def exercise_tooltip(exercise_id: str) -> str:
    exercise = EXERCISES_BY_ID.get(exercise_id)
    if exercise is None:
        return ""
    lines = [f"For: {exercise.purpose}", f"Cue: {exercise.cue}",
             f"Typical starting dose: {exercise.typical_dose}"]
    if exercise.caution:
        lines.append(f"Caution: {exercise.caution}")
    return "\n".join(lines)


class PrescriptionRow(RowCard):
    def __init__(self, record: PrescriptionRecord, parent: QWidget | None = None) -> None:
        super().__init__("prescription", parent)
        self.record = record
        exercise = EXERCISES_BY_ID.get(record.exercise_id)
        caution = (f" <span style='color:#a61b1b'>· {html.escape(exercise.caution)}</span>"
                   if exercise is not None and exercise.caution else "")
        self.title = QLabel(f"<b>{html.escape(record.exercise_name)}</b>{caution}")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setToolTip(exercise_tooltip(record.exercise_id))
        self.copied_tag = QLabel("copied — edit to confirm")
        self.copied_tag.setStyleSheet(f"color: {COPIED_TEXT}; font-size: 11px;")
        self.remove = remove_button(record.exercise_name)
        self.edits: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.copied_tag, 0, 1)
        grid.addWidget(self.remove, 0, 2, Qt.AlignmentFlag.AlignRight)
        # Dose and frequency share a line; the progression gets a line of its own.
        places = {"dose": (1, 0, 1, 1), "frequency": (1, 1, 1, 2), "progression": (2, 0, 1, 3)}
        for name, caption in EDITABLE:
            edit = QLineEdit()
            edit.setPlaceholderText(caption)
            edit.setToolTip(caption)
            edit.setAccessibleName(f"{record.exercise_name}: {caption.lower()}")
            self.edits[name] = edit
            grid.addWidget(edit, *places[name])
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.show_record(record)

    def show_record(self, record: PrescriptionRecord) -> None:
        self.record = record
        for name, edit in self.edits.items():
            value = getattr(record, name)
            if edit.text() != value:
                edit.setText(value)
        self.set_copied(record.copied)
        self.copied_tag.setVisible(record.copied)

    def set_read_only(self, read_only: bool) -> None:
        for edit in self.edits.values():
            set_text_read_only(edit, read_only)
        self.remove.setVisible(not read_only)


class HomeCarePanel(RecordListPanel):
    autosave_kind = "home_care"

    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, autosave, "Add an exercise from the library…",
                         [(e.id, e.name, exercise_tooltip(e.id)) for e in EXERCISES],
                         "No home care prescribed in this session.", parent)
        note = QLabel("The dose starts at the library's typical value; adjust it for "
                      "this patient.")
        note.setWordWrap(True)
        set_role(note, "hint")
        self.hint = note
        self.column.addWidget(note)

    def _list_records(self, session_uid: uuid.UUID) -> list[PrescriptionRecord]:
        return self._context.read(home_care.list_prescriptions, session_uid)

    def _add_row(self, record: PrescriptionRecord) -> PrescriptionRow:
        row = PrescriptionRow(record)
        row.set_read_only(self._read_only)
        uid = record.uid
        for name, edit in row.edits.items():
            edit.textEdited.connect(lambda text, n=name: self._stage(uid, n, text))
        row.remove.clicked.connect(lambda: self._remove(uid))
        self.rows[uid] = row
        self.list_layout.addWidget(row)
        return row

    def _refresh(self) -> None:
        super()._refresh()
        self.hint.setVisible(not self._read_only)

    def _create(self, session_uid: uuid.UUID, choice_id: str) -> PrescriptionRecord:
        return self._context.apply(home_care.prescribe_exercise, session_uid, choice_id)

    def _focus_new_row(self, row: PrescriptionRow) -> None:
        row.edits["dose"].setFocus()

    def _update(self, uid: uuid.UUID, changes: dict[str, Any]) -> PrescriptionRecord:
        return self._context.apply(home_care.update_prescription, uid, changes)

    def _delete(self, uid: uuid.UUID) -> PrescriptionRecord:
        return self._context.apply(home_care.remove_prescription, uid)

    def confirm_copied(self) -> None:
        for uid, row in list(self.rows.items()):
            if row.record.copied:
                self._stage(uid, "dose", row.edits["dose"].text())
