"""Opening a chart and previewing a report are recorded once per action, never per repaint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.main_window import MainWindow
from tests.ui.accounts.conftest import spy_on_record_access


def test_opening_a_chart_is_recorded_once_per_opening(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        add_patient: Callable[..., PatientRecord], monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN two patients and the window
    maria, tom = add_patient("María", "García"), add_patient("Tom", "O'Neil")
    window = make_main_window()
    recorded = spy_on_record_access(monkeypatch)
    # WHEN María's chart is opened, repainted, shown again, then Tom's, then María's again
    window.open_patient(maria)
    window.patient_page.repaint()
    window.open_patient(maria)
    window.open_patient(tom)
    window.open_patient(maria)
    # THEN three openings are recorded, each with its patient
    assert recorded == [("open_chart", maria.uid), ("open_chart", tom.uid),
                        ("open_chart", maria.uid)]


def test_a_report_preview_is_recorded_once(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        add_patient: Callable[..., PatientRecord], monkeypatch: pytest.MonkeyPatch) -> None:
    patient = add_patient("María", "García")
    window = make_main_window()
    window.open_patient(patient)
    recorded = spy_on_record_access(monkeypatch)
    opened: list[QWidget] = []
    window.reports.preview_opened.connect(opened.append)
    window.reports.patient_summary(patient)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    opened[0].repaint()
    QApplication.processEvents()
    assert recorded == [("preview_report", patient.uid)]
    opened[0].close()
