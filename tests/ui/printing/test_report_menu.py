"""The Report menu of the main window opens the right report for what is on screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.printing.physician_report_dialog import PhysicianReportOptions
from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog
from nmt_desktop.ui.printing.report_actions import ReportActions
from tests.ui.printing.conftest import ScriptedDialogs


def scripted_window(make_main_window: Callable[[], MainWindow],
                    scripted: ScriptedDialogs) -> MainWindow:
    window = make_main_window()
    window.reports = ReportActions(window.context, window, ask_options=scripted.ask_options,
                                   choose_save_path=scripted.choose_save_path,
                                   choose_printer=scripted.choose_printer)
    return window


def open_preview(window: MainWindow) -> ReportPreviewDialog:
    [dialog] = [w for w in window.findChildren(ReportPreviewDialog) if w.isVisible()]
    return dialog


def test_summary_from_the_session_page_is_for_that_session(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow], demo_db: Database,
        maria: PatientRecord, scripted: ScriptedDialogs) -> None:
    # GIVEN an older session of María open on screen
    window = scripted_window(make_main_window, scripted)
    sessions = session_service.list_sessions(demo_db, maria.uid)
    older = sessions[-1]
    window.open_patient(maria)
    window.open_session(older)
    # WHEN Report → Patient summary is chosen
    with qtbot.waitSignal(window.reports.preview_opened, timeout=60_000):
        window.patient_summary_action.trigger()
    # THEN the preview shows the summary of that session, not the latest
    dialog = open_preview(window)
    assert dialog.report.session_uid == older.uid
    assert dialog.view.page_count >= 1
    dialog.close()


def test_summary_from_the_patient_page_uses_the_selected_session(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow], demo_db: Database,
        maria: PatientRecord, scripted: ScriptedDialogs) -> None:
    window = scripted_window(make_main_window, scripted)
    window.open_patient(maria)
    window.patient_page.sessions.setCurrentItem(window.patient_page.sessions.topLevelItem(1))
    with qtbot.waitSignal(window.reports.preview_opened, timeout=60_000):
        window.patient_summary_action.trigger()
    dialog = open_preview(window)
    assert dialog.report.session_uid == session_service.list_sessions(demo_db, maria.uid)[1].uid
    dialog.close()


def test_physician_report_from_the_menu(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow], maria: PatientRecord,
        scripted: ScriptedDialogs) -> None:
    window = scripted_window(make_main_window, scripted)
    window.open_patient(maria)
    scripted.options = PhysicianReportOptions(dt.date(2000, 1, 1), dt.date.today(), None)
    with qtbot.waitSignal(window.reports.preview_opened, timeout=60_000):
        window.physician_report_action.trigger()
    dialog = open_preview(window)
    assert dialog.report.kind.value == "physician_report"
    assert dialog.report.period_end == dt.date.today()
    dialog.close()


def test_report_without_a_patient_explains_itself(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow], demo_db: Database) -> None:
    window = make_main_window()
    window.patient_summary_action.trigger()
    assert "Open a patient first" in window.statusBar().currentMessage()
    assert window.findChildren(ReportPreviewDialog) == []


def test_page_buttons_open_the_same_previews(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow], demo_db: Database,
        maria: PatientRecord, scripted: ScriptedDialogs) -> None:
    # GIVEN María's patient page, then her latest session
    window = scripted_window(make_main_window, scripted)
    window.open_patient(maria)
    # WHEN the patient page's summary button is clicked THEN the summary preview opens
    with qtbot.waitSignal(window.reports.preview_opened, timeout=60_000):
        qtbot.mouseClick(window.patient_page.summary_button, Qt.MouseButton.LeftButton)
    first = open_preview(window)
    assert first.report.kind.value == "patient_summary"
    first.close()
    # AND the session page's button previews that session
    latest = session_service.list_sessions(demo_db, maria.uid)[0]
    window.open_session(latest)
    with qtbot.waitSignal(window.reports.preview_opened, timeout=60_000):
        qtbot.mouseClick(window.session_page.summary_button, Qt.MouseButton.LeftButton)
    second = open_preview(window)
    assert second.report.session_uid == latest.uid
    second.close()
