"""The period at a glance on paper: the pain-frequency map and the outcome chart.

Both read `ProgressFigures`, made by the same domain computations as the app's Progress view.
Everything is black on white: the frequency bands are grey levels with hatch densities that
stay apart on a fax, and the three questionnaires differ by line style and marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.domain.progress import (
    SHARE_BAND_LABELS,
    OutcomeReading,
    RegionFrequency,
    ThresholdProgress,
    percent_of_scale,
)
from nmt_desktop.domain.vocab import View
from nmt_desktop.reports.bodymap_art import Affine, Box
from nmt_desktop.reports.bodymap_flowable import (
    _CAPTION_H,
    _LEGEND_GAP,
    _VIEW_LABEL_H,
    BodyMapFlowable,
    MapGroup,
    _replay,
)
from nmt_desktop.reports.canvas_text import draw_text
from nmt_desktop.reports.data import MapMarks
from nmt_desktop.reports.fonts import REGULAR, register_fonts
from nmt_desktop.reports.formatting import fmt_short_date
from nmt_desktop.reports.map_legend import draw_legend, legend_height

#: Per share band 1–4: fill grey (1 = white), hatch spacing in points (0 = none), cross-hatch.
BAND_STYLE: tuple[tuple[float, float, bool], ...] = (
    (1.0, 0.0, False),
    (0.92, 0.0, False),
    (0.80, 3.2, False),
    (0.64, 2.2, False),
    (0.45, 2.2, True),
)
_LEGEND_ROW = 12.0
_SWATCH = 14.0


def _hatch(canvas: Canvas, box: Box, spacing: float, cross: bool) -> None:
    # Diagonal lines over the box (the caller has clipped to the region).
    canvas.setLineWidth(0.45)
    canvas.setStrokeGray(0.0)
    span = box.width + box.height
    offset = 0.0
    while offset <= span:
        canvas.line(box.x0 + offset - box.height, box.y0, box.x0 + offset, box.y1)
        if cross:
            canvas.line(box.x0 + offset - box.height, box.y1, box.x0 + offset, box.y0)
        offset += spacing


def draw_band(canvas: Canvas, band: int, box: Box) -> None:
    """Fill `box` (clipped by the caller) in the look of share band `band`."""
    grey, spacing, cross = BAND_STYLE[band]
    canvas.setFillGray(grey)
    canvas.rect(box.x0, box.y0, box.width, box.height, stroke=0, fill=1)
    if spacing:
        _hatch(canvas, box, spacing, cross)


class FrequencyMapFlowable(BodyMapFlowable):  # type: ignore[misc, unused-ignore]
    """First and latest maps with the period's pain-frequency map beside them, one legend."""

    def __init__(self, groups: Sequence[MapGroup], frequency: Sequence[RegionFrequency],
                 caption: str, visits: int, **kwargs: float) -> None:
        """Draw `groups` as marks, then a map shaded by how often each region was painted."""
        super().__init__([*groups, MapGroup(caption, MapMarks())], **kwargs)  # type: ignore[arg-type]
        self.frequency = {r.region_id: r for r in frequency if r.region_id in self.art.outlines}
        self.visits = visits

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        self.height = height + _LEGEND_ROW + 2
        return width, self.height

    def draw(self) -> None:
        """The marked maps as the parent draws them, then the frequency map and its legend."""
        canvas: Canvas = self.canv
        frequency_group = len(self.groups) - 1
        panels = self._panels()
        for g, view, box in panels:
            crop = self._crops[view]
            s = self._scale
            drawing_to_local = Affine(s, 0, 0, s, box.x0 - crop.x0 * s, box.y0 - crop.y0 * s)
            self._draw_art(canvas, box, drawing_to_local)
            user_to_local = self.art.to_drawing.then(drawing_to_local)
            if g == frequency_group:
                self._draw_frequency(canvas, view, user_to_local)
            else:
                self._draw_marks(canvas, self.groups[g].marks, view, user_to_local)
            self._draw_labels(canvas, view, box)
        self._draw_titles(canvas, panels)
        top = self.height - _CAPTION_H - self._figure_h - _VIEW_LABEL_H - _LEGEND_GAP
        draw_legend(canvas, self.entries, 0, top, self.width)
        self._draw_frequency_legend(canvas, top - legend_height(self.entries, self.width) - 2)

    def _draw_frequency(self, canvas: Canvas, view: View, user_to_local: Affine) -> None:
        for region_id, row in self.frequency.items():
            if not self._in_view(region_id, view):
                continue
            outline = self.art.outlines[region_id]
            ops = outline.mapped(user_to_local)
            canvas.saveState()
            canvas.clipPath(_replay(canvas, ops), stroke=0, fill=0)
            draw_band(canvas, row.band, user_to_local.map_box(outline.bounds))
            canvas.restoreState()
            canvas.saveState()
            canvas.setStrokeGray(0.25)
            canvas.setLineWidth(0.5)
            canvas.drawPath(_replay(canvas, ops), stroke=1, fill=0)
            canvas.restoreState()

    def _draw_titles(self, canvas: Canvas, panels: list[tuple[int, View, Box]]) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for g, group in enumerate(self.groups):
            boxes = [box for gg, _, box in panels if gg == g]
            x0, x1 = min(b.x0 for b in boxes) - 10, max(b.x1 for b in boxes) + 10
            y = self.height - 10
            draw_text(canvas, (x0 + x1) / 2, y, group.caption, 8.5, bold=True, anchor="centre")
            canvas.setLineWidth(0.5)
            canvas.line(x0 + 4, y - 3, x1 - 4, y - 3)
        canvas.restoreState()

    def _draw_frequency_legend(self, canvas: Canvas, top: float) -> None:
        mid = top - _LEGEND_ROW / 2
        label = f"Painted by the patient, share of {self.visits} visits:"
        canvas.saveState()
        canvas.setFillColor(colors.black)
        x = 6 + draw_text(canvas, 0, mid - 2.5, label, 7)
        for band in range(1, 5):
            box = Box(x, mid - 4, x + _SWATCH, mid + 4)
            canvas.saveState()
            clip = canvas.beginPath()
            clip.rect(box.x0, box.y0, box.width, box.height)
            canvas.clipPath(clip, stroke=0, fill=0)
            draw_band(canvas, band, box)
            canvas.restoreState()
            canvas.setLineWidth(0.5)
            canvas.setStrokeGray(0.0)
            canvas.rect(box.x0, box.y0, box.width, box.height, stroke=1, fill=0)
            canvas.setFillColor(colors.black)
            x = box.x1 + 3 + draw_text(canvas, box.x1 + 3, mid - 2.5, SHARE_BAND_LABELS[band], 7)
            x += 8
        canvas.restoreState()


