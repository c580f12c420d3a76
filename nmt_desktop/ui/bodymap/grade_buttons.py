"""Tenderness grade 0-IV as a row of toggle buttons (clinical-spec §3.2)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from nmt_desktop.domain.vocab import TendernessGrade


class GradeButtons(QWidget):
    """Tenderness grade 0-IV as a row of toggle buttons; clicking the chosen one clears it."""

    grade_changed = Signal(object)  # int | None

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradeButtons")
        self._grade: int | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: list[QToolButton] = []
        for grade in TendernessGrade:
            button = QToolButton(self)
            button.setText(grade.roman)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolTip(f"{grade.roman}: {grade.description}")
            button.setAccessibleName(f"{name} {grade.roman}: {grade.description}")
            button.clicked.connect(lambda _checked=False, g=grade.value: self._clicked(g))
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.setFocusProxy(self.buttons[0])

    def grade(self) -> int | None:
        return self._grade

    def set_grade(self, grade: int | None) -> None:
        """Show a grade without emitting."""
        self._grade = grade
        for value, button in enumerate(self.buttons):
            button.setChecked(value == grade)

    def _clicked(self, grade: int) -> None:
        new = None if grade == self._grade else grade
        self.set_grade(new)
        self.grade_changed.emit(new)
