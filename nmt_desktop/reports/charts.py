"""The NRS trend chart: pain before and after each session, as vector graphics.

Before and after differ in line style and marker (solid line with filled dots, dashed line
with hollow squares), so the chart reads the same on a fax as on screen. The x axis is the
calendar, not the visit number, because gaps between visits matter to a physician.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from nmt_desktop.reports.data import SessionRow
from nmt_desktop.reports.fonts import REGULAR, register_fonts
from nmt_desktop.reports.formatting import fmt_short_date

_LEFT = 26.0
_RIGHT = 8.0
_BOTTOM = 26.0
_TOP = 16.0
_GRID = colors.Color(0.75, 0.75, 0.75)
_FONT_SIZE = 7.0


def _dot(x: float, y: float) -> Circle:
    return Circle(x, y, 2.2, fillColor=colors.black, strokeColor=colors.black, strokeWidth=0.6)


def _square(x: float, y: float) -> Rect:
    square = Rect(x - 2.1, y - 2.1, 4.2, 4.2)
    square.fillColor, square.strokeColor, square.strokeWidth = colors.white, colors.black, 0.8
    return square


def _tick_indices(count: int, room: int) -> list[int]:
    # Evenly spread labels, always the first and the last session.
    if count <= room:
        return list(range(count))
    step = (count - 1) / (room - 1)
    return sorted({round(i * step) for i in range(room)})


def nrs_trend_chart(
    sessions: Sequence[SessionRow], width: float, height: float = 52 * mm
) -> Drawing:
    """A line chart of NRS before and after treatment over the report period.

    Args:
        sessions: Session rows in date order; rows without NRS values are skipped.
        width: Drawing width in points.
        height: Drawing height in points.

    Returns:
        A Drawing usable as a flowable.
    """
    register_fonts()
    drawing = Drawing(width, height)
    plot_w = width - _LEFT - _RIGHT
    plot_h = height - _BOTTOM - _TOP
    days = [s.session_date.toordinal() for s in sessions]
    first, last = (min(days), max(days)) if days else (0, 1)
    span = max(last - first, 1)

    def x_of(day: date) -> float:
        if first == last:
            return _LEFT + plot_w / 2
        return _LEFT + (day.toordinal() - first) / span * plot_w

    def y_of(nrs: float) -> float:
        return _BOTTOM + nrs / 10 * plot_h

    for nrs in range(0, 11, 2):
        y = y_of(nrs)
        grid = Line(_LEFT, y, _LEFT + plot_w, y, strokeColor=_GRID, strokeWidth=0.4)
        if nrs:
            grid.strokeDashArray = [1, 2]
        drawing.add(grid)
        drawing.add(
            String(
                _LEFT - 4,
                y - 2.5,
                str(nrs),
                fontName=REGULAR,
                fontSize=_FONT_SIZE,
                textAnchor="end",
            )
        )
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT, _BOTTOM + plot_h, strokeWidth=0.6))
    drawing.add(Line(_LEFT, _BOTTOM, _LEFT + plot_w, _BOTTOM, strokeWidth=0.6))
    # A string cannot rotate by itself; a group rotated by 90° holds the axis title.
    title = String(0, 0, "NRS 0–10", fontName=REGULAR, fontSize=_FONT_SIZE, textAnchor="middle")
    drawing.add(Group(title, transform=(0, 1, -1, 0, 9, _BOTTOM + plot_h / 2)))

    for i in _tick_indices(len(sessions), max(2, int(plot_w // 42))):
        x = x_of(sessions[i].session_date)
        drawing.add(Line(x, _BOTTOM, x, _BOTTOM - 3, strokeWidth=0.6))
        drawing.add(
            String(
                x,
                _BOTTOM - 11,
                fmt_short_date(sessions[i].session_date),
                fontName=REGULAR,
                fontSize=_FONT_SIZE,
                textAnchor="middle",
            )
        )
    years = sorted({s.session_date.year for s in sessions})
    if years:
        span_text = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        drawing.add(
            String(
                _LEFT + plot_w / 2,
                _BOTTOM - 21,
                span_text,
                fontName=REGULAR,
                fontSize=_FONT_SIZE,
                textAnchor="middle",
            )
        )

    before = [
        (x_of(s.session_date), y_of(s.nrs_before)) for s in sessions if s.nrs_before is not None
    ]
    after = [(x_of(s.session_date), y_of(s.nrs_after)) for s in sessions if s.nrs_after is not None]
    if len(before) > 1:
        drawing.add(PolyLine([c for p in before for c in p], strokeWidth=1.1))
    if len(after) > 1:
        drawing.add(
            PolyLine([c for p in after for c in p], strokeWidth=1.1, strokeDashArray=[3.5, 2])
        )
    for x, y in before:
        drawing.add(_dot(x, y))
    for x, y in after:
        drawing.add(_square(x, y))

    _add_key(drawing, width, height)
    return drawing


def _add_key(drawing: Drawing, width: float, height: float) -> None:
    y = height - 7
    x = width - _RIGHT - 190
    drawing.add(Line(x, y, x + 18, y, strokeWidth=1.1))
    drawing.add(_dot(x + 9, y))
    drawing.add(String(x + 23, y - 2.5, "Before treatment", fontName=REGULAR, fontSize=_FONT_SIZE))
    x += 95
    drawing.add(Line(x, y, x + 18, y, strokeWidth=1.1, strokeDashArray=[3.5, 2]))
    drawing.add(_square(x + 9, y))
    drawing.add(String(x + 23, y - 2.5, "After treatment", fontName=REGULAR, fontSize=_FONT_SIZE))
