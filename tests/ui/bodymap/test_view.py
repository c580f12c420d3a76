"""The view fits, zooms around the pointer, pans, and is reachable from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.bodymap.view import MAX_ZOOM, MIN_ZOOM, BodyMapView
from tests.ui.bodymap.charts import chart, trigger_point
from tests.ui.bodymap.conftest import at


def wheel(view: BodyMapView, pos: QPoint, notches: int) -> None:
    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_both_figures_and_their_titles_are_visible_after_show(view: BodyMapView) -> None:
    from nmt_desktop.ui.bodymap import geometry

    assert view.accessibleName() == "Body map"
    assert view.zoom() == pytest.approx(1.0)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    # Fit shows every region and the "Front"/"Back" titles, not the document's empty margins.
    assert visible.contains(geometry.fit_rect())
    for region_id in geometry.region_ids():
        assert visible.contains(geometry.region_path(region_id).boundingRect())


def test_wheel_zoom_keeps_the_point_under_the_mouse(view: BodyMapView) -> None:
    pos = at(view, 600, 250)
    wheel(view, pos, 3)
    assert view.zoom() > 1.5
    under = view.mapToScene(pos)
    assert abs(under.x() - 600) < 2 and abs(under.y() - 250) < 2
    wheel(view, pos, -30)
    assert view.zoom() == pytest.approx(MIN_ZOOM)


def test_keyboard_zoom_and_fit(view: BodyMapView, qtbot: QtBot) -> None:
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > 1.1
    for _ in range(40):
        qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(MAX_ZOOM)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() < MAX_ZOOM
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1.0)


def test_middle_button_drag_pans(view: BodyMapView, qtbot: QtBot) -> None:
    view.zoom_by(4.0, QPointF(view.viewport().rect().center()))
    before = view.mapToScene(QPoint(300, 300))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(300, 300))
    qtbot.mouseMove(viewport, QPoint(340, 320))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(340, 320))
    after = view.mapToScene(QPoint(340, 320))
    assert abs(after.x() - before.x()) < 1 and abs(after.y() - before.y()) < 1


def test_tab_walks_the_marks(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    first, second = trigger_point("temple_right"), trigger_point("calf_left")
    scene.set_chart(chart((second, first)))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert scene.selected_uid() == first.uid  # front view first
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert scene.selected_uid() == second.uid


def test_region_names_are_listed_for_assistive_technology(view: BodyMapView) -> None:
    names = view.region_names()
    assert len(names) == 90
    assert "Left temple" in names and "Right calf" in names


def test_space_drag_pans_without_charting(view: BodyMapView, qtbot: QtBot) -> None:
    from nmt_desktop.ui.bodymap.tools import Tool

    scene = view.body_scene()
    scene.set_tool(Tool.TRIGGER_POINT)
    clicked: list[object] = []
    scene.point_clicked.connect(lambda *args: clicked.append(args))
    view.zoom_by(4.0, QPointF(view.viewport().rect().center()))
    view.setFocus()
    before = view.mapToScene(QPoint(400, 400))
    qtbot.keyPress(view, Qt.Key.Key_Space)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(400, 400))
    qtbot.mouseMove(viewport, QPoint(450, 380))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(450, 380))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    after = view.mapToScene(QPoint(450, 380))
    assert abs(after.x() - before.x()) < 1 and abs(after.y() - before.y()) < 1
    assert clicked == []
