"""The small window shown before the main window: one page at a time of signing in.

Pages: sign in, first-start owner setup, the one-time recovery code, a forced new password,
the owner's recovery reset. It holds no database handle; sign_in_flow.py drives it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from nmt_desktop import APP_NAME
from nmt_desktop.ui.accounts.new_password_view import NewPasswordView
from nmt_desktop.ui.accounts.owner_setup_view import (
    OwnerSetupView,
    RecoveryCodeView,
    RecoveryView,
)
from nmt_desktop.ui.accounts.sign_in_view import SignInView


class StartWindow(QWidget):
    closed_by_user = Signal()

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"{APP_NAME} — sign in")
        self.setMinimumWidth(460)
        self.resize(480, 420)
        self.sign_in = SignInView(location)
        self.setup: OwnerSetupView | None = None
        self.recovery_code = RecoveryCodeView()
        self.new_password = NewPasswordView()
        self.recovery = RecoveryView()
        self.pages = QStackedWidget()
        for page in (self.sign_in, self.recovery_code, self.new_password, self.recovery):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.pages)
        self._closing_by_program = False

    def show_setup(self, owner_name: str | None, encrypted: bool = False) -> OwnerSetupView:
        if self.setup is None:
            self.setup = OwnerSetupView(owner_name, encrypted=encrypted)
            self.pages.addWidget(self.setup)
        self.show_page(self.setup)
        first = self.setup.display_name if self.setup.names_asked else self.setup.password
        first.setFocus()
        return self.setup

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.setWindowTitle(f"{APP_NAME} — {_PAGE_TITLES.get(type(page).__name__, 'sign in')}")

    def close_by_program(self) -> None:
        self._closing_by_program = True
        self.close()
        self._closing_by_program = False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing_by_program:
            self.closed_by_user.emit()
        super().closeEvent(event)


_PAGE_TITLES = {
    "OwnerSetupView": "first start",
    "RecoveryCodeView": "recovery code",
    "NewPasswordView": "new password",
    "RecoveryView": "recovery",
}
