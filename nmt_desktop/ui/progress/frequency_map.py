"""The pain-frequency map: the body map shaded by how often each region was involved.

Three layers of one period: pain the patient painted (share of visits, mean NRS on hover),
active trigger points by muscle (shaded where the muscle's points were charted), and tension.
A share falls into one of four bands (domain/progress.py); each band has its own lightness and
hatch density, so the map reads in grey and on a black-and-white printout as on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.progress import SHARE_BAND_LABELS, share_band
from nmt_desktop.services.report_data.course import CourseFigures, muscle_label
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.artwork import make_artwork_item, make_renderer
from nmt_desktop.ui.bodymap.patterns import hatch_brush
from nmt_desktop.ui.progress.visit_strip import body_rect

_CLEAR = (0, 0, 0, 0)
_INK = (20, 20, 20, 200)
#: Per band 1–4: lightness of the fill, hatch spacing in SVG units (0 = none), cross-hatched.
_BAND_LOOK = ((0.0, 0, False), (0.88, 0, False), (0.76, 5, False), (0.62, 3, False),
              (0.48, 3, True))


class Layer(StrEnum):
    PAIN = "pain"
    TRIGGER_POINTS = "trigger_points"
    TENSION = "tension"

    @property
    def label(self) -> str:
        return {"pain": "Pain (patient-reported)", "trigger_points": "Active trigger points",
                "tension": "Tension"}[self.value]


_HUE = {Layer.PAIN: 8, Layer.TRIGGER_POINTS: 340, Layer.TENSION: 186}


def band_fill(layer: Layer, band: int) -> QColor:
    lightness = _BAND_LOOK[band][0]
    return QColor.fromHslF(_HUE[layer] / 360, 0.55, lightness)


def paint_band(painter: QPainter, path: QPainterPath, layer: Layer, band: int,
               scale: float = 1.0) -> None:
    """Fill `path` in the look of share band `band` (1–4) of `layer`."""
    _, spacing, cross = _BAND_LOOK[band]
    painter.fillPath(path, band_fill(layer, band))
    if spacing:
        for rising in (True, False) if cross else (True,):
            brush = QBrush(hatch_brush(spacing, _CLEAR, _INK, 0.7, rising=rising))
            if scale != 1.0:
                brush.setTransform(brush.transform().scale(scale, scale))
            painter.fillPath(path, brush)
    painter.setPen(QPen(QColor(40, 40, 40), 0.6 * scale))
    painter.drawPath(path)


@dataclass(frozen=True)
class RegionShade:
    band: int
    tip: str


class _ShadeItem(QGraphicsItem):
    """One shaded region with its tooltip."""

    def __init__(self, region_id: str, layer: Layer, shade: RegionShade) -> None:
        super().__init__()
        self.region_id = region_id
        self.layer = layer
        self.shade = shade
        self.path = geometry.region_path(region_id)
        self.setToolTip(shade.tip)
        self.setAcceptHoverEvents(True)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.path.boundingRect().adjusted(-1, -1, 1, 1)

    def shape(self) -> QPainterPath:
        return self.path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_band(painter, self.path, self.layer, self.shade.band)
        painter.restore()


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def shades(figures: CourseFigures, layer: Layer) -> dict[str, RegionShade]:
    """Region id → band and tooltip of the chosen layer over the period's visits."""
    known = set(geometry.atlas().regions)
    result: dict[str, RegionShade] = {}
    if layer is Layer.PAIN:
        for row in figures.regions:
            if row.region_id in known:
                result[row.region_id] = RegionShade(row.band, (
                    f"{geometry.region_name(row.region_id)}: painted at {row.visits} of "
                    f"{row.of_visits} visits ({_percent(row.share)}), mean NRS {row.mean_nrs:g}"))
    elif layer is Layer.TENSION:
        for tension in figures.tension:
            if tension.region_id in known:
                result[tension.region_id] = RegionShade(tension.band, (
                    f"{geometry.region_name(tension.region_id)}: tense at {tension.visits} of "
                    f"{tension.of_visits} visits ({_percent(tension.share)}), "
                    f"mean grade {tension.mean_grade:g}"))
    else:
        lines: dict[str, list[tuple[float, str]]] = {}
        for muscle in figures.muscles:
            for region in figures.muscle_regions.get((muscle.muscle_id, muscle.side), ()):
                lines.setdefault(region, []).append((muscle.share, (
                    f"{muscle_label(muscle.muscle_id)}, {muscle.side.value}: active at "
                    f"{muscle.visits} of {muscle.of_visits} visits ({_percent(muscle.share)})")))
        for region, found in lines.items():
            if region in known:
                found.sort(key=lambda item: -item[0])
                result[region] = RegionShade(share_band(found[0][0]), "\n".join(
                    [geometry.region_name(region), *(text for _, text in found)]))
    return result


