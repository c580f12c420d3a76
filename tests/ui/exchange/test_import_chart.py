"""File → Import chart… merges a chart file, opens the patient and says what it did or refused."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.exchange import FORMAT_VERSION, import_chart
from nmt_desktop.ui.exchange.import_summary_dialog import ImportSummaryDialog
from nmt_desktop.ui.main_window import MainWindow
from tests.services.exchange.charts import audit_events, row_counts
from tests.ui.exchange.conftest import ScriptedExchange

MARIA = demo_uid("maria")


def write_chart(folder: Path, document: dict[str, Any] | bytes, name: str = "maria.json") -> Path:
    path = folder / name
    path.write_bytes(document if isinstance(document, bytes)
                     else json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return path


def run_import(qtbot: QtBot, window: MainWindow) -> ImportSummaryDialog:
    with qtbot.waitSignal(window.exchange.dialog_opened, timeout=60_000) as shown:
        window.import_chart_action.trigger()
    dialog = shown.args[0]
    assert isinstance(dialog, ImportSummaryDialog)
    return dialog


def later(stamp: str) -> str:
    return (dt.datetime.fromisoformat(stamp) + dt.timedelta(minutes=5)).isoformat()


def test_importing_a_demo_chart_into_a_fresh_database_opens_the_patient(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    # GIVEN an empty practice and María's chart file from the demo clinic
    window = scripted_window()
    scripted.import_file = str(write_chart(out_folder, maria_chart_file))
    # WHEN File → Import chart… is chosen
    dialog = run_import(qtbot, window)
    # THEN the summary says what was added, the patient is listed and open on screen
    assert dialog.windowTitle() == "Chart imported"
    assert dialog.imported is not None and dialog.imported.created["sessions"] == 6
    text = dialog.plain_text()
    assert "Imported chart D1001" in text and "6 sessions" in text
    assert "Added: 1 therapist, 1 patient," in text
    assert dialog.signed_notice.isHidden()
    assert window.pages.currentWidget() is window.patient_page
    assert window.patient_page.patient is not None and window.patient_page.patient.uid == MARIA
    listed = window.patient_list.model
    assert [listed.patient_at(row).uid for row in range(listed.rowCount())] == [MARIA]
    assert window.export_chart_action.isEnabled()
    assert "Imported chart D1001" in window.statusBar().currentMessage()
    assert [e.entity_type for e in audit_events(db, "import")][-1] == "chart"
    dialog.close()


REFUSALS = {
    "newer format": (lambda d: {**d, "format_version": FORMAT_VERSION + 1},
                     "newer version of NMT Desktop"),
    "malformed": (lambda d: _with_nrs(d, 11), "sessions[1].pain_zones[0]: nrs: 11 is outside 0–10"),
    "not JSON": (lambda _d: b"{\"format\": ", "not valid JSON"),
}


def _with_nrs(document: dict[str, Any], nrs: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["sessions"][1]["pain_zones"][0]["nrs"] = nrs
    return changed


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_file_says_why_and_changes_nothing(
        case: str, qtbot: QtBot, scripted_window: Callable[[], MainWindow],
        scripted: ScriptedExchange, maria_chart_file: bytes, db: Database,
        add_patient: Callable[..., object], out_folder: Path) -> None:
    # GIVEN a practice with one patient, and a damaged or too new chart file
    add_patient("Zoë", "山田")
    window = scripted_window()
    change, reason = REFUSALS[case]
    scripted.import_file = str(write_chart(out_folder, change(json.loads(maria_chart_file))))
    before = row_counts(db)
    # WHEN it is imported THEN the dialog refuses it, naming the problem, and nothing changed
    dialog = run_import(qtbot, window)
    assert dialog.windowTitle() == "Chart not imported" and dialog.imported is None
    assert reason in dialog.plain_text()
    assert "Nothing was changed" in dialog.plain_text()
    assert row_counts(db) == before
    assert window.pages.currentWidget() is window.welcome
    dialog.close()


def test_file_that_cannot_be_read_is_refused(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        out_folder: Path) -> None:
    window = scripted_window()
    scripted.import_file = str(out_folder / "vanished.json")
    dialog = run_import(qtbot, window)
    assert "could not be read" in dialog.plain_text()
    dialog.close()


def test_altered_signed_session_is_reported_as_left_unchanged(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    # GIVEN María's chart already here, and a copy whose first (signed) visit was altered
    import_chart(db, maria_chart_file)
    document = json.loads(maria_chart_file)
    signed = document["sessions"][0]
    assert signed["status"] == "signed"
    signed["trigger_points"][0]["note"] = "rewritten afterwards"
    signed["trigger_points"][0]["updated_at"] = later(signed["trigger_points"][0]["updated_at"])
    signed["updated_at"] = later(signed["updated_at"])
    scripted.import_file = str(write_chart(out_folder, document))
    window = scripted_window()
    # WHEN it is imported
    dialog = run_import(qtbot, window)
    # THEN the summary says the signed session was left exactly as it was
    assert not dialog.signed_notice.isHidden()
    notice = dialog.signed_notice.text()
    assert notice.startswith("1 signed session was left exactly as it was (")
    assert "dated amendment" in notice
    assert dialog.imported is not None and not dialog.imported.updated
    dialog.close()


def test_taken_chart_number_offers_a_new_one(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    # GIVEN another patient here under María's chart number
    patient_service.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01",
                                                    chart_number="D1001"))
    scripted.import_file = str(write_chart(out_folder, maria_chart_file))
    scripted.chart_numbers = ["B-7"]
    window = scripted_window()
    # WHEN the chart is imported and the therapist gives a new number
    dialog = run_import(qtbot, window)
    # THEN the question named who has the number, and the chart was filed under the new one
    [(clash, problem)] = scripted.clashes
    assert (clash.chart_number, clash.owner_name, problem) == ("D1001", "Ann Smith", "")
    assert clash.free_number
    assert dialog.imported is not None and dialog.imported.chart_number == "B-7"
    assert window.patient_page.patient is not None
    assert window.patient_page.patient.chart_number == "B-7"
    dialog.close()


def test_declining_a_new_chart_number_changes_nothing(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    patient_service.create_patient(db, PatientInput("Ann", "Smith", "1980-01-01",
                                                    chart_number="D1001"))
    scripted.import_file = str(write_chart(out_folder, maria_chart_file))
    before = row_counts(db)
    window = scripted_window()
    with qtbot.waitSignal(window.exchange.finished, timeout=60_000):
        window.import_chart_action.trigger()
    assert len(scripted.clashes) == 1
    assert "was not imported; nothing was changed" in window.statusBar().currentMessage()
    assert row_counts(db) == before


def test_an_import_the_database_cannot_take_says_so_and_changes_nothing(
        qtbot: QtBot, scripted_window: Callable[[], MainWindow], scripted: ScriptedExchange,
        maria_chart_file: bytes, db: Database, out_folder: Path) -> None:
    from tests.faults.injection import failing_writes

    window = scripted_window()
    scripted.import_file = str(write_chart(out_folder, maria_chart_file))
    before = row_counts(db)
    with failing_writes("database or disk is full"):
        dialog = run_import(qtbot, window)
    assert dialog.windowTitle() == "Chart not imported" and dialog.imported is None
    assert "Not saved: the disk is full" in dialog.plain_text()
    assert row_counts(db) == before
    dialog.close()
