"""The body map gets the space on a clinic laptop; windows fit the screen and remember where
they were.

Offscreen, a window of a fixed size stands for a maximized window on a screen of that size
(menu bar and status bar included, no frame). The session shown has a precautions banner, the
tallest header the session page has.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QScrollBar
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.therapist_roster import list_therapists
from nmt_desktop.ui.common.theme import apply_theme
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from tests.people import TEST_OWNER, as_therapist

#: Screen size → the least figure height (px) the map must draw there.
SIZES = {(1366, 768): 560, (1920, 1080): 800, (1280, 720): 500}


@pytest.fixture(scope="module")
def demo_file(demo_clinic_template: Path) -> Path:
    """The demo clinic loaded once per run (tests/conftest.py): copied, never opened."""
    return demo_clinic_template


@pytest.fixture
def demo_context(demo_file: Path, tmp_path: Path) -> Iterator[AppContext]:
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    db = Database.open(f"sqlite:///{copy}").signed_in_as(TEST_OWNER)
    context = AppContext(db)
    therapist = list_therapists(db)[0]
    context.act_as(as_therapist(db, therapist.uid), therapist)
    yield context
    db.close()


def _session_window(qtbot: QtBot, context: AppContext, size: tuple[int, int],
                    who: str = "james") -> MainWindow:
    apply_theme()  # the app's fonts and spacing, as on a therapist's screen
    window = MainWindow(context, "/tmp/nmt-data")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    patient = patient_service.get_patient(context.db, demo_uid(who))
    window.open_patient(patient)
    window.open_session(session_service.list_sessions(context.db, patient.uid)[0])
    for _ in range(3):
        QApplication.processEvents()
    return window


@pytest.mark.parametrize(("size", "least"), list(SIZES.items()))
def test_the_figures_are_tall_with_the_side_panel_visible(
        qtbot: QtBot, demo_context: AppContext, size: tuple[int, int], least: int) -> None:
    window = _session_window(qtbot, demo_context, size)
    page = window.session_page
    assert window.size().toTuple() == size
    assert page.safety.precautions.isVisible()  # the tallest header: a precautions banner
    height = page.chart.view.figure_height()
    print(f"figure height at {size[0]}×{size[1]}: {height:.0f} px")
    assert height >= least
    # The side panel (form tabs with the map's marks) is beside the map, not collapsed.
    assert page.form.isVisible() and page.form.width() >= 360
    assert page.chart.panel.isVisible() or page.form.tabs.currentIndex() >= 0
    # The legend is an overlay, never a horizontal scroll bar under the map.
    assert not any(bar.isVisible() and bar.orientation().name == "Horizontal"
                   for bar in page.chart.findChildren(QScrollBar)
                   if bar.window() is window and bar.parentWidget() is not None
                   and "legend" in (bar.parentWidget().accessibleName() or "").lower())
    overlay = page.chart.legend_overlay
    assert overlay.isVisible() and not overlay.is_open()
    overlay.set_open(True)
    assert overlay.geometry().bottom() <= page.chart.view.height()
    window.close()


def test_a_small_screen_never_gets_a_window_larger_than_itself(
        qtbot: QtBot, demo_context: AppContext) -> None:
    from nmt_desktop.ui.session.compare_dialog import CompareDialog

    window = MainWindow(demo_context, "/tmp/nmt-data")
    qtbot.addWidget(window)
    room = window.screen().availableGeometry().size()
    assert window.width() <= room.width() and window.height() <= room.height()
    dialog = CompareDialog(demo_context, demo_uid("maria"), parent=window)
    qtbot.addWidget(dialog)
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    dialog.close()
    window.close()


def test_size_position_and_maximized_state_are_remembered(
        qtbot: QtBot, demo_context: AppContext) -> None:
    first = MainWindow(demo_context, "/tmp/nmt-data")
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    first.move(40, 30)
    qtbot.wait(10)
    first.close()
    second = MainWindow(demo_context, "/tmp/nmt-data")
    qtbot.addWidget(second)
    assert second.size().toTuple() == (700, 500)
    assert not second.isMaximized()
    second.show()
    second.showMaximized()
    qtbot.waitUntil(second.isMaximized)
    second.close()
    third = MainWindow(demo_context, "/tmp/nmt-data")
    qtbot.addWidget(third)
    third.show()
    qtbot.waitUntil(third.isMaximized)
    third.close()


def test_two_lines_of_precautions_still_leave_the_figures_560_px(
        qtbot: QtBot, demo_context: AppContext) -> None:
    window = _session_window(qtbot, demo_context, (1366, 768), who="maria")
    page = window.session_page
    assert len(page.safety.precautions.items()) >= 2
    assert page.chart.view.figure_height() >= 560
    window.close()
