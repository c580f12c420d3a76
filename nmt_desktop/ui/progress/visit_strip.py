"""Every visit side by side: small body maps, oldest to newest, each with its date and NRS.

A list view in icon mode paints only the thumbnails in sight, each drawn once and kept, so a
chart of 520 visits opens as fast as one of six. A click opens the visit.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from nmt_desktop.domain.vocab import PainSource
from nmt_desktop.services.report_data.course import CourseVisit
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.artwork import make_renderer
from nmt_desktop.ui.bodymap.items import paint_marker
from nmt_desktop.ui.bodymap.patterns import intensity_brush, intensity_outline
from nmt_desktop.ui.common.formatting import date_text

MAP_SIZE = QSize(124, 116)
CELL = QSize(MAP_SIZE.width() + 10, MAP_SIZE.height() + 40)
VisitRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class VisitModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits: list[CourseVisit] = []

    def set_visits(self, visits: Sequence[CourseVisit]) -> None:
        self.beginResetModel()
        self.visits = list(visits)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.visits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        visit = self.visits[index.row()]
        if role == VisitRole:
            return visit
        if role == Qt.ItemDataRole.DisplayRole:
            return date_text(visit.day)
        if role == Qt.ItemDataRole.ToolTipRole:
            nrs = visit.facts.nrs_before
            return (f"{visit.day:%A %d %B %Y}\nNRS {'–' if nrs is None else nrs}"
                    f"\n{visit.facts.active_points} active, {visit.facts.latent_points} latent "
                    "trigger points\nClick to open the visit")
        return None


def body_rect() -> QRectF:
    """The box around both figures (every region), in SVG units, with a little air."""
    rect = QRectF()
    for region_id in geometry.atlas().regions:
        rect = rect.united(geometry.region_path(region_id).boundingRect())
    return rect.adjusted(-6, -6, 6, 6)


class ThumbnailPainter:
    """Draws and keeps the small map of each visit."""

    def __init__(self) -> None:
        self._renderer = make_renderer()
        document = geometry.document_rect()
        body = body_rect()
        scale = min(MAP_SIZE.width() / body.width(), MAP_SIZE.height() / body.height())
        dx = (MAP_SIZE.width() - body.width() * scale) / 2 - body.x() * scale
        dy = (MAP_SIZE.height() - body.height() * scale) / 2 - body.y() * scale
        # SVG units → thumbnail pixels, the two figures centred and filling the height.
        self.transform = QTransform(scale, 0, 0, scale, dx, dy)
        self._scale = scale
        self._base = QPixmap(MAP_SIZE)
        self._base.fill(Qt.GlobalColor.white)
        painter = QPainter(self._base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self.transform)
        self._renderer.render(painter, document)
        painter.end()
        self._cache: dict[object, QPixmap] = {}

    def pixmap(self, visit: CourseVisit) -> QPixmap:
        key = visit.session.uid
        found = self._cache.get(key)
        if found is None:
            found = self._draw(visit)
            self._cache[key] = found
        return found

    def clear(self) -> None:
        self._cache.clear()

    def _draw(self, visit: CourseVisit) -> QPixmap:
        pixmap = QPixmap(self._base)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self.transform)
        known = geometry.atlas().regions
        for zone in visit.zones:
            if zone.region_id not in known:
                continue
            path = geometry.region_path(zone.region_id)
            painter.fillPath(path, intensity_brush(zone.nrs))
            style = (Qt.PenStyle.DashLine if zone.source is PainSource.THERAPIST_PALPATION
                     else Qt.PenStyle.SolidLine)
            painter.setPen(QColor(intensity_outline(zone.nrs)))
            pen = painter.pen()
            pen.setStyle(style)
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.drawPath(path)
        for point in visit.points:
            painter.save()
            painter.translate(QPointF(point.x, point.y))
            paint_marker(painter, point.status, 2.6 / self._scale)
            painter.restore()
        painter.end()
        return pixmap


class VisitDelegate(QStyledItemDelegate):
    def __init__(self, thumbnails: ThumbnailPainter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumbnails = thumbnails

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        return CELL

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        visit = index.data(VisitRole)
        if not isinstance(visit, CourseVisit):
            return
        rect = option.rect
        painter.save()
        if option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#e8f0fe"))
        x = rect.x() + (rect.width() - MAP_SIZE.width()) // 2
        painter.drawPixmap(x, rect.y() + 4, self.thumbnails.pixmap(visit))
        painter.setPen(QColor("#1b1f23"))
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        text_top = rect.y() + 6 + MAP_SIZE.height()
        painter.drawText(QRectF(rect.x(), text_top, rect.width(), 16),
                         Qt.AlignmentFlag.AlignHCenter, date_text(visit.day))
        painter.setFont(QFont(option.font))
        nrs = visit.facts.nrs_before
        after = visit.facts.nrs_after
        text = f"NRS {'–' if nrs is None else nrs}"
        if after is not None:
            text += f" → {after}"
        painter.drawText(QRectF(rect.x(), text_top + 16, rect.width(), 16),
                         Qt.AlignmentFlag.AlignHCenter, text)
        painter.restore()


class VisitStrip(QListView):
    """The strip of small maps; emits the session to open on a click."""

    visit_clicked = Signal(object)  # SessionRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visit_model = VisitModel(self)
        self.setModel(self.visit_model)
        self.thumbnails = ThumbnailPainter()
        self.setItemDelegate(VisitDelegate(self.thumbnails, self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setUniformItemSizes(True)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(CELL.height() + 24)
        self.setMouseTracking(True)
        self.setAccessibleName("Every visit, oldest to newest")
        self.clicked.connect(self._open)

    def set_visits(self, visits: Sequence[CourseVisit]) -> None:
        self.thumbnails.clear()  # a visit charted since may look different now
        self.visit_model.set_visits(visits)
        if visits:
            self.scrollTo(self.visit_model.index(len(visits) - 1),
                          QListView.ScrollHint.PositionAtBottom)

    def _open(self, index: QModelIndex) -> None:
        visit = index.data(VisitRole)
        if isinstance(visit, CourseVisit):
            self.visit_clicked.emit(visit.session)
