"""Trend charts on a calendar axis: NRS, questionnaires with their bands, extent, points, ROM.

Each chart is one pyqtgraph PlotWidget with its own right-click menu (Copy image, Save
image…). Pan, zoom and pyqtgraph's own menu are off: the period selector sets the range.
Hovering a point shows its values; clicking one opens its visit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen

from nmt_desktop.domain.progress import ThresholdProgress
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.services.report_data.course import CourseFigures, CourseVisit, RomPoint
from nmt_desktop.ui.common.style import MUTED
from nmt_desktop.ui.progress.image_menu import ImageMenu
from nmt_desktop.ui.progress.plotting import CalendarAxis, pg, x_of

INK = QColor("#1b1f23")
SECOND_INK = QColor(MUTED)
BAND = QColor(46, 125, 50, 45)
BAND_EDGE = QColor("#2e7d32")
RANGE = QColor(21, 101, 192, 30)
#: Longest series drawn with antialiased lines.
SMOOTH_UP_TO = 120


@dataclass(frozen=True, slots=True)
class Point:
    """One plotted value: where, what the tooltip says, and the visit it opens (if any).

    The tooltip is written when asked for: a long course has thousands of points.
    """

    day: dt.date
    value: float
    label: str
    unit: str = ""
    session: SessionRecord | None = None

    @property
    def tip(self) -> str:
        text = f"{self.label}: {self.value:g}{self.unit}\n{self.day:%a %d %b %Y}"
        return text + ("\nClick to open the visit" if self.session is not None else "")


def _tip(x: float, y: float, data: object) -> str:  # noqa: ARG001 - pyqtgraph passes all three
    return data.tip if isinstance(data, Point) else ""


class Series:
    """A line and its markers: the markers are hoverable and clickable."""

    def __init__(self, plot: TrendChart, name: str, pen: QPen, symbol: str,
                 brush: QBrush | QColor) -> None:
        self.line = pg.PlotDataItem(pen=pen)
        self.markers = pg.ScatterPlotItem(symbol=symbol, size=8, pen=pg.mkPen(INK, width=1.2),
                                          brush=brush, hoverable=True, tip=_tip,
                                          hoverSize=11)
        self.markers.sigClicked.connect(plot.points_clicked)
        plot.addItem(self.line)
        plot.addItem(self.markers)
        legend = plot.getPlotItem().legend
        if legend is not None:
            legend.addItem(self.markers, name)
        self.points: list[Point] = []

    def set_points(self, points: Sequence[Point]) -> None:
        self.points = list(points)
        xs = [x_of(p.day) for p in points]
        ys = [p.value for p in points]
        # Antialiased lines cost a third of the first frame on a 520-visit course, and with
        # several visits per pixel they no longer look smoother: only short series get them.
        self.line.setData(xs, ys, antialias=len(xs) <= SMOOTH_UP_TO)
        self.markers.setData(xs, ys, data=list(points))


class TrendChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph has no type hints
    """One chart of the Progress view."""

    visit_clicked = Signal(object)  # SessionRecord

    def __init__(self, title: str, y_label: str, y_range: tuple[float, float],
                 file_name: str, on_error: Callable[[str], None] | None = None) -> None:
        super().__init__(axisItems={"bottom": CalendarAxis()})
        self.setAccessibleName(title)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setTitle(f"<span style='font-size:10pt;font-weight:600'>{title}</span>")
        item.setLabel("left", y_label)
        item.addLegend(offset=(-6, 4), labelTextSize="8pt", brush=QColor(255, 255, 255, 210))
        item.getViewBox().setDefaultPadding(0.04)
        self.y_range = y_range
        self.setYRange(*y_range, padding=0.05)
        self.setMinimumHeight(190)
        self.image_menu = ImageMenu(self, file_name, on_error)
        self.series: dict[str, Series] = {}
        self._extras: list[object] = []

    def add_series(self, key: str, name: str, pen: QPen, symbol: str,
                   brush: QBrush | QColor) -> Series:
        self.series[key] = Series(self, name, pen, symbol, brush)
        return self.series[key]

    def points_clicked(self, _item: object, spots: Sequence[object], *_args: object) -> None:
        for spot in spots:
            data = spot.data()  # type: ignore[attr-defined]
            if isinstance(data, Point) and data.session is not None:
                self.visit_clicked.emit(data.session)
                return

    def show_period(self, start: dt.date, end: dt.date) -> None:
        left, right = x_of(start) - 43_200, x_of(end) + 43_200
        self.setXRange(left, right, padding=0.02)
        self.setYRange(*self.y_range, padding=0.05)

    def clear_extras(self) -> None:
        for extra in self._extras:
            self.removeItem(extra)
        self._extras.clear()

    def add_extra(self, item: object) -> None:
        self.addItem(item)
        self._extras.append(item)

    def shade_threshold(self, threshold: ThresholdProgress, value_text: Callable[[float], str],
                        session_on: Callable[[dt.date], SessionRecord | None]) -> None:
        """The band from baseline to the clinically important change, and where it was reached."""
        self.clear_extras()
        band = pg.LinearRegionItem(values=threshold.band, orientation="horizontal",
                                   movable=False, brush=QBrush(BAND),
                                   pen=pg.mkPen(BAND_EDGE, width=1, style=Qt.PenStyle.DashLine))
        band.setZValue(-10)
        self.add_extra(band)
        target = pg.InfiniteLine(pos=threshold.target, angle=0,
                                 pen=pg.mkPen(BAND_EDGE, width=1.2, style=Qt.PenStyle.DashLine),
                                 label=f"clinically important: {value_text(threshold.target)}",
                                 labelOpts={"position": 0.5, "color": BAND_EDGE,
                                            "anchors": [(0.5, 0), (0.5, 0)]})
        self.add_extra(target)
        if threshold.reached_on is not None:
            reached = self._value_on(threshold.reached_on)
            if reached is not None:
                star = pg.ScatterPlotItem(
                    symbol="star", size=18, pen=pg.mkPen(INK, width=1), brush=QColor("#fdd835"),
                    hoverable=True, tip=_tip)
                star.setData([x_of(threshold.reached_on)], [reached], data=[Point(
                    threshold.reached_on, reached, "Clinically important change reached",
                    "", session_on(threshold.reached_on))])
                star.sigClicked.connect(self.points_clicked)
                self.add_extra(star)
                text = pg.TextItem(f"reached {threshold.reached_on:%d %b}", color=INK,
                                   anchor=(1.15, 1.1))
                text.setPos(x_of(threshold.reached_on), reached)
                self.add_extra(text)

    def _value_on(self, day: dt.date) -> float | None:
        for series in self.series.values():
            for point in series.points:
                if point.day == day:
                    return point.value
        return None


def _pen(dashed: bool = False, width: float = 1.8, colour: QColor = INK) -> QPen:
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=width, style=style)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _with_unit(unit: str) -> Callable[[float], str]:
    def text(value: float) -> str:
        return f"{value:g}{unit}"

    return text


class TrendCharts:
    """Every trend chart of the view, built once and refilled at each period switch."""

    def __init__(self, on_error: Callable[[str], None] | None = None) -> None:
        self.on_error = on_error
        nrs = TrendChart("Pain (NRS)", "NRS 0–10", (0, 10), "pain-nrs", on_error)
        nrs.add_series("before", "before treatment", _pen(), "o", INK)
        nrs.add_series("after", "after treatment", _pen(dashed=True), "s", QColor("white"))
        self.nrs = nrs
        self.questionnaires: dict[str, TrendChart] = {}
        for measure, title, label, top in (
            ("ndi", "Neck Disability Index", "% (lower is better)", 100),
            ("odi", "Oswestry Disability Index", "% (lower is better)", 100),
            ("psfs", "Patient-Specific Functional Scale", "mean 0–10 (higher is better)", 10),
        ):
            chart = TrendChart(title, label, (0, top), measure, on_error)
            chart.add_series("score", title, _pen(), "o", INK)
            self.questionnaires[measure] = chart
        extent = TrendChart("Pain extent (patient-reported)", "% of the figure", (0, 30),
                            "pain-extent", on_error)
        extent.add_series("front", "front", _pen(), "o", INK)
        extent.add_series("back", "back", _pen(dashed=True), "t", QColor("white"))
        self.extent = extent
        points = TrendChart("Trigger points", "points at the visit", (0, 8), "trigger-points",
                            on_error)
        points.add_series("active", "active", _pen(), "o", INK)
        points.add_series("latent", "latent", _pen(dashed=True), "o", QColor("white"))
        self.points = points
        self.rom: dict[str, TrendChart] = {}

    def charts(self) -> list[TrendChart]:
        return [self.nrs, *self.questionnaires.values(), self.extent, self.points,
                *self.rom.values()]

    def rom_chart(self, movement: str, low: int | None, high: int | None) -> TrendChart:
        chart = self.rom.get(movement)
        if chart is None:
            top = max(90, (high or 0) + 20)
            chart = TrendChart(f"Range of motion: {movement}", "degrees", (0, top),
                               f"rom-{movement.lower().replace(' ', '-')}", self.on_error)
            chart.add_series("left", "left", _pen(), "o", INK)
            chart.add_series("right", "right", _pen(dashed=True), "s", QColor("white"))
            chart.add_series("both", "not sided", _pen(colour=SECOND_INK), "d", SECOND_INK)
            if low is not None and high is not None:
                typical = pg.LinearRegionItem(values=(low, high), orientation="horizontal",
                                              movable=False, brush=QBrush(RANGE),
                                              pen=pg.mkPen(QColor("#1565c0"), width=1))
                typical.setZValue(-10)
                chart.addItem(typical)
                chart.addItem(pg.TextItem(f"typical adult range {low}–{high}°",
                                          color=QColor("#1565c0"), anchor=(0, 0)))
            self.rom[movement] = chart
        return chart

    def fill(self, figures: CourseFigures) -> None:
        """Every chart with the visits and questionnaires of the period."""
        visits = figures.visits
        by_day = {v.day: v.session for v in visits}

        def session_on(day: dt.date) -> SessionRecord | None:
            return by_day.get(day)

        self.nrs.series["before"].set_points(_visit_points(
            visits, lambda v: v.facts.nrs_before, "NRS before"))
        self.nrs.series["after"].set_points(_visit_points(
            visits, lambda v: v.facts.nrs_after, "NRS after"))
        thresholds = {t.measure: t for t in figures.thresholds}
        self._band(self.nrs, thresholds.get("nrs"), _fmt, session_on)
        for measure, chart in self.questionnaires.items():
            unit = "" if measure == "psfs" else " %"
            readings = [o for o in figures.outcomes if o.measure == measure]
            chart.series["score"].set_points([
                Point(o.day, o.score, measure.upper(), unit, session_on(o.day))
                for o in readings])
            self._band(chart, thresholds.get(measure), _with_unit(unit), session_on)
        self.extent.series["front"].set_points(_visit_points(
            visits, lambda v: v.facts.extent_front_pct, "Front", "%"))
        self.extent.series["back"].set_points(_visit_points(
            visits, lambda v: v.facts.extent_back_pct, "Back", "%"))
        self.extent.y_range = (0, max(10.0, *(max(v.facts.extent_front_pct,
                                                  v.facts.extent_back_pct) + 2
                                              for v in visits))) if visits else (0, 10)
        self.points.series["active"].set_points(_visit_points(
            visits, lambda v: v.facts.active_points, "Active points"))
        self.points.series["latent"].set_points(_visit_points(
            visits, lambda v: v.facts.latent_points, "Latent points"))
        self.points.y_range = (0, max([8, *(v.facts.active_points + v.facts.latent_points
                                            for v in visits)]))
        self._fill_rom(figures.rom, session_on)
        for chart in self.charts():
            chart.show_period(figures.start, figures.end)

    def _band(self, chart: TrendChart, threshold: ThresholdProgress | None,
              value_text: Callable[[float], str],
              session_on: Callable[[dt.date], SessionRecord | None]) -> None:
        if threshold is None or threshold.latest_day == threshold.baseline_day:
            chart.clear_extras()
            return
        chart.shade_threshold(threshold, value_text, session_on)

    def _fill_rom(self, rom: Sequence[RomPoint],
                  session_on: Callable[[dt.date], SessionRecord | None]) -> None:
        by_movement: dict[str, list[RomPoint]] = {}
        for point in rom:
            if point.active:
                by_movement.setdefault(point.movement, []).append(point)
        for movement, points in by_movement.items():
            first = points[0]
            chart = self.rom_chart(movement, first.typical_low, first.typical_high)
            for key in ("left", "right", "both"):
                chart.series[key].set_points([
                    Point(p.day, p.degrees,
                          f"{movement}, {p.side.value if p.side else 'not sided'}", "°",
                          session_on(p.day))
                    for p in points
                    if (p.side.value if p.side is not None else "both") == key])
        for movement, chart in self.rom.items():
            if movement not in by_movement:
                for series in chart.series.values():
                    series.set_points([])


def _visit_points(visits: Sequence[CourseVisit], value: Callable[[CourseVisit], float | None],
                  label: str, unit: str = "") -> list[Point]:
    points = []
    for visit in visits:
        found = value(visit)
        if found is None:
            continue
        points.append(Point(visit.day, float(found), label, unit, visit.session))
    return points
