"""The owner's accounts dialog: add, reset a password, change a role, disable; refusals shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import sign_in
from nmt_desktop.ui.accounts.accounts_dialog import AccountsDialog
from nmt_desktop.ui.context import AppContext


@pytest.fixture
def dialog(qtbot: QtBot, fresh_db: Database, owner_handle: Database) -> AccountsDialog:
    context = AppContext(fresh_db)
    context.switch_to(owner_handle)
    accounts = AccountsDialog(context)
    qtbot.addWidget(accounts)
    accounts.show()
    qtbot.waitExposed(accounts)
    return accounts


def answer_form(dialog: AccountsDialog, steps: Callable[[QDialog], None]) -> None:
    """The small forms run without a modal loop: `steps` fills them as the owner would."""
    def run(form: QDialog) -> int:
        form.show()
        steps(form)
        form.hide()
        return int(form.result())

    dialog.run_form = run


def rows(dialog: AccountsDialog) -> list[tuple[str, ...]]:
    table = dialog.view.table
    return [tuple(table.item(row, column).text() for column in range(table.columnCount()))
            for row in range(table.rowCount())]


def add_sam(dialog: AccountsDialog, password: str = "temporary pass 1") -> None:
    def fill(form: QDialog) -> None:
        form.display_name.setText("Sam Rivera")
        form.user_name.setText("sam")
        form.role.setCurrentIndex(form.role.findData(Role.THERAPIST.value))
        form.credentials.setText("RMT")
        form.temporary_password.line.setText(password)
        form.add_button.click()

    answer_form(dialog, fill)
    dialog.view.add_button.click()


def select(dialog: AccountsDialog, user_name: str) -> None:
    for row, values in enumerate(rows(dialog)):
        if values[1] == user_name:
            dialog.view.table.selectRow(row)
            return
    raise AssertionError(user_name)


def test_the_owner_adds_a_therapist_with_a_temporary_password(dialog: AccountsDialog,
                                                              fresh_db: Database) -> None:
    add_sam(dialog)
    assert ("Sam Rivera", "sam", "Therapist",
            "Temporary password (changed at next sign-in)") in rows(dialog)
    assert "temporary password" in dialog.view.notice.text()
    names = [a.user_name for a in sign_in.sign_in_choices(fresh_db).accounts]
    assert "sam" in names


def test_a_weak_temporary_password_is_refused_in_the_form(dialog: AccountsDialog) -> None:
    shown: list[str] = []

    def fill(form: QDialog) -> None:
        form.display_name.setText("Sam Rivera")
        form.user_name.setText("sam")
        form.temporary_password.line.setText("sam")
        form.add_button.click()
        shown.append(form.message.text())

    answer_form(dialog, fill)
    dialog.view.add_button.click()
    assert shown and shown[0]
    assert [r[1] for r in rows(dialog)] == ["alex"]


def test_the_last_owner_cannot_demote_or_disable_themselves(dialog: AccountsDialog) -> None:
    select(dialog, "alex")
    dialog.view.role.setCurrentIndex(dialog.view.role.findData(Role.THERAPIST.value))
    dialog.view.role_button.click()
    assert dialog.view.message.isVisible() and dialog.view.message.text()
    dialog.view.disable_button.click()
    assert dialog.view.message.text()
    assert rows(dialog) == [("Alex Morgan", "alex", "Owner / admin", "Active")]


def test_role_disable_and_reset_for_a_colleague(dialog: AccountsDialog) -> None:
    add_sam(dialog)
    select(dialog, "sam")
    dialog.view.role.setCurrentIndex(dialog.view.role.findData(Role.FRONT_DESK.value))
    dialog.view.role_button.click()
    sam = next(r for r in rows(dialog) if r[1] == "sam")
    assert sam[:3] == ("Sam Rivera", "sam", "Front desk")
    dialog.view.disable_button.click()
    assert next(r for r in rows(dialog) if r[1] == "sam")[3] == "Disabled"
    assert dialog.view.disable_button.text() == "&Enable"
    dialog.view.disable_button.click()

    def fill(form: QDialog) -> None:
        form.temporary_password.suggest.click()
        assert len(form.temporary_password.text()) == 19
        form.reset_button.click()

    answer_form(dialog, fill)
    dialog.view.reset_button.click()
    assert next(r for r in rows(dialog) if r[1] == "sam")[3] == \
        "Temporary password (changed at next sign-in)"


def test_the_owner_sets_the_idle_limit(dialog: AccountsDialog, fresh_db: Database) -> None:
    changes: list[object] = []
    dialog._context.events.changed.connect(changes.append)
    assert dialog.view.lock_minutes.value() == 5
    dialog.view.lock_minutes.setValue(12)
    assert sign_in.sign_in_choices(fresh_db).lock_after_minutes == 12
    assert "12 min" in dialog.view.notice.text()
    assert len(changes) == 1
