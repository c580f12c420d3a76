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
    QWidget,
)

from nmt_desktop.domain.posture import (
    POSTURE_FINDINGS,
    POSTURE_FINDINGS_BY_ID,
    PostureSeverity,
    PostureSide,
)
from nmt_desktop.services import session_findings
from nmt_desktop.services.session_findings import PostureRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import COPIED_TEXT, set_text_read_only
from nmt_desktop.ui.session.form.row_list import (
    RecordListPanel,
    RowCard,
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


class PosturePanel(RecordListPanel):
    autosave_kind = "posture"

    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, autosave, "Add a posture finding…",
                         [(f.id, f.term, finding_tooltip(f.id)) for f in POSTURE_FINDINGS],
                         "No posture findings recorded.", parent)

    def _list_records(self, session_uid: uuid.UUID) -> list[PostureRecord]:
        return self._context.read(session_findings.list_posture_findings, session_uid)

    def _add_row(self, record: PostureRecord) -> PostureRow:
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
        return row

    def _create(self, session_uid: uuid.UUID, choice_id: str) -> PostureRecord:
        return self._context.apply(session_findings.add_posture_finding, session_uid, choice_id,
                                   PostureSeverity.MILD)

    def _focus_new_row(self, row: PostureRow) -> None:
        row.severity.setFocus()

    def _update(self, uid: uuid.UUID, changes: dict[str, Any]) -> PostureRecord:
        return self._context.apply(session_findings.update_posture_finding, uid, changes)

    def _delete(self, uid: uuid.UUID) -> PostureRecord:
        return self._context.apply(session_findings.remove_posture_finding, uid)

    def confirm_copied(self) -> None:
        """Accept every copied finding as today's finding."""
        for uid, row in list(self.rows.items()):
            if row.record.copied:
                self._stage(uid, "severity", row.record.severity)
