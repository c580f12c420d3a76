"""A searchable list of the map's regions: charting without a mouse.

Type to filter ("temple", "low back left"); the chosen region is outlined on the map, and the
buttons (or Enter) chart it with the pain, tension or trigger-point tool. The list follows the
map: a region reached on the map with the arrow keys (or under the pointer) is selected here.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.patients import search_key
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.common.style import set_role

RegionRole = Qt.ItemDataRole.UserRole + 2


def region_entry(region_id: str) -> str:
    """"Right temple (front)": the name and the view, as the list shows it."""
    region = geometry.atlas().regions[region_id]
    return f"{region.display_name} ({region.view.label.lower()})"


class RegionList(QWidget):
    #: The region picked in the list (None: nothing picked).
    region_chosen = Signal(object)
    #: Chart this region with this tool.
    chart_requested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a region: temple, low back left…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find a body region")
        self.list = QListWidget()
        self.list.setAccessibleName("Body regions")
        self.list.setUniformItemSizes(True)
        self.list.setMaximumHeight(120)
        for region_id in geometry.region_ids():
            item = QListWidgetItem(region_entry(region_id))
            item.setData(RegionRole, region_id)
            self.list.addItem(item)
        self.buttons: dict[Tool, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for tool, text in ((Tool.PAIN_ZONE, "Pain zone"), (Tool.TENSION, "Tension"),
                           (Tool.TRIGGER_POINT, "Trigger point")):
            button = QPushButton(text)
            button.setToolTip(f"Chart the chosen region with the {text.lower()} tool's "
                              "current options")
            button.clicked.connect(lambda _checked=False, t=tool: self._request(t))
            self.buttons[tool] = button
            row.addWidget(button)
        caption = QLabel("Regions")
        set_role(caption, "caption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(caption)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._following = False
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.currentItemChanged.connect(self._current_changed)

    def current_region(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(RegionRole))

    def follow(self, region_id: str | None) -> None:
        """The map moved its focus (or pointer) to a region: select it here, quietly."""
        if region_id is None:
            return
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(RegionRole) == region_id and not item.isHidden():
                self._following = True
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)
                self._following = False
                return

    def _filter(self, text: str) -> None:
        words = [search_key(word) for word in text.split()]
        first_shown: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is None:
                continue
            name = search_key(item.text())
            hidden = not all(word in name for word in words)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.list.currentItem()
        if first_shown is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first_shown)

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if not self._following:
            self.region_chosen.emit(None if current is None else current.data(RegionRole))

    def _request(self, tool: Tool) -> None:
        region = self.current_region()
        if region is not None:
            self.chart_requested.emit(region, tool)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.filter and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow()
                step = 1 if key == Qt.Key.Key_Down else -1
                while 0 <= row + step < self.list.count():
                    row += step
                    item = self.list.item(row)
                    if item is not None and not item.isHidden():
                        self.list.setCurrentItem(item)
                        break
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter charts the region with the map's current tool (pain by default).
                self.chart_requested.emit(self.current_region() or "", None)
                return True
        return super().eventFilter(watched, event)
