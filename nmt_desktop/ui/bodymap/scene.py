"""The body-map scene: the artwork, one session's marks, and the user's intents as signals.

The scene never changes data. A click, stroke, drag or key becomes a signal; the controller
turns it into a service call (and an undo command) and hands the new chart back through
`set_chart`, which updates only the items whose record changed.

Scene coordinates are SVG user coordinates: a mark at scene (x, y) is stored at SVG (x, y).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from nmt_desktop.domain.vocab import ToneGrade
from nmt_desktop.services.records import (
    ChartRecord,
    PainZoneRecord,
    TensionRecord,
    TriggerPointRecord,
)
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.artwork import make_artwork_item, make_renderer
from nmt_desktop.ui.bodymap.items import (
    Z_GHOST_MARKS,
    Z_GHOST_ZONES,
    Z_MARKERS,
    Z_NO_GO,
    Z_PAIN,
    Z_TENSION,
    HoverHighlight,
    Layer,
    PainZoneOverlay,
    TensionOverlay,
    TriggerPointMarker,
    marker_description,
)
from nmt_desktop.ui.bodymap.safety import Z_ENDANGERMENT, EndangermentOverlay, NoGoOverlay
from nmt_desktop.ui.bodymap.tools import Tool

#: Opacity of a previous session drawn under today's marks.
GHOST_OPACITY = 0.35
#: Room around the document, in SVG units, so a zoomed-in view can pan an edge inwards.
SCENE_MARGIN = 40.0


class _HasUid(Protocol):
    @property
    def uid(self) -> uuid.UUID: ...


R = TypeVar("R", bound=_HasUid)
I = TypeVar("I", bound=QGraphicsItem)  # noqa: E741
_R = TypeVar("_R", NoGoOverlay, EndangermentOverlay)


def _reasons_by_region(
    regions: Iterable[str] | Mapping[str, Sequence[str]],
) -> dict[str, tuple[str, ...]]:
    if isinstance(regions, Mapping):
        return {region: tuple(dict.fromkeys(reasons)) for region, reasons in regions.items()}
    return dict.fromkeys(regions, ())


class BodyMapScene(QGraphicsScene):
    """Scene of the body map.

    Signals:
        point_clicked(x, y): TRIGGER_POINT tool, left click inside the body on no marker.
        regions_stroked(list[str]): PAIN_ZONE or TENSION tool, emitted once on release with
            the unique region ids touched, in the order touched.
        region_erase_requested(region_id): PAIN_ZONE or TENSION tool, right-click or
            Alt+click on a region painted (pain tool) or rated (tension tool).
        mark_moved(uid, x, y): a marker was dragged to a new point inside the body.
        mark_activated(uid): double-click on a marker, or Enter with one selected.
        mark_delete_requested(uid): Delete or Backspace with a marker selected.
        selection_changed(uid | None): the selected marker changed.
        hovered_region_changed(region_id | None): the region under the pointer changed.
        interaction_changed(): the tool or editability changed (views update their cursor).
    """

    point_clicked = Signal(float, float)
    regions_stroked = Signal(list)
    region_erase_requested = Signal(str)
    mark_moved = Signal(object, float, float)
    mark_activated = Signal(object)
    mark_delete_requested = Signal(object)
    selection_changed = Signal(object)
    hovered_region_changed = Signal(object)
    #: Enter on a region reached with the arrow keys (region id): chart it with the tool.
    region_activated = Signal(str)
    interaction_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        document = geometry.document_rect()
        self.setSceneRect(document.adjusted(-SCENE_MARGIN, -SCENE_MARGIN,
                                            SCENE_MARGIN, SCENE_MARGIN))
        self._renderer = make_renderer(self)
        self.artwork = make_artwork_item(self._renderer)
        self.addItem(self.artwork)

        self._pain_layer = self._add_layer(Z_PAIN)
        self._tension_layer = self._add_layer(Z_TENSION)
        self._endangerment_layer = self._add_layer(Z_ENDANGERMENT)
        self._endangerment_layer.setVisible(False)
        self._no_go_layer = self._add_layer(Z_NO_GO)
        self._marker_layer = self._add_layer(Z_MARKERS)
        self._ghost_zone_layer = self._add_layer(Z_GHOST_ZONES, GHOST_OPACITY)
        self._ghost_mark_layer = self._add_layer(Z_GHOST_MARKS, GHOST_OPACITY)
        self._hover = HoverHighlight()
        self.addItem(self._hover)

        self._chart: ChartRecord | None = None
        self._ghost: ChartRecord | None = None
        self._markers: dict[uuid.UUID, TriggerPointMarker] = {}
        self._zones: dict[uuid.UUID, PainZoneOverlay] = {}
        self._tension: dict[uuid.UUID, TensionOverlay] = {}
        self._no_go: dict[str, NoGoOverlay] = {}
        self._endangerment: dict[str, EndangermentOverlay] = {}
        self._tool = Tool.SELECT
        self._editable = True
        self._selected: uuid.UUID | None = None
        self._selecting = False
        self._hovered: str | None = None
        # Gesture state.
        self._stroke: list[str] | None = None
        self._stroke_last = QPointF()
        self._pending_point: QPointF | None = None
        # A marker pressed with the left button: the scene selects it and may drag it.
        self._pressed_marker: TriggerPointMarker | None = None
        self._marker_press = QPointF()
        self._marker_start = QPointF()
        self._marker_dragging = False
        self.selectionChanged.connect(self._on_selection_changed)

    def _add_layer(self, z: float, opacity: float = 1.0) -> Layer:
        layer = Layer(z, opacity)
        self.addItem(layer)
        return layer

    # -- state the controller sets -------------------------------------------------------------

    def chart(self) -> ChartRecord | None:
        return self._chart

    def set_chart(self, chart: ChartRecord | None) -> None:
        """Show a session's marks, updating only what changed (matched by uid).

        A signed chart (`chart.read_only`) is never editable, whatever `set_editable` said.
        """
        was_editable = self.is_editable()
        self._chart = chart
        points: tuple[TriggerPointRecord, ...] = () if chart is None else chart.trigger_points
        zones: tuple[PainZoneRecord, ...] = () if chart is None else chart.pain_zones
        ratings: tuple[TensionRecord, ...] = () if chart is None else chart.tension_ratings
        self._sync(self._markers, points, self._new_marker, always_update=True)
        self._sync(self._zones, zones, lambda r: self._adopt(PainZoneOverlay(r),
                                                               self._pain_layer))
        self._sync(self._tension, ratings, lambda r: self._adopt(TensionOverlay(r),
                                                                   self._tension_layer))
        painted = {zone.region_id for zone in zones}
        for overlay in self._tension.values():
            overlay.set_tinted(overlay.region_id not in painted)
        if self.is_editable() != was_editable:
            self._apply_mode()
        if self._selected is not None and self._selected not in self._markers:
            self._on_selection_changed()

    def add_trigger_points(self, chart: ChartRecord,
                           points: tuple[TriggerPointRecord, ...]) -> None:
        """Show `chart`, which is the chart shown so far plus the new `points` (one click).

        Only the new markers are made; `set_chart` would revisit every marker of the chart.
        """
        self._chart = chart
        for record in points:
            self._markers[record.uid] = self._new_marker(record)

    def set_ghost(self, chart: ChartRecord | None) -> None:
        """Draw a previous session faded under today's marks; None hides it."""
        if chart is self._ghost:
            return
        self._ghost = chart
        for layer in (self._ghost_zone_layer, self._ghost_mark_layer):
            for child in layer.childItems():
                self.removeItem(child)
        if chart is None:
            return
        for zone in chart.pain_zones:
            self._adopt(PainZoneOverlay(zone), self._ghost_zone_layer)
        for rating in chart.tension_ratings:
            self._adopt(TensionOverlay(rating), self._ghost_zone_layer)
        for point in chart.trigger_points:
            self._adopt(TriggerPointMarker(point, ghost=True), self._ghost_mark_layer)

    def ghost(self) -> ChartRecord | None:
        return self._ghost

    def set_editable(self, editable: bool) -> None:
        """Read-only (signed) sessions: no tool draws, no marker moves, nothing is deleted."""
        if editable == self._editable:
            return
        self._editable = editable
        self._cancel_gesture()
        self._apply_mode()

    def is_editable(self) -> bool:
        return self._editable and not (self._chart is not None and self._chart.read_only)

    def set_tool(self, tool: Tool) -> None:
        if tool is self._tool:
            return
        self._tool = tool
        self._cancel_gesture()
        self._apply_mode()

    def tool(self) -> Tool:
        return self._tool

    def show_no_go_regions(
        self, regions: Iterable[str] | Mapping[str, Sequence[str]]
    ) -> None:
        """Hatch regions in red (local contraindications); an empty collection clears them.

        Args:
            regions: Region ids, or region id -> the conditions behind it (shown in the
                region's tooltip, e.g. "Acute injury / inflammation").
        """
        self._sync_regions(self._no_go, _reasons_by_region(regions), NoGoOverlay,
                           self._no_go_layer)

    def no_go_regions(self) -> list[str]:
        return list(self._no_go)

    def no_go_items(self) -> dict[str, NoGoOverlay]:
        return dict(self._no_go)

    def show_endangerment_sites(self, sites: Mapping[str, Sequence[str]]) -> None:
        """Set the endangerment sites (region id -> site names); shown only when switched on."""
        self._sync_regions(self._endangerment, _reasons_by_region(sites), EndangermentOverlay,
                           self._endangerment_layer)

    def endangerment_regions(self) -> list[str]:
        return list(self._endangerment)

    def endangerment_items(self) -> dict[str, EndangermentOverlay]:
        return dict(self._endangerment)

    def set_endangerment_visible(self, visible: bool) -> None:
        self._endangerment_layer.setVisible(visible)

    def endangerment_visible(self) -> bool:
        return self._endangerment_layer.isVisible()

    def _sync_regions(
        self,
        items: dict[str, _R],
        wanted: dict[str, tuple[str, ...]],
        factory: Callable[[str, Sequence[str]], _R],
        layer: Layer,
    ) -> None:
        for region_id in list(items):
            if wanted.get(region_id) != items[region_id].reasons:
                self.removeItem(items.pop(region_id))
        for region_id, reasons in wanted.items():
            if region_id not in items:
                items[region_id] = self._adopt(factory(region_id, reasons), layer)

    # -- selection -----------------------------------------------------------------------------

    def select_mark(self, uid: uuid.UUID | None) -> None:
        """Select one marker (None clears); emits selection_changed if the selection changed."""
        marker = self._markers.get(uid) if uid is not None else None
        self._selecting = True
        try:
            for item in self.selectedItems():
                if item is not marker:
                    item.setSelected(False)
            if marker is not None:
                marker.setSelected(True)
        finally:
            self._selecting = False
        self._on_selection_changed()

    def selected_uid(self) -> uuid.UUID | None:
        return self._selected

    def _on_selection_changed(self) -> None:
        if self._selecting:
            return
        uid = next((item.uid for item in self.selectedItems()
                    if isinstance(item, TriggerPointMarker)), None)
        if uid is not None and uid not in self._markers:
            uid = None
        if uid != self._selected:
            self._selected = uid
            self.selection_changed.emit(uid)

    # -- read access for views and tests -------------------------------------------------------

    def marker(self, uid: uuid.UUID) -> TriggerPointMarker | None:
        return self._markers.get(uid)

    def markers(self) -> dict[uuid.UUID, TriggerPointMarker]:
        return dict(self._markers)

    def pain_zone_items(self) -> dict[uuid.UUID, PainZoneOverlay]:
        return dict(self._zones)

    def tension_items(self) -> dict[uuid.UUID, TensionOverlay]:
        return dict(self._tension)

    def hovered_region(self) -> str | None:
        return self._hovered

    def describe_region(self, region_id: str) -> str:
        """Region name plus what is charted there, e.g. "Left temple: pain 6/10, burning"."""
        parts = [geometry.region_name(region_id)]
        no_go = self._no_go.get(region_id)
        if no_go is not None:
            parts.append("NO-GO (" + ("; ".join(no_go.reasons) or "contraindicated") + ")")
        site = self._endangerment.get(region_id)
        if site is not None and self.endangerment_visible():
            parts.append("endangerment site (" + ("; ".join(site.reasons) or "work light")
                         + ")")
        chart = self._chart
        if chart is not None:
            for zone in chart.pain_zones:
                if zone.region_id == region_id:
                    qualities = ", ".join(q.label.lower() for q in zone.qualities)
                    parts.append(f"pain {zone.nrs}/10" + (f", {qualities}" if qualities else ""))
            for rating in chart.tension_ratings:
                if rating.region_id == region_id:
                    grade = max(0, min(3, rating.grade))
                    parts.append(f"tension {grade} ({ToneGrade(grade).label.lower()})")
        return parts[0] + (": " + "; ".join(parts[1:]) if len(parts) > 1 else "")

    def describe_mark(self, uid: uuid.UUID) -> str:
        marker = self._markers.get(uid)
        return "" if marker is None else marker_description(marker.record)

    # -- syncing -------------------------------------------------------------------------------

    def _adopt(self, item: I, layer: Layer) -> I:
        item.setParentItem(layer)
        return item

    def _new_marker(self, record: object) -> TriggerPointMarker:
        marker = TriggerPointMarker(record)  # type: ignore[arg-type]
        self._adopt(marker, self._marker_layer)
        marker.set_mode(self._markers_interactive(), self.is_editable())
        return marker

    def _sync(
        self,
        items: MutableMapping[uuid.UUID, I],
        records: Iterable[R],
        factory: Callable[[R], I],
        *,
        always_update: bool = False,
    ) -> None:
        seen: set[uuid.UUID] = set()
        for record in records:
            uid = record.uid
            seen.add(uid)
            item = items.get(uid)
            if item is None:
                items[uid] = factory(record)
            elif always_update or item.record != record:  # type: ignore[attr-defined]
                item.set_record(record)  # type: ignore[attr-defined]
        for uid in [uid for uid in items if uid not in seen]:
            self.removeItem(items.pop(uid))

    def _markers_interactive(self) -> bool:
        # While painting regions, markers are transparent so a stroke can pass over them.
        return not (self.is_editable() and self._tool.paints_regions)

    def _apply_mode(self) -> None:
        interactive = self._markers_interactive()
        editable = self.is_editable()
        for marker in self._markers.values():
            marker.set_mode(interactive, editable)
        self.interaction_changed.emit()

    # -- mouse ---------------------------------------------------------------------------------

    def _marker_at(self, pos: QPointF) -> TriggerPointMarker | None:
        if not self._markers_interactive():
            return None
        for item in self.items(pos):
            if isinstance(item, TriggerPointMarker) and not item.ghost:
                return item
        return None

    def _painted_regions(self) -> set[str]:
        chart = self._chart
        if chart is None:
            return set()
        if self._tool is Tool.TENSION:
            return {rating.region_id for rating in chart.tension_ratings}
        return {zone.region_id for zone in chart.pain_zones}

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        pos = event.scenePos()
        button = event.button()
        editable = self.is_editable()
        if editable and self._tool.paints_regions:
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if button == Qt.MouseButton.RightButton or (
                    button == Qt.MouseButton.LeftButton and alt):
                region = geometry.region_at(pos.x(), pos.y())
                if region is not None and region in self._painted_regions():
                    self.region_erase_requested.emit(region)
            elif button == Qt.MouseButton.LeftButton:
                region = geometry.region_at(pos.x(), pos.y())
                self._stroke = [region] if region is not None else []
                self._stroke_last = pos
            event.accept()
            return
        marker = self._marker_at(pos)
        if marker is not None:
            if button == Qt.MouseButton.LeftButton:
                self._press_marker(marker, pos)
                event.accept()
            else:
                super().mousePressEvent(event)
            return
        if (editable and self._tool is Tool.TRIGGER_POINT
                and button == Qt.MouseButton.LeftButton):
            self.select_mark(None)
            if geometry.is_inside_body(pos.x(), pos.y()):
                self._pending_point = QPointF(pos)
            event.accept()
            return
        super().mousePressEvent(event)
        event.accept()  # the map took the click, even where it changed nothing

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        pos = event.scenePos()
        self._set_hovered(geometry.region_at(pos.x(), pos.y()))
        if self._pressed_marker is not None:
            self._drag_marker(event)
            event.accept()
            return
        if self._stroke is not None:
            moved = event.screenPos() - event.buttonDownScreenPos(Qt.MouseButton.LeftButton)
            # A click's jitter near a border is not a drag: only a real drag paints the
            # regions the pointer crossed, so a click never catches the neighbouring region.
            dragging = moved.manhattanLength() > QApplication.startDragDistance()
            if event.buttons() & Qt.MouseButton.LeftButton and dragging:
                for region in geometry.regions_along(self._stroke_last, pos):
                    if region not in self._stroke:
                        self._stroke.append(region)
                self._stroke_last = QPointF(pos)
            event.accept()
            return
        if self._pending_point is not None:
            moved = event.screenPos() - event.buttonDownScreenPos(Qt.MouseButton.LeftButton)
            if moved.manhattanLength() > QApplication.startDragDistance():
                self._pending_point = None  # a drag is not a click
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self._pressed_marker is not None:
            self._release_marker()
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            if self._stroke is not None:
                stroke, self._stroke = self._stroke, None
                if stroke:
                    self.regions_stroked.emit(stroke)
                event.accept()
                return
            if self._pending_point is not None:
                point, self._pending_point = self._pending_point, None
                self.point_clicked.emit(point.x(), point.y())
                event.accept()
                return
        super().mouseReleaseEvent(event)
        event.accept()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        marker = self._marker_at(event.scenePos())
        if marker is not None:
            if event.button() == Qt.MouseButton.LeftButton:
                self.mark_activated.emit(marker.uid)
            event.accept()
        else:
            # Quick successive clicks on the body are two clicks, not a lost one.
            self.mousePressEvent(event)

    def _cancel_gesture(self) -> None:
        self._stroke = None
        self._pending_point = None

    def _press_marker(self, marker: TriggerPointMarker, pos: QPointF) -> None:
        self.select_mark(marker.uid)
        self._pressed_marker = marker
        self._marker_press = QPointF(pos)
        self._marker_start = marker.pos()
        self._marker_dragging = False

    def _drag_marker(self, event: QGraphicsSceneMouseEvent) -> None:
        marker = self._pressed_marker
        if marker is None or not marker.is_movable():
            return
        if marker.scene() is not self:  # the chart changed under the pointer
            self._pressed_marker = None
            self._marker_dragging = False
            return
        if not self._marker_dragging:
            # Ignore the tremor of a click: start moving past a few screen pixels.
            screen_delta = event.screenPos() - event.buttonDownScreenPos(
                Qt.MouseButton.LeftButton)
            if screen_delta.manhattanLength() < 3:
                return
            self._marker_dragging = True
            marker.show_dragging(True)
        marker.setPos(self._marker_start + (event.scenePos() - self._marker_press))

    def _release_marker(self) -> None:
        marker, self._pressed_marker = self._pressed_marker, None
        was_dragging, self._marker_dragging = self._marker_dragging, False
        if marker is None or marker.scene() is not self:
            return
        marker.show_dragging(False)
        if was_dragging:
            self._finish_marker_drag(marker, self._marker_start)

    def _finish_marker_drag(self, marker: TriggerPointMarker, start: QPointF) -> None:
        """At the end of a drag: commit the move or snap back."""
        end = marker.pos()
        moved = (end - start).manhattanLength() > 1e-6
        if self.is_editable() and moved and geometry.is_inside_body(end.x(), end.y()):
            self.mark_moved.emit(marker.uid, end.x(), end.y())
        else:
            marker.snap_back()

    # -- hover, tooltips, keys -----------------------------------------------------------------

    def _set_hovered(self, region_id: str | None) -> None:
        if region_id == self._hovered:
            return
        self._hovered = region_id
        self._hover.set_region(region_id or "")
        self.hovered_region_changed.emit(region_id)

    def focus_region(self, region_id: str | None) -> None:
        """Outline a region as the keyboard's place on the map (arrow keys, region list)."""
        self._keyboard_region = region_id
        self._set_hovered(region_id)

    def keyboard_region(self) -> str | None:
        return getattr(self, "_keyboard_region", None)

    def move_region_focus(self, dx: int, dy: int) -> str | None:
        """Move the keyboard's region to the nearest one in a direction (dx, dy in -1, 0, 1)."""
        current = self.keyboard_region() or self._hovered
        if current is None:
            start = geometry.region_ids()[0]
            self.focus_region(start)
            return start
        here = geometry.label_point(current)
        best: tuple[float, str] | None = None
        for region_id in geometry.region_ids():
            if region_id == current:
                continue
            there = geometry.label_point(region_id)
            along = (there.x() - here.x()) * dx + (there.y() - here.y()) * dy
            if along <= 1.0:
                continue
            across = abs((there.x() - here.x()) * dy) + abs((there.y() - here.y()) * dx)
            score = along + 2.5 * across
            if best is None or score < best[0]:
                best = (score, region_id)
        if best is not None:
            self.focus_region(best[1])
        return self.keyboard_region()

    def clear_hover(self) -> None:
        """Forget the hovered region (the pointer left the view)."""
        self._set_hovered(None)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:  # noqa: N802
        pos = event.scenePos()
        marker = next((item for item in self.items(pos)
                       if isinstance(item, TriggerPointMarker) and not item.ghost), None)
        if marker is not None:
            text = marker_description(marker.record)
        else:
            region = geometry.region_at(pos.x(), pos.y())
            text = self.describe_region(region) if region is not None else ""
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
        else:
            QToolTip.hideText()
        event.setAccepted(bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        uid = self._selected
        if uid is not None:
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                if self.is_editable():
                    self.mark_delete_requested.emit(uid)
                event.accept()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.mark_activated.emit(uid)
                event.accept()
                return
            if key == Qt.Key.Key_Escape:
                self.select_mark(None)
                event.accept()
                return
        super().keyPressEvent(event)

    def ordered_mark_uids(self) -> list[uuid.UUID]:
        """Markers in reading order (front view first, top to bottom), for keyboard cycling."""
        return [marker.uid for marker in sorted(
            self._markers.values(),
            key=lambda m: (str(m.record.view), round(m.pos().y() / 20), m.pos().x()))]
