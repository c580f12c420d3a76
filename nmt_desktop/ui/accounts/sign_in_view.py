"""The sign-in page: who (a name from this database's accounts, or a typed user name), password.

A view: it shows plain values and says what the person asked for (`sign_in_requested`);
ui/accounts/sign_in_flow.py calls the services.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.accounts.passwords import password_field
from nmt_desktop.ui.common.form_support import error_line
from nmt_desktop.ui.common.style import set_role


@dataclass(frozen=True)
class AccountChoice:
    """One name on the sign-in list (never a hash, never a password)."""

    user_name: str
    display_name: str
    role_label: str

    @property
    def text(self) -> str:
        return f"{self.display_name} ({self.user_name})"


class SignInView(QWidget):
    sign_in_requested = Signal(str, str)  # user name, password
    recovery_requested = Signal()  # the owner forgot the password: use the recovery code
    cancel_requested = Signal()

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("Sign in")
        set_role(self.title, "title")
        self.location = QLabel(location)
        set_role(self.location, "hint")
        self.location.setWordWrap(True)
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        self.demo_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.demo_note, "notice")
        self.demo_note.hide()
        self.door_note = QLabel()  # how this kind of database is entered (encrypted, server)
        self.door_note.setWordWrap(True)
        set_role(self.door_note, "notice")
        self.door_note.hide()

        self.account = QComboBox()
        self.account.setEditable(True)  # a user name not on the list can be typed
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        typed = self.account.lineEdit()
        assert typed is not None  # editable: the combo box has its line edit
        typed.setPlaceholderText("Your name or user name")
        self.password = password_field("Password")
        form = QFormLayout()
        form.addRow("&Who:", self.account)
        form.addRow("&Password:", self.password)

        self.message = error_line(strong=True)
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setDefault(True)
        self.recovery_button = QPushButton("Forgot the owner's password? Use the recovery code…")
        self.recovery_button.setFlat(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.location)
        layout.addSpacing(8)
        layout.addWidget(self.door_note)
        layout.addWidget(self.demo_note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.sign_in_button)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        layout.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)

        self._choices: list[AccountChoice] = []
        self._wait = QTimer(self)
        self._wait.setInterval(1000)
        self._wait.timeout.connect(self._count_down)
        self._wait_left = 0
        self._base_message = ""
        self.sign_in_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        typed.returnPressed.connect(self._next_field)
        self.recovery_button.clicked.connect(self.recovery_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)

    # -- what is shown -----------------------------------------------------------------

    def set_accounts(self, choices: Sequence[AccountChoice], selected: str = "") -> None:
        self._choices = list(choices)
        typed = self.account.lineEdit()
        assert typed is not None
        # No list (an encrypted file, a server): only the user name is known to the door.
        typed.setPlaceholderText("Your name or user name" if self._choices else "Your user name")
        self.account.clear()
        for choice in self._choices:
            self.account.addItem(choice.text, choice.user_name)
            self.account.setItemData(self.account.count() - 1, choice.role_label,
                                     Qt.ItemDataRole.ToolTipRole)
        index = self.account.findData(selected) if selected else -1
        self.account.setCurrentIndex(index)
        if index < 0:
            self.account.setEditText("")

    def set_door_note(self, text: str, recovery_offered: bool = True) -> None:
        """How this database is entered; a server's passwords are reset by its IT person."""
        self.door_note.setText(text)
        self.door_note.setVisible(bool(text))
        self.recovery_button.setVisible(recovery_offered)

    def set_demo_password(self, password: str | None) -> None:
        """A demo database says so, names its accounts and fills in the shared password."""
        if not password:
            self.demo_note.hide()
            return
        names = ", ".join(f"{c.user_name} ({c.role_label.lower()})" for c in self._choices)
        self.demo_note.setText(
            "This is the demo clinic: made-up patients, nothing real. Every demo account "
            f"has the password “{password}”: {names}. It is filled in: press Enter.")
        self.demo_note.show()
        self.password.setText(password)

    def set_cancellable(self, cancellable: bool, title: str = "Sign in") -> None:
        self.title.setText(title)
        self.cancel_button.setVisible(cancellable)

    def show_refusal(self, text: str, retry_after_seconds: float = 0.0) -> None:
        """Say why the sign-in was refused; after repeated failures, wait before the next try."""
        self.password.clear()
        self.message.setText(text)
        self.message.show()
        self._wait_left = math.ceil(retry_after_seconds) if retry_after_seconds > 0 else 0
        if self._wait_left:
            self._base_message = text
            self.sign_in_button.setEnabled(False)
            self._show_wait()
            self._wait.start()
        self.password.setFocus()

    def clear_refusal(self) -> None:
        self.message.hide()

    def focus_first_empty(self) -> None:
        (self.password if self.account.currentText() else self.account).setFocus()

    # -- what was asked ----------------------------------------------------------------

    def user_name(self) -> str:
        """The chosen account's user name, or what was typed (a user name or a listed name)."""
        typed = self.account.currentText().strip()
        for choice in self._choices:
            if typed in (choice.text, choice.display_name, choice.user_name):
                return choice.user_name
        return typed

    def _submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        user_name = self.user_name()
        if not user_name:
            self.show_refusal("Choose your name or type your user name.")
            self.account.setFocus()
            return
        password = self.password.text()
        self.sign_in_requested.emit(user_name, password)

    def _next_field(self) -> None:
        self.password.setFocus()

    def _count_down(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait.stop()
            self.sign_in_button.setEnabled(True)
            self.message.setText(self._base_message)
            return
        self._show_wait()

    def _show_wait(self) -> None:
        self.message.setText(f"{self._base_message}\nYou can try again in "
                             f"{self._wait_left} s.")