# ------------------------------------------------------------------------------ outcome chart

_LEFT, _RIGHT, _BOTTOM, _TOP = 30.0, 70.0, 16.0, 13.0
_FONT = 7.0
#: Line dash and marker of each questionnaire: distinct without colour.
_STYLE: dict[str, tuple[list[float] | None, str]] = {
    "ndi": (None, "dot"),
    "odi": ([4, 2], "square"),
    "psfs": ([1, 1.6], "triangle"),
}
_NAMES = {"ndi": "NDI", "odi": "ODI", "psfs": "PSFS"}


def _marker(kind: str, x: float, y: float) -> Circle | Rect | Polygon:
    if kind == "dot":
        return Circle(x, y, 2.2, fillColor=colors.black, strokeColor=colors.black)
    if kind == "square":
        return Rect(x - 2.1, y - 2.1, 4.2, 4.2, fillColor=colors.white, strokeColor=colors.black,
                    strokeWidth=0.8)
    return Polygon([x - 2.6, y - 2, x + 2.6, y - 2, x, y + 2.6], fillColor=colors.white,
                   strokeColor=colors.black, strokeWidth=0.8)


def outcome_chart(outcomes: Sequence[OutcomeReading], thresholds: Sequence[ThresholdProgress],
                  width: float, height: float = 34 * mm) -> Drawing:
    """NDI, ODI and PSFS on one axis in % of their scale, each with its target line.

    NDI and ODI are % disability (lower is better); PSFS is shown as % of 10 (higher is
    better). Each target is the value of the clinically important change from the period's
    first score, drawn as a dashed line labelled on the right with the day it was reached.
    """
    register_fonts()
    drawing = Drawing(width, height)
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _BOTTOM - _TOP
    days = [o.day.toordinal() for o in outcomes]
    first, last = (min(days), max(days)) if days else (0, 1)

    def x_of(day: date) -> float:
        if first == last:
            return _LEFT + plot_w / 2
        return _LEFT + (day.toordinal() - first) / (last - first) * plot_w

    def y_of(percent: float) -> float:
        return _BOTTOM + percent / 100 * plot_h

    for percent in range(0, 101, 25):
        grid = Line(_LEFT, y_of(percent), _LEFT + plot_w, y_of(percent),
                    strokeColor=colors.Color(0.75, 0.75, 0.75), strokeWidth=0.4)
        drawing.add(grid)
        drawing.add(String(_LEFT - 4, y_of(percent) - 2.5, f"{percent}", fontName=REGULAR,
                           fontSize=_FONT, textAnchor="end"))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT, _BOTTOM + plot_h, strokeWidth=0.6))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT + plot_w, _BOTTOM, strokeWidth=0.6))
    title = String(0, 0, "% of scale", fontName=REGULAR, fontSize=_FONT, textAnchor="middle")
    drawing.add(Group(title, transform=(0, 1, -1, 0, 9, _BOTTOM + plot_h / 2)))
    shown = sorted({o.day for o in outcomes})
    step = max(1, len(shown) // max(1, int(plot_w // 40)))
    for day in shown[::step]:
        drawing.add(Line(x_of(day), _BOTTOM, x_of(day), _BOTTOM - 3, strokeWidth=0.6))
        drawing.add(String(x_of(day), _BOTTOM - 11, fmt_short_date(day), fontName=REGULAR,
                           fontSize=_FONT, textAnchor="middle"))

    by_measure = {t.measure: t for t in thresholds}
    labels: list[tuple[float, str]] = []
    for measure, (dash, marker) in _STYLE.items():
        points = [(x_of(o.day), y_of(percent_of_scale(measure, o.score)))
                  for o in outcomes if o.measure == measure]
        if not points:
            continue
        if len(points) > 1:
            line = PolyLine([c for p in points for c in p], strokeWidth=1.0)
            if dash:
                line.strokeDashArray = dash
            drawing.add(line)
        for x, y in points:
            drawing.add(_marker(marker, x, y))
        threshold = by_measure.get(measure)
        if threshold is not None and len(points) > 1:
            y = y_of(percent_of_scale(measure, threshold.target))
            drawing.add(Line(_LEFT, y, _LEFT + plot_w, y, strokeWidth=0.7,
                             strokeDashArray=[2, 2]))
            reached = (f"reached {fmt_short_date(threshold.reached_on)}"
                       if threshold.reached_on else "not reached")
            labels.append((y, f"{_NAMES[measure]} target: {reached}"))
    # Target labels in the right margin, pushed apart when two targets are close.
    previous = None
    for y, text in sorted(labels, reverse=True):
        if previous is not None and previous - y < 9:
            y = previous - 9
        drawing.add(String(_LEFT + plot_w + 4, y - 2.5, text, fontName=REGULAR, fontSize=6.3))
        previous = y
    _add_key(drawing, [m for m in _STYLE if any(o.measure == m for o in outcomes)], height)
    return drawing


def _add_key(drawing: Drawing, measures: Sequence[str], height: float) -> None:
    x, y = _LEFT, height - 7
    texts = {"ndi": "NDI, % disability (lower is better)",
             "odi": "ODI, % disability (lower is better)",
             "psfs": "PSFS, % of 10 (higher is better)"}
    for measure in measures:
        dash, marker = _STYLE[measure]
        line = Line(x, y, x + 16, y, strokeWidth=1.0)
        if dash:
            line.strokeDashArray = dash
        drawing.add(line)
        drawing.add(_marker(marker, x + 8, y))
        drawing.add(String(x + 20, y - 2.5, texts[measure], fontName=REGULAR, fontSize=_FONT))
        x += 138
    drawing.add(Line(x, y, x + 14, y, strokeWidth=0.7, strokeDashArray=[2, 2]))
    drawing.add(String(x + 18, y - 2.5, "clinically important change", fontName=REGULAR,
                       fontSize=_FONT))
