"""The body-map view: fit, zoom, pan, cursor and keyboard access around a BodyMapScene.

Accessibility: the view's accessible name is "Body map"; its accessible description always
says what is under the pointer or selected (e.g. "Left temple: pain 6/10, burning", or the
selected trigger point), and `region_names()` lists every region's display name for a screen
reader or a search box. Tab and Shift+Tab step through the trigger points in reading order
before focus leaves the map; Enter opens the selected one, Delete removes it.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QCursor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGestureEvent,
    QGraphicsView,
    QPinchGesture,
    QWidget,
)

from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.tools import Tool

#: Zoom limits relative to the fitted scale.
MIN_ZOOM = 0.8
MAX_ZOOM = 10.0
#: One wheel notch (120 units of angle delta) zooms by this factor.
WHEEL_STEP = 1.2
KEY_STEP = 1.25
FIT_MARGIN = 4.0


class BodyMapView(QGraphicsView):
    """Shows a BodyMapScene; owns zoom and pan, never the chart."""

    #: Zoom relative to the fitted scale (1.0 = whole document visible).
    zoom_changed = Signal(float)

    def __init__(self, scene: BodyMapScene | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(scene if scene is not None else BodyMapScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform
                            | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Body map")
        self.setAccessibleDescription("")
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.setMinimumSize(240, 240)
        self._fit_scale = 1.0
        self._fitted_once = False
        self._follow_fit = True  # refit on resize until the user zooms
        self._space_held = False
        self._pan_from: QPoint | None = None
        self._connect_scene()

    def body_scene(self) -> BodyMapScene:
        scene = self.scene()
        assert isinstance(scene, BodyMapScene)
        return scene

    def _connect_scene(self) -> None:
        scene = self.body_scene()
        scene.hovered_region_changed.connect(self._describe)
        scene.selection_changed.connect(self._describe)
        scene.interaction_changed.connect(self._update_cursor)
        self._update_cursor()

    # -- fit and zoom --------------------------------------------------------------------------

    def fit(self) -> None:
        """Show both figures whole, centred, as large as the view allows."""
        rect = geometry.fit_rect().adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.transform().m11()
        self._fitted_once = True
        self._follow_fit = True
        self.zoom_changed.emit(1.0)

    def zoom(self) -> float:
        """Current zoom relative to the fitted view."""
        return self.transform().m11() / self._fit_scale if self._fit_scale else 1.0

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by `factor`, keeping the scene point under `anchor` (viewport pixels) still."""
        if factor <= 0:
            return
        current = self.zoom()
        target = max(MIN_ZOOM, min(MAX_ZOOM, current * factor))
        if abs(target - current) < 1e-9:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        scene_point = self.mapToScene(anchor.toPoint())
        ratio = target / current
        self.scale(ratio, ratio)
        # Scroll so the same scene point sits under the anchor again.
        moved = self.mapFromScene(scene_point) - anchor.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + moved.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + moved.y())
        self._follow_fit = False
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.zoom_by(KEY_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / KEY_STEP)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted_once:
            self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._follow_fit and self.isVisible():
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        pixel = event.pixelDelta()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if not pixel.isNull() and not ctrl:
            # A trackpad's two-finger scroll pans; pinching zooms (native gesture below).
            self._pan_by(QPoint(-pixel.x(), -pixel.y()))
            event.accept()
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(WHEEL_STEP ** steps, event.position())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.zoom_by(pinch.scaleFactor(), QPointF(centre))
                event.accept(pinch)
                return True
        if (event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent)
                and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture):
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        if event.type() == QEvent.Type.Leave:
            self.body_scene().clear_hover()
        return super().viewportEvent(event)

    def figure_height(self) -> float:
        """Height in pixels of the drawn figures (head to feet) at the current zoom."""
        return geometry.figure_rect().height() * self.transform().m22()

    # -- pan -----------------------------------------------------------------------------------

    def _pan_by(self, delta: QPoint) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space_held):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            here = event.position().toPoint()
            self._pan_by(self._pan_from - here)
            self._pan_from = here
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() in (
                Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self._update_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
                event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.zoom_in()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut) or (
                event.key() == Qt.Key.Key_Minus
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.zoom_out()
            event.accept()
            return
        if (event.key() == Qt.Key.Key_0
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.fit()
            event.accept()
            return
        scene = self.body_scene()
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
                  Qt.Key.Key_Down: (0, 1)}
        if event.key() in arrows and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            # Arrow keys move a visible focus between regions (not the scroll bars).
            region = scene.move_region_focus(*arrows[Qt.Key(event.key())])
            if region is not None:
                self.ensureVisible(geometry.region_path(region).boundingRect(), 8, 8)
            event.accept()
            return
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and scene.selected_uid() is None and scene.keyboard_region() is not None):
            scene.region_activated.emit(scene.keyboard_region())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)  # forwards to the scene: Delete, Enter, Esc

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self._update_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._space_held = False
        super().focusOutEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        """Tab walks the trigger points in reading order, then leaves the map."""
        scene = self.body_scene()
        uids = scene.ordered_mark_uids()
        if uids and self.hasFocus():
            current = scene.selected_uid()
            if current in uids:
                index = uids.index(current) + (1 if forward else -1)
            else:
                index = 0 if forward else len(uids) - 1
            if 0 <= index < len(uids):
                scene.select_mark(uids[index])
                self._ensure_mark_visible(uids[index])
                return True
            scene.select_mark(None)
        return super().focusNextPrevChild(forward)

    def _ensure_mark_visible(self, uid: uuid.UUID) -> None:
        marker = self.body_scene().marker(uid)
        if marker is not None:
            self.ensureVisible(QRectF(marker.pos() - QPointF(20, 20), marker.pos()
                                      + QPointF(20, 20)))

    # -- cursor and accessible text ------------------------------------------------------------

    def _update_cursor(self) -> None:
        scene = self.body_scene()
        if not scene.is_editable() or scene.tool() is Tool.SELECT:
            shape = Qt.CursorShape.ArrowCursor
        elif scene.tool() is Tool.TRIGGER_POINT:
            shape = Qt.CursorShape.CrossCursor
        else:
            shape = Qt.CursorShape.PointingHandCursor
        self.viewport().setCursor(QCursor(shape))

    def _describe(self, *_args: object) -> None:
        scene = self.body_scene()
        uid = scene.selected_uid()
        region = scene.hovered_region()
        if region is not None:
            text = scene.describe_region(region)
        elif uid is not None:
            text = scene.describe_mark(uid)
        else:
            text = ""
        self.setAccessibleDescription(text)

    @staticmethod
    def region_names() -> list[str]:
        """Display names of all regions, front view first: what the map can be asked about."""
        return [geometry.region_name(region_id) for region_id in geometry.region_ids()]
