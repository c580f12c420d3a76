"""Progress toward each intake goal, judged in this session: met, partly met or not met."""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import session_findings
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.common.style import MUTED
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import hint_label, set_text_read_only
from nmt_desktop.ui.session.form.row_list import RowCard, clear_layout

STATUS_COLOURS = {
    GoalProgressStatus.MET: "#1f6b3a",
    GoalProgressStatus.PARTLY_MET: "#8a5a00",
    GoalProgressStatus.NOT_MET: "#a61b1b",
}


class GoalRow(RowCard):
    def __init__(self, goal_uid: uuid.UUID, text: str, target: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("goal", parent)
        self.goal_uid = goal_uid
        title = QLabel(html.escape(text) + (f" <span style='color:{MUTED}'>· by {target}</span>"
                                            if target else ""))
        title.setWordWrap(True)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[GoalProgressStatus, QToolButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 6, 4)
        grid.setVerticalSpacing(3)
        grid.addWidget(title, 0, 0, 1, 4)
        for column, status in enumerate(GoalProgressStatus):
            button = QToolButton()
            button.setText(status.label)
            button.setCheckable(True)
            button.setAccessibleName(f"{text}: {status.label}")
            colour = STATUS_COLOURS[status]
            button.setStyleSheet(
                "QToolButton { padding: 2px 8px; border: 1px solid #b9c0c6; "
                "border-radius: 3px; background: #ffffff; }"
                f"QToolButton:checked {{ background: {colour}; color: #ffffff; "
                f"border-color: {colour}; font-weight: 600; }}"
                "QToolButton:disabled { color: #9aa3ab; background: #f4f5f2; }"
                # A signed session still shows its judgement at full strength.
                f"QToolButton:checked:disabled {{ background: {colour}; color: #ffffff; }}")
            self.group.addButton(button)
            self.buttons[status] = button
            grid.addWidget(button, 1, column)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (numbers, e.g. sits 40 min)")
        self.note.setAccessibleName(f"{text}: progress note")
        grid.addWidget(self.note, 1, 3)
        grid.setColumnStretch(3, 1)

    def status(self) -> GoalProgressStatus | None:
        return next((s for s, b in self.buttons.items() if b.isChecked()), None)

    def set_status(self, status: GoalProgressStatus | None) -> None:
        for each, button in self.buttons.items():
            button.setChecked(each is status)

    def choose(self, clicked: QToolButton) -> None:
        """Exclusive, but a second click on the chosen status clears it."""
        for button in self.buttons.values():
            if button is not clicked:
                button.setChecked(False)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        set_text_read_only(self.note, read_only)


class GoalsPanel(QWidget):
    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._autosave = autosave
        self.session_uid: uuid.UUID | None = None
        self.rows: dict[uuid.UUID, GoalRow] = {}
        self._read_only = False
        self.empty = hint_label("No goals yet. Goals are set in the patient's intake; each "
                                "session then records progress toward them.")
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.list_layout)
        layout.addWidget(self.empty)

    def show_session(self, session: SessionRecord, read_only: bool) -> None:
        self.session_uid = session.uid
        self._read_only = read_only
        clear_layout(self.list_layout)
        self.rows.clear()
        progress = {p.goal_uid: p for p in
                    self._context.read(session_findings.list_goal_progress, session.uid)}
        goals = [(g.uid, g.text, date_text(g.target_date) if g.target_date else "")
                 for g in self._context.read(intake_service.list_goals, session.patient_uid)]
        known = {uid for uid, _text, _target in goals}
        goals += [(uid, p.goal_text, "") for uid, p in progress.items() if uid not in known]
        for goal_uid, text, target in goals:
            row = GoalRow(goal_uid, text, target)
            recorded = progress.get(goal_uid)
            if recorded is not None:
                row.set_status(GoalProgressStatus(recorded.status))
                row.note.setText(recorded.note)
            row.set_read_only(read_only)
            row.group.buttonClicked.connect(lambda button, r=row: self._clicked(r, button))
            row.note.textEdited.connect(lambda _text, r=row: self._stage(r))
            self.rows[goal_uid] = row
            self.list_layout.addWidget(row)
        self.empty.setVisible(not self.rows)

    def _clicked(self, row: GoalRow, button: Any) -> None:
        row.choose(button)
        self._stage(row)

    def _stage(self, row: GoalRow) -> None:
        if self._read_only:
            return
        self._autosave.stage(("goal", row.goal_uid), lambda _changes: self._write(row),
                             "progress", (row.status(), row.note.text()))

    def _write(self, row: GoalRow) -> None:
        if self.session_uid is None:
            return
        self._context.apply(session_findings.set_goal_progress, self.session_uid, row.goal_uid,
                            row.status(), note=row.note.text())

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows.values():
            row.set_read_only(read_only)
