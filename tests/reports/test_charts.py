"""NRS trend chart."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect

from nmt_desktop.reports.charts import nrs_trend_chart
from nmt_desktop.reports.data import SessionRow
from tests.reports import factories


def _shapes(node: Group) -> list[object]:
    out: list[object] = []
    for child in node.contents:
        out.append(child)
        if isinstance(child, Group):
            out += _shapes(child)
    return out


def test_before_and_after_differ_in_line_style_and_marker() -> None:
    drawing = nrs_trend_chart(factories.sessions(24), 500)
    shapes = _shapes(drawing)
    lines = [s for s in shapes if isinstance(s, PolyLine)]
    assert len(lines) == 2
    assert [bool(line.strokeDashArray) for line in lines] == [False, True]
    # 24 dots and 24 squares on the plot, one of each in the key
    assert sum(isinstance(s, Circle) for s in shapes) == 25
    assert sum(isinstance(s, Rect) for s in shapes) == 25


def test_missing_values_and_a_single_session_still_draw() -> None:
    rows = (SessionRow(date(2025, 1, 7), nrs_before=5, nrs_after=None),)
    drawing = nrs_trend_chart(rows, 400)
    assert isinstance(drawing, Drawing)
    assert not [s for s in _shapes(drawing) if isinstance(s, PolyLine)]


def test_no_sessions_gives_an_empty_but_valid_chart() -> None:
    assert isinstance(nrs_trend_chart((), 400), Drawing)
