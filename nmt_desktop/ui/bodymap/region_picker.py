"""Pick body regions for a local contraindication: click them on a small map or tick them in a list.

The map and the list are two views of one selection. On the map a click toggles a region and a
drag adds every region it crosses; the chosen regions show in the same red hatch as the no-go
zones they will become on the session map.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.bodymap.view import BodyMapView
from nmt_desktop.ui.common.style import set_role

RegionRole = Qt.ItemDataRole.UserRole + 1


class RegionPicker(QWidget):
    """A small body map beside a searchable, tickable list of the atlas regions."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected: list[str] = []
        self.scene = BodyMapScene(self)
        self.scene.set_tool(Tool.PAIN_ZONE)  # the region-stroking gesture, nothing is charted
        self.view = BodyMapView(self.scene)
        self.view.setMinimumSize(300, 300)
        self.view.setAccessibleName("Body map: click regions to choose them")
        self.hover = QLabel(" ")
        set_role(self.hover, "pointer")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search regions, e.g. calf, left knee…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search regions")
        self.list = QListWidget()
        self.list.setAccessibleName("Body regions")
        for region_id in geometry.region_ids():
            item = QListWidgetItem(geometry.region_name(region_id))
            item.setData(RegionRole, region_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_role(self.summary, "muted")
        self.clear_button = QPushButton("Clear")

        map_column = QVBoxLayout()
        map_column.addWidget(self.view, 1)
        map_column.addWidget(self.hover)
        list_column = QVBoxLayout()
        list_column.addWidget(self.search)
        list_column.addWidget(self.list, 1)
        list_column.addWidget(self.summary)
        list_column.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(map_column, 3)
        layout.addLayout(list_column, 2)

        self.scene.regions_stroked.connect(self._stroked)
        self.scene.hovered_region_changed.connect(
            lambda rid: self.hover.setText(geometry.region_name(rid) if rid else " "))
        self.search.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._ticked)
        self.clear_button.clicked.connect(lambda: self.set_regions([]))
        self._show()

    def regions(self) -> list[str]:
        """The chosen region ids, in the order they were chosen."""
        return list(self._selected)

    def set_regions(self, region_ids: Iterable[str]) -> None:
        known = set(geometry.region_ids())
        self._set([rid for rid in dict.fromkeys(region_ids) if rid in known])

    def toggle(self, region_id: str) -> None:
        if region_id in self._selected:
            self._set([rid for rid in self._selected if rid != region_id])
        else:
            self._set([*self._selected, region_id])

    def _set(self, region_ids: list[str]) -> None:
        if region_ids == self._selected:
            return
        self._selected = region_ids
        self._show()
        self.changed.emit()

    def _stroked(self, region_ids: list[str]) -> None:
        # One click toggles; a drag across several regions adds them all.
        if len(region_ids) == 1:
            self.toggle(region_ids[0])
        else:
            self._set([*self._selected, *(r for r in region_ids if r not in self._selected)])

    def _ticked(self, item: QListWidgetItem) -> None:
        region_id = str(item.data(RegionRole))
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked != (region_id in self._selected):
            self.toggle(region_id)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            name = item.text().casefold()
            item.setHidden(not all(word in name for word in words))

    def _show(self) -> None:
        self.scene.show_no_go_regions(self._selected)
        selected = set(self._selected)
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            wanted = item.data(RegionRole) in selected
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        names = ", ".join(geometry.region_name(rid) for rid in self._selected)
        self.summary.setText(f"Chosen: {names}" if names else "No region chosen yet.")


class RegionPickerDialog(QDialog):
    """Choose the regions of one local item; OK keeps the choice, Cancel changes nothing."""

    def __init__(self, title: str, region_ids: Iterable[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Regions — {title}")
        self.resize(820, 560)
        self.picker = RegionPicker(self)
        self.picker.set_regions(region_ids)
        hint = QLabel("Click a region to choose it (click again to remove it), drag across "
                      "several, or tick them in the list.")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.picker, 1)
        layout.addWidget(buttons)

    def regions(self) -> list[str]:
        return self.picker.regions()


__all__ = ["RegionPicker", "RegionPickerDialog"]
