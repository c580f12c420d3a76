"""Safety overlays of the body map: endangerment sites, and how they read in the legend.

Two kinds of hatching must never be confused on screen or on a greyscale printout:

- no-go zones (a local contraindication from the intake: treat elsewhere) are a dense red
  hatch rising to the right, with a dashed red border;
- endangerment sites (anatomy where nerves and vessels lie shallow: work broad and light)
  are a sparser amber hatch falling to the right, with a dotted border, and the layer is
  optional: the therapist switches it on from the chart toolbar.

Where both apply the two hatches cross, which reads as "both".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.items import Z_NO_GO, RegionItem, inner_border
from nmt_desktop.ui.bodymap.patterns import hatch_brush, no_go_brush

#: Just under the no-go hatch, so a contraindication stays on top.
Z_ENDANGERMENT = Z_NO_GO - 1.0
NO_GO_INK = QColor("#b3261e")
ENDANGERMENT_INK = QColor("#8a5a00")

def endangerment_brush() -> QBrush:
    """Amber hatch falling to the right, wider apart than the no-go hatch."""
    return hatch_brush(9, (230, 160, 20, 30), (150, 95, 0, 200), 0.8, rising=False)


def paint_no_go(painter: QPainter, path: QPainterPath) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(path, no_go_brush())
    inner_border(painter, path, NO_GO_INK, 1.0, Qt.PenStyle.DashLine)
    painter.restore()


def paint_endangerment(painter: QPainter, path: QPainterPath) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(path, endangerment_brush())
    inner_border(painter, path, ENDANGERMENT_INK, 0.9, Qt.PenStyle.DotLine)
    painter.restore()


def _reasons_text(region_id: str, reasons: Sequence[str], fallback: str) -> str:
    return f"{geometry.region_name(region_id)}: {'; '.join(reasons) if reasons else fallback}"


class NoGoOverlay(RegionItem):
    """Red hatch over a region that must not receive deep pressure (a local contraindication).

    `reasons` are the conditions behind it, e.g. "Acute injury / inflammation", as the map's
    tooltip and the warnings name them.
    """

    def __init__(self, region_id: str, reasons: Sequence[str] = ()) -> None:
        super().__init__(region_id)
        self.setZValue(Z_NO_GO)
        self.reasons = tuple(reasons)
        self.setToolTip(self.description())

    def description(self) -> str:
        return "No-go: " + _reasons_text(self.region_id, self.reasons, "contraindicated")

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_no_go(painter, self.path)


class EndangermentOverlay(RegionItem):
    """Amber hatch over a region that holds an endangerment site; its tooltip names the sites."""

    def __init__(self, region_id: str, sites: Sequence[str] = ()) -> None:
        super().__init__(region_id)
        self.setZValue(Z_ENDANGERMENT)
        self.reasons = tuple(sites)  # the site names, e.g. "Popliteal fossa"
        self.setToolTip(self.description())

    def description(self) -> str:
        return ("Endangerment site: " + _reasons_text(self.region_id, self.reasons, "shallow "
                "nerves and vessels") + " (work broad and light)")

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_endangerment(painter, self.path)


def swatch_path(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
    return path


def no_go_swatch(painter: QPainter, rect: QRectF) -> None:
    """Legend sample of a no-go zone, at about the fitted map's scale."""
    painter.fillRect(rect, QColor("#f4f1ec"))
    painter.save()
    painter.translate(rect.topLeft())
    paint_no_go(painter, swatch_path(QRectF(0, 0, rect.width(), rect.height())))
    painter.restore()


def endangerment_swatch(painter: QPainter, rect: QRectF) -> None:
    painter.fillRect(rect, QColor("#f4f1ec"))
    painter.save()
    painter.translate(rect.topLeft())
    paint_endangerment(painter, swatch_path(QRectF(0, 0, rect.width(), rect.height())))
    painter.restore()


__all__ = [
    "EndangermentOverlay",
    "NoGoOverlay",
    "endangerment_brush",
    "endangerment_swatch",
    "no_go_swatch",
    "paint_endangerment",
    "paint_no_go",
]
