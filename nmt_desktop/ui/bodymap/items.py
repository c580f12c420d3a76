"""Scene items of the body map: trigger-point markers, pain and tension overlays, highlights.

Items draw DTOs and know nothing of services or of the scene: selecting, dragging and
double-clicking a marker are the scene's decisions (`scene.py`); an item only paints what it is
told (its record, whether it is selected or being dragged). Their geometry is in scene units,
which are the SVG user units of the artwork, so they scale with the zoom like the figure does.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nmt_desktop.domain.vocab import PainSource, ToneGrade, TriggerPointStatus
from nmt_desktop.services.records import PainZoneRecord, TensionRecord, TriggerPointRecord
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.patterns import (
    TENSION_INK,
    intensity_brush,
    intensity_outline,
    quality_brush,
    tension_border_width,
    tension_tint,
)

MARKER_RED = QColor("#b3261e")
MARKER_DARK = QColor("#6e140f")
SELECTION_INK = QColor("#1b1f23")
HALO = QColor("#ffffff")
HIGHLIGHT = QColor("#263238")

# Stacking order of the layers, bottom to top.
Z_ARTWORK = 0.0
Z_GHOST_ZONES = 5.0
Z_PAIN = 10.0
Z_TENSION = 20.0
Z_NO_GO = 25.0
Z_HOVER = 30.0
Z_GHOST_MARKS = 35.0
Z_MARKERS = 40.0


def paint_marker(
    painter: QPainter,
    status: TriggerPointStatus,
    radius: float,
    *,
    selected: bool = False,
    colour: QColor = MARKER_RED,
) -> None:
    """Draw a trigger-point symbol centred on the origin of the painter.

    Filled disc = active, hollow ring = latent, left half filled = undetermined (the printed
    reports use the same code). A white halo keeps it readable on any fill; a selected marker
    gets a dark ring around the halo.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ring = radius * 0.27
    centre = QPointF(0.0, 0.0)
    if selected:
        painter.setPen(QPen(HALO, ring * 2.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius + ring * 2.2, radius + ring * 2.2)
        painter.setPen(QPen(SELECTION_INK, ring * 0.95))
        painter.drawEllipse(centre, radius + ring * 2.2, radius + ring * 2.2)
    # Halo: a white disc behind filled symbols, a white ring either side of a hollow one.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HALO)
    if status is TriggerPointStatus.LATENT:
        painter.setPen(QPen(HALO, ring * 2.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius - ring / 2, radius - ring / 2)
    else:
        painter.drawEllipse(centre, radius + ring * 0.9, radius + ring * 0.9)
    outline = QPen(colour, ring)
    outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    inner = radius - ring / 2
    if status is TriggerPointStatus.ACTIVE:
        painter.setPen(QPen(colour.darker(135), ring * 0.45))
        painter.setBrush(colour)
        painter.drawEllipse(centre, radius, radius)
    elif status is TriggerPointStatus.LATENT:
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, inner, inner)
    else:
        half = QPainterPath(QPointF(0.0, -inner))
        half.arcTo(QRectF(-inner, -inner, inner * 2, inner * 2), 90, 180)
        half.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(half)
        painter.setPen(outline)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, inner, inner)
    painter.restore()


