"""Noticing that nobody has touched the app for a while, and the lock key anywhere in it.

One application-wide event filter notes the time of the last keyboard, mouse, wheel or touch
input on the monotonic clock: a clock change (daylight saving, a corrected time, a laptop
waking in another time zone) neither locks early nor postpones the lock. One single-shot timer
checks at the moment the limit could be reached and re-arms itself for the remainder.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
})

LOCK_KEY = Qt.Key.Key_L
LOCK_MODIFIERS = Qt.KeyboardModifier.ControlModifier


class IdleWatcher(QObject):
    idle = Signal()  # the limit passed without input (emitted once; `restart` re-arms)
    lock_key_pressed = Signal()  # Ctrl+L, in any window of the app, modal dialogs included

    def __init__(self, minutes: int, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._limit = 60.0 * minutes
        self._last_input = clock()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._watching = False

    @property
    def limit_seconds(self) -> float:
        return self._limit

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.pause()

    def set_minutes(self, minutes: int) -> None:
        self._limit = 60.0 * minutes
        if self._watching:
            self._arm()

    def restart(self) -> None:
        """Count from now (after signing in or unlocking)."""
        self._last_input = self._clock()
        self._watching = True
        self._arm()

    def pause(self) -> None:
        """Locked or signed out: nothing to count."""
        self._watching = False
        self._timer.stop()

    @property
    def watching(self) -> bool:
        return self._watching

    def seconds_idle(self) -> float:
        return max(0.0, self._clock() - self._last_input)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._last_input = self._clock()
            if (kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                    and event.key() == LOCK_KEY and event.modifiers() == LOCK_MODIFIERS):
                self.lock_key_pressed.emit()
                return True
        return False

    def _arm(self) -> None:
        remaining = self._limit - self.seconds_idle()
        # At least 1 s: a timer re-armed for 0 ms would spin while input keeps coming.
        self._timer.start(max(1000, int(remaining * 1000) + 1))

    def _check(self) -> None:
        if not self._watching:
            return
        if self.seconds_idle() >= self._limit:
            self.pause()
            self.idle.emit()
        else:
            self._arm()
