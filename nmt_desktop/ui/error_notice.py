"""Shows the global exception hook's message on screen, from any thread, one box at a time."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from nmt_desktop import APP_NAME


class ErrorNotice(QObject):
    """`notify(text)` may be called from a worker thread; the box appears in the window's."""

    _requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None
        self.count = 0
        self._requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def notify(self, text: str) -> None:
        self._requested.emit(text)

    @Slot(str)
    def _show(self, text: str) -> None:
        self.count += 1
        if self.box is None:
            parent = self.parent()
            self.box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text,
                                   QMessageBox.StandardButton.Ok,
                                   parent if isinstance(parent, QWidget) else None)
            self.box.setWindowModality(Qt.WindowModality.NonModal)
            self.box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        elif self.box.isVisible():
            text = f"{text}\n\n({self.count} unexpected errors since this message appeared.)"
        else:
            self.count = 1
        self.box.setText(text)
        self.box.show()
        self.box.raise_()
