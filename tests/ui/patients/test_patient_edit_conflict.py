"""Editing a patient someone else saved meanwhile: the dialog asks, never overwrites blindly."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patient_search
from nmt_desktop.services import patients as patient_service
from nmt_desktop.ui.common.stale_edit import StaleChoice
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.patients.patient_dialog import PatientDialog
from tests.people import person
from tests.ui.patients.test_patients_ui import click_save, fill


def _edit_after_another_save(qtbot: QtBot, context: AppContext, db: Database,
                             choice: StaleChoice, asked: list[str]) -> PatientDialog:
    patient_service.create_patient(db, PatientInput("Ann", "Ode", "1980-01-01"))
    listed = patient_search.search_patients(db)[0]  # what the patient list holds

    def ask(refusal: str) -> StaleChoice:
        asked.append(refusal)
        return choice

    dialog = PatientDialog(context, listed, ask_keep_mine=ask)
    qtbot.addWidget(dialog)
    sam = db.signed_in_as(person(display_name="Sam Lee"))
    patient_service.update_patient(sam, listed.uid, PatientInput(
        "Ann", "Ode", "1980-01-01", chart_number=listed.chart_number, phone="555-0100"))
    fill(dialog, email="ann@example.org")
    click_save(qtbot, dialog)
    return dialog


def test_keep_mine_saves_the_dialog_over_the_other_change(qtbot: QtBot, context: AppContext,
                                                          db: Database) -> None:
    asked: list[str] = []
    dialog = _edit_after_another_save(qtbot, context, db, StaleChoice.KEEP_MINE, asked)
    assert len(asked) == 1 and "Changed by Sam Lee at " in asked[0]
    stored = patient_search.search_patients(db)[0]
    assert (stored.email, stored.phone) == ("ann@example.org", "")
    assert dialog.result() == PatientDialog.DialogCode.Accepted


def test_reload_theirs_shows_the_stored_patient(qtbot: QtBot, context: AppContext,
                                                db: Database) -> None:
    asked: list[str] = []
    dialog = _edit_after_another_save(qtbot, context, db, StaleChoice.RELOAD_THEIRS, asked)
    assert len(asked) == 1
    stored = patient_search.search_patients(db)[0]
    assert (stored.email, stored.phone) == ("", "555-0100")
    assert dialog.fields["phone"].text() == "555-0100" and dialog.fields["email"].text() == ""
    assert dialog.result() != PatientDialog.DialogCode.Accepted