class TriggerPointMarker(QGraphicsItem):
    """One trigger point at its exact SVG position.

    The marker scales with the zoom (ItemIgnoresTransformations stays off) but never draws
    smaller than `MIN_PIXEL_RADIUS` on screen. The scene drags it (not Qt's movable flag), so
    that a drag ends in exactly one decision by the scene: commit the move or snap back.
    """

    RADIUS = 9.0
    MIN_PIXEL_RADIUS = 6.0
    #: Largest radius the marker may grow to when the view is zoomed far out.
    MAX_RADIUS = 14.0

    def __init__(self, record: TriggerPointRecord, *, ghost: bool = False) -> None:
        super().__init__()
        self.record = record
        self.ghost = ghost
        self._editable = False
        self._dragging = False
        self.setZValue(0.0)
        # Every repaint of the map draws every marker; a cached pixmap per marker keeps that
        # cheap on a chart with hundreds of points (redrawn when the record or zoom changes).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        if ghost:
            self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        else:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
            self.setAcceptHoverEvents(True)
        self.setPos(record.x, record.y)
        self._update_tooltip()

    @property
    def uid(self) -> uuid.UUID:
        return self.record.uid

    def set_record(self, record: TriggerPointRecord) -> None:
        """Show a record: position, status and tooltip.

        Also called with an unchanged record: a marker left where it was dropped returns to
        the stored point if the move was not committed.
        """
        if not self._dragging and (self.pos().x(), self.pos().y()) != (record.x, record.y):
            self.setPos(record.x, record.y)
        if record == self.record:
            return
        self.record = record
        self._update_tooltip()
        self.update()

    def set_mode(self, interactive: bool, movable: bool) -> None:
        """Whether the marker reacts to the pointer at all, and whether it can be dragged."""
        interactive = interactive and not self.ghost
        self._editable = movable and interactive
        self.setAcceptHoverEvents(interactive)
        if not interactive:
            self.setScale(1.0)
            self.unsetCursor()
        else:
            self.setCursor(Qt.CursorShape.OpenHandCursor if self._editable
                           else Qt.CursorShape.PointingHandCursor)

    def is_movable(self) -> bool:
        return self._editable

    def _update_tooltip(self) -> None:
        self.setToolTip(marker_description(self.record))

    # -- drawing -------------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:  # noqa: N802
        r = self.MAX_RADIUS * 1.7
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        r = self.RADIUS + 2.0
        path.addEllipse(QPointF(0.0, 0.0), r, r)
        return path

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        radius = self.RADIUS
        if scale > 0 and radius * scale < self.MIN_PIXEL_RADIUS:
            radius = min(self.MAX_RADIUS, self.MIN_PIXEL_RADIUS / scale)
        paint_marker(painter, self.record.status, radius, selected=self.isSelected())

    # -- what the scene tells it ---------------------------------------------------------------

    def show_dragging(self, dragging: bool) -> None:
        """The scene started or ended a drag of this marker: hold the hand closed meanwhile.

        While dragged, `set_record` leaves the position alone (a chart refresh during the drag
        must not pull the marker back under the pointer).
        """
        self._dragging = dragging
        if dragging:
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif self._editable:
            self.setCursor(Qt.CursorShape.OpenHandCursor)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setScale(1.12)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802
        self.setScale(1.0)
        super().hoverLeaveEvent(event)

    def snap_back(self) -> None:
        self.setPos(self.record.x, self.record.y)


def marker_description(record: TriggerPointRecord) -> str:
    """One line naming a trigger point, for tooltips and screen readers."""
    muscle = geometry.muscle_name(record.muscle_id) or "muscle not set"
    region = geometry.region_name(record.region_id)
    return f"{record.status.label} trigger point: {muscle} ({region})"


