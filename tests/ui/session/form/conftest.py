"""A patient with one draft session, opened in a real main window."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.form import SessionForm
from tests.people import as_therapist


@pytest.fixture
def patient(add_patient: Callable[..., PatientRecord]) -> PatientRecord:
    return add_patient("Zoë", "山田")


@pytest.fixture
def session(context: AppContext, patient: PatientRecord) -> SessionRecord:
    assert context.therapist is not None
    record, _ = session_service.start_session(as_therapist(context.db, context.therapist.uid),
                                              patient.uid)
    return record


@pytest.fixture
def open_session(qtbot: QtBot, make_main_window: Callable[[], MainWindow]
                 ) -> Callable[[SessionRecord], MainWindow]:
    def open_(record: SessionRecord) -> MainWindow:
        window = make_main_window()
        current = session_service.get_session(window.context.db, record.uid)
        window.open_patient(patient_service.get_patient(window.context.db, current.patient_uid))
        window.open_session(current)
        qtbot.waitExposed(window.session_page.form)
        return window

    return open_


def form_of(window: MainWindow) -> SessionForm:
    return window.session_page.form
