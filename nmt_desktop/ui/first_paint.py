"""Report a window's first paint and quit: how the benchmarks time a cold start.

`bench/startup.py` starts the app (and a bare PySide6 window, its floor) in fresh processes
with NMT_EXIT_AFTER_FIRST_PAINT set, and stops its clock when FIRST_PAINT_LINE arrives on
stdout. Both sides use this same watcher, so they are measured the same way.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

EXIT_AFTER_FIRST_PAINT_ENV = "NMT_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_LINE = "first-paint"


class _FirstPaintWatcher(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The child widgets paint in the same pass; a zero timer fires after it is flushed.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(FIRST_PAINT_LINE + "\n")
        sys.stdout.flush()
        QCoreApplication.quit()


def quit_after_first_paint(window: QWidget) -> None:
    """Print FIRST_PAINT_LINE once `window` has been painted, then end the event loop."""
    watcher = _FirstPaintWatcher(window)
    window.installEventFilter(watcher)
    if window.isVisible():
        window.update()  # in case the first paint already happened