def inner_border(painter: QPainter, path: QPainterPath, colour: QColor, width: float,
                  style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:
    """Stroke a region border inside the region only, so neighbours never overlap."""
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    pen = QPen(colour, width * 2)
    pen.setStyle(style)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


class RegionItem(QGraphicsItem):
    """An item drawn over one region's outline; it takes no mouse buttons."""

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.region_id = region_id
        self.path = geometry.region_path(region_id) if region_id else QPainterPath()

    def set_region(self, region_id: str) -> None:
        if region_id != self.region_id:
            self.prepareGeometryChange()
            self.region_id = region_id
            self.path = geometry.region_path(region_id) if region_id else QPainterPath()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.path.boundingRect().adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        return self.path


class _RecordOverlay(RegionItem):
    """A region overlay that draws one stored mark and follows its updates by uid."""

    record: PainZoneRecord | TensionRecord

    def __init__(self, record: PainZoneRecord | TensionRecord) -> None:
        super().__init__(record.region_id)
        self.record = record
        self._update_tooltip()

    @property
    def uid(self) -> uuid.UUID:
        return self.record.uid

    def set_record(self, record: PainZoneRecord | TensionRecord) -> None:
        if record == self.record:
            return
        self.set_region(record.region_id)
        self.record = record
        self._update_tooltip()
        self.update()

    def _update_tooltip(self) -> None:
        raise NotImplementedError


class PainZoneOverlay(_RecordOverlay):
    """A painted region: intensity shade, then one glyph layer per pain quality.

    Qualities share the glyph cells in diagonal bands, so a region with burning and numbness
    shows x and = side by side. A zone found on palpation (not reported by the patient) gets a
    dashed outline.
    """

    record: PainZoneRecord

    def _update_tooltip(self) -> None:
        qualities = ", ".join(q.label.lower() for q in self.record.qualities)
        text = f"{geometry.region_name(self.region_id)}: pain {self.record.nrs}/10"
        self.setToolTip(f"{text}, {qualities}" if qualities else text)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        record = self.record
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(self.path, intensity_brush(record.nrs))
        qualities = tuple(dict.fromkeys(record.qualities))
        for layer, quality in enumerate(qualities):
            painter.fillPath(self.path, quality_brush(quality, record.nrs, layer=layer,
                                                      layers=len(qualities)))
        style = (Qt.PenStyle.DashLine if record.source is PainSource.THERAPIST_PALPATION
                 else Qt.PenStyle.SolidLine)
        inner_border(painter, self.path, intensity_outline(record.nrs), 0.9, style)
        painter.restore()


class TensionOverlay(_RecordOverlay):
    """A tension rating: teal tint and inner border growing with grade 0-3, and the grade."""

    BADGE_RADIUS = 7.5

    record: TensionRecord

    def __init__(self, record: TensionRecord) -> None:
        self._badge = geometry.label_point(record.region_id)
        self._tinted = True
        super().__init__(record)

    def set_tinted(self, tinted: bool) -> None:
        """Tint the region (off where a pain zone already shades it: teal on red reads grey)."""
        if tinted != self._tinted:
            self._tinted = tinted
            self.update()

    def set_region(self, region_id: str) -> None:
        if region_id != self.region_id:
            self._badge = geometry.label_point(region_id)
        super().set_region(region_id)

    def _update_tooltip(self) -> None:
        grade = max(0, min(3, self.record.grade))
        text = f"{geometry.region_name(self.region_id)}: tension {grade}, {ToneGrade(grade).label}"
        tags = ", ".join(tag.label.lower() for tag in self.record.texture_tags)
        self.setToolTip(f"{text} ({tags})" if tags else text)

    def boundingRect(self) -> QRectF:  # noqa: N802
        r = self.BADGE_RADIUS + 1
        badge = QRectF(self._badge.x() - r, self._badge.y() - r, 2 * r, 2 * r)
        return super().boundingRect().united(badge)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_tension(painter, self.path, self._badge, self.record.grade, self.BADGE_RADIUS,
                      tinted=self._tinted)


def paint_tension(painter: QPainter, path: QPainterPath, badge: QPointF, grade: int,
                  badge_radius: float, *, tinted: bool = True) -> None:
    """Tension tint, border and grade badge; shared with the legend."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if tinted:
        painter.fillPath(path, tension_tint(grade))
    inner_border(painter, path, TENSION_INK, tension_border_width(grade))
    painter.setPen(QPen(TENSION_INK, 0.9))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawEllipse(badge, badge_radius, badge_radius)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(1, round(badge_radius * 1.4)))
    painter.setFont(font)
    painter.setPen(TENSION_INK)
    rect = QRectF(badge.x() - badge_radius, badge.y() - badge_radius,
                  badge_radius * 2, badge_radius * 2)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(max(0, min(3, grade))))
    painter.restore()


class HoverHighlight(RegionItem):
    """Outline of the region under the pointer; its line width stays constant on screen."""

    def __init__(self) -> None:
        super().__init__("")
        self.setZValue(Z_HOVER)
        self.hide()

    def set_region(self, region_id: str) -> None:
        if not region_id:
            self.hide()
            return
        super().set_region(region_id)
        self.show()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self.path.isEmpty():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(HIGHLIGHT)
        fill.setAlphaF(0.07)
        ink = QColor(HIGHLIGHT)
        ink.setAlphaF(0.75)
        pen = QPen(ink, 2.0)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawPath(self.path)
        painter.restore()


class Layer(QGraphicsItem):
    """An invisible parent that stacks a group of items and fades them together."""

    def __init__(self, z: float, opacity: float = 1.0) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(z)
        self.setOpacity(opacity)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        return


__all__ = [
    "HoverHighlight",
    "Layer",
    "PainZoneOverlay",
    "TensionOverlay",
    "TriggerPointMarker",
    "marker_description",
    "paint_marker",
    "paint_tension",
]
