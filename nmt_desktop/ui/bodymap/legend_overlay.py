"""The legend as a small overlay in the map's corner: a button that opens it, never a scroll bar.

A legend strip under the map cost about a third of the map's height on a 768-pixel laptop. The
overlay keeps the map whole: collapsed it is one button in the empty top-left corner of the
drawing; opened it is a narrow column over the map, scrolling vertically when the view is short.
The safety hatches' entries (no-go, endangerment) stay visible even when the rest is collapsed,
because a hatched region on the map must always be explained.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.bodymap.legend import MapLegend

MARGIN = 4
OPEN_WIDTH = 250


class LegendOverlay(QFrame):
    """Floats over `host`'s viewport, in its top-left corner."""

    def __init__(self, legend: MapLegend, host: QAbstractScrollArea) -> None:
        super().__init__(host)
        self.legend = legend
        self._host = host
        self.setObjectName("legendOverlay")
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Show or hide the legend of the map's symbols and patterns (L)")
        self.toggle.setAccessibleName("Legend")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.body = QScrollArea()
        self.body.setWidget(legend)
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setAccessibleName("Body map legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        # The cautions leave the collapsible part: they show whenever the map hatches.
        cautions: QWidget = legend.cautions
        legend_layout = legend.layout()
        assert legend_layout is not None
        legend_layout.removeWidget(cautions)
        cautions.setParent(self)
        layout.addWidget(cautions)
        layout.addWidget(self.body, 1)
        legend.cautions_changed.connect(self._place)
        self.toggle.toggled.connect(self._show_body)
        host.viewport().installEventFilter(self)
        self._show_body(False)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, opened: bool) -> None:
        self.toggle.setChecked(opened)

    def _show_body(self, opened: bool) -> None:
        self.toggle.setText("Legend ▾" if opened else "Legend ▸")
        self.body.setVisible(opened)
        self._place()

    def _place(self) -> None:
        viewport = self._host.viewport()
        available = max(60, viewport.height() - 2 * MARGIN)
        if self.body.isVisible():
            width = OPEN_WIDTH
            height = min(available, self.sizeHint().height()
                         + self.legend.sizeHint().height())
        else:
            self.adjustSize()
            width, height = self.sizeHint().width(), self.sizeHint().height()
        self.setGeometry(viewport.x() + MARGIN, viewport.y() + MARGIN, width,
                         min(height, available))
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        return super().eventFilter(watched, event)
