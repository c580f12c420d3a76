"""File → Encrypt this database…: the owner's plain file, encrypted in place.

The owner types their password again (checked like an unlock); it becomes their way into the
encrypted file. The result shows the new recovery code once, the plain copy kept beside the
file and what deleting it cannot promise on an SSD; deleting the plain copies is a second,
confirmed step (services/encryption.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop import APP_NAME
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, ValidationError
from nmt_desktop.services import encryption, sign_in
from nmt_desktop.services.records import EncryptionRecord
from nmt_desktop.ui.accounts.owner_setup_view import two_lines
from nmt_desktop.ui.accounts.password_prompt import ask_password
from nmt_desktop.ui.common.confirmations import confirm_action
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext

PasswordAsker = Callable[[QWidget | None, str, str, str, str], str | None]
Confirm = Callable[[QWidget, str], bool]

EXPLANATION = (
    "Encrypting makes the database file unreadable without a password or the recovery code. "
    "Type your password again: it opens the encrypted file from now on. A plain copy is kept "
    "beside it until you delete it.")


def confirm_deletion(parent: QWidget, text: str) -> bool:
    return confirm_action(parent, text, "Delete the plain copies")


class EncryptedDialog(QDialog):
    """What encrypting did: the recovery code (once), the plain copy, the SSD warning."""

    def __init__(self, context: AppContext, record: EncryptionRecord,
                 confirm: Confirm = confirm_deletion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._confirm = confirm
        self.setWindowTitle("The database is encrypted")
        self.setMinimumWidth(520)
        intro = QLabel(
            f"{record.location} is encrypted ({record.tables} tables, {record.rows} rows). "
            "This recovery code opens the data if every password or the key file is lost, "
            "and resets the owner's password. It is shown only now: print it or write it "
            "down and keep it locked away, apart from the laptop.")
        intro.setWordWrap(True)
        self.code = QLabel(two_lines(record.recovery_code))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(font.pointSize() + 4)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.code, "notice")
        self.copy_note = QLabel(
            f"The plain (unencrypted) copy is kept in {record.plaintext_copy} until you "
            f"delete it. {record.ssd_warning}")
        self.copy_note.setWordWrap(True)
        self.copy_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        set_role(self.status, "hint")
        self.delete_button = QPushButton("&Delete the plain copies…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.accept)
        self.delete_button.clicked.connect(self.delete_plain_copies)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addWidget(self.copy_note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def delete_plain_copies(self) -> None:
        db = self._context.db
        copies = encryption.plaintext_copies(db)
        if not copies:
            self.status.setText("There is no plain copy left.")
            return
        names = "\n".join(str(path) for path in copies)
        if not self._confirm(self, f"Delete these plain copies of the charts?\n\n{names}"):
            return
        try:
            deleted = encryption.delete_plaintext_copies(db)
        except (ConflictError, NotAllowedError, OSError) as error:
            self.status.setText(f"The plain copies were not deleted: {error}")
            return
        self.status.setText(f"Deleted {len(deleted)} plain "
                            f"cop{'y' if len(deleted) == 1 else 'ies'}.")
        self.delete_button.setEnabled(False)

    def done(self, result: int) -> None:
        self.code.clear()  # the code does not stay on screen once the dialog is gone
        clipboard = QApplication.clipboard()
        if clipboard.text():
            clipboard.clear()
        super().done(result)


def encrypt_this_database(context: AppContext, parent: QWidget,
                          ask: PasswordAsker | None = None,
                          confirm: Confirm | None = None) -> EncryptedDialog | None:
    """Ask the owner's password, encrypt, and show the result (None if nothing was done)."""
    ask = ask or ask_password
    refusal = ""
    while True:
        password = ask(parent, "Encrypt this database", EXPLANATION, "&Encrypt", refusal)
        if password is None:
            return None
        try:
            sign_in.verify_password(context.db, password)
        except NotAllowedError as error:
            refusal = str(error)
            continue
        break
    try:
        record = encryption.encrypt_this_database(context.db, password)
    except (ConflictError, NotAllowedError, ValidationError, OSError) as error:
        QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                    f"The database was not encrypted: {error}", parent=parent).open()
        return None
    dialog = EncryptedDialog(context, record, confirm or confirm_deletion, parent)
    dialog.open()
    return dialog
