"""Entering one NDI, ODI or PSFS form item by item, with the score shown as it is entered.

The patient fills in the paper form; the therapist transcribes the section scores (0–5) or the
PSFS activities and ratings. Scoring, including the missing-item rule, is the domain's
(`domain.outcomes.score_outcome`): the number on screen is the number that is stored.
"""

from __future__ import annotations

import html
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import (
    ITEM_MAX,
    NDI_ITEMS,
    ODI_ITEMS,
    PSFS_MAX,
    PSFS_MAX_ACTIVITIES,
    OutcomeMeasure,
    OutcomeScore,
    PsfsActivity,
    score_outcome,
)
from nmt_desktop.ui.common.optional_inputs import OptionalSpinBox
from nmt_desktop.ui.common.style import MUTED, set_role
from nmt_desktop.ui.session.form.fields import NOT_SET, set_text_read_only

ItemAnswers = tuple[int | None, ...] | tuple[PsfsActivity, ...]

INSTRUCTIONS = {
    OutcomeMeasure.NDI: "For each section, enter the number (0–5) of the statement the patient "
                        "ticked: 0 is the first statement (no problem), 5 the last (worst). "
                        "Leave a section the patient skipped blank. Click a number again to "
                        "clear it.",
    OutcomeMeasure.ODI: "For each section, enter the number (0–5) of the statement the patient "
                        "ticked: 0 is the first statement, 5 the last. Leave a section the "
                        "patient skipped blank (e.g. sex life). Click a number again to clear it.",
    OutcomeMeasure.PSFS: "The patient names up to five activities they find hard because of "
                         "the problem and rates each from 0 (unable to do it) to 10 (able to "
                         "do it as before).",
}


def short_score_text(result: OutcomeScore) -> str:
    """The score for a table cell, e.g. "34 % · Moderate" or "5.5 / 10"."""
    if not result.valid or result.score is None:
        return "not scored"
    if result.measure is OutcomeMeasure.PSFS:
        return f"{result.score:.1f} / 10"
    return f"{result.score:g} % · {result.band}"


def score_text(result: OutcomeScore) -> str:
    """The score line as a therapist reads it, e.g. "34 % — Moderate (raw 17 of 50)"."""
    if not result.valid or result.score is None:
        return "Not scored"
    if result.measure is OutcomeMeasure.PSFS:
        return f"{result.score:.1f} / 10 (mean of {result.answered})"
    return (f"{result.score:g} % — {result.band} "
            f"(raw {result.raw_sum} of {ITEM_MAX * result.answered})")


class _ItemRow:
    """One NDI/ODI section: six number buttons; clicking the chosen one again clears it."""

    def __init__(self, grid: QGridLayout, row: int, number: int, title: str,
                 changed: Any) -> None:
        self.label = QLabel(f"{number}. {title}")
        self.group = QButtonGroup(grid)
        self.group.setExclusive(False)
        self.buttons: list[QToolButton] = []
        grid.addWidget(self.label, row, 0)
        for value in range(ITEM_MAX + 1):
            button = QToolButton()
            button.setText(str(value))
            button.setCheckable(True)
            button.setFixedWidth(30)
            button.setAccessibleName(f"{title}: {value}")
            self.group.addButton(button, value)
            self.buttons.append(button)
            grid.addWidget(button, row, 1 + value)
        self.group.idClicked.connect(lambda value: self._choose(value, changed))

    def _choose(self, value: int, changed: Any) -> None:
        for other in self.buttons:
            if other is not self.buttons[value]:
                other.setChecked(False)
        changed()

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        for index, button in enumerate(self.buttons):
            button.setChecked(index == value)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)


class _ActivityRow:
    def __init__(self, grid: QGridLayout, row: int, changed: Any) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText(f"Activity {row + 1}")
        self.name.setAccessibleName(f"PSFS activity {row + 1}")
        self.rating = OptionalSpinBox()
        self.rating.setRange(-1, PSFS_MAX)
        self.rating.setSpecialValueText(NOT_SET)
        self.rating.setValue(-1)
        self.rating.setAccessibleName(f"Rating of activity {row + 1}, 0 to 10")
        # Row 0 of the grid holds the column headings.
        grid.addWidget(self.name, row + 1, 0)
        grid.addWidget(self.rating, row + 1, 1)
        self.name.textEdited.connect(lambda _text: changed())
        self.rating.valueChanged.connect(lambda _value: changed())

    def value(self) -> PsfsActivity | None:
        name = self.name.text().strip()
        rating = self.rating.value()
        if not name and rating < 0:
            return None
        return PsfsActivity(name, None if rating < 0 else rating)

    def set_value(self, activity: PsfsActivity | None) -> None:
        self.name.setText(activity.activity if activity else "")
        self.rating.setValue(-1 if activity is None or activity.score is None
                             else activity.score)

    def set_read_only(self, read_only: bool) -> None:
        set_text_read_only(self.name, read_only)
        self.rating.setReadOnly(read_only)


