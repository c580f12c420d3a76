"""The intake screening checklist: every contraindication by category, every red flag by urgency.

One row per catalog item (clinical-spec §4.1, §4.2). Ticking a row opens its details: a note,
and for items that keep an area off limits, the body regions concerned (picked on a small
map). An unticked row is saved as an explicit "no": the form documents that it was asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS,
    RED_FLAGS,
    Contraindication,
    RedFlag,
    ScreeningCategory,
    Urgency,
)
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.region_picker import RegionPickerDialog
from nmt_desktop.ui.common.style import MUTED, set_role

CATEGORY_TITLES = {
    ScreeningCategory.SYSTEMIC: "Systemic — postpone all treatment until medically cleared",
    ScreeningCategory.LOCAL: "Local — treat elsewhere, keep away from the area",
    ScreeningCategory.PRECAUTION: "Precautions — treat with modification",
}
URGENCY_COLOURS = {Urgency.EMERGENCY: "#b3261e", Urgency.URGENT: "#c25e00",
                   Urgency.ROUTINE: MUTED}
MAX_NOTE_LENGTH = 500


def urgency_badge(urgency: Urgency, note: str = "") -> QLabel:
    """A small coloured tag: "E", "U" or "R", with the urgency spelled out in its tooltip."""
    badge = QLabel(urgency.value)
    badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
    badge.setFixedSize(22, 20)
    badge.setStyleSheet(f"background: {URGENCY_COLOURS[urgency]}; color: white; "
                        "border-radius: 3px; font-weight: 700;")
    badge.setToolTip(urgency.label + (f" ({note})" if note else ""))
    badge.setAccessibleName(urgency.label)
    return badge


class _ClickableLabel(QLabel):
    """The wrapped text of a checkbox (QCheckBox text never wraps); a click toggles it."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class ScreeningRow(QWidget):
    """One checklist item: tick, and when ticked, its note and (for local items) its regions."""

    changed = Signal()

    def __init__(self, item: Contraindication | RedFlag, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._regions: list[str] = []
        self._read_only = False
        text = item.finding if isinstance(item, RedFlag) else item.label
        self.check = QCheckBox()
        self.check.setAccessibleName(text)
        tip = (f"Possible concern: {item.concern}. {item.urgency.label}."
               if isinstance(item, RedFlag) else item.modification)
        self.check.setToolTip(tip)
        self.label = _ClickableLabel(text)
        self.label.setWordWrap(True)
        self.label.setToolTip(tip)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.clicked.connect(self._label_clicked)
        self.concern = QLabel()
        set_role(self.concern, "muted")
        self.concern.setWordWrap(True)
        if isinstance(item, RedFlag):
            self.concern.setText(f"Possible concern: {item.concern} · {item.urgency.label}"
                                 + (f" ({item.urgency_note})" if item.urgency_note else ""))
        else:
            self.concern.setText(item.modification)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (what, where, since when)…")
        self.note.setMaxLength(MAX_NOTE_LENGTH)
        self.note.setAccessibleName(f"Note: {text}")
        self.regions_label = QLabel()
        self.regions_label.setWordWrap(True)
        self.regions_button = QPushButton("Choose regions…")
        self.regions_button.setAccessibleName(f"Choose regions: {text}")
        self.error = QLabel()
        set_role(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        if isinstance(item, RedFlag):
            head.addWidget(urgency_badge(item.urgency, item.urgency_note), 0,
                           Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.label, 1)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(52 if isinstance(item, RedFlag) else 24, 0, 0, 4)
        details.setSpacing(3)
        details.addWidget(self.concern)
        if self.marks_regions:
            regions_row = QHBoxLayout()
            regions_row.addWidget(self.regions_label, 1)
            regions_row.addWidget(self.regions_button)
            details.addLayout(regions_row)
        details.addWidget(self.note)
        details.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 1, 0, 1)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.details)

        self.check.toggled.connect(self._toggled)
        self.note.textEdited.connect(lambda _t: self.changed.emit())
        self.regions_button.clicked.connect(self.choose_regions)
        self._show_regions()
        self.details.setVisible(False)

    @property
    def item_id(self) -> str:
        return self.item.id

    @property
    def marks_regions(self) -> bool:
        return isinstance(self.item, Contraindication) and self.item.marks_regions

    def is_present(self) -> bool:
        return self.check.isChecked()

    def regions(self) -> list[str]:
        return list(self._regions)

    def set_regions(self, region_ids: Iterable[str]) -> None:
        self._regions = list(dict.fromkeys(region_ids))
        self._show_regions()
        self.clear_error()
        self.changed.emit()

    def answer(self) -> ScreeningAnswer:
        present = self.is_present()
        return ScreeningAnswer(
            self.item_id, present,
            tuple(self._regions) if present and self.marks_regions else (),
            self.note.text().strip() if present else "")

    def set_answer(self, answer: ScreeningAnswer | None) -> None:
        present = answer is not None and answer.present
        self.check.blockSignals(True)
        self.check.setChecked(present)
        self.check.blockSignals(False)
        self._regions = list(answer.region_ids) if answer is not None and present else []
        self.note.setText(answer.note if answer is not None and present else "")
        self._show_regions()
        self.details.setVisible(present)
        self.clear_error()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.check.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        # Only local items have the regions row (elsewhere the button has no parent).
        if self.marks_regions:
            self.regions_button.setVisible(not read_only)

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.details.show()

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    def _label_clicked(self) -> None:
        if self.check.isEnabled():
            self.check.toggle()

    def choose_regions(self) -> None:
        dialog = RegionPickerDialog(self.label.text(), self._regions, parent=self.window())
        if dialog.exec():
            self.set_regions(dialog.regions())

    def _toggled(self, checked: bool) -> None:
        self.details.setVisible(checked)
        self.clear_error()
        if checked and self.marks_regions and not self._regions:
            suggested = self.item.suggested_regions if isinstance(self.item,
                                                                  Contraindication) else ()
            if suggested:
                self._regions = list(suggested)
                self._show_regions()
        self.changed.emit()

    def _show_regions(self) -> None:
        if not self.marks_regions:
            return
        names = ", ".join(geometry.region_name(r) for r in self._regions)
        self.regions_label.setText(f"<b>Regions:</b> {names}" if names else
                                   "<span style='color:#a61b1b'>No region chosen yet: these "
                                   "become no-go zones on the map.</span>")
        self.regions_button.setText("Change regions…" if self._regions else "Choose regions…")


