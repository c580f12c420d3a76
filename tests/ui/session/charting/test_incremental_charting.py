"""A click draws its new trigger point from the service's record, and checks it in memory.

The map no longer reads its chart again after each placed point, and the safety banners keep
the session's screening until the intake, the notes or the clinic settings change. What the
therapist sees must stay exactly what the database holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.intake_form import IntakeFormInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import charting, clinic
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
from nmt_desktop.ui.session.charting.chart_panel import MarkRole

REGIONS = ("scapula_right", "shoulder_top_left", "temple_right", "calf_left", "scapula_left")


@pytest.fixture
def patient(add_patient: Callable[..., object]) -> PatientRecord:
    return add_patient("Zoë", "O'Brien-山田")  # type: ignore[return-value]


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def open_today(qtbot: QtBot, make_main_window: Callable[[], MainWindow],
               patient: PatientRecord) -> MainWindow:
    window = make_main_window()
    window.open_patient(patient)
    window.start_session_action.trigger()
    qtbot.waitExposed(window.session_page.chart.view)
    window.session_page.chart.view.fit()
    return window


def place(qtbot: QtBot, chart: ChartEditor, region_id: str) -> None:
    x, y = load_atlas().label_point(region_id)
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(x, y))
    chart.editor.hide()


def shown_equals_stored(chart: ChartEditor, db: Database) -> None:
    assert chart.chart is not None
    stored = charting.load_chart(db, chart.chart.session.uid)
    assert chart.chart == stored
    assert set(chart.scene.markers()) == {tp.uid for tp in stored.trigger_points}
    group = chart.panel.marks.topLevelItem(0)
    assert group is not None
    assert group.text(0) == f"Trigger points ({len(stored.trigger_points)})"
    rows = [group.child(i) for i in range(group.childCount())]
    assert [row.data(0, MarkRole) for row in rows if row is not None] == [
        tp.uid for tp in stored.trigger_points]


def test_placed_points_are_drawn_without_reading_the_chart_again(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_today(qtbot, make_main_window, patient)
    chart = window.session_page.chart
    reads = counting(monkeypatch, charting, "load_chart")
    for region_id in REGIONS:
        place(qtbot, chart, region_id)
    assert reads == []
    shown_equals_stored(chart, db)
    # Undo and redo go the long way (read the chart again) and agree too.
    chart.undo_stack.undo()
    shown_equals_stored(chart, db)
    chart.undo_stack.redo()
    shown_equals_stored(chart, db)
    assert chart.chart is not None and len(chart.chart.trigger_points) == len(REGIONS)


def test_screening_is_read_once_and_again_when_the_intake_or_settings_change(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_today(qtbot, make_main_window, patient)
    chart, safety = window.session_page.chart, window.session_page.safety
    reads = counting(monkeypatch, screening_service, "session_screening")
    place(qtbot, chart, "scapula_right")
    place(qtbot, chart, "calf_left")
    assert reads == [] and not safety.warnings.isVisible()
    # WHEN an intake now excludes the right calf: the next point there warns at once
    window.context.apply(save_intake_form, patient.uid, IntakeFormInput(
        dt.date.today(), answers=(ScreeningAnswer("acute_injury_inflammation", True,
                                                  ("calf_right",), "sprain"),)))
    assert len(reads) == 1
    assert chart.scene.no_go_regions() == ["calf_right"]
    place(qtbot, chart, "calf_right")
    assert safety.warnings.isVisible()
    assert any(m.startswith("Right calf: A trigger point") for m in safety.warning_messages())
    # WHEN the clinic switches a technique off: charting it warns (out of scope)
    window.context.apply(clinic.update_clinic_settings,
                         {"disabled_techniques": ["stripping_massage"]})
    assert len(reads) == 2
    assert chart.chart is not None
    point = chart.chart.trigger_points[0]
    chart.scene.select_mark(point.uid)
    chart.edit_mark(point.uid)
    chart.editor.changed.emit({"techniques": ("stripping_massage",)})
    chart.editor.hide()
    assert any("switched off in this clinic's scope of practice" in m
               for m in safety.warning_messages())
    # The banner says what the database says.
    session = window.session_page.session
    assert session is not None
    stored = {(w.mark_uid, w.warning.message)
              for w in screening_service.chart_warnings(db, session.uid)}
    shown = {(w.mark_uid, w.warning.message) for w in safety._mark_warnings()}
    assert shown == stored
