"""Posture findings of the O section: §5.1 vocabulary, side and severity, a note each."""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.posture import (
    POSTURE_FINDINGS,
    POSTURE_FINDINGS_BY_ID,
    PostureSeverity,
    PostureSide,
)
from nmt_desktop.services import session_notes
from nmt_desktop.services.session_notes import PostureRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session_form.autosave import AutosaveBuffer
from nmt_desktop.ui.session_form.fields import COPIED_TEXT, hint_label, set_text_read_only
from nmt_desktop.ui.session_form.row_list import (
    RowCard,
    clear_layout,
    discard,
    picker,
    remove_button,
)


def finding_tooltip(finding_id: str) -> str:
    finding = POSTURE_FINDINGS_BY_ID[finding_id]
    parts = [finding.description]
    if finding.often_short:
        parts.append(f"Often short/overactive: {finding.often_short}")
    if finding.often_weak:
        parts.append(f"Often weak/inhibited: {finding.often_weak}")
    return "\n".join(parts)


class PostureRow(RowCard):
    def __init__(self, record: PostureRecord, parent: QWidget | None = None) -> None:
        super().__init__("posture", parent)
        self.record = record
        finding = POSTURE_FINDINGS_BY_ID[record.finding_id]
        self.term = QLabel(f"<b>{html.escape(finding.term)}</b>")
        self.term.setToolTip(finding_tooltip(record.finding_id))
        self.copied_tag = QLabel("copied — edit to confirm")
        self.copied_tag.setStyleSheet(f"color: {COPIED_TEXT}; font-size: 11px;")
        self.side = QComboBox()
        self.side.addItem("Side —", None)
        for side in PostureSide:
            self.side.addItem(side.label, side)
        self.side.setAccessibleName(f"{finding.term}: side")
        self.severity = QComboBox()
        for severity in PostureSeverity:
            self.severity.addItem(severity.label, severity)
        self.severity.setAccessibleName(f"{finding.term}: severity")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (e.g. apex T7, right)")
        self.note.setAccessibleName(f"{finding.term}: note")
        self.remove = remove_button(finding.term)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.term, 0, 0, 1, 2)
        grid.addWidget(self.copied_tag, 0, 2)
        grid.addWidget(self.remove, 0, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.side, 1, 0)
        grid.addWidget(self.severity, 1, 1)
        grid.addWidget(self.note, 1, 2, 1, 2)
        grid.setColumnStretch(2, 1)
        self.show_record(record)

    def show_record(self, record: PostureRecord) -> None:
        self.record = record
        for combo, value in ((self.side, record.side), (self.severity, record.severity)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        if self.note.text() != record.note:
            self.note.setText(record.note)
        self.set_copied(record.copied)
        self.copied_tag.setVisible(record.copied)

    def set_read_only(self, read_only: bool) -> None:
        self.side.setEnabled(not read_only)
        self.severity.setEnabled(not read_only)
        set_text_read_only(self.note, read_only)
        self.remove.setVisible(not read_only)


class PosturePanel(QWidget):
    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._autosave = autosave
        self.session_uid: uuid.UUID | None = None
        self.rows: dict[uuid.UUID, PostureRow] = {}
        self._read_only = False
        self.add_combo = picker("Add a posture finding…", [
            (f.id, f.term, finding_tooltip(f.id)) for f in POSTURE_FINDINGS])
        self.add_combo.activated.connect(self._add_chosen)
        self.empty = hint_label("No posture findings recorded.")
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.list_layout)
        layout.addWidget(self.empty)
        layout.addWidget(self.add_combo)

    def show_session(self, session_uid: uuid.UUID, read_only: bool) -> None:
        self.session_uid = session_uid
        self._read_only = read_only
        clear_layout(self.list_layout)
        self.rows.clear()
        for record in self._context.read(session_notes.list_posture_findings, session_uid):
            self._add_row(record)
        self._refresh()

    def _add_row(self, record: PostureRecord) -> None:
        row = PostureRow(record)
        row.set_read_only(self._read_only)
        uid = record.uid
        row.side.activated.connect(lambda _i: self._stage(uid, "side", row.side.currentData()))
        row.severity.activated.connect(
            lambda _i: self._stage(uid, "severity", row.severity.currentData()))
        row.note.textEdited.connect(lambda text: self._stage(uid, "note", text))
        row.remove.clicked.connect(lambda: self._remove(uid))
        self.rows[uid] = row
        self.list_layout.addWidget(row)

    def _refresh(self) -> None:
        self.empty.setVisible(not self.rows)
        self.add_combo.setVisible(not self._read_only)

    def _add_chosen(self, index: int) -> None:
        finding_id = self.add_combo.itemData(index)
        self.add_combo.setCurrentIndex(0)
        if finding_id is None or self.session_uid is None or self._read_only:
            return
        session_uid = self.session_uid
        record = self._context.attempt(lambda: self._context.apply(
            session_notes.add_posture_finding, session_uid, finding_id,
            PostureSeverity.MILD, self._context.actor))
        if record is not None:
            self._add_row(record)
            self._refresh()
            self.rows[record.uid].severity.setFocus()

    def _stage(self, uid: uuid.UUID, name: str, value: Any) -> None:
        if not self._read_only:
            self._autosave.stage(("posture", uid), lambda changes: self._write(uid, changes),
                                 name, value)

    def _write(self, uid: uuid.UUID, changes: dict[str, Any]) -> None:
        record = self._context.apply(session_notes.update_posture_finding, uid, changes,
                                     self._context.actor)
        row = self.rows.get(uid)
        if row is not None:
            row.show_record(record)

    def _remove(self, uid: uuid.UUID) -> None:
        self._autosave.flush()
        if self._context.attempt(lambda: self._context.apply(
                session_notes.remove_posture_finding, uid, self._context.actor)) is None:
            return
        row = self.rows.pop(uid, None)
        if row is not None:
            self.list_layout.removeWidget(row)
            discard(row)
        self._refresh()

    def confirm_copied(self) -> None:
        """Accept every copied finding as today's finding."""
        for uid, row in list(self.rows.items()):
            if row.record.copied:
                self._stage(uid, "severity", row.record.severity)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows.values():
            row.set_read_only(read_only)
        self._refresh()
