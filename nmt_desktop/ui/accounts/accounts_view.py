"""The owner's list of accounts: who, role, state; add, reset password, change role, disable.

A view over plain values (AccountRecord fields); the
controller (accounts_dialog.py) calls the services and hands the refreshed list back.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from typing import Protocol, TypedDict

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.access import Role
from nmt_desktop.ui.accounts.passwords import PASSWORD_FIELD_LIMIT
from nmt_desktop.ui.common.form_support import error_line
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.common.tables import read_only_table

UID_ROLE = Qt.ItemDataRole.UserRole


class AccountLike(Protocol):
    @property
    def uid(self) -> uuid.UUID: ...
    @property
    def user_name(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def has_password(self) -> bool: ...
    @property
    def must_change_password(self) -> bool: ...
    @property
    def disabled(self) -> bool: ...


def account_state(account: AccountLike) -> str:
    if account.disabled:
        return "Disabled"
    if not account.has_password:
        return "No password yet: reset it to give one"
    if account.must_change_password:
        return "Temporary password (changed at next sign-in)"
    return "Active"


def suggested_password() -> str:
    """A temporary password to read out: four groups of letters and digits, no look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _role_combo() -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role.value)
    return combo


def _chosen_role(combo: QComboBox) -> Role:
    # Qt hands a str enum back as its plain value.
    return Role(combo.currentData())


class AccountsView(QWidget):
    add_requested = Signal()
    reset_requested = Signal(object)  # account uid
    role_requested = Signal(object, object)  # account uid, Role
    disabled_requested = Signal(object, bool)  # account uid, disable?
    lock_minutes_requested = Signal(int)

    COLUMNS = ("Name", "User name", "Role", "State")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = read_only_table(self.COLUMNS)
        self.add_button = QPushButton("&Add account…")
        self.reset_button = QPushButton("&Reset password…")
        self.role = _role_combo()
        self.role_button = QPushButton("Change r&ole")
        self.disable_button = QPushButton("&Disable")
        self.message = error_line(strong=True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.notice, "notice")
        self.notice.hide()
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 30)
        self.lock_minutes.setSuffix(" min")
        self.lock_minutes.setKeyboardTracking(False)  # one change when typing "15", not two
        lock_row = QHBoxLayout()
        lock_label = QLabel("&Lock the app after this long without input:")
        lock_label.setBuddy(self.lock_minutes)
        lock_row.addWidget(lock_label)
        lock_row.addWidget(self.lock_minutes)
        lock_row.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.reset_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.role)
        buttons.addWidget(self.role_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.disable_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(lock_row)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)

        self._accounts: list[AccountLike] = []
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_requested)
        self.reset_button.clicked.connect(self._reset)
        self.role_button.clicked.connect(self._change_role)
        self.disable_button.clicked.connect(self._toggle_disabled)
        self.lock_minutes.valueChanged.connect(self._lock_minutes_changed)
        self._showing_minutes = False
        self._selection_changed()

    def set_lock_minutes(self, minutes: int) -> None:
        self._showing_minutes = True
        self.lock_minutes.setValue(minutes)
        self._showing_minutes = False

    def _lock_minutes_changed(self, minutes: int) -> None:
        if not self._showing_minutes:
            self.lock_minutes_requested.emit(minutes)

    def set_accounts(self, accounts: Sequence[AccountLike],
                     select: uuid.UUID | None = None) -> None:
        selected = select or self.selected_uid()
        self._accounts = list(accounts)
        self.table.setRowCount(len(self._accounts))
        for row, account in enumerate(self._accounts):
            texts = (account.display_name, account.user_name, account.role.label,
                     account_state(account))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(UID_ROLE, account.uid)
                self.table.setItem(row, column, item)
            if account.uid == selected:
                self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> AccountLike | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self._accounts[rows.pop()] if rows else None

    def selected_uid(self) -> uuid.UUID | None:
        account = self.selected()
        return account.uid if account is not None else None

    def show_problem(self, text: str) -> None:
        self.notice.hide()
        self.message.setText(text)
        self.message.show()

    def show_notice(self, text: str) -> None:
        self.message.hide()
        self.notice.setText(text)
        self.notice.show()

    def _selection_changed(self) -> None:
        account = self.selected()
        for widget in (self.reset_button, self.role, self.role_button, self.disable_button):
            widget.setEnabled(account is not None)
        if account is not None:
            self.role.setCurrentIndex(self.role.findData(account.role.value))
            self.disable_button.setText("&Enable" if account.disabled else "&Disable")

    def _reset(self) -> None:
        if (uid := self.selected_uid()) is not None:
            self.reset_requested.emit(uid)

    def _change_role(self) -> None:
        account = self.selected()
        role = _chosen_role(self.role)
        if account is not None and role != account.role:
            self.role_requested.emit(account.uid, role)

    def _toggle_disabled(self) -> None:
        account = self.selected()
        if account is not None:
            self.disabled_requested.emit(account.uid, not account.disabled)


