"""Edit → Accounts… for the owner: the accounts view, wired to the accounts use cases.

Each button is one service call through the context (one transaction, one audit event, one
change broadcast). A refusal (the last owner demoting or disabling themselves, a user name
already taken, a weak temporary password) is said inside the dialog, where the owner looks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import (
    ConflictError,
    NotAllowedError,
    NotFoundError,
    ValidationError,
)
from nmt_desktop.services import accounts, passwords, sign_in
from nmt_desktop.ui.accounts.accounts_view import (
    AccountFormDialog,
    AccountsView,
    ResetPasswordDialog,
)
from nmt_desktop.ui.context import AppContext

REFUSALS = (ValidationError, ConflictError, NotFoundError, NotAllowedError)


class AccountsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("Accounts")
        self.resize(760, 420)
        self.view = AccountsView()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(close)
        self.view.add_requested.connect(self.add_account)
        self.view.reset_requested.connect(self.reset_password)
        self.view.role_requested.connect(self.set_role)
        self.view.disabled_requested.connect(self.set_disabled)
        self.view.lock_minutes_requested.connect(self.set_lock_minutes)
        self.view.set_lock_minutes(
            context.read(sign_in.sign_in_choices).lock_after_minutes)
        # Tests answer the small forms without a modal loop.
        self.run_form: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.refresh()

    def refresh(self, select: uuid.UUID | None = None) -> None:
        self.view.set_accounts(self._context.read(accounts.list_accounts), select)

    def _change(self, use_case: Callable[..., Any], *args: Any) -> Any:
        """One use case; the refreshed list, or the refusal shown. Returns the record or None."""
        try:
            record = self._context.apply(use_case, *args)
        except REFUSALS as refusal:
            self.view.show_problem(str(refusal))
            return None
        self.view.message.hide()
        self.refresh(getattr(record, "uid", None))
        return record

    def add_account(self) -> None:
        form = AccountFormDialog(self)

        def submit() -> None:
            values = form.values()
            problem = passwords.password_problem(values["temporary_password"],
                                                 values["user_name"])
            if problem:
                form.show_problem(problem)
                return
            try:
                record = self._context.apply(
                    accounts.add_account, values["user_name"], values["display_name"],
                    values["role"], values["temporary_password"],
                    credentials=values["credentials"], licence_number=values["licence_number"])
            except REFUSALS as refusal:
                form.show_problem(str(refusal))
                return
            self.refresh(record.uid)
            self.view.show_notice(
                f"{record.display_name} can now sign in as “{record.user_name}” with the "
                "temporary password you gave; they choose their own then.")
            form.accept()

        form.add_button.clicked.connect(submit)
        self.run_form(form)

    def reset_password(self, account_uid: uuid.UUID) -> None:
        account = self.view.selected()
        name = account.display_name if account is not None else "this person"
        form = ResetPasswordDialog(name, self)

        def submit() -> None:
            password = form.temporary_password.text()
            user_name = account.user_name if account is not None else ""
            problem = passwords.password_problem(password, user_name)
            if problem:
                form.show_problem(problem)
                return
            try:
                self._context.apply(accounts.reset_password, account_uid, password)
            except REFUSALS as refusal:
                form.show_problem(str(refusal))
                return
            self.refresh(account_uid)
            self.view.show_notice(f"{name} signs in next with the temporary password, then "
                                  "chooses their own.")
            form.accept()

        form.reset_button.clicked.connect(submit)
        self.run_form(form)

    def set_role(self, account_uid: uuid.UUID, role: Role) -> None:
        self._change(accounts.set_role, account_uid, role)

    def set_disabled(self, account_uid: uuid.UUID, disabled: bool) -> None:
        self._change(accounts.set_disabled, account_uid, disabled)

    def set_lock_minutes(self, minutes: int) -> None:
        try:
            self._context.events.changed.emit(
                self._context.read(accounts.set_lock_after_minutes, minutes))
        except REFUSALS as refusal:
            self.view.show_problem(str(refusal))
            return
        self.view.show_notice(f"The app now locks after {minutes} min without input.")
