"""One-click trigger points: the likeliest muscle and the last status come with the click; Enter
accepts; the editor is docked beside the map; M charts the same point on the other side; digit
keys set the pain intensity and tension grade."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
from tests.ui.session.charting.test_chart_editor import chart, click_region


def test_one_click_charts_the_likeliest_muscle_and_enter_accepts(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    x, y = click_region(qtbot, editor, "shoulder_top_right")
    point = chart(db, session).trigger_points[0]
    assert point.muscle_id == "upper_trapezius"
    assert point.status is TriggerPointStatus.ACTIVE
    # Docked beside the map: not a window of its own, and never over the point just placed.
    assert editor.editor.isVisible() and not editor.editor.isWindow()
    spot = editor.view.viewport().mapToGlobal(editor.view.mapFromScene(x, y))
    placed = editor.editor.mapToGlobal(QPoint(0, 0))
    assert not editor.editor.rect().translated(placed).contains(spot)
    assert editor.editor.muscle_combo.hasFocus()
    assert editor.editor.muscle_combo.currentData() == "upper_trapezius"
    qtbot.keyClick(editor.editor.muscle_combo, Qt.Key.Key_Return)
    assert editor.view.hasFocus()  # the next click or key goes to the map again
    assert len(chart(db, session).trigger_points) == 1


def test_the_next_point_takes_the_last_status(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    click_region(qtbot, editor, "scapula_left")
    editor.editor.status_buttons[TriggerPointStatus.LATENT].click()
    click_region(qtbot, editor, "buttock_left")
    statuses = [tp.status for tp in chart(db, session).trigger_points]
    assert statuses == [TriggerPointStatus.LATENT, TriggerPointStatus.LATENT]


def test_m_charts_the_same_point_on_the_other_side(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    click_region(qtbot, editor, "scapula_left")
    qtbot.keyClick(editor.editor.muscle_combo, Qt.Key.Key_Return)
    qtbot.keyClick(editor.view, Qt.Key.Key_M)
    points = chart(db, session).trigger_points
    assert [p.region_id for p in points] == ["scapula_left", "scapula_right"]
    assert points[1].muscle_id == points[0].muscle_id
    assert points[1].status is points[0].status
    assert editor.view.hasFocus()  # the next key is a map key again (P, N, digits…)
    editor.undo_stack.undo()  # one key, one undo step
    assert len(chart(db, session).trigger_points) == 1


@pytest.mark.parametrize("tool", [Tool.PAIN_ZONE, Tool.TENSION])
def test_digit_keys_set_the_level_of_the_painting_tool(
        qtbot: QtBot, editor: ChartEditor, tool: Tool) -> None:
    qtbot.keyClick(editor.view, Qt.Key.Key_P if tool is Tool.PAIN_ZONE else Qt.Key.Key_N)
    assert editor.scene.tool() is tool
    qtbot.keyClick(editor.view, Qt.Key.Key_3)
    if tool is Tool.PAIN_ZONE:
        assert editor.pain_options.nrs.value() == 3
    else:
        assert editor.tension_options.grade() == 3


def test_typing_filters_the_muscle(qtbot: QtBot, editor: ChartEditor, db: Database,
                                   session: SessionRecord,
                                   make_main_window: Callable[[], MainWindow]) -> None:
    click_region(qtbot, editor, "shoulder_top_right")
    combo = editor.editor.muscle_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    other = next(name for name in names[2:] if name)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), other)
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    popup = combo.completer().popup()
    if popup is not None and popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    point = chart(db, session).trigger_points[0]
    assert point.muscle_id == combo.itemData(names.index(other))


def test_a_painted_zone_can_be_selected_and_its_values_changed(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    from nmt_desktop.domain.vocab import PainQuality

    qtbot.keyClick(editor.view, Qt.Key.Key_P)
    qtbot.keyClick(editor.view, Qt.Key.Key_4)
    click_region(qtbot, editor, "low_back_left")
    click_region(qtbot, editor, "low_back_right")
    assert [z.nrs for z in chart(db, session).pain_zones] == [4, 4]
    zone = next(z for z in chart(db, session).pain_zones if z.region_id == "low_back_right")
    editor.panel.select(None)
    editor.panel.marks.setCurrentItem(editor.panel._items[zone.uid])
    assert editor.pain_options.editing.isVisible()
    editor.pain_options.nrs.setValue(7)
    editor.pain_options.quality_boxes[PainQuality.BURNING].setChecked(True)
    zones = {z.region_id: z for z in chart(db, session).pain_zones}
    assert zones["low_back_right"].nrs == 7
    assert PainQuality.BURNING in zones["low_back_right"].qualities
    assert zones["low_back_left"].nrs == 4  # only the selected zone changed
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    zones = {z.region_id: z for z in chart(db, session).pain_zones}
    assert zones["low_back_right"].nrs == 4


def test_a_click_with_a_little_jitter_paints_only_the_region_pressed(
        qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord) -> None:
    from nmt_desktop.domain.atlas import load_atlas
    from nmt_desktop.ui.bodymap import geometry

    qtbot.keyClick(editor.view, Qt.Key.Key_P)
    # A spot just inside the left low back, two pixels from its neighbour's border.
    x, y = load_atlas().label_point("low_back_left")
    start = editor.view.mapFromScene(x, y)
    step = QPoint(1, 0)
    here = start
    while geometry.region_at(*editor.view.mapToScene(here + step * 2).toTuple()) \
            == "low_back_left":
        here += step
    viewport = editor.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=here)
    qtbot.mouseMove(viewport, here + step * 3)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=here + step * 3)
    assert [z.region_id for z in chart(db, session).pain_zones] == ["low_back_left"]
