"""The patient page behind an open session refreshes its session list when it comes back."""

from __future__ import annotations

from collections.abc import Callable

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services import charting
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow


def test_marks_charted_behind_the_page_show_when_it_comes_back(
    context: AppContext, add_patient: Callable[..., object],
    make_main_window: Callable[[], MainWindow],
) -> None:
    patient = add_patient("Zoë", "山田")
    assert isinstance(patient, PatientRecord) and context.therapist is not None
    window = make_main_window()
    window.open_patient(patient)
    record = context.apply(session_service.start_session, patient.uid)
    window.open_session(record)
    x, y = load_atlas().label_point("shoulder_top_left")
    for _ in range(2):
        context.apply(charting.place_trigger_point, record.uid, x, y)
        x += 3

    window.pages.setCurrentWidget(window.patient_page)

    row = window.patient_page.sessions.topLevelItem(0)
    assert row is not None and row.text(4) == "2"
