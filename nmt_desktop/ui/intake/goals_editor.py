"""Treatment goals of the intake: add, edit, remove; each keeps its identity across versions.

A goal that existed before keeps its uid when its text is edited, so the progress recorded
against it in earlier sessions still belongs to it. Removing a goal retires it (it stays in
the record with the date it was retired).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.intake_form import MAX_GOALS, MAX_LINE_LENGTH, GoalInput
from nmt_desktop.ui.common.style import set_flag, set_role


class GoalRow(QWidget):
    remove_requested = Signal(object)  # GoalRow
    changed = Signal()

    def __init__(self, text: str = "", target: dt.date | None = None,
                 uid: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uid = uid
        self.text = QLineEdit(text)
        self.text.setPlaceholderText("e.g. Sit at the desk for 2 hours without neck pain")
        self.text.setMaxLength(MAX_LINE_LENGTH)
        self.text.setAccessibleName("Goal")
        self.target = QLineEdit(target.isoformat() if target else "")
        self.target.setPlaceholderText("target YYYY-MM-DD")
        self.target.setFixedWidth(130)
        self.target.setAccessibleName("Target date")
        self.remove = QToolButton()
        self.remove.setText("Remove")
        self.remove.setToolTip("Remove this goal (an existing goal is kept as retired)")
        self.error = QLabel()
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.target)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        for edit in (self.text, self.target):
            edit.textEdited.connect(self._edited)

    def value(self) -> GoalInput:
        return GoalInput(self.text.text(), self.target.text(), self.uid)

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)
        self.target.setReadOnly(read_only)
        self.remove.setVisible(not read_only)

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        set_flag(self.text, "invalid", True)

    def clear_error(self) -> None:
        self.error.hide()
        set_flag(self.text, "invalid", False)

    def _edited(self, _text: str) -> None:
        self.clear_error()
        self.changed.emit()


class GoalsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[GoalRow] = []
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(4)
        self.empty = QLabel("No goals yet. Goals let each session record progress "
                            "(met, partly met, not met).")
        set_role(self.empty, "muted")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton("Add goal")
        self.error = QLabel()
        set_role(self.error, "error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.error)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(lambda: self.add_goal().text.setFocus())
        self._update()

    def add_goal(self, text: str = "", target: dt.date | None = None,
                 uid: uuid.UUID | None = None) -> GoalRow:
        row = GoalRow(text, target, uid)
        row.remove_requested.connect(self.remove_goal)
        row.changed.connect(self.changed)
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        self._update()
        self.changed.emit()
        return row

    def remove_goal(self, row: GoalRow) -> None:
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self._update()
        self.changed.emit()

    def set_goals(self, goals: Iterable[tuple[str, dt.date | None, uuid.UUID | None]]) -> None:
        for row in list(self.rows):
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        for text, target, uid in goals:
            self.add_goal(text, target, uid)
        self._update()

    def goals(self) -> list[GoalInput]:
        return [row.value() for row in self.rows]

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows:
            row.set_read_only(read_only)
        self.add_button.setVisible(not read_only)

    def show_errors(self, errors: Mapping[str, str]) -> bool:
        """Messages keyed `goal:<index>` go under their row, `goals` under the list."""
        found = False
        for index, row in enumerate(self.rows):
            message = errors.get(f"goal:{index}")
            if message:
                row.set_error(message)
                found = True
            else:
                row.clear_error()
        general = errors.get("goals", "")
        self.error.setText(general)
        self.error.setVisible(bool(general))
        return found or bool(general)

    def _update(self) -> None:
        self.empty.setVisible(not self.rows)
        self.add_button.setEnabled(len(self.rows) < MAX_GOALS)