class TemporaryPasswordField(QWidget):
    """A temporary password the owner reads out or hands over: shown, with a suggestion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setMaxLength(PASSWORD_FIELD_LIMIT)
        self.suggest = QPushButton("Suggest")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.suggest)
        self.suggest.clicked.connect(lambda: self.line.setText(suggested_password()))

    def text(self) -> str:
        return self.line.text()


class NewAccountValues(TypedDict):
    """What the new-account form holds, as typed (the services validate it)."""

    user_name: str
    display_name: str
    role: Role
    temporary_password: str
    credentials: str
    licence_number: str


class AccountFormDialog(QDialog):
    """Add an account: who, role, the signature for therapists, a temporary password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add account")
        self.setMinimumWidth(460)
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText("e.g. Sam Rivera")
        self.user_name = QLineEdit()
        self.user_name.setPlaceholderText("e.g. sam")
        self.role = _role_combo()
        self.role.setCurrentIndex(self.role.findData(Role.THERAPIST.value))
        self.credentials = QLineEdit()
        self.licence_number = QLineEdit()
        self.temporary_password = TemporaryPasswordField()
        form = self._form = QFormLayout()
        form.addRow("&Name:", self.display_name)
        form.addRow("&User name:", self.user_name)
        form.addRow("&Role:", self.role)
        form.addRow("&Credentials:", self.credentials)
        form.addRow("&Licence number:", self.licence_number)
        form.addRow("&Temporary password:", self.temporary_password)
        hint = QLabel("Give the temporary password to the person yourself; they choose their "
                      "own at their first sign-in.")
        hint.setWordWrap(True)
        set_role(hint, "hint")
        self.message = error_line(strong=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add account",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.role.currentIndexChanged.connect(self._role_changed)

    def values(self) -> NewAccountValues:
        return {"user_name": self.user_name.text().strip(),
                "display_name": self.display_name.text().strip(),
                "role": _chosen_role(self.role),
                "temporary_password": self.temporary_password.text(),
                "credentials": self.credentials.text().strip(),
                "licence_number": self.licence_number.text().strip()}

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _role_changed(self) -> None:
        # Front desk has no therapist profile: nothing to sign, no credentials to print.
        therapist = _chosen_role(self.role) is not Role.FRONT_DESK
        self._form.setRowVisible(self.credentials, therapist)
        self._form.setRowVisible(self.licence_number, therapist)


class ResetPasswordDialog(QDialog):
    def __init__(self, display_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reset password")
        self.setMinimumWidth(420)
        text = QLabel(f"A temporary password for {display_name}. They choose their own at "
                      "their next sign-in.")
        text.setWordWrap(True)
        self.temporary_password = TemporaryPasswordField()
        form = QFormLayout()
        form.addRow("&Temporary password:", self.temporary_password)
        self.message = error_line(strong=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = self.buttons.addButton("Reset password",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
