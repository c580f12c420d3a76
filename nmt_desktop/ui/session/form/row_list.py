"""Shared pieces of the list-like parts of the form (posture findings, home care, goals)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer
from nmt_desktop.ui.session.form.fields import COPIED_BACKGROUND, COPIED_BORDER, hint_label

ROW_STYLE = "QFrame#{name} {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"


class RowCard(QFrame):
    """One entry of a list, tinted while it is copied from the previous session."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setObjectName(name)
        self.set_copied(False)

    def set_copied(self, copied: bool) -> None:
        self.copied = copied
        self.setStyleSheet(ROW_STYLE.format(
            name=self._name,
            bg=COPIED_BACKGROUND if copied else "#fbfbfa",
            border=COPIED_BORDER if copied else "#d9ddd6",
        ))


def remove_button(what: str) -> QToolButton:
    button = QToolButton()
    button.setText("×")
    button.setToolTip(f"Remove {what}")
    button.setAccessibleName(f"Remove {what}")
    button.setAutoRaise(True)
    return button


def picker(placeholder: str, choices: list[tuple[str, str, str]]) -> QComboBox:
    """A combo whose first line invites a choice; (id, label, tooltip) per entry."""
    combo = QComboBox()
    combo.addItem(placeholder, None)
    for choice_id, label, tooltip in choices:
        combo.addItem(label, choice_id)
        combo.setItemData(combo.count() - 1, tooltip, Qt.ItemDataRole.ToolTipRole)
    combo.setMaxVisibleItems(18)
    # Long entries must not widen the narrow form column; the open list shows them whole.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    combo.setAccessibleName(placeholder.rstrip("…"))
    return combo


def discard(widget: QWidget) -> None:
    """Remove a widget from view now; Qt deletes it once its signals have settled."""
    widget.hide()
    widget.deleteLater()


def clear_layout(layout: QVBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            discard(widget)


class RecordListPanel(QWidget):
    """A list of a session's records, each a row card: add from a picker, edit, remove.

    Subclasses name their services and build their rows; edits go through the autosave
    buffer (one service call per record and pause), adding and removing go straight through.
    """

    #: Autosave key prefix, so two panels never merge each other's edits.
    autosave_kind = ""

    def __init__(self, context: AppContext, autosave: AutosaveBuffer, add_placeholder: str,
                 choices: list[tuple[str, str, str]], empty_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._autosave = autosave
        self.session_uid: uuid.UUID | None = None
        self.rows: dict[uuid.UUID, Any] = {}
        self._read_only = False
        self.add_combo = picker(add_placeholder, choices)
        self.add_combo.activated.connect(self._add_chosen)
        self.empty = hint_label(empty_text)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(4)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(self.list_layout)
        self.column.addWidget(self.empty)
        self.column.addWidget(self.add_combo)

    # What a subclass provides
    def _list_records(self, session_uid: uuid.UUID) -> list[Any]:
        raise NotImplementedError

    def _add_row(self, record: Any) -> Any:
        raise NotImplementedError

    def _create(self, session_uid: uuid.UUID, choice_id: str) -> Any:
        """Add the chosen record through its service; returns the new record."""
        raise NotImplementedError

    def _update(self, uid: uuid.UUID, changes: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _delete(self, uid: uuid.UUID) -> Any:
        raise NotImplementedError

    def _focus_new_row(self, row: Any) -> None:
        """Put the cursor where the therapist types next in a freshly added row."""

    # The shared behaviour
    def show_session(self, session_uid: uuid.UUID, read_only: bool) -> None:
        self.session_uid = session_uid
        self._read_only = read_only
        clear_layout(self.list_layout)
        self.rows.clear()
        for record in self._list_records(session_uid):
            self._add_row(record)
        self._refresh()

    def _refresh(self) -> None:
        self.empty.setVisible(not self.rows)
        self.add_combo.setVisible(not self._read_only)

    def _add_chosen(self, index: int) -> None:
        choice_id = self.add_combo.itemData(index)
        self.add_combo.setCurrentIndex(0)
        if choice_id is None or self.session_uid is None or self._read_only:
            return
        session_uid = self.session_uid
        record = self._context.attempt(lambda: self._create(session_uid, choice_id))
        if record is not None:
            self._add_row(record)
            self._refresh()
            self._focus_new_row(self.rows[record.uid])

    def _stage(self, uid: uuid.UUID, name: str, value: Any) -> None:
        if not self._read_only:
            self._autosave.stage((self.autosave_kind, uid),
                                 lambda changes: self._write(uid, changes), name, value)

    def _write(self, uid: uuid.UUID, changes: dict[str, Any]) -> None:
        record = self._update(uid, changes)
        row = self.rows.get(uid)
        if row is not None:
            row.show_record(record)

    def _remove(self, uid: uuid.UUID) -> None:
        self._autosave.flush()
        if self._context.attempt(lambda: self._delete(uid)) is None:
            return
        row = self.rows.pop(uid, None)
        if row is not None:
            self.list_layout.removeWidget(row)
            discard(row)
        self._refresh()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows.values():
            row.set_read_only(read_only)
        self._refresh()
