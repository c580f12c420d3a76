"""Charting through the real session view: each action hits the database, undo and redo too."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus
from nmt_desktop.services import charting
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor


def click_region(qtbot: QtBot, editor: ChartEditor, region_id: str,
                 button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> tuple[float, float]:
    x, y = load_atlas().label_point(region_id)
    point = editor.view.mapFromScene(x, y)
    qtbot.mouseClick(editor.view.viewport(), button, pos=point)
    return x, y


def chart(db: Database, session: SessionRecord) -> charting.ChartRecord:
    return charting.load_chart(db, session.uid)


def test_click_places_trigger_point_in_the_right_region_and_undo_redo(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    editor.set_tool(Tool.TRIGGER_POINT)
    x, y = click_region(qtbot, editor, "shoulder_top_left")
    points = chart(db, session).trigger_points
    assert len(points) == 1
    assert points[0].region_id == "shoulder_top_left"
    assert abs(points[0].x - x) < 1.5 and abs(points[0].y - y) < 1.5
    assert editor.editor.isVisible()  # the popover opens to record the details
    editor.editor.hide()
    editor.undo_stack.undo()
    assert chart(db, session).trigger_points == ()
    editor.undo_stack.redo()
    assert [tp.uid for tp in chart(db, session).trigger_points] == [points[0].uid]
    assert len(editor.scene.items()) > 0


def test_editor_changes_are_committed_and_undoable(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    click_region(qtbot, editor, "temple_right")
    # One click charted the likeliest muscle under the temple and the default status.
    point = chart(db, session).trigger_points[0]
    assert (point.muscle_id, point.status) == ("temporalis", TriggerPointStatus.ACTIVE)
    editor.editor.changed.emit({"muscle_id": "masseter", "status": TriggerPointStatus.LATENT})
    point = chart(db, session).trigger_points[0]
    assert (point.muscle_id, point.status) == ("masseter", TriggerPointStatus.LATENT)
    editor.undo_stack.undo()
    point = chart(db, session).trigger_points[0]
    assert (point.muscle_id, point.status) == ("temporalis", TriggerPointStatus.ACTIVE)
    editor.undo_stack.redo()
    assert chart(db, session).trigger_points[0].muscle_id == "masseter"
    editor.editor.hide()


def test_move_and_delete_trigger_point_with_undo(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    click_region(qtbot, editor, "calf_left")
    editor.editor.hide()
    uid = chart(db, session).trigger_points[0].uid
    new_x, new_y = load_atlas().label_point("calf_right")
    editor.scene.mark_moved.emit(uid, new_x, new_y)
    moved = chart(db, session).trigger_points[0]
    assert (moved.region_id, moved.side.value) == ("calf_right", "right")
    editor.undo_stack.undo()
    assert chart(db, session).trigger_points[0].region_id == "calf_left"
    editor.scene.mark_delete_requested.emit(uid)
    assert chart(db, session).trigger_points == ()
    editor.undo_stack.undo()
    assert [tp.uid for tp in chart(db, session).trigger_points] == [uid]


def test_pain_tool_paints_erases_and_undoes(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    qtbot.keyClick(editor.view, Qt.Key.Key_P)
    assert editor.scene.tool() is Tool.PAIN_ZONE
    editor.pain_options.nrs.setValue(7)
    editor.pain_options.quality_boxes[PainQuality.BURNING].setChecked(True)
    editor.scene.regions_stroked.emit(["buttock_left", "thigh_posterior_left"])
    zones = {z.region_id: z for z in chart(db, session).pain_zones}
    assert set(zones) == {"buttock_left", "thigh_posterior_left"}
    assert zones["buttock_left"].nrs == 7
    assert zones["buttock_left"].qualities == (PainQuality.ACHING, PainQuality.BURNING)
    editor.pain_options.nrs.setValue(3)
    editor.scene.regions_stroked.emit(["buttock_left"])
    assert {z.region_id: z.nrs for z in chart(db, session).pain_zones}["buttock_left"] == 3
    editor.undo_stack.undo()
    assert {z.region_id: z.nrs for z in chart(db, session).pain_zones}["buttock_left"] == 7
    click_region(qtbot, editor, "buttock_left", Qt.MouseButton.RightButton)
    assert [z.region_id for z in chart(db, session).pain_zones] == ["thigh_posterior_left"]
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert chart(db, session).pain_zones == ()
    # the side panel follows: referral suggestions appear once zones are painted
    editor.undo_stack.redo()
    assert "Gluteus" in editor.panel.suggestions.text()


def test_tension_tool_rates_and_undoes(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    editor.set_tool(Tool.TENSION)
    editor.tension_options.grades.button(3).setChecked(True)
    editor.scene.regions_stroked.emit(["low_back_right", "low_back_left"])
    assert {t.region_id: t.grade for t in chart(db, session).tension_ratings} == {
        "low_back_right": 3, "low_back_left": 3}
    editor.undo_stack.undo()  # one macro: both ratings go
    assert chart(db, session).tension_ratings == ()
    editor.undo_stack.redo()
    editor.tension_options.grades.button(1).setChecked(True)
    editor.scene.regions_stroked.emit(["low_back_left"])  # re-rating edits in place
    assert {t.region_id: t.grade for t in chart(db, session).tension_ratings} == {
        "low_back_right": 3, "low_back_left": 1}
    click_region(qtbot, editor, "low_back_right", Qt.MouseButton.RightButton)
    assert [t.region_id for t in chart(db, session).tension_ratings] == ["low_back_left"]
    editor.undo_stack.undo()
    assert len(chart(db, session).tension_ratings) == 2


def test_reopening_the_session_shows_the_same_chart(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], editor: ChartEditor,
    session: SessionRecord, db: Database,
) -> None:
    click_region(qtbot, editor, "scapula_right")
    editor.editor.hide()
    editor.set_tool(Tool.PAIN_ZONE)
    editor.scene.regions_stroked.emit(["scapula_right"])
    before = chart(db, session)
    window = make_main_window()
    window.open_session(session)
    reopened = window.session_page.chart
    assert reopened.chart == before
    listed = [reopened.panel.marks.topLevelItem(i).childCount() for i in range(3)]
    assert listed == [1, 1, 0]


def test_selecting_in_the_list_highlights_on_the_map(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord
) -> None:
    click_region(qtbot, editor, "calf_left")
    editor.editor.hide()
    uid = chart(db, session).trigger_points[0].uid
    editor.scene.select_mark(None)
    item = editor.panel.marks.topLevelItem(0).child(0)
    editor.panel.marks.setCurrentItem(item)
    selected = [i for i in editor.scene.selectedItems() if getattr(i, "uid", None) == uid]
    assert selected


def test_signed_session_is_read_only(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], session: SessionRecord,
    db: Database,
) -> None:
    from sqlalchemy import select

    from nmt_desktop.db.models import TreatmentSession
    from nmt_desktop.domain.vocab import SessionStatus

    with db.transaction() as orm:
        orm.scalar(select(TreatmentSession)).status = SessionStatus.SIGNED
    signed = session_service.get_session(db, session.uid)
    window = make_main_window()
    window.open_session(signed)
    chart_view = window.session_page.chart
    qtbot.waitExposed(chart_view.view)
    assert not chart_view.tool_actions[Tool.TRIGGER_POINT].isEnabled()
    click_region(qtbot, chart_view, "calf_left")
    assert charting.load_chart(db, session.uid).trigger_points == ()
    assert "Signed" in window.session_page.subtitle.text()
