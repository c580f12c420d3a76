"""The body-map artwork as a scene item whose coordinates are the SVG's user coordinates."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QGraphicsSvgItem
from PySide6.QtWidgets import QGraphicsItem


@cache
def svg_bytes() -> bytes:
    """The packaged SVG, read once per run."""
    return resources.files("nmt_desktop.assets").joinpath("bodymap.svg").read_bytes()


def make_renderer(parent: QObject | None = None) -> QSvgRenderer:
    renderer = QSvgRenderer(QByteArray(svg_bytes()), parent)
    if not renderer.isValid():
        raise RuntimeError("The body-map artwork (assets/bodymap.svg) could not be read")
    return renderer


def make_artwork_item(renderer: QSvgRenderer) -> QGraphicsSvgItem:
    """The whole document at 0,0, scaled so that one scene unit is one SVG user unit.

    QGraphicsSvgItem sizes itself to the renderer's default size (the width/height attributes),
    which need not equal the viewBox; marks are stored in viewBox units, so the item is scaled
    to make its local box exactly the viewBox.
    """
    item = QGraphicsSvgItem()
    item.setSharedRenderer(renderer)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    view_box: QRectF = renderer.viewBoxF()
    bounds = item.boundingRect()
    if view_box.isValid() and bounds.width() > 0 and bounds.height() > 0:
        sx = view_box.width() / bounds.width()
        sy = view_box.height() / bounds.height()
        if abs(sx - 1.0) > 1e-9 or abs(sy - 1.0) > 1e-9:
            item.setTransform(item.transform().scale(sx, sy))
        item.setPos(view_box.left(), view_box.top())
    else:
        item.setPos(0.0, 0.0)
    return item
