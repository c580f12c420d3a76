"""The "Cancelled visit…" action of the patient page: keyboard-fast, one record per Save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.services.missed_visits import list_missed_visits, record_missed_visit
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.patients.missed_visit_dialog import MissedVisitDialog


@pytest.fixture
def patient(add_patient: Callable[..., object]) -> PatientRecord:
    return add_patient("Zoë", "O'Brien-山田")  # type: ignore[return-value]


def test_keys_choose_the_kind_and_enter_saves(qtbot: QtBot, context: AppContext,
                                              patient: PatientRecord) -> None:
    dialog = MissedVisitDialog(context, patient)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.fields["on_date"].text() == dt.date.today().isoformat()
    assert dialog.kind() is MissedVisitKind.CANCELLED_BY_PATIENT
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_3)
    assert dialog.kind() is MissedVisitKind.NO_SHOW
    # A digit typed in the reason stays text
    dialog.fields["reason"].edit.setFocus()
    qtbot.keyClicks(dialog.fields["reason"].edit, "2nd time")
    assert dialog.kind() is MissedVisitKind.NO_SHOW
    qtbot.keyClick(dialog.fields["reason"].edit, Qt.Key.Key_Return)
    assert dialog.result() == MissedVisitDialog.DialogCode.Accepted
    (saved,) = list_missed_visits(context.db, patient.uid)
    assert (saved.on_date, saved.kind, saved.reason) == (
        dt.date.today(), MissedVisitKind.NO_SHOW, "2nd time")


def test_a_bad_date_is_said_and_nothing_is_saved(qtbot: QtBot, context: AppContext,
                                                 patient: PatientRecord) -> None:
    dialog = MissedVisitDialog(context, patient)
    qtbot.addWidget(dialog)
    dialog.fields["on_date"].edit.setText("14/03/2025")
    dialog.save()
    assert "YYYY-MM-DD" in dialog.fields["on_date"].error.text()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    dialog.fields["on_date"].edit.setText(future)
    dialog.choose(MissedVisitKind.NO_SHOW)
    dialog.save()
    assert "future" in dialog.fields["on_date"].error.text()
    assert list_missed_visits(context.db, patient.uid) == []
    assert dialog.result() != MissedVisitDialog.DialogCode.Accepted


def test_the_patient_page_lists_them_and_refreshes(
        make_main_window: Callable[[], MainWindow], context: AppContext,
        patient: PatientRecord) -> None:
    window = make_main_window()
    window.open_patient(patient)
    page = window.patient_page
    assert page.missed_visits.isHidden()
    context.apply(record_missed_visit, patient.uid, dt.date(2025, 3, 10),
                  MissedVisitKind.CANCELLED_BY_PATIENT, reason="<i>flu</i>")
    assert page.missed_visits.text() == (
        "Not attended (1): 10 Mar 2025 cancelled by the patient (<i>flu</i>)")
    assert not page.missed_visits.isHidden()