class FrequencyMap(QGraphicsView):
    """The shaded body map of one layer; hover a region for its numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        scene = QGraphicsScene(self)
        self.setScene(scene)
        self._renderer = make_renderer(self)
        scene.addItem(make_artwork_item(self._renderer))
        scene.setSceneRect(geometry.document_rect())
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(Qt.GlobalColor.white)
        self.setMouseTracking(True)
        self.setAccessibleName("Pain-frequency map")
        # Small enough that the window with this view still fits a 1366x768 laptop screen.
        self.setMinimumSize(170, 170)
        self._body = body_rect().adjusted(-20, -14, 20, 4)  # room for the R/L and view labels
        self.layer = Layer.PAIN
        self.items_by_region: dict[str, _ShadeItem] = {}

    def show_figures(self, figures: CourseFigures, layer: Layer) -> None:
        self.layer = layer
        for item in self.items_by_region.values():
            self.scene().removeItem(item)
        self.items_by_region = {}
        for region, shade in shades(figures, layer).items():
            item = _ShadeItem(region, layer, shade)
            item.setZValue(10)
            self.scene().addItem(item)
            self.items_by_region[region] = item

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fitInView(self._body, Qt.AspectRatioMode.KeepAspectRatio)


class _BandSwatch(QWidget):
    def __init__(self, layer: Layer, band: int) -> None:
        super().__init__()
        self.layer, self.band = layer, band
        self.setFixedSize(QSize(26, 16))
        self.setAccessibleName(SHARE_BAND_LABELS[band])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        path = QPainterPath()
        path.addRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        paint_band(painter, path, self.layer, self.band, scale=1.6)
        painter.end()


class FrequencyLegend(QWidget):
    """The four share bands of the shown layer, with what they mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.title = QLabel()
        outer.addWidget(self.title)
        self._row = QHBoxLayout()
        self._row.setSpacing(6)
        outer.addLayout(self._row)
        self.labels: list[str] = []

    def show_layer(self, layer: Layer, visits: int) -> None:
        while self._row.count():
            taken = self._row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()  # gone from this frame, not only after deleteLater
                widget.deleteLater()
        what = {Layer.PAIN: "painted by the patient", Layer.TRIGGER_POINTS: "active point",
                Layer.TENSION: "tense"}[layer]
        self.title.setText(f"Share of the {visits} visits ({what}):")
        self.labels = []
        for band in range(1, 5):
            self._row.addWidget(_BandSwatch(layer, band))
            label = QLabel(SHARE_BAND_LABELS[band])
            self.labels.append(label.text())
            self._row.addWidget(label)
        self._row.addStretch()


def top_lines(figures: CourseFigures, layer: Layer, count: int = 4) -> Sequence[str]:
    """The most frequent entries of the layer, in words, for the line under the map."""
    if layer is Layer.PAIN:
        return [f"{geometry.region_name(r.region_id)} {r.visits}/{r.of_visits}"
                for r in figures.regions[:count]]
    if layer is Layer.TENSION:
        return [f"{geometry.region_name(t.region_id)} {t.visits}/{t.of_visits}"
                for t in figures.tension[:count]]
    return [f"{muscle_label(m.muscle_id)} ({m.side.value[0].upper()}) {m.visits}/{m.of_visits}"
            for m in figures.muscles[:count]]
