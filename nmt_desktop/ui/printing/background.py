"""Run one slow, Qt-free call on a worker thread and hand its outcome back to the GUI thread.

Making a report reads the chart and lays out PDF pages with ReportLab: a fraction of a second
when warm, over a second the first time (fonts, the body-map drawing) or on a slow laptop. On a
worker thread the window keeps repainting and answering meanwhile. The call must not touch Qt
widgets; the database handle is safe to use from another thread (one pooled connection each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal


class BackgroundCall(QThread):
    # Emitted from the worker; connected slots of GUI-thread objects run on the GUI thread.
    succeeded = Signal(object)
    failed = Signal(object)  # the exception

    def __init__(self, call: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = call

    def run(self) -> None:
        try:
            result = self._call()
        except Exception as problem:  # any failure: the GUI thread decides what to say
            self.failed.emit(problem)
            return
        self.succeeded.emit(result)