class QuestionnaireEditor(QWidget):
    """Items of one questionnaire and its live score. Emits `edited(items)` on each change."""

    edited = Signal(object)  # ItemAnswers

    def __init__(self, measure: OutcomeMeasure, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        # The stored form this editor writes to; None until its first answer is stored.
        self.record_uid: uuid.UUID | None = None
        self._loading = False
        self._read_only = False
        self.title = QLabel(f"<b>{measure.label}</b>")
        self.instructions = QLabel(INSTRUCTIONS[measure])
        self.instructions.setWordWrap(True)
        set_role(self.instructions, "muted")
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(3)
        self.item_rows: list[_ItemRow] = []
        self.activity_rows: list[_ActivityRow] = []
        if measure is OutcomeMeasure.PSFS:
            grid.addWidget(QLabel("Activity"), 0, 0)
            grid.addWidget(QLabel("Rating 0–10"), 0, 1)
            for index in range(PSFS_MAX_ACTIVITIES):
                self.activity_rows.append(_ActivityRow(grid, index, self._changed))
            grid.setColumnStretch(0, 1)
        else:
            titles = NDI_ITEMS if measure is OutcomeMeasure.NDI else ODI_ITEMS
            for index, title in enumerate(titles):
                self.item_rows.append(_ItemRow(grid, index, index + 1, title, self._changed))
            grid.setColumnStretch(0, 1)
        # The chosen answer stands out, also once the form is read-only (style.py).
        self.setObjectName("questionnaire")
        self.score = QLabel()
        self.score.setTextFormat(Qt.TextFormat.RichText)
        self.score.setWordWrap(True)
        self.score.setAccessibleName(f"{measure.label} score")
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_role(self.note, "muted")
        # Filled by the outcomes panel, which knows the patient's baseline.
        self.change = QLabel()
        self.change.setWordWrap(True)
        self.change.setTextFormat(Qt.TextFormat.RichText)
        self.change.setAccessibleName("Change from baseline")
        # The score sits above the items, so it stays in view while they are entered.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.score)
        layout.addWidget(self.note)
        layout.addWidget(self.change)
        layout.addWidget(self.instructions)
        layout.addLayout(grid)
        self._show_score()

    # -- values ------------------------------------------------------------------------

    def items(self) -> ItemAnswers:
        if self.measure is OutcomeMeasure.PSFS:
            return tuple(a for a in (row.value() for row in self.activity_rows) if a is not None)
        return tuple(row.value() for row in self.item_rows)

    def set_items(self, items: ItemAnswers) -> None:
        self._loading = True
        try:
            if self.measure is OutcomeMeasure.PSFS:
                activities = [a for a in items if isinstance(a, PsfsActivity)]
                for index, activity_row in enumerate(self.activity_rows):
                    activity_row.set_value(activities[index] if index < len(activities)
                                           else None)
            else:
                values = [None if isinstance(v, PsfsActivity) else v for v in items]
                for index, row in enumerate(self.item_rows):
                    row.set_value(values[index] if index < len(values) else None)
        finally:
            self._loading = False
        self._show_score()

    def result(self) -> OutcomeScore | None:
        """The domain's score of what is entered, or None while it cannot be scored yet."""
        items = self.items()
        if self.measure is OutcomeMeasure.PSFS and not items:
            return None
        try:
            return score_outcome(self.measure, items)
        except ValidationError:
            return None

    def problem(self) -> str:
        """Why the entries cannot be stored yet (e.g. a rated activity without a name)."""
        try:
            if self.measure is not OutcomeMeasure.PSFS or self.items():
                score_outcome(self.measure, self.items())
        except ValidationError as error:
            return str(error)
        return ""

    def has_answers(self) -> bool:
        items = self.items()
        return any(v is not None for v in items)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.item_rows:
            row.set_enabled(not read_only)
        for activity in self.activity_rows:
            activity.set_read_only(read_only)

    # -- reactions ---------------------------------------------------------------------

    def _changed(self) -> None:
        self._show_score()
        if not self._loading and not self._read_only:
            self.edited.emit(self.items())

    def _show_score(self) -> None:
        result = self.result()
        problem = self.problem()
        if result is None:
            self.score.setText(f"<b>Score:</b> <span style='color:{MUTED}'>"
                               f"{'—' if not problem else html.escape(problem)}</span>")
            self.note.setText("")
            return
        self.score.setText(f"<b>Score:</b> {html.escape(score_text(result))}")
        self.note.setText(result.note)
