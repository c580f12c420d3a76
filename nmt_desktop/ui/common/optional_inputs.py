"""Optional number and date inputs that never drop what is typed.

A spin box showing its "—" (not set) text used to append typed digits to the dash and reject
them without a word; typing now replaces the dash. A key the field cannot take (a digit that
would leave the range, a letter) marks the field invalid in place, with the allowed range in
its tooltip, instead of vanishing.

Dates are typed, not spun: ISO (2026-12-09) and the system's short format both work, the
calendar opens at the field's date or today with today highlighted, and a date that cannot be
read stays on screen, marked invalid, without replacing the stored one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from nmt_desktop.ui.common.style import set_flag

DISPLAY_FORMAT = "ddd d MMM yyyy"


def _is_typed_character(event: QKeyEvent) -> bool:
    text = event.text()
    return bool(text) and text.isprintable() and not (
        event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))


class _PlaceholderReplacing:
    """For a QAbstractSpinBox whose lowest value means "not set" (shown as its special text)."""

    def _at_placeholder(self) -> bool:
        # The text, not the value: without keyboard tracking the value lags behind the keys.
        box = self._box()
        return bool(box.specialValueText()) and box.text() == box.specialValueText()

    def _box(self) -> QSpinBox | QDoubleSpinBox:
        assert isinstance(self, QSpinBox | QDoubleSpinBox)
        return self

    def _range_text(self) -> str:
        box = self._box()
        low = box.minimum() + (box.singleStep() if box.specialValueText() else 0)
        return f"Type a number from {low:g} to {box.maximum():g}{box.suffix()}."

    def mark_invalid(self, typed: str) -> None:
        box = self._box()
        set_flag(box, "invalidInput", True)
        box.setToolTip(f"“{typed}” was not taken. {self._range_text()}")

    def clear_invalid(self) -> None:
        box = self._box()
        if box.property("invalidInput"):
            set_flag(box, "invalidInput", False)
            box.setToolTip("")

    def is_marked_invalid(self) -> bool:
        return bool(self._box().property("invalidInput"))

    def _typed_key(self, event: QKeyEvent, press: Callable[[QKeyEvent], None]) -> None:
        box = self._box()
        line = box.lineEdit()
        assert line is not None
        typed = _is_typed_character(event)
        if typed and self._at_placeholder():
            line.selectAll()  # the first key replaces "—"
        before = line.text()
        press(event)
        if typed:
            if line.text() == before:
                self.mark_invalid(before.replace(box.specialValueText(), "") + event.text())
            else:
                self.clear_invalid()

    def _select_placeholder(self) -> None:
        if self._at_placeholder():
            line = self._box().lineEdit()
            if line is not None:
                line.selectAll()


class OptionalSpinBox(_PlaceholderReplacing, QSpinBox):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self._typed_key(event, super().keyPressEvent)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._select_placeholder()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self._select_placeholder()


class OptionalDoubleSpinBox(_PlaceholderReplacing, QDoubleSpinBox):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self._typed_key(event, super().keyPressEvent)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self._select_placeholder()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        self._select_placeholder()


def parse_date(text: str, locale: QLocale | None = None) -> dt.date | None:
    """A typed date: ISO, the locale's short format (2- or 4-digit year) or the shown format.

    Raises ValueError when the text is not empty and is no date in any of them.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    locale = locale or QLocale()
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    formats = [short, short.replace("yyyy", "yy").replace("yy", "yyyy"), DISPLAY_FORMAT,
               "d MMM yyyy", "d MMMM yyyy"]
    for form in formats:
        date = locale.toDate(text, form)
        if not date.isValid():
            date = QDate.fromString(text, form)
        if date.isValid():
            if "yyyy" not in form and date.year() < 1950:
                date = date.addYears(100)
            value = date.toPython()
            assert isinstance(value, dt.date)
            return value
    raise ValueError(text)


class OptionalDateEdit(QWidget):
    """A typed date with a calendar button; empty means "not set"."""

    #: The stored date changed (None: cleared); not emitted while loading.
    date_changed = Signal(object)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date: dt.date | None = None
        self._loading = False
        self.line = QLineEdit()
        self.line.setPlaceholderText("—")
        self.line.setAccessibleName(accessible_name)
        short = QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower()
        self._hint = f"Type a date as 2026-12-09 or {short}, or pick one from the calendar."
        self.line.setToolTip(self._hint)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Pick from a calendar (opens at today)")
        self.calendar_button.setAccessibleName(f"Calendar for {accessible_name}")
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self._menu = menu
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.calendar_button)
        self.setFocusProxy(self.line)
        self.line.editingFinished.connect(self._typed)

    def value(self) -> dt.date | None:
        return self._date

    def set_value(self, value: dt.date | None, *, report: bool = False) -> None:
        self._date = value
        self.line.setText("" if value is None else _qdate(value).toString(DISPLAY_FORMAT))
        self._mark_valid()
        if report:
            self.date_changed.emit(value)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802 - as Qt's inputs
        self.line.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)

    def is_marked_invalid(self) -> bool:
        return bool(self.line.property("invalidInput"))

    def open_calendar(self) -> None:
        today = QDate.currentDate()
        highlight = QTextCharFormat()
        highlight.setFontWeight(700)
        highlight.setBackground(QColor("#d6ecec"))
        highlight.setForeground(QColor("#1d4f52"))
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # forget an older today
        self.calendar.setDateTextFormat(today, highlight)
        shown = _qdate(self._date) if self._date is not None else today
        self.calendar.setSelectedDate(shown)
        self.calendar.setCurrentPage(shown.year(), shown.month())
        self._menu.popup(self.calendar_button.mapToGlobal(
            self.calendar_button.rect().bottomLeft()))
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self._menu.hide()
        value = date.toPython()
        assert isinstance(value, dt.date)
        self.set_value(value, report=value != self._date)

    def _typed(self) -> None:
        text = self.line.text()
        try:
            value = parse_date(text)
        except ValueError:
            set_flag(self.line, "invalidInput", True)
            self.line.setToolTip(f"“{text}” is not a date (not saved). {self._hint}")
            return
        changed = value != self._date
        self.set_value(value, report=changed)

    def _mark_valid(self) -> None:
        if self.line.property("invalidInput"):
            set_flag(self.line, "invalidInput", False)
            self.line.setToolTip(self._hint)


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


__all__ = ["OptionalDateEdit", "OptionalDoubleSpinBox", "OptionalSpinBox", "parse_date"]
