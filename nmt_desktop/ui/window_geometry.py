"""Windows that fit the screen they open on, and remember their size, place and maximized state.

A window or dialog is never larger than the screen's available area (a 1366×768 laptop has
about 1366×728 once the task bar is counted). The main window and the Compare dialog store
their geometry (Qt's saveGeometry, which includes the maximized state) in a small INI file in
the user data folder, so a maximized window opens maximized again.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from nmt_desktop.config import user_paths

SETTINGS_FILE = "window-state.ini"
#: Room left for a top-level window's title bar and borders, which Qt cannot measure before
#: the window is first shown (the size set here is the inside of the frame).
FRAME_ALLOWANCE = (16, 40)


def settings() -> QSettings:
    """The window-state settings (a file in the user data folder; per test run in tests)."""
    path = user_paths().data_dir / SETTINGS_FILE
    return QSettings(str(path), QSettings.Format.IniFormat)


def available_size(widget: QWidget) -> QSize:
    """The available area of the screen the widget is on (or the primary screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366, 728)
    return screen.availableGeometry().size()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the wanted size, shrunk to the available screen, and centre it there."""
    room = available_size(widget)
    if widget.isWindow():
        room -= QSize(*FRAME_ALLOWANCE)
    size = QSize(min(width, room.width()), min(height, room.height()))
    widget.resize(size)
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None and widget.parentWidget() is None:
        area = screen.availableGeometry()
        widget.move(area.left() + (area.width() - size.width()) // 2,
                    area.top() + (area.height() - size.height()) // 2)


def restore(widget: QWidget, key: str, width: int, height: int) -> None:
    """Restore the stored geometry of `key`, or open at the wanted size fitted to the screen."""
    stored = settings().value(f"{key}/geometry")
    if isinstance(stored, QByteArray) and not stored.isEmpty() \
            and widget.restoreGeometry(stored):
        room = available_size(widget) - QSize(*FRAME_ALLOWANCE)
        maximized = bool(widget.windowState() & Qt.WindowState.WindowMaximized)
        if not maximized and (widget.width() > room.width() or widget.height() > room.height()):
            widget.resize(widget.size().boundedTo(room))
        return
    fit_to_screen(widget, width, height)


def save(widget: QWidget, key: str) -> None:
    store = settings()
    store.setValue(f"{key}/geometry", widget.saveGeometry())
    store.sync()
