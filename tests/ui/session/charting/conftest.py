"""A draft session of a new patient, open on the body map of a real main window."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
from tests.people import as_therapist


@pytest.fixture
def session(context: AppContext, add_patient: Callable[..., object]) -> SessionRecord:
    patient = add_patient("Ann", "Smith")
    assert context.therapist is not None
    record, _ = session_service.start_session(as_therapist(context.db, context.therapist.uid),
                                              patient.uid)
    return record


@pytest.fixture
def editor(qtbot: QtBot, make_main_window: Callable[[], MainWindow],
           session: SessionRecord) -> ChartEditor:
    window = make_main_window()
    window.open_session(session)
    chart = window.session_page.chart
    qtbot.waitExposed(chart.view)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    chart.view.setFocus()
    chart.view.fit()
    return chart
