"""Cover every window of the app while it is locked, and put each back as it was.

A window is covered, not closed: a dialog in the middle of its work (a patient's details half
typed, a report preview) keeps its state and its modal loop, but its title says only that the
app is locked and its contents are hidden. Menus, tooltips and popups are closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QToolTip, QWidget
from shiboken6 import isValid

from nmt_desktop.ui.accounts.lock_screen import LOCKED_TITLE

_TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


@dataclass
class _Covered:
    window: QWidget
    title: str
    hidden: list[QWidget] = field(default_factory=list)


class WindowCover:
    def __init__(self) -> None:
        self._covered: list[_Covered] = []

    @property
    def windows(self) -> list[QWidget]:
        return [entry.window for entry in self._covered if isValid(entry.window)]

    def cover(self, keep: QWidget) -> None:
        """Hide the contents and titles of every visible window but `keep`."""
        QToolTip.hideText()
        for window in QApplication.topLevelWidgets():
            if window is keep or not window.isVisible():
                continue
            if window.windowType() in _TRANSIENT:
                window.close()  # open menus and popups are simply closed
                continue
            entry = _Covered(window, window.windowTitle())
            direct = Qt.FindChildOption.FindDirectChildrenOnly
            for child in window.findChildren(QWidget, options=direct):
                if child.isVisible() and not child.isWindow():
                    child.hide()
                    entry.hidden.append(child)
            window.setWindowTitle(LOCKED_TITLE)
            self._covered.append(entry)

    def uncover(self) -> None:
        """Put every covered window back as it was (the same person unlocked)."""
        for entry in self._covered:
            if not isValid(entry.window):
                continue
            for child in entry.hidden:
                if isValid(child):
                    child.show()
            entry.window.setWindowTitle(entry.title)
        self._covered.clear()

    def dismiss_except(self, main_window: QWidget) -> None:
        """Another person signed in: close what the previous one had open; uncover the main."""
        for entry in list(self._covered):
            window = entry.window
            if window is main_window or not isValid(window):
                continue
            if isinstance(window, QDialog):
                window.reject()
            else:
                window.close()
        self._covered = [entry for entry in self._covered if entry.window is main_window]
        self.uncover()
