"""File → Restore from backup…: owner/admin only, lists with counts, refuses, restores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services import backups
from nmt_desktop.ui.backups.restore_dialog import RestoreDialog
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from tests.services.backups.helpers import add_patients, patient_names, person


@pytest.fixture
def owner_context(db: Database, context: AppContext) -> AppContext:
    owner = AppContext(db.signed_in_as(person(Role.OWNER)), context.events)
    owner.therapist = context.therapist
    return owner


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_the_menu_items_are_there_for_an_owner_only(qtbot: QtBot, context: AppContext) -> None:
    # GIVEN the window of an owner who also treats patients
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.restore_action.isVisible() and window.backup_settings_action.isVisible()
    # WHEN a therapist, then front desk, acts in it THEN the menus no longer offer them
    for role in (Role.THERAPIST, Role.FRONT_DESK):
        context.act_as(context.db.signed_in_as(person(role)), None)
        window.menuBar().actions()[0].menu().aboutToShow.emit()
        assert not window.restore_action.isVisible()
        assert not window.backup_settings_action.isVisible()


def test_the_dialog_lists_backups_and_restores_the_chosen_one(
        qtbot: QtBot, owner_context: AppContext, monkeypatch: pytest.MonkeyPatch,
        make_main_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    # GIVEN two backups, the newer with three patients, and a patient added since
    db = owner_context.db
    add_patients(db, ["Ann", "Bo"])
    backups.back_up_now(db, now=lambda: _utc(2026, 11, 30, 17))
    add_patients(db, ["Cy"], sessions_each=2)
    backups.back_up_now(db, now=lambda: _utc(2026, 12, 1, 17))
    add_patients(db, ["Dee"])
    dialog = RestoreDialog(owner_context, _scheduler(owner_context))
    qtbot.addWidget(dialog)
    dialog.show()
    # THEN the list shows them newest first with counts
    rows = [[dialog.table.item(r, c).text() for c in range(6)]
            for r in range(dialog.table.rowCount())]
    assert [row[3:5] for row in rows] == [["3", "4"], ["2", "2"]]
    assert rows[0][1] == "automatic" and rows[0][5] == "nmt-backup-20261201T170000Z.sqlite"
    assert not dialog.restore_button.isEnabled()
    dialog.grab().save(str(tmp_path / "restore-dialog.png"))
    # WHEN the older one is chosen and the question answered Yes
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.table.selectRow(1)
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert dialog.working and not dialog.table.isEnabled()  # checked on a worker thread
    dialog.reject()  # Esc while it runs: nothing is left halfway
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.result_record is not None, timeout=20_000)
    # THEN it asked with the counts, and the database holds the backup's data
    assert "It holds 2 patients and 2 sessions" in asked[0]
    assert dialog.result_record is not None and dialog.result() == RestoreDialog.DialogCode.Accepted
    assert db.sqlite_file is not None
    assert patient_names(db.sqlite_file) == ["Ann", "Bo"]
    assert patient_names(dialog.result_record.safety_backup) == ["Ann", "Bo", "Cy", "Dee"]


def test_another_clinics_backup_is_refused_in_the_dialog(
        qtbot: QtBot, owner_context: AppContext, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    other = Database.open(f"sqlite:///{tmp_path / 'elsewhere' / 'other.sqlite'}").signed_in_as(
        person())
    add_patients(other, ["Zed"])
    theirs = backups.back_up_now(other)
    other.close()
    add_patients(owner_context.db, ["Ann"])
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog = RestoreDialog(owner_context, _scheduler(owner_context))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.refused, timeout=20_000):
        dialog.restore(theirs.path)
    assert asked == []  # refused before asking
    assert dialog.problem.isVisibleTo(dialog)
    assert "another clinic" in " ".join(dialog.problem.items())
    assert owner_context.db.sqlite_file is not None
    assert patient_names(owner_context.db.sqlite_file) == ["Ann"]


def test_cancel_changes_nothing(qtbot: QtBot, owner_context: AppContext,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    add_patients(owner_context.db, ["Ann"])
    backup = backups.back_up_now(owner_context.db)
    add_patients(owner_context.db, ["Bo"])
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog = RestoreDialog(owner_context, _scheduler(owner_context))
    qtbot.addWidget(dialog)
    dialog.restore(backup.path)
    qtbot.waitUntil(lambda: not dialog.working and bool(asked), timeout=20_000)
    assert dialog.result_record is None and dialog.table.isEnabled()
    assert owner_context.db.sqlite_file is not None
    assert patient_names(owner_context.db.sqlite_file) == ["Ann", "Bo"]


def test_after_a_restore_the_window_shows_the_restored_data(
        qtbot: QtBot, owner_context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    add_patients(owner_context.db, ["Ann"])
    backup = backups.back_up_now(owner_context.db)
    add_patients(owner_context.db, ["Bo"])
    window = MainWindow(owner_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 2, timeout=3000)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)

    def run_dialog(self: RestoreDialog) -> int:
        self.restore(backup.path)
        qtbot.waitUntil(lambda: self.result_record is not None, timeout=20_000)
        return int(self.result())

    monkeypatch.setattr(RestoreDialog, "exec", run_dialog)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: window.patient_list.model.rowCount() == 1, timeout=3000)
    assert "Restored" in window.statusBar().currentMessage()


def _scheduler(context: AppContext):  # noqa: ANN202
    from nmt_desktop.ui.backups.scheduler import BackupScheduler

    return BackupScheduler(context)


def _utc(*parts: int):  # noqa: ANN202
    import datetime as dt

    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_backup_settings_are_saved_from_the_dialog(qtbot: QtBot, owner_context: AppContext,
                                                   tmp_path: Path) -> None:
    from nmt_desktop.services.backup_settings import get_backup_settings
    from nmt_desktop.ui.backups.backup_settings_dialog import BackupSettingsDialog

    dialog = BackupSettingsDialog(owner_context)
    qtbot.addWidget(dialog)
    assert dialog.folder.placeholderText().endswith(str(tmp_path / "backups"))
    dialog.folder.setText(str(tmp_path / "missing"))
    assert dialog.save() is False and "does not exist" in " ".join(dialog.problem.items())
    (tmp_path / "usb").mkdir()
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.daily.setValue(3)
    assert dialog.save() is True
    saved = get_backup_settings(owner_context.db)
    assert saved.folder == str(tmp_path / "usb") and saved.keep.daily == 3
