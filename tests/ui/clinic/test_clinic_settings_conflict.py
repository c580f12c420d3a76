"""Two people editing the clinic settings at once: the later save asks, never overwrites."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import clinic as clinic_service
from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog
from nmt_desktop.ui.common.stale_edit import StaleChoice
from nmt_desktop.ui.context import AppContext
from tests.people import person
from tests.ui.clinic.test_clinic_settings_dialog import click_save


def _dialog_after_another_save(qtbot: QtBot, context: AppContext, db: Database,
                               choice: StaleChoice, asked: list[str]) -> ClinicSettingsDialog:
    def no_logo(_parent: QWidget) -> str:
        return ""

    def ask(refusal: str) -> StaleChoice:
        asked.append(refusal)
        return choice

    dialog = ClinicSettingsDialog(context, choose_logo_file=no_logo, ask_keep_mine=ask)
    qtbot.addWidget(dialog)
    sam = db.signed_in_as(person(display_name="Sam Lee"))
    clinic_service.update_clinic_settings(sam, {"name": "Theirs Clinic"})
    dialog.fields["name"].edit.setText("Mine Clinic")
    click_save(qtbot, dialog)
    return dialog


def test_keep_mine_overwrites_after_asking(qtbot: QtBot, context: AppContext,
                                           db: Database) -> None:
    asked: list[str] = []
    dialog = _dialog_after_another_save(qtbot, context, db, StaleChoice.KEEP_MINE, asked)
    assert len(asked) == 1 and "Changed by Sam Lee at " in asked[0]
    assert "after you opened the clinic settings" in asked[0]
    assert clinic_service.get_clinic_settings(db).name == "Mine Clinic"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_reload_theirs_shows_the_stored_settings_and_keeps_the_dialog_open(
        qtbot: QtBot, context: AppContext, db: Database) -> None:
    asked: list[str] = []
    dialog = _dialog_after_another_save(qtbot, context, db, StaleChoice.RELOAD_THEIRS, asked)
    assert len(asked) == 1
    assert clinic_service.get_clinic_settings(db).name == "Theirs Clinic"
    assert dialog.fields["name"].text() == "Theirs Clinic"
    assert dialog.result() != dialog.DialogCode.Accepted
