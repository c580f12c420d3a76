"""Act once a window has been painted for the first time.

The app finishes its start-up there (ui/startup.py: the engine and the patient and session
pages come after the first paint). The benchmarks time a cold start with the same watcher:
`bench/startup.py` starts the app (and a bare PySide6 window, its floor) in fresh processes
with NMT_EXIT_AFTER_FIRST_PAINT set, and stops its clock when FIRST_PAINT_LINE arrives on
stdout. Both sides use this same watcher, so they are measured the same way.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

EXIT_AFTER_FIRST_PAINT_ENV = "NMT_EXIT_AFTER_FIRST_PAINT"
FIRST_PAINT_LINE = "first-paint"
#: Printed just before FIRST_PAINT_LINE: the processor time the process used until then.
CPU_LINE_PREFIX = "first-paint-cpu-ms "


class _FirstPaintWatcher(QObject):
    def __init__(self, window: QWidget, action: Callable[[], None]) -> None:
        super().__init__(window)
        self._action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The child widgets paint in the same pass; a zero timer fires after it is flushed.
            QTimer.singleShot(0, self._action)
        return False


def after_first_paint(window: QWidget, action: Callable[[], None]) -> None:
    """Run `action` once, as soon as `window` has been painted and the paint flushed."""
    window.installEventFilter(_FirstPaintWatcher(window, action))
    if window.isVisible():
        window.update()  # in case the first paint already happened


def _report_and_quit() -> None:
    # Processor time, beside the parent's wall clock: on a busy shared machine the wall clock
    # also counts the time other processes held the processor.
    sys.stdout.write(f"{CPU_LINE_PREFIX}{time.process_time() * 1000:.1f}\n")
    sys.stdout.write(FIRST_PAINT_LINE + "\n")
    sys.stdout.flush()
    QCoreApplication.quit()


def quit_after_first_paint(window: QWidget) -> None:
    """Print FIRST_PAINT_LINE once `window` has been painted, then end the event loop."""
    after_first_paint(window, _report_and_quit)