class ScreeningChecklist(QWidget):
    """All screening rows in a scroll area; `kind` is "contraindications" or "red_flags"."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, ScreeningRow] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 12, 4)
        if kind == "red_flags":
            intro = QLabel("Red flags need a physician: tick what the patient reports. Before a "
                           "session can start, record who was contacted, when and what was "
                           "said. The app prompts and documents; it does not diagnose.")
            intro.setWordWrap(True)
            set_role(intro, "muted")
            column.addWidget(intro)
            for urgency in Urgency:
                flags = [f for f in RED_FLAGS if f.urgency is urgency]
                column.addWidget(self._group(urgency.label, flags))
        else:
            for category in ScreeningCategory:
                items = [c for c in CONTRAINDICATIONS if c.category is category]
                column.addWidget(self._group(CATEGORY_TITLES[category], items))
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _group(self, title: str, items: Iterable[Contraindication | RedFlag]) -> QGroupBox:
        box = QGroupBox(title)
        set_role(box, "checklist")
        layout = QVBoxLayout(box)
        layout.setSpacing(2)
        for item in items:
            row = ScreeningRow(item)
            row.changed.connect(self.changed)
            self.rows[item.id] = row
            layout.addWidget(row)
        return box

    def answers(self) -> list[ScreeningAnswer]:
        return [row.answer() for row in self.rows.values()]

    def present_ids(self) -> list[str]:
        return [item_id for item_id, row in self.rows.items() if row.is_present()]

    def set_answers(self, answers: Mapping[str, ScreeningAnswer]) -> None:
        for item_id, row in self.rows.items():
            row.set_answer(answers.get(item_id))

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows.values():
            row.set_read_only(read_only)

    def show_errors(self, errors: Mapping[str, str]) -> ScreeningRow | None:
        """Put messages under their rows; returns the first row with one (to scroll to)."""
        first = None
        for item_id, row in self.rows.items():
            message = errors.get(item_id)
            if message:
                row.set_error(message)
                first = first or row
            else:
                row.clear_error()
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
        return first


__all__ = ["ScreeningChecklist", "ScreeningRow", "urgency_badge"]
