"""Re-authentication: the signed-in person types their password again (to sign a session)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.accounts.passwords import password_field
from nmt_desktop.ui.common.form_support import error_line


class PasswordPromptDialog(QDialog):
    def __init__(self, title: str, explanation: str, action_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.password = password_field("Your password")
        form = QFormLayout()
        form.addRow("&Password:", self.password)
        self.message = error_line(strong=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(action_text,
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._accept_if_typed)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def show_refusal(self, text: str) -> None:
        self.password.clear()
        self.message.setText(text)
        self.message.show()

    def _accept_if_typed(self) -> None:
        if not self.password.text():
            self.show_refusal("Type your password.")
            return
        self.accept()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            self.password.clear()
        super().done(result)


def ask_password(parent: QWidget | None, title: str, explanation: str,
                 action_text: str, refusal: str = "") -> str | None:
    """The typed password, or None when cancelled. It is not kept by the dialog afterwards.

    `refusal`: why the last password was not accepted, shown above the field.
    """
    dialog = PasswordPromptDialog(title, explanation, action_text, parent)
    if refusal:
        dialog.show_refusal(refusal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    password = dialog.password.text()
    dialog.password.clear()
    return password
