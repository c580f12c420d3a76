"""The editors of the session form: a caption above each, a 'copied' tag while unconfirmed.

Every field reports `edited(name, value)` only for the therapist's own edits, never when the
form loads a value, so loading a session writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.common.optional_inputs import OptionalDateEdit, OptionalSpinBox
from nmt_desktop.ui.common.style import set_role

COPIED_BACKGROUND = "#fff3cf"
COPIED_BORDER = "#d9b65a"
COPIED_TEXT = "#7a5a00"
NOT_SET = "—"


def caption_label(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "field-label")
    return label


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "section-title")
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_role(label, "muted")
    return label


def set_text_read_only(edit: QLineEdit | QPlainTextEdit, read_only: bool) -> None:
    """Read-only text shows no invitation to type: its placeholder goes while locked."""
    if edit.property("editablePlaceholder") is None:
        edit.setProperty("editablePlaceholder", edit.placeholderText())
    edit.setReadOnly(read_only)
    edit.setPlaceholderText("" if read_only else str(edit.property("editablePlaceholder")))


def copied_style(widget_class: str) -> str:
    """Tint for a value copied from the previous session and not yet confirmed."""
    return (f"{widget_class} {{ background: {COPIED_BACKGROUND}; "
            f"border: 1px solid {COPIED_BORDER}; border-radius: 3px; }}")


class NoteField(QWidget):
    """Base: caption row (caption + copied tag) above one editor."""

    edited = Signal(str, object)  # field name, new value
    # Each kind of field has its own editor class; the base only styles and labels it.
    editor: Any

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.caption = caption_label(caption)
        self.copied_tag = QLabel()
        self.copied_tag.setStyleSheet(f"color: {COPIED_TEXT}; font-size: 11px;")
        self.copied_tag.hide()
        self._loading = False
        self._read_only = False
        caption_row = QHBoxLayout()
        caption_row.setContentsMargins(0, 0, 0, 0)
        caption_row.setSpacing(8)
        caption_row.addWidget(self.caption)
        caption_row.addWidget(self.copied_tag, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 2, 0, 2)
        self._layout.setSpacing(2)
        self._layout.addLayout(caption_row)

    def _set_editor(self, editor: QWidget, style_class: str) -> None:
        self.editor = editor
        self._style_class = style_class
        self.caption.setBuddy(editor)
        editor.setAccessibleName(self.caption.text().replace("&", ""))
        self._layout.addWidget(editor)

    # -- value -------------------------------------------------------------------------

    def value(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value without reporting it as an edit."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _report(self) -> None:
        if not self._loading and not self._read_only:
            self.edited.emit(self.name, self.value())

    # -- state -------------------------------------------------------------------------

    def set_copied(self, source: str | None) -> None:
        """Mark the value as copied from `source` (e.g. "12 Nov") until the therapist edits it."""
        if source:
            self.copied_tag.setText(f"copied from {source} — edit to confirm")
            self.copied_tag.show()
            self.editor.setStyleSheet(copied_style(self._style_class))
            self.editor.setToolTip(f"Copied from the session of {source}. "
                                   "Edit it, or confirm it, to make it today's.")
        else:
            self.copied_tag.hide()
            self.editor.setStyleSheet("")
            self.editor.setToolTip("")

    def is_marked_copied(self) -> bool:
        return not self.copied_tag.isHidden()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only


class TextLineField(NoteField):
    def __init__(self, name: str, caption: str, placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(name, caption, parent)
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _text: self._report())
        self._set_editor(edit, "QLineEdit")

    def value(self) -> str:
        return self.editor.text()

    def _show(self, value: Any) -> None:
        self.editor.setText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        set_text_read_only(self.editor, read_only)


class TextBlockField(NoteField):
    """Several lines of free text; grows a little, then scrolls."""

    def __init__(self, name: str, caption: str, placeholder: str = "", lines: int = 3,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, caption, parent)
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        line_height = QFontMetrics(edit.font()).lineSpacing()
        edit.setFixedHeight(line_height * lines + 14)
        edit.textChanged.connect(self._report)
        self._set_editor(edit, "QPlainTextEdit")

    def value(self) -> str:
        return self.editor.toPlainText()

    def _show(self, value: Any) -> None:
        if self.editor.toPlainText() != (value or ""):
            self.editor.setPlainText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        set_text_read_only(self.editor, read_only)


class ScaleField(NoteField):
    """An optional whole number on a scale, e.g. NRS 0–10; "—" means not asked."""

    def __init__(self, name: str, caption: str, low: int = 0, high: int = 10,
                 suffix: str = "", optional: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(name, caption, parent)
        self._optional = optional
        box = OptionalSpinBox() if optional else QSpinBox()
        box.setRange(low - 1 if optional else low, high)
        if optional:
            box.setSpecialValueText(NOT_SET)
        if suffix:
            box.setSuffix(suffix)
        box.setMinimumWidth(72)
        box.valueChanged.connect(lambda _value: self._report())
        self._set_editor(box, "QSpinBox")

    def value(self) -> int | None:
        box: QSpinBox = self.editor
        if self._optional and box.value() == box.minimum():
            return None
        return box.value()

    def _show(self, value: Any) -> None:
        box: QSpinBox = self.editor
        box.setValue(box.minimum() if value is None else int(value))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.editor.setReadOnly(read_only)


class DateField(NoteField):
    """An optional date, typed (ISO or the system's short format) or picked; × clears it."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(name, caption, parent)
        self.date_edit = OptionalDateEdit(caption)
        self.date_edit.date_changed.connect(lambda _date: self._report())
        self.clear_button = QToolButton()
        self.clear_button.setText("×")
        self.clear_button.setToolTip("Clear the date")
        self.clear_button.setAccessibleName(f"Clear {caption}")
        self.clear_button.clicked.connect(
            lambda: self.date_edit.set_value(None, report=self.date_edit.value() is not None))
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.date_edit, 1)
        row_layout.addWidget(self.clear_button)
        self._set_editor(row, "QLineEdit")
        self.caption.setBuddy(self.date_edit.line)

    def value(self) -> dt.date | None:
        return self.date_edit.value()

    def _show(self, value: Any) -> None:
        self.date_edit.set_value(value)

    def set_copied(self, source: str | None) -> None:
        super().set_copied(source)
        self.date_edit.line.setStyleSheet(self.editor.styleSheet())

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.date_edit.setReadOnly(read_only)
        self.clear_button.setEnabled(not read_only)


