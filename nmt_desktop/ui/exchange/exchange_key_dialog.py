"""File → This clinic's exchange key…: the key other clinics encrypt chart files for.

Shows the public key with a Copy button; an owner/admin makes it here the first time. The
secret half never reaches the window: the services use it to open files sent to this clinic.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.access import Permission
from nmt_desktop.services.exchange import clinic_exchange_key, create_clinic_exchange_key
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.exchange.protection_choice import monospace

_EXPLANATION = (
    "Another clinic pastes this key into its export dialog (on the command line: "
    "nmt-desktop export json --to-clinic KEY) to send you a chart file that only this clinic "
    "can open, with no password to pass along. The key is not a secret: send it by e-mail or "
    "read it out on the phone. Its secret half stays in this clinic's database.")


class ExchangeKeyDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("This clinic's exchange key")
        self.setMinimumWidth(620)
        explanation = QLabel(_EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.key = QLineEdit()
        self.key.setReadOnly(True)
        self.key.setAccessibleName("This clinic's exchange key")
        monospace(self.key)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.clicked.connect(self.copy_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.copy_button)
        self.state = QLabel()
        self.state.setWordWrap(True)
        set_role(self.state, "hint")
        self.create_button = QPushButton("&Make the exchange key")
        self.create_button.clicked.connect(self.create_key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(key_row)
        layout.addWidget(self.state)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self._show(context.read(clinic_exchange_key))

    def copy_key(self) -> None:
        QApplication.clipboard().setText(self.key.text())
        self.state.setText("Copied. Paste it into the message to the other clinic.")

    def create_key(self) -> None:
        key = self._context.attempt(lambda: self._context.apply(create_clinic_exchange_key))
        if key is not None:
            self._show(key)
            self.state.setText("Made. Copy it and send it to the clinics that send you charts.")

    def _show(self, key: str | None) -> None:
        self.key.setText(key or "")
        has_key = key is not None
        self.key.setVisible(has_key)
        self.copy_button.setVisible(has_key)
        may_create = self._context.db.signed_in and \
            self._context.db.person.may(Permission.MANAGE_CLINIC)
        self.create_button.setVisible(not has_key and may_create)
        if has_key:
            self.state.setText("")
        elif may_create:
            self.state.setText("This clinic has no exchange key yet. Make it once; it stays "
                               "the same from then on.")
        else:
            self.state.setText("This clinic has no exchange key yet; an owner/admin makes it "
                               "here.")
