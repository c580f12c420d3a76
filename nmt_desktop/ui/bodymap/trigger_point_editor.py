"""The popover that edits one trigger point, committing every change as it is made.

There is no Save button: each edit emits `changed` with only the fields that changed (named as
the fields of `TriggerPointRecord`), and the controller commits it at once. Text and number
fields emit when they are left or after a short pause in typing, so one note does not become
one undo step per keystroke; a pending edit is flushed before another record is loaded and when
the popover closes.

Keyboard: the controls have mnemonics (Alt+letter) that do not clash with the main window's
menus (F, E, P, R, H), the tab order follows the reading order, Enter accepts and Esc closes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from nmt_desktop.domain.atlas import MuscleChoice
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.domain.vocab import (
    PressureUnit,
    TriggerPointStatus,
)
from nmt_desktop.services.records import TriggerPointRecord
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.bodymap.trigger_point_editor_view import TriggerPointEditorView

#: Pause in typing after which a note is committed.
TEXT_COMMIT_MS = 700

_STATUS_KEYS = {
    Qt.Key.Key_A: TriggerPointStatus.ACTIVE,
    Qt.Key.Key_L: TriggerPointStatus.LATENT,
    Qt.Key.Key_U: TriggerPointStatus.UNDETERMINED,
}


class TriggerPointEditor(TriggerPointEditorView):
    """Compact popover for one trigger point.

    Signals:
        changed(dict): field name -> new value, only the fields the user just changed; enum
            fields carry enum members, list fields tuples.
        delete_requested(): the user asked to delete the point.
        closed(): the popover was closed (Esc, a click elsewhere, or `close()`).
    """

    changed = Signal(dict)
    delete_requested = Signal()
    closed = Signal()
    #: Enter: the point is charted as shown; the map may take the focus back.
    accepted = Signal()

    def __init__(self, parent: QWidget | None = None, *, docked: bool = False) -> None:
        super().__init__(parent, docked=docked)
        self._record: TriggerPointRecord | None = None
        self._referral_order: tuple[str, ...] | None = None  # suggestions the list was built for
        self._state: dict[str, Any] = {}
        self._loading = False
        self._read_only = False
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(TEXT_COMMIT_MS)
        self._note_timer.timeout.connect(self._commit_note)
        self.note_edit.installEventFilter(self)
        self.muscle_line_edit().installEventFilter(self)
        self._connect()

    # -- behaviour -----------------------------------------------------------------------------

    def _connect(self) -> None:
        self.delete_button.clicked.connect(self._request_delete)
        self.close_button.clicked.connect(self.close)
        self.muscle_combo.currentIndexChanged.connect(self._muscle_chosen)
        self.muscle_line_edit().editingFinished.connect(self._muscle_text_done)
        self.status_group.buttonToggled.connect(self._status_toggled)
        for field, box in self.criteria.items():
            box.toggled.connect(lambda checked, f=field: self._commit({f: checked}))
        self.criteria["referred_pain"].toggled.connect(self._update_referral_enabled)
        self.twitch_combo.currentIndexChanged.connect(
            lambda _i: self._commit({"local_twitch": self.twitch_combo.currentData()}))
        self.key_combo.currentIndexChanged.connect(
            lambda _i: self._commit({"key_or_satellite": self.key_combo.currentData()}))
        self.tenderness.grade_changed.connect(
            lambda grade: self._commit({"tenderness_grade": grade}))
        self.after_grade.grade_changed.connect(
            lambda grade: self._commit({"post_treatment_grade": grade}))
        self.ppt_spin.valueChanged.connect(self._ppt_changed)
        self.ppt_unit.currentIndexChanged.connect(self._ppt_changed)
        self.referral_filter.textChanged.connect(self._filter_referrals)
        self.referral_list.itemChanged.connect(self._referral_item_changed)
        self.techniques_list.itemChanged.connect(self._technique_item_changed)
        self.note_edit.textChanged.connect(self._note_typed)

    # -- public API ----------------------------------------------------------------------------

    def record(self) -> TriggerPointRecord | None:
        return self._record

    def set_record(self, record: TriggerPointRecord, choices: Sequence[MuscleChoice],
                   region_name: str) -> None:
        """Show a trigger point; never emits `changed` for what it loads.

        Args:
            record: The point as stored.
            choices: `MuscleChoice`s of the point's region, likeliest first.
            region_name: Display name of the point's region ("Left upper back").
        """
        self.flush()
        self._loading = True
        try:
            self._record = record
            self._state = {field: getattr(record, field) for field in _FIELDS}
            self.title.setText(f"Trigger point — {region_name}")
            self._load_muscles(record, choices)
            self.status_buttons[record.status].setChecked(True)
            for field, box in self.criteria.items():
                box.setChecked(bool(getattr(record, field)))
            self.twitch_combo.setCurrentIndex(self.twitch_combo.findData(record.local_twitch))
            self.key_combo.setCurrentIndex(self.key_combo.findData(record.key_or_satellite))
            self.tenderness.set_grade(record.tenderness_grade)
            self.after_grade.set_grade(record.post_treatment_grade)
            self.ppt_spin.setValue(record.ppt_value or 0.0)
            unit = record.ppt_unit or PressureUnit.KG_PER_CM2
            self.ppt_unit.setCurrentIndex(self.ppt_unit.findData(unit))
            self._load_referrals(record)
            self._load_techniques(record.techniques)
            self.note_edit.setPlainText(record.note)
            self._update_subtitle()
            self._update_referral_enabled()
        finally:
            self._loading = False

    def set_read_only(self, read_only: bool) -> None:
        """Signed sessions: show everything, change nothing."""
        self._read_only = read_only
        for widget in (self.muscle_combo, *self.status_buttons.values(),
                       *self.criteria.values(), self.twitch_combo, self.key_combo,
                       self.tenderness, self.after_grade, self.ppt_spin, self.ppt_unit,
                       self.techniques_list, self.delete_button):
            widget.setEnabled(not read_only)
        self.note_edit.setReadOnly(read_only)
        self._update_referral_enabled()
        self._update_subtitle()

    def is_read_only(self) -> bool:
        return self._read_only

    def is_docked(self) -> bool:
        return self._docked

    def present(self) -> None:
        """Docked: show the record in the panel and put the focus on the muscle."""
        self.show()
        self.muscle_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.muscle_line_edit().selectAll()

    def popup_at(self, global_pos: QPoint) -> None:
        """Show the popover next to a screen point, kept inside that screen."""
        if self._docked:
            self.present()
            return
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        screen = QGuiApplication.screenAt(global_pos) or QGuiApplication.primaryScreen()
        x, y = global_pos.x() + 16, global_pos.y() + 16
        if screen is not None:
            area = screen.availableGeometry()
            if x + size.width() > area.right():
                x = global_pos.x() - size.width() - 16
            if y + size.height() > area.bottom():
                y = area.bottom() - size.height()
            x = max(area.left(), x)
            y = max(area.top(), y)
        self.move(x, y)
        self.show()
        self.raise_()
        self.activateWindow()
        self.muscle_combo.setFocus(Qt.FocusReason.PopupFocusReason)

    def flush(self) -> None:
        """Emit an edit still waiting for the typing pause (e.g. before the record changes)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._commit_note()

    # -- loading helpers -----------------------------------------------------------------------

    def _load_muscles(self, record: TriggerPointRecord,
                      choices: Sequence[MuscleChoice]) -> None:
        combo = self.muscle_combo
        combo.clear()
        combo.addItem("Not specified", None)
        known = set()
        for choice in choices:
            combo.addItem(choice.name, choice.muscle_id)
            known.add(choice.muscle_id)
        if record.muscle_id is not None and record.muscle_id not in known:
            # Chosen earlier, e.g. before the point was moved: keep it visible and selectable.
            combo.insertItem(1, f"{geometry.muscle_name(record.muscle_id)} (other region)",
                             record.muscle_id)
        index = combo.findData(record.muscle_id)
        combo.setCurrentIndex(max(0, index))

    def _load_referrals(self, record: TriggerPointRecord) -> None:
        suggested = self._suggested_referrals(record.muscle_id, record.side)
        if tuple(suggested) == self._referral_order:
            # Same muscle pattern as the last point: only the ticks differ. Rebuilding the
            # 90 rows took longer than the rest of opening the editor after a click.
            checked = set(record.referral_regions)
            for row in range(self.referral_list.count()):
                item = self.referral_list.item(row)
                item.setCheckState(Qt.CheckState.Checked
                                   if item.data(Qt.ItemDataRole.UserRole) in checked
                                   else Qt.CheckState.Unchecked)
            self._filter_referrals(self.referral_filter.text())
            return
        self._referral_order = tuple(suggested)
        self.referral_list.clear()
        ordered = [*suggested, *(r for r in geometry.region_ids() if r not in suggested)]
        checked = set(record.referral_regions)
        bold = QFont(self.referral_list.font())
        bold.setBold(True)
        for region_id in ordered:
            item = QListWidgetItem(geometry.region_name(region_id))
            item.setData(Qt.ItemDataRole.UserRole, region_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if region_id in checked
                               else Qt.CheckState.Unchecked)
            if region_id in suggested:
                item.setFont(bold)
                item.setToolTip("Typical referral zone of this muscle")
            self.referral_list.addItem(item)
        self._filter_referrals(self.referral_filter.text())

    @staticmethod
    def _suggested_referrals(muscle_id: str | None, side: Any) -> list[str]:
        """Regions in the muscle's referral pattern on its side, essential zone first."""
        if muscle_id is None:
            return []
        atlas = geometry.atlas()
        muscle = atlas.muscles.get(muscle_id)
        if muscle is None:
            return []
        found: list[str] = []
        for types in (getattr(muscle, "primary", ()), getattr(muscle, "spill", ())):
            for region in atlas.regions.values():
                if region.type in types and region.id not in found:
                    reaches = getattr(muscle, "reaches", None)
                    if reaches is None or reaches(side, region):
                        found.append(region.id)
        return found

    def _load_techniques(self, techniques: Iterable[str]) -> None:
        chosen = set(techniques)
        for row in range(self.techniques_list.count()):
            item = self.techniques_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in chosen else Qt.CheckState.Unchecked)

    # -- edits ---------------------------------------------------------------------------------

    def _commit(self, fields: dict[str, Any]) -> None:
        """Emit the fields whose value differs from the shown record; remember them."""
        if self._loading or self._record is None or self._read_only:
            return
        diff = {name: value for name, value in fields.items() if self._state.get(name) != value}
        if not diff:
            return
        self._state.update(diff)
        self._update_subtitle()
        self.changed.emit(diff)

    def _muscle_chosen(self, index: int) -> None:
        if index < 0:
            return
        muscle_id = self.muscle_combo.itemData(index)
        self._commit({"muscle_id": muscle_id})
        if not self._loading and self._record is not None:
            self._reorder_referrals(muscle_id)

    def _muscle_text_done(self) -> None:
        combo = self.muscle_combo
        text = self.muscle_line_edit().text().strip().casefold()
        for row in range(combo.count()):
            if combo.itemText(row).casefold() == text:
                combo.setCurrentIndex(row)
                return
        # No such muscle: show the current choice again rather than a stray text.
        combo.setEditText(combo.itemText(combo.currentIndex()))

    def _reorder_referrals(self, muscle_id: str | None) -> None:
        if self._record is None:
            return
        current = self._state.get("referral_regions", ())
        self._loading = True
        try:
            self._load_referrals(_with(self._record, muscle_id=muscle_id,
                                       referral_regions=current))
            self._update_referral_enabled()
        finally:
            self._loading = False

    def _status_toggled(self, button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        for status, radio in self.status_buttons.items():
            if radio is button:
                self._commit({"status": status})

    def _ppt_changed(self, *_args: object) -> None:
        value = self.ppt_spin.value()
        if value <= 0:
            self._commit({"ppt_value": None, "ppt_unit": None})
        else:
            self._commit({"ppt_value": round(value, 2), "ppt_unit": self.ppt_unit.currentData()})

    def _referral_item_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        region_id = item.data(Qt.ItemDataRole.UserRole)
        current = list(self._state.get("referral_regions", ()))
        if item.checkState() == Qt.CheckState.Checked and region_id not in current:
            current.append(region_id)
        elif item.checkState() != Qt.CheckState.Checked and region_id in current:
            current.remove(region_id)
        self._commit({"referral_regions": tuple(current)})

    def _technique_item_changed(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        technique_id = item.data(Qt.ItemDataRole.UserRole)
        current = list(self._state.get("techniques", ()))
        if item.checkState() == Qt.CheckState.Checked and technique_id not in current:
            current.append(technique_id)
        elif item.checkState() != Qt.CheckState.Checked and technique_id in current:
            current.remove(technique_id)
        self._commit({"techniques": tuple(current)})

    def _note_typed(self) -> None:
        if not self._loading:
            self._note_timer.start()

    def _commit_note(self) -> None:
        self._commit({"note": self.note_edit.toPlainText()})

    def _request_delete(self) -> None:
        if not self._read_only:
            self.flush()
            self.delete_requested.emit()

    def _filter_referrals(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.referral_list.count()):
            item = self.referral_list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _update_referral_enabled(self, *_args: object) -> None:
        enabled = self.criteria["referred_pain"].isChecked() and not self._read_only
        self.referral_list.setEnabled(enabled)
        self.referral_filter.setEnabled(enabled)

    def _update_subtitle(self) -> None:
        parts = []
        muscle = self._state.get("muscle_id")
        parts.append(geometry.muscle_name(muscle) if muscle else "Muscle not set")
        status = self._state.get("status")
        if isinstance(status, TriggerPointStatus):
            parts.append(status.label.lower())
        outside = [TECHNIQUES_BY_ID[t].label for t in self._state.get("techniques", ())
                   if t in TECHNIQUES_BY_ID and TECHNIQUES_BY_ID[t].outside_massage_scope]
        if outside:
            parts.append("⚠ outside massage scope: " + ", ".join(outside))
        if self._read_only:
            parts.append("signed, read-only")
        self.subtitle.setText(" · ".join(parts))

    # -- events --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        status = self._status_key(event) if watched is self.muscle_line_edit() else None
        if status is not None:
            # Alt+A / Alt+L / Alt+U set the status at once, right after a click, even where
            # another control of the window uses the same letter.
            if event.type() == QEvent.Type.KeyPress and not self._read_only:
                self.status_buttons[status].setChecked(True)
            event.accept()
            return True
        if (watched is self.muscle_line_edit() and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            completer = self.muscle_combo.completer()
            popup = completer.popup() if completer is not None else None
            if popup is None or not popup.isVisible():
                self._muscle_text_done()
                self.accept()
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _status_key(event: QEvent) -> TriggerPointStatus | None:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or \
                not isinstance(event, QKeyEvent) or \
                event.modifiers() != Qt.KeyboardModifier.AltModifier:
            return None
        return _STATUS_KEYS.get(Qt.Key(event.key()))

    def accept(self) -> None:
        """Enter: keep what is shown (already committed) and hand the keyboard back."""
        self.flush()
        if self._docked:
            self.accepted.emit()
        else:
            self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not isinstance(self.focusWidget(), QPlainTextEdit):
            self.accept()
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.flush()
        super().hideEvent(event)
        self.closed.emit()


_FIELDS = (
    "muscle_id", "status", "taut_band", "hypersensitive_spot", "nodule", "referred_pain",
    "referral_regions", "pain_recognition", "local_twitch", "jump_sign", "tenderness_grade",
    "ppt_value", "ppt_unit", "rom_restriction", "weakness", "key_or_satellite", "techniques",
    "post_treatment_grade", "note",
)


def _with(record: TriggerPointRecord, **changes: Any) -> TriggerPointRecord:
    return dataclasses.replace(record, **changes)