class ChoicesField(NoteField):
    """A set of ids picked with check boxes, in two columns (e.g. techniques applied)."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(name, caption, parent)
        self.boxes: dict[str, QCheckBox] = {}
        self._grid_widget = QWidget()
        self._grid = QGridLayout(self._grid_widget)
        self._grid.setContentsMargins(4, 2, 4, 2)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(2)
        self._set_editor(self._grid_widget, "QWidget#choices")
        self._grid_widget.setObjectName("choices")
        self._order: list[str] = []

    def set_choices(self, choices: Sequence[tuple[str, str, str]], columns: int = 2) -> None:
        """(id, label, tooltip) per box; keeps the ticks of ids that stay."""
        ticked = set(self.value())
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.boxes.clear()
        self._order = [choice_id for choice_id, _label, _tip in choices]
        for index, (choice_id, label, tooltip) in enumerate(choices):
            box = QCheckBox(label)
            box.setToolTip(tooltip)
            box.setChecked(choice_id in ticked)
            box.setEnabled(not self._read_only)
            box.toggled.connect(lambda _on: self._report())
            self.boxes[choice_id] = box
            self._grid.addWidget(box, index // columns, index % columns)

    def value(self) -> tuple[str, ...]:
        return tuple(choice_id for choice_id in self._order
                     if self.boxes[choice_id].isChecked())

    def _show(self, value: Any) -> None:
        wanted = set(value or ())
        for choice_id, box in self.boxes.items():
            box.setChecked(choice_id in wanted)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for box in self.boxes.values():
            box.setEnabled(not read_only)


def row_of(fields: Iterable[QWidget], stretch_last: bool = True) -> QWidget:
    """Several small fields side by side (e.g. NRS now, best and worst)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(12)
    for widget in fields:
        layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
    if stretch_last:
        layout.addStretch(1)
    return row
