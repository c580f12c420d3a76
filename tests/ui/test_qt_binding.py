"""Guards the Qt binding itself: a release that leaks references to None/True crashes the app.

PySide6 6.12.0 on CPython 3.11 lowered None's reference count on every void Qt call and True's
on every signal emit; after a few thousand calls the process aborted ("none_dealloc"). The lock
pins a release without the leak; this test fails if an upgrade brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

CALLS = 2_000


class _Emitter(QObject):
    ping = Signal(int)


def test_void_calls_and_emits_keep_singleton_references(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        widget.setEnabled(True)
        emitter.ping.emit(1)
    assert sys.getrefcount(None) - none_before > -CALLS // 2
    assert sys.getrefcount(True) - true_before > -CALLS // 2
