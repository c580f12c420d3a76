"""Choose a new password: forced after a temporary one, or asked for by the person."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nmt_desktop.ui.accounts.passwords import password_field, repeat_problem
from nmt_desktop.ui.common.form_support import error_line
from nmt_desktop.ui.common.style import set_role


class NewPasswordView(QWidget):
    chosen = Signal(str, str)  # current password, new password
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Choose your own password")
        set_role(self.title, "title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.current = password_field("The password you signed in with")
        self.password = password_field("At least 8 characters")
        self.repeat = password_field("The same again")
        form = self._form = QFormLayout()
        form.addRow("&Current password:", self.current)
        form.addRow("&New password:", self.password)
        form.addRow("&Repeat:", self.repeat)
        self.message = error_line(strong=True)
        self.save_button = QPushButton("&Save password")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self.save_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancel_requested)

    def ask(self, display_name: str, current_password: str = "", forced: bool = True) -> None:
        """Forced: the temporary password just typed is kept as the current one (not shown)."""
        self.intro.setText(
            f"{display_name}, you signed in with a temporary password that the clinic's owner "
            "set. Choose your own now; nobody else will know it." if forced else
            f"{display_name}: type your current password, then the new one.")
        for field in (self.password, self.repeat):
            field.clear()
        self.current.setText(current_password)
        # Just typed at sign-in: not asked again.
        self._form.setRowVisible(self.current, not current_password)
        self.message.hide()
        self.password.setFocus()

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _submit(self) -> None:
        problem = repeat_problem(self.password.text(), self.repeat.text())
        if problem:
            self.show_problem(problem)
            return
        self.message.hide()
        self.chosen.emit(self.current.text(), self.password.text())

    def forget(self) -> None:
        for field in (self.current, self.password, self.repeat):
            field.clear()
