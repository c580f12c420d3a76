"""A one-row legend under the map that scrolls sideways instead of widening the window.

The full horizontal legend is wider than the map column on a 1366-pixel clinic laptop once
the SOAP form sits beside the map; it stays whole and readable, and scrolls when it must.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

MINIMUM_WIDTH = 240


class LegendStrip(QScrollArea):
    def __init__(self, legend: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = legend
        self.setWidget(legend)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setAccessibleName("Body map legend")

    def _height(self) -> int:
        # Room for the legend's own height (it grows when safety hatches appear) and the
        # scroll bar, so that scrolling never hides the bottom row.
        return (self.legend.sizeHint().height()
                + self.horizontalScrollBar().sizeHint().height() + 2)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.legend.sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(MINIMUM_WIDTH, self._height())
