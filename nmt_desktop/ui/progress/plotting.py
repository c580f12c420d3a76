"""pyqtgraph, configured once for this app: PySide6, white paper, antialiased lines.

Every chart of the Progress view imports pyqtgraph through here, so the binding is chosen
before pyqtgraph looks for one and the look is the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import time

# pyqtgraph picks the first Qt binding it finds; the app is PySide6 only.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg  # noqa: E402

pg.setConfigOptions(antialias=True, background="w", foreground="k", useNumba=False,
                    exitCleanup=False)

__all__ = ["day_of", "pg", "x_of"]


def x_of(day: dt.date) -> float:
    """A calendar day as the x of a date axis: local noon, in seconds since the epoch."""
    return time.mktime(dt.datetime.combine(day, dt.time(12)).timetuple())


def day_of(x: float) -> dt.date:
    return dt.datetime.fromtimestamp(x).date()

