"""Range of motion in degrees: left and right side by side, with the §5.6 reference beside them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.domain.rom import ROM_REFERENCES, rom_reference
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services import session_findings
from nmt_desktop.services.session_findings import RomRecord
from nmt_desktop.ui.common.optional_inputs import OptionalSpinBox
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import NOT_SET, hint_label
from nmt_desktop.ui.session.form.row_list import discard, picker, remove_button

LOWEST_DEGREES = -30
ASYMMETRY_DEGREES = 10  # a left–right difference worth pointing out
METHODS = ("goniometer", "inclinometer", "visual estimate")

RomKey = tuple[str, str, bool]  # joint, movement, active


def movement_title(joint: str, movement: str) -> str:
    reference = rom_reference(joint, movement)
    if reference is None:
        return f"{joint.replace('_', ' ').capitalize()} — {movement.replace('_', ' ')}"
    return f"{reference.joint_label} — {reference.movement_label.lower()}"


def remarks(joint: str, movement: str, values: dict[Side | None, int]) -> str:
    """Plain hints: a side difference, or a value under the reference range."""
    notes = []
    left, right = values.get(Side.LEFT), values.get(Side.RIGHT)
    if left is not None and right is not None and abs(left - right) >= ASYMMETRY_DEGREES:
        notes.append(f"L/R differ by {abs(left - right)}°")
    reference = rom_reference(joint, movement)
    if reference is not None and reference.low > 0:
        below = [("L" if side is Side.LEFT else "R" if side is Side.RIGHT else "")
                 for side, value in values.items() if value < reference.low]
        if below:
            notes.append(f"{'/'.join(b for b in below if b) or 'value'} below reference")
    return "; ".join(notes)


@dataclass
class RomRow:
    key: RomKey
    boxes: dict[Side | None, QSpinBox]
    remark: QLabel
    remove: QToolButton
    widgets: list[QWidget]
    uids: dict[Side | None, uuid.UUID] = field(default_factory=dict)

    def values(self) -> dict[Side | None, int]:
        return {side: box.value() for side, box in self.boxes.items()
                if box.value() != box.minimum()}


def degrees_box(accessible_name: str) -> QSpinBox:
    box = OptionalSpinBox()
    box.setRange(LOWEST_DEGREES - 1, 360)
    box.setSpecialValueText(NOT_SET)
    box.setSuffix("°")
    box.setValue(box.minimum())
    box.setAccessibleName(accessible_name)
    box.setMinimumWidth(64)
    return box


class RomPanel(QWidget):
    def __init__(self, context: AppContext, autosave: AutosaveBuffer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._autosave = autosave
        self.session_uid: uuid.UUID | None = None
        self.rows: dict[RomKey, RomRow] = {}
        self._read_only = False
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        for column, heading in enumerate(("Movement", "Left", "Right", "Reference")):
            label = QLabel(heading)
            set_role(label, "hint")
            self.grid.addWidget(label, 0, column)
        self.grid.setColumnStretch(0, 1)
        self.empty = hint_label("No range of motion measured. Add a movement below; the other "
                                "side and the typical adult range are shown beside it.")
        self.add_combo = picker("Add a movement…", [
            (f"{r.joint}/{r.movement}", movement_title(r.joint, r.movement),
             f"Typical adult range: {r.label}") for r in ROM_REFERENCES])
        self.add_combo.activated.connect(self._add_chosen)
        self.method = QComboBox()
        self.method.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.method.setMinimumContentsLength(8)
        for method in METHODS:
            self.method.addItem(method.capitalize(), method)
        self.method.setAccessibleName("Measurement method")
        self.method.setToolTip("Method recorded with each new measurement (active range)")
        controls = QHBoxLayout()
        controls.addWidget(self.add_combo, 2)
        controls.addWidget(QLabel("Method:"))
        controls.addWidget(self.method, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.empty)
        layout.addLayout(controls)

    # -- loading -----------------------------------------------------------------------

    def show_session(self, session_uid: uuid.UUID, read_only: bool) -> None:
        self.session_uid = session_uid
        self._read_only = read_only
        for key in list(self.rows):
            self._drop_row(key)
        for record in self._context.read(session_findings.list_rom, session_uid):
            self._show_record(record)
        self._refresh()

    def _show_record(self, record: RomRecord) -> None:
        key = (record.joint, record.movement, record.active)
        row = self.rows.get(key) or self._add_row(key)
        side = record.side if record.side in row.boxes else None
        box = row.boxes.get(side)
        if box is None:
            return
        box.blockSignals(True)
        box.setValue(round(record.degrees))
        box.blockSignals(False)
        row.uids[side] = record.uid
        self._show_remark(row)
        if record.method in METHODS:
            self.method.setCurrentIndex(METHODS.index(record.method))

    def _add_row(self, key: RomKey) -> RomRow:
        joint, movement, active = key
        reference = rom_reference(joint, movement)
        sided = reference.sided if reference is not None else True
        index = self.grid.rowCount()
        title = movement_title(joint, movement) + ("" if active else " (passive)")
        name = QLabel(title)
        name.setWordWrap(True)
        boxes: dict[Side | None, QSpinBox] = {}
        if sided:
            for column, side in ((1, Side.LEFT), (2, Side.RIGHT)):
                box = degrees_box(f"{title}, {side.label.lower()}")
                boxes[side] = box
                self.grid.addWidget(box, index, column)
        else:
            box = degrees_box(title)
            boxes[None] = box
            self.grid.addWidget(box, index, 1, 1, 2)
        ref_label = QLabel(reference.label if reference is not None else "")
        set_role(ref_label, "muted")
        ref_label.setToolTip("Typical adult range (guidance; sources differ with age and sex)")
        remark = QLabel()
        set_role(remark, "remark")
        remove = remove_button(title)
        self.grid.addWidget(name, index, 0)
        self.grid.addWidget(ref_label, index, 3)
        self.grid.addWidget(remove, index, 4)
        self.grid.addWidget(remark, index + 1, 0, 1, 5)
        remark.hide()
        row = RomRow(key, boxes, remark, remove, [name, ref_label, remark, remove,
                                                  *boxes.values()])
        for box_side, box in boxes.items():
            box.setReadOnly(self._read_only)
            box.valueChanged.connect(lambda _v, r=row, s=box_side: self._edited(r, s))
        remove.setVisible(not self._read_only)
        remove.clicked.connect(lambda: self._remove_row(key))
        self.rows[key] = row
        return row

    def _drop_row(self, key: RomKey) -> None:
        row = self.rows.pop(key)
        for widget in row.widgets:
            self.grid.removeWidget(widget)
            discard(widget)

    def _refresh(self) -> None:
        self.empty.setVisible(not self.rows)
        self.add_combo.setVisible(not self._read_only)
        self.method.setEnabled(not self._read_only)

    def _show_remark(self, row: RomRow) -> None:
        text = remarks(row.key[0], row.key[1], row.values())
        row.remark.setText(text)
        row.remark.setVisible(bool(text))

    # -- editing -----------------------------------------------------------------------

    def _add_chosen(self, index: int) -> None:
        choice = self.add_combo.itemData(index)
        self.add_combo.setCurrentIndex(0)
        if choice is None or self._read_only:
            return
        joint, movement = choice.split("/")
        key = (joint, movement, True)
        row = self.rows.get(key) or self._add_row(key)
        self._refresh()
        next(iter(row.boxes.values())).setFocus()

    def _edited(self, row: RomRow, side: Side | None) -> None:
        self._show_remark(row)
        if self._read_only:
            return
        box = row.boxes[side]
        value = None if box.value() == box.minimum() else box.value()
        self._autosave.stage(("rom", row.key, side),
                             lambda changes: self._write(row, side, changes["degrees"]),
                             "degrees", value)

    def _write(self, row: RomRow, side: Side | None, degrees: int | None) -> None:
        if self.session_uid is None:
            return
        joint, movement, active = row.key
        if degrees is None:
            uid = row.uids.pop(side, None)
            if uid is not None:
                self._context.apply(session_findings.remove_rom, uid)
            return
        record = self._context.apply(
            session_findings.record_rom, self.session_uid, joint, movement, side, float(degrees),
            active=active, method=self.method.currentData())
        row.uids[side] = record.uid

    def _remove_row(self, key: RomKey) -> None:
        self._autosave.flush()
        row = self.rows.get(key)
        if row is None or self._read_only:
            return
        try:
            for uid in list(row.uids.values()):
                self._context.apply(session_findings.remove_rom, uid)
        except (ValidationError, ConflictError, NotFoundError) as error:
            self._context.events.error.emit(str(error))
            return
        self._drop_row(key)
        self._refresh()

    def values(self) -> dict[RomKey, dict[Side | None, int]]:
        return {key: row.values() for key, row in self.rows.items()}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows.values():
            for box in row.boxes.values():
                box.setReadOnly(read_only)
            row.remove.setVisible(not read_only)
        self._refresh()
