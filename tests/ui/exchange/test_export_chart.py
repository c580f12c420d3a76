"""File → Export chart… writes the open patient's chart in the chosen format, or says why not."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.exchange import ExportResult, import_chart
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.exchange.export_format_dialog import (
    ExportFormat,
    ExportFormatDialog,
    suggested_export_name,
)
from nmt_desktop.ui.main_window import MainWindow
from tests.people import TEST_OWNER
from tests.services.exchange.charts import audit_events
from tests.ui.exchange.conftest import ScriptedExchange, wait_for_job


@pytest.fixture
def db(demo_copy: Database) -> Database:
    """The window of every test here shows the demo clinic."""
    return demo_copy


@pytest.fixture
def maria(db: Database) -> PatientRecord:
    return patient_service.get_patient(db, demo_uid("maria"))


def test_export_waits_for_an_open_patient_and_import_is_always_there(
        scripted_window: Callable[[], MainWindow], maria: PatientRecord) -> None:
    window = scripted_window()
    assert not window.export_chart_action.isEnabled()
    assert window.import_chart_action.isEnabled()
    window.open_patient(maria)
    assert window.export_chart_action.isEnabled()


def test_json_export_writes_a_chart_file_that_imports_elsewhere(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, db: Database, out_folder: Path, tmp_path: Path) -> None:
    # GIVEN María's chart on screen, and the file chooser answering with a name without suffix
    window = scripted_window()
    window.open_patient(maria)
    scripted.export_format = ExportFormat.JSON
    scripted.export_target = str(out_folder / "maria")
    # WHEN File → Export chart… is chosen
    result = wait_for_job(qtbot, window, window.export_chart_action.trigger)
    # THEN the chart file is written whole, offered under a name of chart and day
    assert isinstance(result, ExportResult)
    written = out_folder / "maria.json"
    assert result.paths == (written,)
    assert Path(scripted.offered_targets[0]).name == (
        f"{maria.chart_number}-chart-{dt.date.today().isoformat()}.json")
    assert str(written) in window.statusBar().currentMessage()
    assert [e.detail["format"] for e in audit_events(db, "export")] == ["json"]
    # AND another database reads it back as María's chart
    elsewhere = Database.open(f"sqlite:///{tmp_path / 'elsewhere.sqlite'}").signed_in_as(TEST_OWNER)
    try:
        report = import_chart(elsewhere, written.read_bytes())
    finally:
        elsewhere.close()
    sessions = session_service.list_sessions(db, maria.uid)
    assert report.patient_uid == maria.uid
    assert report.created["sessions"] == len(sessions)


def test_csv_export_from_the_session_page_writes_the_folder(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, db: Database, out_folder: Path) -> None:
    window = scripted_window()
    window.open_patient(maria)
    sessions = session_service.list_sessions(db, maria.uid)
    window.open_session(sessions[0])
    scripted.export_format = ExportFormat.CSV
    folder = out_folder / "tables"
    scripted.export_target = str(folder)
    result = wait_for_job(qtbot, window, window.export_chart_action.trigger)
    assert isinstance(result, ExportResult)
    with (folder / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(sessions)
    assert (folder / "trigger_points.csv").is_file()
    assert Path(scripted.offered_targets[0]).name.startswith(f"{maria.chart_number}-tables-")
    assert str(folder) in window.statusBar().currentMessage()


def test_fhir_export_writes_a_bundle_with_the_report(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, out_folder: Path) -> None:
    window = scripted_window()
    window.open_patient(maria)
    scripted.export_format = ExportFormat.FHIR
    scripted.export_target = str(out_folder / "maria-fhir.json")
    wait_for_job(qtbot, window, window.export_chart_action.trigger)
    bundle = json.loads((out_folder / "maria-fhir.json").read_text(encoding="utf-8"))
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "document")
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Composition", "Patient", "DocumentReference"} <= kinds


def test_unwritable_place_says_why_and_records_nothing(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, db: Database, out_folder: Path) -> None:
    # GIVEN a target in a folder that does not exist
    window = scripted_window()
    window.open_patient(maria)
    scripted.export_target = str(out_folder / "gone" / "maria.json")
    # WHEN the export runs THEN a message says why in plain words
    with qtbot.waitSignal(window.exchange.dialog_opened, timeout=60_000) as shown:
        window.export_chart_action.trigger()
    box = shown.args[0]
    assert isinstance(box, QMessageBox)
    assert "That folder does not exist." in box.text()
    assert "Nothing was saved; the chart is unchanged" in box.text()
    # AND nothing was written and no export is in the audit trail
    assert not (out_folder / "gone").exists()
    assert audit_events(db, "export") == []
    box.close()


def test_cancelled_format_choice_does_nothing(
        scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria: PatientRecord, db: Database) -> None:
    window = scripted_window()
    window.open_patient(maria)
    scripted.export_format = None
    window.export_chart_action.trigger()
    assert scripted.offered_targets == [] and not window.exchange.busy
    assert audit_events(db, "export") == []


def test_format_dialog_offers_the_three_formats(qtbot: QtBot, maria: PatientRecord) -> None:
    dialog = ExportFormatDialog(maria)
    qtbot.addWidget(dialog)
    labels = [button.text() for button in dialog.buttons.values()]
    assert labels == [
        "Chart file to move to another laptop (JSON)",
        "Spreadsheet tables (CSV folder)",
        "FHIR R4 bundle for a health record system (with the physician report)"]
    assert dialog.chosen is ExportFormat.JSON
    dialog.buttons[ExportFormat.CSV].click()
    assert dialog.chosen is ExportFormat.CSV


@pytest.mark.parametrize(("chart_number", "expected"), [
    ("1001", "1001-fhir-2025-03-04.json"), ("A/7 <&>", "A_7-fhir-2025-03-04.json"),
    ("山田", "chart-fhir-2025-03-04.json")])
def test_suggested_names_are_safe_file_names(chart_number: str, expected: str) -> None:
    assert suggested_export_name(chart_number, ExportFormat.FHIR, dt.date(2025, 3, 4)) == expected
