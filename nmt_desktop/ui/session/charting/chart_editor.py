"""Charting a session: turns what the therapist does on the map into service calls and undo steps.

The body-map widgets only draw and report intents. Here each intent becomes one service call
(committed at once), a command on the session's undo stack, and — through the change broadcast —
a redraw of exactly this chart.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QWidget,
)

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.services import charting
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.chart_metrics import chart_metrics
from nmt_desktop.services.records import ChangeSet, ChartRecord, TriggerPointRecord
from nmt_desktop.ui import commands
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.charting.chart_editor_view import ChartEditorView
from nmt_desktop.ui.session.charting.map_writes import MapWrites


def mirrored(x: float, y: float) -> tuple[float, float]:
    """The same spot on the other side of the body, in the same view (front or back).

    The front figure is drawn symmetric about x = 200 and the back one about x = 600 (the
    SVG's two halves), so mirroring is a reflection about the middle of the point's half.
    """
    middle = 200.0 if x < 400.0 else 600.0
    return 2 * middle - x, y


class ChartEditor(ChartEditorView):
    compare_requested = Signal()
    # The map's side panel should come to the front (a trigger point is being edited).
    panel_wanted = Signal()
    # The map has redrawn its chart after a change of its marks (not when a session is shown).
    marks_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.chart: ChartRecord | None = None
        self.previous: ChartRecord | None = None
        self._last_status: TriggerPointStatus | None = None
        self._selected_zones: list[str] = []  # painted regions whose values the options edit
        # Every map write goes through here: it waits for a busy database without freezing.
        self.writes = MapWrites(context, self)
        self.map_column.insertWidget(0, self.writes.state_label())
        self._connect_toolbar()
        self._connect_map()
        context.events.changed.connect(self._on_changed)
        self.set_tool(Tool.TRIGGER_POINT)

    def _connect_toolbar(self) -> None:
        for tool, action in self.tool_actions.items():
            action.triggered.connect(lambda _checked=False, t=tool: self.set_tool(t))
        self._wire_stack_action(self.undo_action, "Undo", self.undo_stack.undo,
                                self.undo_stack.canUndoChanged, self.undo_stack.undoTextChanged)
        self._wire_stack_action(self.redo_action, "Redo", self.undo_stack.redo,
                                self.undo_stack.canRedoChanged, self.undo_stack.redoTextChanged)
        self.fit_action.triggered.connect(self.view.fit)
        self.compare_action.triggered.connect(self.compare_requested)
        self.ghost_key.triggered.connect(self.ghost_toggle.toggle)
        self.mirror_action.triggered.connect(self.mirror_selected)
        self.legend_key.triggered.connect(self.legend_overlay.toggle.toggle)
        for digit, key in self.level_keys.items():
            key.triggered.connect(lambda _checked=False, d=digit: self.set_level(d))
        self.ghost_toggle.toggled.connect(self._show_ghost)

    def _connect_map(self) -> None:
        self.scene.point_clicked.connect(self._place_trigger_point)
        self.scene.regions_stroked.connect(self._stroke_regions)
        self.scene.region_erase_requested.connect(self._erase_region)
        self.scene.mark_moved.connect(self._move_trigger_point)
        self.scene.mark_activated.connect(self.edit_mark)
        self.scene.mark_delete_requested.connect(self.delete_mark)
        self.scene.selection_changed.connect(self.panel.select)
        self.scene.hovered_region_changed.connect(self._show_hover)
        self.scene.hovered_region_changed.connect(self.regions.follow)
        self.scene.region_activated.connect(lambda region: self.chart_region(region, None))
        self.regions.region_chosen.connect(self.scene.focus_region)
        self.regions.chart_requested.connect(self.chart_region)
        self.panel.mark_selected.connect(self.scene.select_mark)
        self.panel.mark_selected.connect(self._select_zone)
        self.pain_options.changed.connect(self._change_selected_zones)
        self.editor.changed.connect(self._edit_trigger_point)
        self.editor.accepted.connect(self._editor_accepted)
        self.editor.delete_requested.connect(self._delete_edited)

    # ------------------------------------------------------------------ loading

    def show_session(self, session_uid: uuid.UUID) -> None:
        self.editor.hide()
        self.undo_stack.clear()
        previous = self._context.read(session_service.previous_session, session_uid)
        self.previous = (self._context.read(charting.load_chart, previous.uid)
                         if previous is not None else None)
        self.ghost_toggle.setEnabled(self.previous is not None)
        self._reload(session_uid)
        editable = self.chart is not None and not self.chart.read_only
        self.scene.set_editable(editable)
        self.editor.set_read_only(not editable)
        for tool, action in self.tool_actions.items():
            action.setEnabled(editable or tool is Tool.SELECT)
        # The region list charts; a signed session is charted no more.
        self.regions.setVisible(editable)
        self.regions.filter.setReadOnly(not editable)
        for button in self.regions.buttons.values():
            button.setEnabled(editable)
        self.mirror_action.setEnabled(editable)
        self.set_tool(Tool.TRIGGER_POINT if editable else Tool.SELECT)
        self._show_ghost(self.ghost_toggle.isChecked())
        self.view.fit()

    def _reload(self, session_uid: uuid.UUID) -> None:
        self.chart = self._context.read(charting.load_chart, session_uid)
        self.scene.set_chart(self.chart)
        self.panel.show_chart(self.chart, chart_metrics(self.chart, self.previous))
        edited = self.editor.record()
        if self.editor.isVisible() and edited is not None:
            current = self._trigger_point(edited.uid)
            if current is None:
                self.editor.hide()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.chart is None or not changes.marks or \
                changes.session_uid != self.chart.session.uid:
            return
        added = self._placed_points(changes)
        if added:
            self._add_trigger_points(added)
        else:
            self._reload(self.chart.session.uid)
        self.marks_changed.emit()

    def _placed_points(self, changes: ChangeSet) -> tuple[TriggerPointRecord, ...]:
        """The new trigger points, when placing them is all the change did; else ()."""
        points = changes.added_marks
        if not points or \
                changes.mark_uids != tuple(p.uid for p in points) or \
                any(self._trigger_point(p.uid) is not None for p in points):
            return ()
        return points

    def _add_trigger_points(self, points: tuple[TriggerPointRecord, ...]) -> None:
        # A click adds one point: drawing it from the service's record instead of reading the
        # chart again keeps a click as fast on the hundredth mark as on the first.
        assert self.chart is not None
        self.chart = replace(self.chart, trigger_points=self.chart.trigger_points + points)
        self.scene.add_trigger_points(self.chart, points)
        self.panel.add_trigger_points(self.chart, points, chart_metrics(self.chart, self.previous))

    def _show_ghost(self, visible: bool) -> None:
        self.scene.set_ghost(self.previous if visible else None)

    def set_tool(self, tool: Tool) -> None:
        self.tool_actions[tool].setChecked(True)
        self.scene.set_tool(tool)
        self.tool_hint.setText(tool.hint)
        page = {Tool.PAIN_ZONE: self.pain_options, Tool.TENSION: self.tension_options}
        self._show_options(page.get(tool, self.trigger_page))

    def _show_options(self, page: QWidget) -> None:
        self.options.setCurrentWidget(page)

    def set_level(self, level: int) -> None:
        """A digit key: pain intensity with the pain tool, tension grade with the tension tool."""
        tool = self.scene.tool()
        if tool is Tool.PAIN_ZONE:
            self.pain_options.nrs.setValue(level)
        elif tool is Tool.TENSION and level <= 3:
            button = self.tension_options.grades.button(level)
            if button is not None:
                button.setChecked(True)

    def _show_hover(self, region_id: str | None) -> None:
        self.hover_label.setText(f" {load_atlas().regions[region_id].display_name} "
                                 if region_id else " ")
        self.hover_label.adjustSize()
        viewport = self.view.viewport()
        self.hover_label.move(viewport.x() + 6,
                              viewport.y() + viewport.height() - self.hover_label.height() - 6)
        self.hover_label.raise_()

    @staticmethod
    def _wire_stack_action(action: QAction, text: str, run: Any, enabled: Any,
                           described: Any) -> None:
        action.triggered.connect(run)
        enabled.connect(action.setEnabled)
        described.connect(lambda what: action.setToolTip(f"{text} {what}".strip()))

    def _trigger_point(self, uid: uuid.UUID) -> TriggerPointRecord | None:
        if self.chart is None:
            return None
        return next((tp for tp in self.chart.trigger_points if tp.uid == uid), None)

    # ------------------------------------------------------------------ actions

    def likeliest_muscle(self, x: float, y: float) -> str | None:
        """The muscle the atlas ranks first under a scene point (None outside the body)."""
        region = load_atlas().region_at(x, y)
        if region is None:
            return None
        choices = load_atlas().muscles_under(region.id)
        return choices[0].muscle_id if choices else None

    def last_status(self) -> TriggerPointStatus:
        """The status charted last in this session (Active for the first point of a visit)."""
        if self._last_status is not None:
            return self._last_status
        if self.chart is not None and self.chart.trigger_points:
            return self.chart.trigger_points[-1].status
        return TriggerPointStatus.ACTIVE

    def _place_trigger_point(self, x: float, y: float, **values: Any) -> None:
        if self.chart is None:
            return
        session_uid = self.chart.session.uid
        # One click charts the whole finding: the likeliest muscle and the last status.
        muscle = values.pop("muscle_id", None) or self.likeliest_muscle(x, y)
        values.setdefault("status", self.last_status())

        def placed(record: TriggerPointRecord) -> None:
            self.undo_stack.push(commands.PlaceTriggerPointCommand(self._context, session_uid,
                                                                   record))
            self.scene.select_mark(record.uid)
            self.edit_mark(record.uid)

        self.writes.run(lambda: self._context.apply(
            charting.place_trigger_point, session_uid, x, y,
            muscle_id=muscle, **values), placed, what="the trigger point")

    def edit_mark(self, uid: uuid.UUID) -> None:
        record = self._trigger_point(uid)
        if record is None:
            return
        choices = load_atlas().muscles_under(record.region_id)
        self.editor.set_record(record, choices,
                               load_atlas().regions[record.region_id].display_name)
        if self.scene.tool() not in (Tool.TRIGGER_POINT, Tool.SELECT):
            self.set_tool(Tool.SELECT)
        self._show_options(self.trigger_page)
        self.panel_wanted.emit()
        point = self.view.mapFromScene(record.x, record.y)
        self.editor.popup_at(self.view.viewport().mapToGlobal(point) + QPoint(8, 8))

    def chart_region(self, region_id: str, tool: Tool | None) -> None:
        """Chart a region without the mouse (region list or arrow keys + Enter).

        tool None: the map's current tool (pain zone when it is Select).
        """
        if self.chart is None or self.chart.read_only or not region_id:
            return
        tool = tool or self.scene.tool()
        if tool is Tool.SELECT:
            tool = Tool.PAIN_ZONE
        if tool is not self.scene.tool():
            self.set_tool(tool)
        self.scene.focus_region(region_id)
        if tool is Tool.TRIGGER_POINT:
            point = load_atlas().label_point(region_id)
            self._place_trigger_point(float(point[0]), float(point[1]))
        else:
            self._stroke_regions([region_id])

    def _editor_accepted(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def mirror_selected(self) -> None:
        """Chart the selected (or last placed) point again at the mirrored spot."""
        if self.chart is None or self.chart.read_only:
            return
        uid = self.scene.selected_uid() or (
            self.chart.trigger_points[-1].uid if self.chart.trigger_points else None)
        record = self._trigger_point(uid) if uid is not None else None
        if record is None:
            return
        x, y = mirrored(record.x, record.y)
        if load_atlas().region_at(x, y) is None:
            self._context.events.error.emit("The mirrored spot is outside the body outline.")
            return
        self._place_trigger_point(x, y, muscle_id=record.muscle_id, status=record.status,
                                  tenderness_grade=record.tenderness_grade,
                                  techniques=record.techniques)
        # The copy needs no typing: the keys stay with the map (the next tool key, click…).
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _edit_trigger_point(self, values: dict[str, Any]) -> None:
        edited = self.editor.record()
        current = self._trigger_point(edited.uid) if edited is not None else None
        if self.chart is None or current is None:
            return
        session_uid = self.chart.session.uid
        before = {name: getattr(current, name) for name in values}

        def changed(_record: object) -> None:
            if "status" in values:
                self._last_status = values["status"]
            self.undo_stack.push(commands.EditTriggerPointCommand(
                self._context, session_uid, current.uid, before, values))

        self.writes.run(
            lambda: self._context.apply(charting.update_trigger_point, current.uid, values),
            changed, what="the change")

    def _move_trigger_point(self, uid: uuid.UUID, x: float, y: float) -> None:
        current = self._trigger_point(uid)
        if self.chart is None or current is None:
            return
        session_uid = self.chart.session.uid
        self.writes.run(
            lambda: self._context.apply(charting.move_trigger_point, uid, x, y),
            lambda _record: self.undo_stack.push(commands.MoveTriggerPointCommand(
                self._context, session_uid, uid, (current.x, current.y), (x, y))),
            lambda: self.scene.set_chart(self.chart),  # the marker goes back until stored
            what="the move")

    def delete_mark(self, uid: uuid.UUID) -> None:
        if self.chart is None:
            return
        session_uid = self.chart.session.uid
        self.writes.run(
            lambda: self._context.apply(charting.delete_mark, uid),
            lambda record: self.undo_stack.push(
                commands.DeleteMarkCommand(self._context, session_uid, record)),
            what="the deletion")

    def _delete_edited(self) -> None:
        edited = self.editor.record()
        self.editor.hide()
        if edited is not None:
            self.delete_mark(edited.uid)

    def _select_zone(self, uid: uuid.UUID | None) -> None:
        """A painted zone picked in the list: the pain options now show and change it."""
        zone = next((z for z in self.chart.pain_zones if z.uid == uid), None) \
            if self.chart is not None else None
        if zone is None:
            if self._selected_zones:
                self._selected_zones = []
                self.pain_options.show_editing("")
            return
        self.set_tool(Tool.PAIN_ZONE)
        self._selected_zones = [zone.region_id]
        self.pain_options.load(zone.nrs, list(zone.qualities), zone.source,
                               f"Changing: {load_atlas().regions[zone.region_id].display_name}"
                               " (pick another zone or press Esc to stop)")

    def select_zones(self, region_ids: list[str]) -> None:
        """Select painted zones by region (the region list): their values become editable."""
        if self.chart is None:
            return
        zones = [z for z in self.chart.pain_zones if z.region_id in region_ids]
        if not zones:
            return
        self._select_zone(zones[0].uid)
        self._selected_zones = [z.region_id for z in zones]

    def _change_selected_zones(self) -> None:
        if self.chart is None or not self._selected_zones or self.chart.read_only:
            return
        session_uid = self.chart.session.uid
        current = {z.region_id: z for z in self.chart.pain_zones}
        regions = [r for r in self._selected_zones if r in current]
        if not regions:
            return
        command = self._context.attempt(lambda: commands.paint(
            self._context, session_uid, current, regions, self.pain_options.nrs.value(),
            self.pain_options.qualities(), self.pain_options.selected_source()))
        if command is not None:
            self.undo_stack.push(command)

    def stop_zone_editing(self) -> None:
        self._selected_zones = []
        self.pain_options.show_editing("")

    def _stroke_regions(self, region_ids: list[str]) -> None:
        if self.chart is None or not region_ids:
            return
        session_uid = self.chart.session.uid
        if self.scene.tool() is Tool.PAIN_ZONE:
            self.stop_zone_editing()  # painting new zones takes the options as they are
            current = {z.region_id: z for z in self.chart.pain_zones}
            nrs, qualities = self.pain_options.nrs.value(), self.pain_options.qualities()
            source = self.pain_options.selected_source()
            self.writes.run(lambda: commands.paint(self._context, session_uid, current,
                                                   region_ids, nrs, qualities, source),
                            self.undo_stack.push, what="the pain zone")
            return
        ratings = {t.region_id: t for t in self.chart.tension_ratings if t.muscle_id is None}
        grade, tags = self.tension_options.grade(), self.tension_options.tags()
        self.writes.run(lambda: commands.rate(self._context, session_uid, ratings, region_ids,
                                              grade, tags, None),
                        self.undo_stack.push, what="the tension rating")

    def _erase_region(self, region_id: str) -> None:
        if self.chart is None:
            return
        if self.scene.tool() is Tool.PAIN_ZONE:
            marks = [z.uid for z in self.chart.pain_zones if z.region_id == region_id]
        else:
            marks = [t.uid for t in self.chart.tension_ratings if t.region_id == region_id]
        for uid in marks:
            self.delete_mark(uid)
