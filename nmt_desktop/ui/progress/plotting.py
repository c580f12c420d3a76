"""pyqtgraph, configured once for this app: PySide6, white paper, antialiased lines.

Every chart of the Progress view imports pyqtgraph through here, so the binding is chosen
before pyqtgraph looks for one and the look is the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from functools import cache

# pyqtgraph picks the first Qt binding it finds; the app is PySide6 only.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402

pg.setConfigOptions(antialias=True, background="w", foreground="k", useNumba=False)

__all__ = ["CalendarAxis", "day_of", "pg", "x_of"]


@cache
def x_of(day: dt.date) -> float:
    """A calendar day as the x of a date axis: local noon, in seconds since the epoch."""
    return time.mktime(dt.datetime.combine(day, dt.time(12)).timetuple())


def day_of(x: float) -> dt.date:
    return dt.datetime.fromtimestamp(x).date()



_DAY = 86_400.0


def _month_starts(first: dt.date, last: dt.date, every: int) -> list[dt.date]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if (month - 1) % every == 0:
            months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [m for m in months if first <= m <= last]


def calendar_ticks(first: dt.date, last: dt.date, room: int) -> list[dt.date]:
    """At most `room` tick days from `first` to `last`: days, Mondays, months or years."""
    span = (last - first).days
    for step in (1, 2, 7, 14, 28):
        if span // step + 1 <= room:
            start = first if step < 7 else first + dt.timedelta(days=(7 - first.weekday()) % 7)
            return [start + dt.timedelta(days=n) for n in range(0, span + 1, step)
                    if start + dt.timedelta(days=n) <= last]
    for every in (1, 2, 3, 6, 12):
        months = _month_starts(first, last, every)
        if len(months) <= room:
            return months
    years = [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)
             if first <= dt.date(y, 1, 1) <= last]
    stride = max(1, -(-len(years) // room))
    return years[::stride]


class CalendarAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type hints
    """A date axis with ticks on days, Mondays, month starts or years, by the span shown.

    pyqtgraph's DateAxisItem converts every candidate tick through QDateTime and time zones;
    on a long course that was a fifth of the first frame. Calendar days are all this view
    needs (x = local noon of the day, `x_of`).
    """

    def __init__(self) -> None:
        super().__init__(orientation="bottom")

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[  # noqa: N802, N803
            tuple[float, list[float]]]:
        if maxVal <= minVal:
            return []
        first, last = day_of(minVal), day_of(maxVal)
        room = max(2, int(size // 62))  # a label needs about 62 pixels
        days = calendar_ticks(first, last, room)
        values = [x_of(d) for d in days if minVal <= x_of(d) <= maxVal]
        return [(_DAY, values)]

    def tickStrings(self, values: list[float], scale: float,  # noqa: N802
                    spacing: float) -> list[str]:
        days = [day_of(v) for v in values]
        if len(days) > 1 and (days[-1] - days[0]).days > 400:
            return [f"{d:%b %Y}" if d.month == 1 or i == 0 else f"{d:%b}"
                    for i, d in enumerate(days)]
        return [f"{d.day} {d:%b}" for d in days]
