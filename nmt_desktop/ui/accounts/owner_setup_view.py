"""First start: the owner chooses a password; then the one-time recovery code is shown.

On a new database the owner also gives the name, user name, credentials and licence that
sign their sessions. On an upgraded database the owner is already known (the earliest
therapist), so only the password is asked. Views only: sign_in_flow.py calls the services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.accounts.passwords import password_field, repeat_problem
from nmt_desktop.ui.common.form_support import error_line
from nmt_desktop.ui.common.style import set_role


class OwnerSetupView(QWidget):
    # password, display name, user name, credentials, licence number (names empty: upgraded db)
    setup_requested = Signal(str, str, str, str, str)

    def __init__(self, owner_name: str | None, parent: QWidget | None = None, *,
                 encrypted: bool = False) -> None:
        """`owner_name`: the existing owner on an upgraded database; None on a new one.

        `encrypted`: the database is created (encrypted) only when the owner continues.
        """
        super().__init__(parent)
        self.title = QLabel("Welcome to NMT Desktop")
        set_role(self.title, "title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Alex Morgan")
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText("e.g. alex")
        self.credentials = QLineEdit()
        self.credentials.setPlaceholderText("e.g. LMT, CNMT")
        self.licence_number = QLineEdit()
        self.password = password_field("At least 8 characters")
        self.repeat = password_field("The same again")
        self.names_asked = owner_name is None
        if self.names_asked:
            self.intro.setText(
                "This database has no accounts yet. You are its owner: you add the other "
                "people who use it and set their first passwords. Your name, credentials and "
                "licence number are printed on the sessions you sign and on reports."
                + (" The database is created encrypted: only your password (and the "
                   "recovery code shown next) opens it." if encrypted else ""))
            form.addRow("&Name:", self.display_name)
            form.addRow("&User name:", self.user_name)
            form.addRow("&Credentials:", self.credentials)
            form.addRow("&Licence number:", self.licence_number)
        else:
            self.intro.setText(
                f"This database now has sign-in. Its owner is {owner_name}, the clinic's "
                f"first therapist profile. {owner_name}: choose your password here, then give "
                "your colleagues their first passwords in Edit → Accounts (nobody can set "
                "a password for themselves before you do).")
        form.addRow("&Password:", self.password)
        form.addRow("&Repeat:", self.repeat)
        hint = QLabel("Any words you will remember; at least 8 characters. A common password "
                      "or your user name is refused.")
        hint.setWordWrap(True)
        set_role(hint, "hint")
        self.message = error_line(strong=True)
        self.continue_button = QPushButton("&Set password and continue")
        self.continue_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.continue_button)
        layout.addStretch(1)
        self.continue_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _submit(self) -> None:
        password = self.password.text()
        problem = repeat_problem(password, self.repeat.text())
        if self.names_asked and not self.display_name.text().strip():
            problem = "Type your name: it is printed on the sessions you sign."
        if problem:
            self.show_problem(problem)
            return
        self.message.hide()
        self.setup_requested.emit(password, self.display_name.text().strip(),
                                  self.user_name.text().strip(), self.credentials.text().strip(),
                                  self.licence_number.text().strip())


def two_lines(code: str) -> str:
    """Nine groups of five do not fit the window's width in large type: two lines.

    Typing it back ignores spaces and line breaks (db/key_material.py RecoveryCode.parse).
    """
    groups = code.split("-")
    if len(groups) < 6:
        return code
    half = (len(groups) + 1) // 2
    return "-".join(groups[:half]) + "-\n" + "-".join(groups[half:])


class RecoveryCodeView(QWidget):
    """The one-time recovery code: shown once, printed or copied, confirmed as written down."""

    print_requested = Signal()
    copy_requested = Signal()
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Your recovery code")
        set_role(title, "title")
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        self.explain_encrypted(False)
        self.code = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(font.pointSize() + 6)
        self.code.setFont(font)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.code, "notice")
        self.print_button = QPushButton("&Print…")
        self.copy_button = QPushButton("&Copy")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        self.written_down = QCheckBox("I have &written it down or printed it, and put it away")
        self.continue_button = QPushButton("C&ontinue")
        self.continue_button.setEnabled(False)
        self.status = QLabel()
        set_role(self.status, "hint")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.written_down)
        layout.addWidget(self.continue_button)
        layout.addStretch(1)
        self.written_down.toggled.connect(self.continue_button.setEnabled)
        self.print_button.clicked.connect(self.print_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.continue_button.clicked.connect(self._confirm)

    def explain_encrypted(self, encrypted: bool) -> None:
        """An encrypted database's code is also its key: say what it opens."""
        first = (
            "This code opens the encrypted data if every password or the key file is lost, "
            "and resets the owner's password. Nobody, not even the makers of NMT Desktop, "
            "can open the data without a password or this code."
            if encrypted else
            "If you forget your password, this code is the only way back into the clinic's "
            "charts on this computer.")
        self.intro.setText(first + " It is shown only now, and not kept anywhere in clear: "
                           "print it or write it down and keep it locked away, apart from "
                           "the laptop.")

    def show_code(self, code: str) -> None:
        self.code.setText(two_lines(code))
        self.written_down.setChecked(False)
        self.status.clear()

    def forget_code(self) -> None:
        """Once confirmed, the code leaves the screen."""
        self.code.clear()

    def _confirm(self) -> None:
        if self.written_down.isChecked():
            self.confirmed.emit()


class RecoveryView(QWidget):
    """The owner's offline reset: the recovery code and a new password."""

    reset_requested = Signal(str, str)  # recovery code, new password
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Reset the owner's password")
        set_role(title, "title")
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("The owner's user name")
        self.code = QLineEdit()
        self.code.setPlaceholderText("Recovery code")
        self.password = password_field("New password")
        self.repeat = password_field("The same again")
        form = QFormLayout()
        self._form = form
        form.addRow("&Owner's user name:", self.owner)
        form.addRow("Recovery &code:", self.code)
        form.addRow("&New password:", self.password)
        form.addRow("&Repeat:", self.repeat)
        self.message = error_line(strong=True)
        self.reset_button = QPushButton("&Reset password")
        self.reset_button.setDefault(True)
        self.cancel_button = QPushButton("Back")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.reset_button)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self.ask_owner_name(False)
        self.reset_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancel_requested)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def ask_owner_name(self, ask: bool) -> None:
        """Without a list of accounts (an encrypted file) the owner's user name is typed.

        An encrypted file's code is its key too: it stays the same after a reset.
        """
        self._form.setRowVisible(self.owner, ask)
        self.intro.setText(
            "Type the recovery code you printed or wrote down when the clinic was set up, "
            + ("the owner's user name and a new password. The code opens the encrypted data "
               "even if the key file is lost; it stays the same: keep it." if ask else
               "and a new password. You get a new recovery code: the old one no longer "
               "works after this."))

    def owner_name(self) -> str:
        return self.owner.text().strip() if self._form.isRowVisible(self.owner) else ""

    def _submit(self) -> None:
        problem = repeat_problem(self.password.text(), self.repeat.text())
        if not self.code.text().strip():
            problem = "Type the recovery code."
        if self._form.isRowVisible(self.owner) and not self.owner.text().strip():
            problem = "Type the owner's user name."
        if problem:
            self.show_problem(problem)
            return
        self.message.hide()
        self.reset_requested.emit(self.code.text().strip(), self.password.text())

    def clear(self) -> None:
        for field in (self.owner, self.code, self.password, self.repeat):
            field.clear()
        self.message.hide()
