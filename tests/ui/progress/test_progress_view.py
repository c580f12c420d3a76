"""The Progress view: period switch, a click opens the visit, images to the clipboard and files."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.progress import PeriodKind
from nmt_desktop.services import patients as patient_service
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.progress.frequency_map import Layer
from nmt_desktop.ui.progress.image_menu import save_widget_image
from nmt_desktop.ui.progress.plotting import x_of
from nmt_desktop.ui.progress.view import ProgressView
from tests.services.report_charts import ACTIVE, add_patient, new_clinic, visit

D = dt.date
# Weekly visits 1–4, then a gap of eight weeks, then visits 5 and 6: the last 4 weeks hold two.
DAYS = (D(2025, 1, 6), D(2025, 1, 13), D(2025, 1, 20), D(2025, 1, 27), D(2025, 3, 24),
        D(2025, 3, 31))


@pytest.fixture
def course(db: Database) -> tuple[uuid.UUID, list[uuid.UUID]]:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    sessions = []
    for number, day in enumerate(DAYS):
        # The left temple is painted at every visit, the neck only at the first three.
        pain = (("temple_left", 7 - number),)
        if number < 3:
            pain += (("neck_posterior_left", 5),)
        sessions.append(visit(clinic, patient, day, pain=pain, points=(
            ("shoulder_top_left", "upper_trapezius", ACTIVE, 2),) if number % 2 == 0 else ()))
    return patient, sessions


def _progress(window: MainWindow, db: Database, patient: uuid.UUID) -> ProgressView:
    window.open_patient(patient_service.get_patient(db, patient))
    page = window.patient_page
    page.tabs.setCurrentWidget(page.progress_tab)
    assert page.progress_view is not None
    return page.progress_view


def test_period_switch_refigures_the_map_and_the_charts(
        qtbot: QtBot, db: Database, course: tuple[uuid.UUID, list[uuid.UUID]],
        make_main_window: Callable[[], MainWindow]) -> None:
    patient, _ = course
    view = _progress(make_main_window(), db, patient)
    # Whole course: six visits; the temple at 6 of 6, the neck at 3 of 6
    assert view.figures is not None and len(view.figures.visits) == 6
    assert "6 visits of 6" in view.summary.text()
    temple = view.map.items_by_region["temple_left"]
    assert temple.shade.band == 4 and "6 of 6 visits" in temple.toolTip()
    assert "mean NRS 4.5" in temple.toolTip()  # (7 + 6 + 5 + 4 + 3 + 2) / 6
    neck = view.map.items_by_region["neck_posterior_left"]
    assert neck.shade.band == 3 and "3 of 6 visits" in neck.toolTip()
    assert len(view.trends.nrs.series["before"].points) == 6
    # WHEN the therapist picks "Last 4 weeks" (the 28 days up to the latest visit)
    view.period.setCurrentIndex(view.period.findData(PeriodKind.WEEKS_4.value))
    # THEN only the last two visits count: the neck is gone, the temple mean NRS is 2.5
    assert "2 visits of 6" in view.summary.text()
    assert set(view.map.items_by_region) == {"temple_left"}
    assert "2 of 2 visits" in view.map.items_by_region["temple_left"].toolTip()
    assert "mean NRS 2.5" in view.map.items_by_region["temple_left"].toolTip()
    assert [p.day for p in view.trends.nrs.series["before"].points] == list(DAYS[4:])
    # AND a custom period shows the dates and counts only its own visits
    view.set_period(PeriodKind.CUSTOM, (DAYS[1], DAYS[2]))
    assert view.date_from.isVisible() and "2 visits of 6" in view.summary.text()
    assert "2 of 2 visits" in view.map.items_by_region["neck_posterior_left"].toolTip()
    # AND the map switches to active trigger points by muscle (visit 3 of these two had one)
    for button in view.layer_buttons.buttons():
        if button.property("layer") == Layer.TRIGGER_POINTS.value:
            button.click()
    shoulder = view.map.items_by_region["shoulder_top_left"]
    assert "Upper trapezius, left: active at 1 of 2 visits" in shoulder.toolTip()
    assert view.legend.labels[-1] == "75–100 %"


def test_a_click_on_a_visit_opens_it(
        qtbot: QtBot, db: Database, course: tuple[uuid.UUID, list[uuid.UUID]],
        make_main_window: Callable[[], MainWindow]) -> None:
    patient, sessions = course
    window = make_main_window()
    view = _progress(window, db, patient)
    strip = view.strip
    qtbot.waitExposed(strip)
    index = strip.visit_model.index(1)
    strip.scrollTo(index)
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton,
                     pos=strip.visualRect(index).center())
    assert window.pages.currentWidget() is window.session_page
    assert window.session_page.session is not None
    assert window.session_page.session.uid == sessions[1]


def test_a_click_on_a_chart_point_opens_its_visit(
        qtbot: QtBot, db: Database, course: tuple[uuid.UUID, list[uuid.UUID]],
        make_main_window: Callable[[], MainWindow]) -> None:
    patient, sessions = course
    window = make_main_window()
    window.resize(1360, 900)
    view = _progress(window, db, patient)
    chart = view.trends.nrs
    qtbot.waitExposed(chart)
    QApplication.processEvents()
    # The third visit's NRS before treatment (7 − 2 = 5), where the chart draws it
    scene_point = chart.getPlotItem().vb.mapViewToScene(QPointF(x_of(DAYS[2]), 5.0))
    target = chart.mapFromScene(scene_point)
    opened: list[object] = []
    view.visit_open_requested.connect(opened.append)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(target))
    assert [s.uid for s in opened] == [sessions[2]]  # type: ignore[attr-defined]
    assert window.pages.currentWidget() is window.session_page


def test_copy_and_save_image(
        qtbot: QtBot, db: Database, course: tuple[uuid.UUID, list[uuid.UUID]],
        make_main_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    patient, _ = course
    view = _progress(make_main_window(), db, patient)
    chart = view.trends.nrs
    qtbot.waitExposed(chart)
    menu = chart.image_menu.menu()
    assert [a.text() for a in menu.actions()] == ["Copy image", "Save image…"]
    QApplication.clipboard().clear()
    menu.actions()[0].trigger()
    copied = QApplication.clipboard().image()
    assert not copied.isNull()
    assert copied.size() == chart.grab().toImage().size()
    view.map_menu.copy_image()
    assert QApplication.clipboard().image().size() == view.map.grab().toImage().size()
    save_widget_image(chart, tmp_path / "nrs.png")
    save_widget_image(view.map, tmp_path / "map.svg")
    assert (tmp_path / "nrs.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "</svg>" in svg


#: A 768-pixel laptop screen less a window title bar of about 30 pixels.
LAPTOP_CLIENT_HEIGHT = 768 - 30


def test_the_window_with_the_progress_view_fits_a_laptop_screen(
        qtbot: QtBot, db: Database, course: tuple[uuid.UUID, list[uuid.UUID]],
        make_main_window: Callable[[], MainWindow]) -> None:
    window = make_main_window()
    view = _progress(window, db, course[0])
    qtbot.waitUntil(lambda: view.figures is not None)
    assert window.minimumSizeHint().height() <= LAPTOP_CLIENT_HEIGHT
    assert window.minimumSizeHint().width() <= 1366


def test_calendar_ticks_fit_the_room() -> None:
    from nmt_desktop.ui.progress.plotting import calendar_ticks

    # Five weeks in room for 5 labels: every other Monday
    assert calendar_ticks(D(2026, 10, 21), D(2026, 11, 25), 5) == [
        D(2026, 10, 26), D(2026, 11, 9), D(2026, 11, 23)]
    # A week in room for 8: every day
    assert len(calendar_ticks(D(2025, 1, 1), D(2025, 1, 7), 8)) == 7
    # Ten years in room for 6: every other New Year
    assert calendar_ticks(D(2016, 1, 3), D(2025, 12, 25), 6) == [
        D(2017, 1, 1), D(2019, 1, 1), D(2021, 1, 1), D(2023, 1, 1), D(2025, 1, 1)]
