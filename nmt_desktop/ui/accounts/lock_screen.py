"""The lock screen: the clinic's name, who is signed in, their password. Nothing of a patient.

A view (the lock controller, ui/accounts/lock.py, decides what happens). It is its own
application-modal window, so it takes the keyboard even over a dialog that was open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nmt_desktop import APP_NAME
from nmt_desktop.ui.accounts.passwords import password_field
from nmt_desktop.ui.common.form_support import error_line
from nmt_desktop.ui.common.style import set_role

LOCKED_TITLE = f"{APP_NAME} — locked"


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the password
    someone_else_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.clinic = QLabel()
        set_role(self.clinic, "title")
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel()
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who.setWordWrap(True)
        self.password = password_field("Password")
        self.password.setMaximumWidth(320)
        self.message = error_line(strong=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.someone_else_button = QPushButton("Sign in as &someone else…")
        self.someone_else_button.setFlat(True)

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(self.clinic)
        column.addWidget(self.who)
        column.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.message)
        column.addSpacing(8)
        column.addWidget(self.someone_else_button, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(3)
        QVBoxLayout(self).addLayout(column)
        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.someone_else_button.clicked.connect(self.someone_else_requested)
        self._may_close = False

    def show_locked(self, clinic_name: str, display_name: str, role_label: str) -> None:
        self.clinic.setText(clinic_name or APP_NAME)
        self.who.setText(f"Locked. {display_name} ({role_label.lower()}) is signed in: "
                         "type your password to go on.")
        self.password.clear()
        self.message.hide()
        self.unlock_button.setEnabled(True)

    def show_refusal(self, text: str) -> None:
        self.password.clear()
        self.message.setText(text)
        self.message.show()
        self.password.setFocus()

    def _submit(self) -> None:
        password = self.password.text()
        if not password:
            self.show_refusal("Type your password.")
            return
        self.unlock_requested.emit(password)

    def release(self) -> None:
        """Close for good (unlocked or signed out): the only way this window closes."""
        self.password.clear()
        self._may_close = True
        self.close()
        self._may_close = False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # The window's × or Alt+F4 does not get past the lock.
        if not self._may_close:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:  # Escape must not close a top-level widget
            self.password.clear()
            return
        super().keyPressEvent(event)
