"""A stroke over many regions, and each undo or redo of it, is one service call: one
transaction, one audit event (counted here) and one change broadcast."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.services import charting
from nmt_desktop.services.records import ChangeSet, SessionRecord
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor

REGIONS = ["low_back_right", "low_back_left", "calf_left"]


def audit_events(db: Database) -> int:
    with db.reading() as orm:
        return orm.scalar(select(func.count()).select_from(AuditEvent)) or 0


def one_step_each(editor: ChartEditor, context: AppContext, db: Database,
                  stroke: Callable[[], None]) -> None:
    broadcasts: list[ChangeSet] = []
    context.events.changed.connect(broadcasts.append)
    for step in (stroke, editor.undo_stack.undo, editor.undo_stack.redo,
                 editor.undo_stack.undo):
        before, heard = audit_events(db), len(broadcasts)
        step()
        assert audit_events(db) == before + 1
        assert len(broadcasts) == heard + 1
    assert editor.undo_stack.count() == 1


def test_a_pain_stroke_and_its_undo_and_redo_are_one_event_each(
    editor: ChartEditor, context: AppContext, db: Database, session: SessionRecord,
) -> None:
    editor.set_tool(Tool.PAIN_ZONE)
    one_step_each(editor, context, db, lambda: editor.scene.regions_stroked.emit(REGIONS))
    assert charting.load_chart(db, session.uid).pain_zones == ()
    editor.undo_stack.redo()
    assert {z.region_id for z in charting.load_chart(db, session.uid).pain_zones} == set(REGIONS)


def test_a_tension_stroke_and_its_undo_and_redo_are_one_event_each(
    editor: ChartEditor, context: AppContext, db: Database, session: SessionRecord,
) -> None:
    editor.set_tool(Tool.TENSION)
    editor.tension_options.grades.button(2).setChecked(True)
    one_step_each(editor, context, db, lambda: editor.scene.regions_stroked.emit(REGIONS))
    assert charting.load_chart(db, session.uid).tension_ratings == ()
    editor.undo_stack.redo()
    assert [t.grade for t in charting.load_chart(db, session.uid).tension_ratings] == [2, 2, 2]


def test_undoing_a_repaint_puts_every_region_back_in_one_event(
    editor: ChartEditor, context: AppContext, db: Database, session: SessionRecord,
) -> None:
    editor.set_tool(Tool.PAIN_ZONE)
    editor.scene.regions_stroked.emit(REGIONS[:2])
    first = charting.load_chart(db, session.uid).pain_zones
    editor.pain_options.nrs.setValue(9)
    before = audit_events(db)
    editor.scene.regions_stroked.emit(REGIONS)  # two repainted, one new
    editor.undo_stack.undo()
    assert audit_events(db) == before + 2
    assert charting.load_chart(db, session.uid).pain_zones == first
