"""Options of the painting tools: what a click with the pain or tension tool records."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.vocab import PainQuality, PainSource, TextureTag, ToneGrade
from nmt_desktop.ui.common.style import set_role


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "caption")
    return label


class PainOptions(QWidget):
    """Intensity, qualities and source for the pain-zone tool.

    `changed` is emitted when the user changes a value (not while a zone's values are loaded):
    with painted zones selected, the controller applies the new values to them.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.editing = QLabel()
        self.editing.setWordWrap(True)
        set_role(self.editing, "accent-strong")
        self.editing.hide()
        self.nrs = QSlider(Qt.Orientation.Horizontal)
        self.nrs.setRange(0, 10)
        self.nrs.setValue(5)
        self.nrs.setPageStep(1)
        self.nrs.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.nrs.setAccessibleName("Pain intensity, 0 to 10")
        self.nrs_value = QLabel()
        self.nrs.valueChanged.connect(self._show_value)
        self._show_value(self.nrs.value())
        self.quality_boxes: dict[PainQuality, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, quality in enumerate(PainQuality):
            box = QCheckBox(quality.label)
            self.quality_boxes[quality] = box
            grid.addWidget(box, index // 2, index % 2)
        self.quality_boxes[PainQuality.ACHING].setChecked(True)
        self.source = QComboBox()
        self.source.addItem("Reported by the patient", PainSource.PATIENT_REPORT)
        self.source.addItem("Found on palpation", PainSource.THERAPIST_PALPATION)
        self.source.setAccessibleName("Source of the pain zone")
        hint = QLabel("Click or drag across regions to paint; right-click a zone to erase.")
        hint.setWordWrap(True)
        set_role(hint, "muted")
        nrs_row = QHBoxLayout()
        nrs_row.addWidget(self.nrs, 1)
        nrs_row.addWidget(self.nrs_value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editing)
        layout.addWidget(_caption("Intensity (NRS 0–10)"))
        layout.addLayout(nrs_row)
        layout.addWidget(_caption("Qualities"))
        layout.addLayout(grid)
        layout.addWidget(_caption("Source"))
        layout.addWidget(self.source)
        layout.addWidget(hint)
        self.nrs.valueChanged.connect(self._user_changed)
        self.nrs.sliderReleased.connect(self._user_changed)
        for box in self.quality_boxes.values():
            box.toggled.connect(self._user_changed)
        self.source.currentIndexChanged.connect(self._user_changed)

    def _user_changed(self, *_args: object) -> None:
        if not self._loading and not self.nrs.isSliderDown():
            self.changed.emit()

    def load(self, nrs: int, qualities: list[PainQuality], source: PainSource,
             editing: str = "") -> None:
        """Show a painted zone's values (editing: what the changes will apply to)."""
        self._loading = True
        try:
            self.nrs.setValue(nrs)
            for quality, box in self.quality_boxes.items():
                box.setChecked(quality in qualities)
            self.source.setCurrentIndex(max(0, self.source.findData(source)))
        finally:
            self._loading = False
        self.show_editing(editing)

    def show_editing(self, text: str) -> None:
        self.editing.setText(text)
        self.editing.setVisible(bool(text))

    def _show_value(self, value: int) -> None:
        self.nrs_value.setText(f"<b>{value}</b>/10")

    def qualities(self) -> list[PainQuality]:
        return [q for q, box in self.quality_boxes.items() if box.isChecked()]

    def selected_source(self) -> PainSource:
        return PainSource(self.source.currentData())


class TensionOptions(QWidget):
    """Grade 0–3 and texture tags for the tension tool."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grades = QButtonGroup(self)
        grade_row = QHBoxLayout()
        for grade in ToneGrade:
            button = QPushButton(str(grade.value))
            button.setCheckable(True)
            button.setToolTip(grade.label)
            button.setAccessibleName(f"Tension grade {grade.value}: {grade.label}")
            button.setFixedWidth(40)
            self.grades.addButton(button, grade.value)
            grade_row.addWidget(button)
        grade_row.addStretch()
        self.grades.button(ToneGrade.MODERATE.value).setChecked(True)
        self.grade_label = QLabel()
        set_role(self.grade_label, "muted")
        self.grades.idToggled.connect(lambda _id, _on: self._show_label())
        self._show_label()
        self.tag_boxes: dict[TextureTag, QCheckBox] = {}
        grid = QGridLayout()
        for index, tag in enumerate(TextureTag):
            box = QCheckBox(tag.label)
            self.tag_boxes[tag] = box
            grid.addWidget(box, index // 2, index % 2)
        hint = QLabel("Click a region to rate it (therapist-rated, app convention); "
                      "right-click to remove.")
        hint.setWordWrap(True)
        set_role(hint, "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_caption("Tension grade (0–3)"))
        layout.addLayout(grade_row)
        layout.addWidget(self.grade_label)
        layout.addWidget(_caption("Texture"))
        layout.addLayout(grid)
        layout.addWidget(hint)

    def _show_label(self) -> None:
        self.grade_label.setText(ToneGrade(self.grade()).label)

    def grade(self) -> int:
        return max(self.grades.checkedId(), 0)

    def tags(self) -> list[TextureTag]:
        return [t for t, box in self.tag_boxes.items() if box.isChecked()]
