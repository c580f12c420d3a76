"""A map action whose write fails is not drawn, says why at once, and a busy database is waited
for from a timer with a visible state instead of freezing the window.
"""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services import charting
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
from tests.faults.injection import HeldWriteLock, failing_writes
from tests.ui.session.charting.test_chart_editor import click_region


def stored_points(db: Database, session: SessionRecord) -> int:
    return len(charting.load_chart(db, session.uid).trigger_points)


def test_a_click_on_a_full_disk_is_not_drawn_and_says_why(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord,
    context: AppContext,
) -> None:
    editor.set_tool(Tool.TRIGGER_POINT)
    problems: list[str] = []
    context.events.error.connect(problems.append)
    with failing_writes("database or disk is full"):
        click_region(qtbot, editor, "shoulder_top_left")
    assert stored_points(db, session) == 0
    assert editor.chart is not None and editor.chart.trigger_points == ()
    assert not editor.editor.isVisible()
    assert editor.writes.state.isVisible()
    assert "Not saved: the disk is full" in editor.writes.state.text()
    assert problems and "the disk is full" in problems[0]
    assert not editor.writes.is_waiting()
    # The disk has room again: the next click is stored and drawn.
    click_region(qtbot, editor, "shoulder_top_left")
    editor.editor.hide()
    assert stored_points(db, session) == 1 and len(editor.chart.trigger_points) == 1


def test_a_click_while_another_program_writes_waits_visibly_then_is_drawn(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord,
) -> None:
    editor.set_tool(Tool.TRIGGER_POINT)
    lock = HeldWriteLock(db)
    try:
        started = time.monotonic()
        click_region(qtbot, editor, "calf_left")
        click_region(qtbot, editor, "calf_right")
        # The window came back at once (a short wait, not the 5 s busy timeout) …
        assert time.monotonic() - started < 2.5
        # … says it is waiting, and draws nothing it has not stored.
        assert editor.writes.is_waiting()
        assert editor.writes.state.isVisible()
        text = editor.writes.state.text()
        assert "Waiting: another program is writing to this chart file" in text
        assert "2 map actions are kept" in text
        assert editor.chart is not None and editor.chart.trigger_points == ()
        assert stored_points(db, session) == 0
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not editor.writes.is_waiting(), timeout=10_000)
    editor.editor.hide()
    assert stored_points(db, session) == 2
    assert editor.chart is not None and len(editor.chart.trigger_points) == 2
    assert not editor.writes.state.isVisible()
    editor.undo_stack.undo()
    assert stored_points(db, session) == 1


def test_a_move_that_cannot_be_stored_snaps_back(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord,
) -> None:
    click_region(qtbot, editor, "calf_left")
    editor.editor.hide()
    point = charting.load_chart(db, session.uid).trigger_points[0]
    new_x, new_y = load_atlas().label_point("calf_right")
    with failing_writes("attempt to write a readonly database"):
        editor.scene.mark_moved.emit(point.uid, new_x, new_y)
    assert "read-only" in editor.writes.state.text()
    assert charting.load_chart(db, session.uid).trigger_points[0].x == point.x
    assert editor.chart is not None and editor.chart.trigger_points[0].x == point.x


def test_an_undo_that_cannot_be_stored_says_so(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord,
    context: AppContext,
) -> None:
    click_region(qtbot, editor, "temple_right")
    editor.editor.hide()
    problems: list[str] = []
    context.events.error.connect(problems.append)
    with failing_writes():
        editor.undo_stack.undo()
    assert stored_points(db, session) == 1
    assert problems and "Not saved: the disk is full" in problems[0]


def test_any_attempted_action_says_a_database_failure_in_plain_words(
    context: AppContext, db: Database,
) -> None:
    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services import patient_search
    from nmt_desktop.services import patients as patient_service

    problems: list[str] = []
    context.events.error.connect(problems.append)
    with failing_writes("database or disk is full"):
        result = context.attempt(lambda: context.apply(
            patient_service.create_patient, PatientInput("Bea", "Lee", "1980-01-01")))
    assert result is None
    assert problems == ["Not saved: the disk is full; free some space and it will be saved."]
    assert patient_search.search_patients(db, "Bea", True) == []


def test_a_tension_stroke_interrupted_by_a_busy_database_finishes_later(
    qtbot: QtBot, editor: ChartEditor, db: Database, session: SessionRecord,
) -> None:
    import sqlite3

    from sqlalchemy import Engine, event

    editor.set_tool(Tool.TENSION)
    editor.tension_options.grades.button(2).setChecked(True)
    inserts = 0

    def lock_after_the_first_rating(_conn: object, _cursor: object, statement: str,
                                    *_args: object) -> None:
        nonlocal inserts
        if statement.lstrip().upper().startswith("INSERT INTO TENSION"):
            inserts += 1
            if inserts == 2:
                raise sqlite3.OperationalError("database is locked")

    event.listen(Engine, "before_cursor_execute", lock_after_the_first_rating)
    try:
        editor.scene.regions_stroked.emit(["low_back_right", "low_back_left", "calf_left"])
        assert editor.writes.is_waiting()
        # One stroke is one transaction: nothing of it is stored until all of it is.
        assert charting.load_chart(db, session.uid).tension_ratings == ()
        qtbot.waitUntil(lambda: not editor.writes.is_waiting(), timeout=10_000)
    finally:
        event.remove(Engine, "before_cursor_execute", lock_after_the_first_rating)
    assert {t.region_id for t in charting.load_chart(db, session.uid).tension_ratings} == {
        "low_back_right", "low_back_left", "calf_left"}
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()  # the whole stroke is one step
    assert charting.load_chart(db, session.uid).tension_ratings == ()
