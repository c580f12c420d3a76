"""A scrolling stack of PDF pages: centred on grey, with a soft shadow, zoomable.

Pages are rasterised lazily at the current zoom, one page per turn of the event loop and the
visible pages first, so a long report never holds up typing or scrolling; until its image is
ready a page shows as blank paper.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from nmt_desktop.ui.printing.pdf_pages import POINTS_PER_INCH, PdfPages

MARGIN = 24
SPACING = 20
SHADOW_DEPTH = 6
BACKGROUND = QColor("#7d838b")
MINIMUM_SCALE = 0.1


class ZoomMode(Enum):
    FIT_WIDTH = "Fit width"
    FIT_PAGE = "Fit page"
    ACTUAL_SIZE = "100%"


class _Sheet(QWidget):
    """The scrolled surface; it paints what its PageView laid out."""

    def __init__(self, view: PageView) -> None:
        super().__init__()
        self._view = view
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        self._view.paint_pages(painter, QRectF(event.rect()))
        painter.end()


class PageView(QScrollArea):
    current_page_changed = Signal(int)  # 0-based index of the page at the top of the view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._zoom = ZoomMode.FIT_WIDTH
        self._scale = 1.0  # device-independent pixels per PDF point
        self._rects: list[QRectF] = []
        self._images: dict[int, QImage] = {}
        self._current = 0
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_next)
        self._sheet = _Sheet(self)
        self.setWidget(self._sheet)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always showing the vertical bar keeps "fit width" from oscillating as it comes and goes.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAccessibleName("Report pages")
        self.verticalScrollBar().valueChanged.connect(self._track_current_page)

    # -- what is shown -------------------------------------------------------------------------

    def set_pages(self, pages: PdfPages) -> None:
        self._pages = pages
        self._current = 0
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self.current_page_changed.emit(0)

    def clear(self) -> None:
        """Let go of the document (its owner is about to close it)."""
        self._render_timer.stop()
        self._pages = None
        self._images.clear()
        self._relayout()

    @property
    def page_count(self) -> int:
        return self._pages.count if self._pages else 0

    @property
    def current_page(self) -> int:
        return self._current

    @property
    def zoom_mode(self) -> ZoomMode:
        return self._zoom

    @property
    def scale(self) -> float:
        """Screen pixels per PDF point at the current zoom."""
        return self._scale

    def rendered_pages(self) -> list[int]:
        return sorted(self._images)

    def set_zoom(self, mode: ZoomMode) -> None:
        page = self._current
        self._zoom = mode
        self._relayout()
        self.go_to_page(page)

    # -- moving around -------------------------------------------------------------------------

    def go_to_page(self, index: int) -> None:
        if not self._rects:
            return
        index = max(0, min(index, len(self._rects) - 1))
        self.verticalScrollBar().setValue(int(self._rects[index].top()) - MARGIN)
        self._set_current(index)

    def next_page(self) -> None:
        self.go_to_page(self._current + 1)

    def previous_page(self) -> None:
        self.go_to_page(self._current - 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        moves = {
            Qt.Key.Key_PageDown: self.next_page,
            Qt.Key.Key_PageUp: self.previous_page,
            Qt.Key.Key_Home: lambda: self.go_to_page(0),
            Qt.Key.Key_End: lambda: self.go_to_page(self.page_count - 1),
        }
        move = moves.get(Qt.Key(event.key()))
        if move is None:
            super().keyPressEvent(event)
            return
        move()
        event.accept()

    # -- layout and painting -------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._zoom is not ZoomMode.ACTUAL_SIZE:
            page = self._current
            self._relayout()
            self.go_to_page(page)

    def _fitting_scale(self) -> float:
        if self._pages is None or self._pages.count == 0:
            return 1.0
        sizes = [self._pages.size_in_points(i) for i in range(self._pages.count)]
        widest = max(size.width() for size in sizes)
        tallest = max(size.height() for size in sizes)
        room = self.viewport().size()
        across = (room.width() - 2 * MARGIN - SHADOW_DEPTH) / widest
        if self._zoom is ZoomMode.FIT_WIDTH:
            return across
        if self._zoom is ZoomMode.FIT_PAGE:
            return min(across, (room.height() - 2 * MARGIN - SHADOW_DEPTH) / tallest)
        return self.logicalDpiX() / POINTS_PER_INCH

    def _relayout(self) -> None:
        scale = max(MINIMUM_SCALE, self._fitting_scale())
        if abs(scale - self._scale) > 1e-6:
            self._images.clear()
        self._scale = scale
        self._rects = []
        if self._pages is None:
            self._sheet.resize(self.viewport().size())
            return
        sizes = [self._pages.size_in_points(i) * scale for i in range(self._pages.count)]
        width = max([self.viewport().width()]
                    + [int(s.width()) + 2 * MARGIN + SHADOW_DEPTH for s in sizes])
        top = float(MARGIN)
        for size in sizes:
            self._rects.append(QRectF((width - size.width()) / 2, top, size.width(),
                                      size.height()))
            top += size.height() + SPACING
        self._sheet.resize(QSize(width, int(top - SPACING + MARGIN + SHADOW_DEPTH)))
        self._sheet.update()
        self._render_timer.start()

    def paint_pages(self, painter: QPainter, exposed: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for index, rect in enumerate(self._rects):
            if not rect.adjusted(0, 0, SHADOW_DEPTH, SHADOW_DEPTH).intersects(exposed):
                continue
            _paint_shadow(painter, rect)
            painter.fillRect(rect, Qt.GlobalColor.white)
            image = self._images.get(index)
            if image is not None:
                painter.drawImage(rect, image)

    # -- lazy rendering ------------------------------------------------------------------------

    def _visible_pages(self) -> list[int]:
        top = self.verticalScrollBar().value()
        shown = QRectF(0, top, self._sheet.width(), self.viewport().height())
        return [i for i, rect in enumerate(self._rects) if rect.intersects(shown)]

    def _render_next(self) -> None:
        if self._pages is None:
            return
        wanted = self._visible_pages() + list(range(len(self._rects)))
        missing = [i for i in wanted if i not in self._images]
        if not missing:
            return
        index = missing[0]
        dpi = self._scale * POINTS_PER_INCH * self.devicePixelRatioF()
        image = self._pages.render(index, dpi)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        self._images[index] = image
        self._sheet.update(self._rects[index].toAlignedRect())
        if len(missing) > 1:
            self._render_timer.start()

    def render_all_now(self) -> None:
        """Finish rasterising every page (for screenshots and tests, which cannot wait)."""
        while self._pages is not None and len(self._images) < len(self._rects):
            self._render_next()

    # -- which page is "current" ---------------------------------------------------------------

    def _track_current_page(self, value: int) -> None:
        probe = value + self.viewport().height() / 3
        for index, rect in enumerate(self._rects):
            if rect.bottom() + SPACING >= probe:
                self._set_current(index)
                break
        self._render_timer.start()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.current_page_changed.emit(index)


def _paint_shadow(painter: QPainter, page: QRectF) -> None:
    """A soft drop shadow: a few offset rectangles of growing transparency."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for step in range(SHADOW_DEPTH, 0, -1):
        painter.setBrush(QColor(0, 0, 0, 12 + 6 * (SHADOW_DEPTH - step)))
        painter.drawRect(page.translated(step * 0.6, step * 0.8).adjusted(-step / 3, -step / 3,
                                                                         step / 3, step / 3))
    painter.restore()
