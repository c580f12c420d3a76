"""Undo commands for charting. Each one calls the same services as the original action.

The action itself runs first (so a refusal can be shown before anything is pushed); the
command is pushed already done, and only later redos call the service again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.domain.vocab import PainQuality, PainSource, TextureTag
from nmt_desktop.services import charting
from nmt_desktop.services.database import classify_write_failure
from nmt_desktop.services.records import (
    PainZoneRecord,
    TensionRecord,
    TriggerPointRecord,
)
from nmt_desktop.ui.context import AppContext

EDIT_COMMAND_ID = 7301


class ChartCommand(QUndoCommand):
    """Base: skips the first redo (already done) and reports service refusals, not crashes."""

    def __init__(self, context: AppContext, session_uid: uuid.UUID, text: str) -> None:
        super().__init__(text)
        self.context = context
        self.session_uid = session_uid
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guarded(self.do)

    def undo(self) -> None:
        self._guarded(self.undo_it)

    def _guarded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except (ValidationError, ConflictError, NotFoundError) as error:
            self.setObsolete(True)
            self.context.events.error.emit(f"Could not {self.text().lower()}: {error}")
        except Exception as error:
            failure = classify_write_failure(error, self.context.db.sqlite_file)
            if failure is None:
                raise  # the global exception hook logs it and names the log file
            # Nothing changed in the database; the step leaves the stack rather than
            # pretend that it was undone or redone.
            self.setObsolete(True)
            self.context.events.error.emit(f"Could not {self.text().lower()}: "
                                           f"{failure.sentence}")

    def do(self) -> None:
        raise NotImplementedError

    def undo_it(self) -> None:
        raise NotImplementedError


class PlaceTriggerPointCommand(ChartCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID,
                 record: TriggerPointRecord) -> None:
        super().__init__(context, session_uid, "Place trigger point")
        self.record = record

    def do(self) -> None:
        self.context.apply(charting.restore_mark, self.session_uid, self.record)

    def undo_it(self) -> None:
        self.context.apply(charting.delete_mark, self.record.uid)


class EditTriggerPointCommand(ChartCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID, mark_uid: uuid.UUID,
                 before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        super().__init__(context, session_uid, "Edit trigger point")
        self.mark_uid = mark_uid
        self.before = dict(before)
        self.after = dict(after)

    def do(self) -> None:
        self.context.apply(charting.update_trigger_point, self.mark_uid, self.after)

    def undo_it(self) -> None:
        self.context.apply(charting.update_trigger_point, self.mark_uid, self.before)

    def id(self) -> int:
        return EDIT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        # Typing a note or stepping a value is one undo step, not one per keystroke.
        if not isinstance(other, EditTriggerPointCommand) or other.mark_uid != self.mark_uid:
            return False
        if set(other.after) != set(self.after) or set(self.after) - {"note", "ppt_value"}:
            return False
        self.after = other.after
        return True


class MoveTriggerPointCommand(ChartCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID, mark_uid: uuid.UUID,
                 before: tuple[float, float], after: tuple[float, float]) -> None:
        super().__init__(context, session_uid, "Move trigger point")
        self.mark_uid = mark_uid
        self.before = before
        self.after = after

    def do(self) -> None:
        self.context.apply(charting.move_trigger_point, self.mark_uid, *self.after)

    def undo_it(self) -> None:
        self.context.apply(charting.move_trigger_point, self.mark_uid, *self.before)


class DeleteMarkCommand(ChartCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID,
                 record: TriggerPointRecord | PainZoneRecord | TensionRecord,
                 text: str = "Delete mark") -> None:
        super().__init__(context, session_uid, text)
        self.record = record

    def do(self) -> None:
        self.context.apply(charting.delete_mark, self.record.uid)

    def undo_it(self) -> None:
        self.context.apply(charting.restore_mark, self.session_uid, self.record)


class _RegionStateCommand(ChartCommand):
    """Shared by paint and rate: undo puts the touched regions back as they were before.

    Undo and redo are each one service call (`restore_marks`): one transaction, one audit
    event and one change broadcast for the whole stroke.
    """

    def __init__(self, context: AppContext, session_uid: uuid.UUID, text: str,
                 before: Sequence[PainZoneRecord | TensionRecord | None],
                 after: Sequence[PainZoneRecord | TensionRecord]) -> None:
        super().__init__(context, session_uid, text)
        self.before = list(before)
        self.after = list(after)

    def do(self) -> None:
        self.context.apply(charting.restore_marks, self.session_uid, self.after, ())

    def undo_it(self) -> None:
        pairs = list(zip(self.before, self.after, strict=True))
        put_back = [previous for previous, _ in pairs if previous is not None]
        remove = [current.uid for previous, current in pairs if previous is None]
        self.context.apply(charting.restore_marks, self.session_uid, put_back, remove)


class PaintZonesCommand(_RegionStateCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID,
                 before: Sequence[PainZoneRecord | None], after: Sequence[PainZoneRecord]) -> None:
        count = len(after)
        super().__init__(context, session_uid,
                         "Paint pain zone" if count == 1 else f"Paint {count} pain zones",
                         before, after)


class RateTensionCommand(_RegionStateCommand):
    def __init__(self, context: AppContext, session_uid: uuid.UUID,
                 before: Sequence[TensionRecord | None], after: Sequence[TensionRecord]) -> None:
        super().__init__(context, session_uid, "Rate tension", before, after)


def paint(context: AppContext, session_uid: uuid.UUID, current: Mapping[str, PainZoneRecord],
          region_ids: Sequence[str], nrs: int, qualities: Sequence[PainQuality],
          source: PainSource) -> PaintZonesCommand:
    """Paint now and return the command that can undo it."""
    before = [current.get(region_id) for region_id in region_ids]
    after = context.apply(charting.paint_pain_zones, session_uid, region_ids, nrs, qualities,
                          source)
    return PaintZonesCommand(context, session_uid, before, after)


def rate(context: AppContext, session_uid: uuid.UUID, current: Mapping[str, TensionRecord],
         region_ids: Sequence[str], grade: int, tags: Sequence[TextureTag],
         muscle_id: str | None) -> RateTensionCommand:
    """Rate every region of a stroke in one call and return the command that can undo it."""
    regions = list(dict.fromkeys(region_ids))
    before = [current.get(region_id) for region_id in regions]
    after = context.apply(charting.rate_tension_regions, session_uid, regions, grade, tags,
                          muscle_id)
    return RateTensionCommand(context, session_uid, before, after)
