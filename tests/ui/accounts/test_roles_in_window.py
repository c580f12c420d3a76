"""The window mirrors the role: what a role cannot use is hidden (the services refuse it too)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.patients.patient_dialog import PatientDialog


def window_for(qtbot: QtBot, db: Database, role: Role) -> MainWindow:
    person = SignedInPerson(uuid.uuid4(), "jo", "Jo Lee", role, None, AuthMethod.SYSTEM,
                            dt.datetime.now(dt.UTC))
    context = AppContext(db)
    context.switch_to(db.signed_in_as(person))
    window = MainWindow(context, "/tmp/nmt-data")
    qtbot.addWidget(window)
    window.build_pages()
    window.apply_permissions()
    return window


def test_front_desk_sees_no_reports_charting_or_administration(qtbot: QtBot,
                                                               db: Database) -> None:
    window = window_for(qtbot, db, Role.FRONT_DESK)
    assert window.new_patient_action.isVisible()
    for action in (window.start_session_action, window.patient_summary_action,
                   window.physician_report_action, window.export_chart_action,
                   window.import_chart_action, window.accounts_action,
                   window.clinic_settings_action):
        assert not action.isVisible(), action.text()
    assert not window.report_menu.menuAction().isVisible()
    assert not window.edit_menu.menuAction().isVisible()
    page = window.patient_page
    assert page.start_button.isHidden() and page.summary_button.isHidden()
    assert not page.edit_button.isHidden()
    assert "Jo Lee (Front desk)" in window.signed_in_label.text()


def test_a_therapist_charts_but_does_not_manage(qtbot: QtBot, db: Database) -> None:
    window = window_for(qtbot, db, Role.THERAPIST)
    assert window.start_session_action.isVisible()
    assert window.patient_summary_action.isVisible()
    assert not window.accounts_action.isVisible()
    assert not window.clinic_settings_action.isVisible()


def test_front_desk_opening_a_patient_gets_the_details_not_the_chart(
        qtbot: QtBot, db: Database, add_patient: Callable[..., PatientRecord],
        monkeypatch: pytest.MonkeyPatch) -> None:
    patient = add_patient("María", "García")
    window = window_for(qtbot, db, Role.FRONT_DESK)
    shown: list[PatientDialog] = []
    monkeypatch.setattr(PatientDialog, "exec", lambda self: shown.append(self) or 0)
    window.open_patient(patient)
    assert len(shown) == 1
    assert window.pages.currentWidget() is window.welcome
