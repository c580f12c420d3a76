"""Body-map writes that never freeze the window and never look saved when they were not.

Every map action is one service call. Here it runs under the window's short SQLite wait
(Database.wait_for_writers_in_this_thread): when another program holds the write lock, the call
fails in a fraction of a second, the action waits in this queue with a visible "Waiting" line
above the map and is tried again from a timer, and it is drawn only by the change broadcast of
its commit. A failure someone has to fix (a full disk, a read-only file) is said at once and
the action is dropped: nothing was drawn, the map shows what is stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.services.database import classify_write_failure
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext

FIRST_RETRY_MS = 250
LONGEST_RETRY_MS = 2000
# An import from the command line holds the write lock for up to ~13 s; wait a little longer.
GIVE_UP_AFTER_S = 30.0


log = logging.getLogger(__name__)


@dataclass
class _MapWrite:
    call: Callable[[], Any]
    done: Callable[[Any], None]
    not_drawn: Callable[[], None]
    what: str
    first_try: float


class MapWrites(QObject):
    """Runs map actions in order; waits for a busy database without blocking the window."""

    waiting_changed = Signal(bool)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._queue: list[_MapWrite] = []
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._drain)
        self._retry_ms = FIRST_RETRY_MS
        self._reason = "the database is busy"
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Map saving state")
        self.state.hide()
        self._clear_failure = QTimer(self)
        self._clear_failure.setSingleShot(True)
        self._clear_failure.timeout.connect(self._hide_failure)

    def state_label(self) -> QWidget:
        return self.state

    def is_waiting(self) -> bool:
        return bool(self._queue)

    def run(self, call: Callable[[], Any], done: Callable[[Any], None],
            not_drawn: Callable[[], None] = lambda: None, what: str = "the mark") -> None:
        """Write now (or after the writes already waiting); `done(result)` after the commit."""
        self._queue.append(_MapWrite(call, done, not_drawn, what, time.monotonic()))
        if len(self._queue) == 1:
            self._drain()
        else:
            self._show_waiting()

    def _drain(self) -> None:
        while self._queue:
            write = self._queue[0]
            try:
                result = write.call()
            except (ValidationError, ConflictError, NotFoundError) as error:
                self._queue.pop(0)
                write.not_drawn()
                self._context.events.error.emit(str(error))
                continue
            except Exception as error:  # noqa: BLE001 - every failure is shown and logged
                if not self._keep_waiting(write, error):
                    self._queue.pop(0)
                    write.not_drawn()
                    continue
                return
            self._queue.pop(0)
            self._retry_ms = FIRST_RETRY_MS
            write.done(result)
        self._hide_waiting()

    def _keep_waiting(self, write: _MapWrite, error: Exception) -> bool:
        failure = classify_write_failure(error, self._context.db.sqlite_file)
        if failure is None:
            log.error("A body-map write failed", exc_info=error)
            self._show_failure(f"Not saved: an unexpected error ({type(error).__name__}); "
                               f"{write.what} was not added. The details are in the log file.")
            return False
        waited = time.monotonic() - write.first_try
        if failure.transient and waited < GIVE_UP_AFTER_S:
            write.not_drawn()  # e.g. a dragged marker goes back until the move is stored
            self._show_waiting(failure.reason)
            self._retry.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, LONGEST_RETRY_MS)
            return True
        log.warning("A body-map write failed: %s (%s)", failure.reason, type(error).__name__)
        self._show_failure(f"Not saved: {failure.reason}. {write.what.capitalize()} was not "
                           "added; the map shows what is stored.")
        return False

    def _show_waiting(self, reason: str = "") -> None:
        count = len(self._queue)
        if reason:
            self._reason = reason
        actions = "1 map action is" if count == 1 else f"{count} map actions are"
        waited = int(time.monotonic() - self._queue[0].first_try) if self._queue else 0
        how_long = f" (for {waited} s now)" if waited else ""
        set_role(self.state, "write-waiting")
        self.state.setText(f"Waiting: {self._reason}…{how_long} "
                           f"{actions} kept and will be drawn once saved.")
        self.state.show()
        self.waiting_changed.emit(True)

    def _hide_waiting(self) -> None:
        if self.state.property("role") == "write-waiting":
            self.state.hide()
            self.waiting_changed.emit(False)

    def _show_failure(self, message: str) -> None:
        set_role(self.state, "write-failed")
        self.state.setText(f"⚠ {message}")
        self.state.show()
        self._context.events.error.emit(message)
        self._clear_failure.start(15_000)

    def _hide_failure(self) -> None:
        if self.state.property("role") == "write-failed":
            self.state.hide()
