"""The intake dialog: fill, save, new version keeps the old; errors shown and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.domain.screening import CONTRAINDICATIONS, RED_FLAGS
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.bodymap.region_picker import RegionPickerDialog
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.intake_dialog import IntakeDialog

UNICODE_TEXT = "Zoë <b>&</b> 山田 🙂 says: neck hurts"


@pytest.fixture(autouse=True)
def discard_answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """"Discard unsaved changes?" is answered Discard (and counted), never left blocking."""
    asked: list[str] = []

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def patient(add_patient: Callable[..., object]) -> PatientRecord:
    return add_patient("Zoë", "山田")  # type: ignore[return-value]


def open_dialog(qtbot: QtBot, context: AppContext, patient: PatientRecord) -> IntakeDialog:
    dialog = IntakeDialog(context, patient)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pick_regions(monkeypatch: pytest.MonkeyPatch, regions: list[str]) -> None:
    """The region picker answers OK with these regions (its own test clicks the map)."""
    def exec_(self: RegionPickerDialog) -> int:
        self.picker.set_regions(regions)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RegionPickerDialog, "exec", exec_)


def test_fill_and_save_stores_every_part(qtbot: QtBot, context: AppContext, db: Database,
                                         patient: PatientRecord,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a patient without an intake: the dialog starts version 1, dated today
    dialog = open_dialog(qtbot, context, patient)
    assert dialog.editing_new and dialog.fields["recorded_on"].text() == dt.date.today().isoformat()
    # WHEN the therapist fills it in
    dialog.texts["presenting_complaint"].setPlainText(UNICODE_TEXT)
    dialog.texts["history"].setPlainText("Long history. " * 400)
    dialog.texts["medications"].setPlainText("Warfarin")
    qtbot.mouseClick(dialog.goals.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.goals.rows[0].text, "Sit 2 h at the desk")
    qtbot.keyClicks(dialog.goals.rows[0].target, "2099-01-31")
    qtbot.keyClicks(dialog.fields["consent_date"].edit, dt.date.today().isoformat())
    qtbot.keyClicks(dialog.fields["consent_scope"].edit, "Assessment & treatment <neck>")
    dialog.tabs.setCurrentIndex(2)
    injury = dialog.contraindications.rows["acute_injury_inflammation"]
    dialog.contraindications.scroll_area.ensureWidgetVisible(injury)
    qtbot.mouseClick(injury.label, Qt.MouseButton.LeftButton)  # the text toggles the box too
    assert injury.check.isChecked() and injury.details.isVisible()
    pick_regions(monkeypatch, ["calf_left", "knee_posterior_left"])
    qtbot.mouseClick(injury.regions_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(injury.note, "Sprain, 3 days")
    dialog.contraindications.rows["anticoagulant_antiplatelet"].check.setChecked(True)
    dialog.red_flags.rows["no_improvement"].check.setChecked(True)
    assert dialog.tabs.tabText(2) == "Contraindications (2)"
    assert dialog.tabs.tabText(3).startswith("Red flags (1)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN it closes, and everything is stored in one version
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    intake = intake_service.current_intake(db, patient.uid)
    assert intake is not None and intake.version == 1
    assert intake.presenting_complaint == UNICODE_TEXT
    assert intake.consent_scope == "Assessment & treatment <neck>"
    assert [(g.text, g.target_date) for g in intake.goals] == [
        ("Sit 2 h at the desk", dt.date(2099, 1, 31))]
    stored = intake.answer("acute_injury_inflammation")
    assert stored is not None and stored.present
    assert stored.region_ids == ("calf_left", "knee_posterior_left")
    assert stored.note == "Sprain, 3 days"
    flag = intake.answer("no_improvement")
    assert flag is not None and flag.present
    # Every other item is recorded as asked and answered "no".
    assert len(intake.answers) == len(CONTRAINDICATIONS) + len(RED_FLAGS)
    assert sum(a.present for a in intake.answers) == 3


def test_problems_are_shown_and_nothing_is_written(qtbot: QtBot, context: AppContext,
                                                   db: Database, patient: PatientRecord) -> None:
    dialog = open_dialog(qtbot, context, patient)
    dialog.fields["recorded_on"].edit.setText("14.03.2025")
    dialog.contraindications.rows["recent_surgery"].check.setChecked(True)  # no region chosen
    dialog.tabs.setCurrentIndex(3)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # The dialog stays open with the messages under their fields, and the first one's tab.
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert "YYYY-MM-DD" in dialog.fields["recorded_on"].error.text()
    row = dialog.contraindications.rows["recent_surgery"]
    assert "regions" in row.error.text() and not row.error.isHidden()
    assert dialog.general_error.text().startswith("Nothing was saved: 2 problems")
    assert intake_service.list_intakes(db, patient.uid) == []
    dialog.fields["recorded_on"].edit.setText(dt.date.today().isoformat())
    row.check.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(intake_service.list_intakes(db, patient.uid)) == 1


def test_new_version_keeps_the_old_one_read_only(qtbot: QtBot, context: AppContext,
                                                db: Database, patient: PatientRecord) -> None:
    # GIVEN version 1 on record
    first, _ = save_intake_form(db, patient.uid, IntakeFormInput(
        "2025-01-10", medications="Ibuprofen",
        answers=[ScreeningAnswer("hernia", True, ("groin_right",))],
        goals=[GoalInput("Walk 5 km")]))
    dialog = open_dialog(qtbot, context, patient)
    assert dialog.shown == first and dialog.save_button.isEnabled()
    # WHEN the therapist starts a new version and changes the medications
    qtbot.mouseClick(dialog.new_version_button, Qt.MouseButton.LeftButton)
    assert dialog.editing_new and dialog.versions.count() == 2
    assert dialog.texts["medications"].toPlainText() == "Ibuprofen"  # prefilled from v1
    assert dialog.contraindications.rows["hernia"].regions() == ["groin_right"]
    dialog.texts["medications"].setPlainText("Ibuprofen, Warfarin")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # THEN version 2 is current and version 1 is unchanged
    versions = intake_service.list_intakes(db, patient.uid)
    assert [(v.version, v.medications) for v in versions] == [
        (2, "Ibuprofen, Warfarin"), (1, "Ibuprofen")]
    assert versions[0].goals[0].uid == first.goals[0].uid  # the goal kept its identity
    # AND the old version opens read-only
    again = open_dialog(qtbot, context, patient)
    assert again.versions.count() == 2
    again.versions.setCurrentRow(1)
    assert again.shown is not None and again.shown.version == 1
    assert again.texts["medications"].toPlainText() == "Ibuprofen"
    assert again.texts["medications"].isReadOnly()
    assert not again.save_button.isEnabled()
    assert not again.read_only_banner.isHidden()
    assert not again.contraindications.rows["hernia"].check.isEnabled()
    again.versions.setCurrentRow(0)
    assert again.save_button.isEnabled() and again.read_only_banner.isHidden()
    again.reject()
