"""Every optional number and date field takes what a person types after clicking it.

Each field is clicked, typed into key by key and left with Tab, as a therapist does; the value
is then read back from the database. A field showing "—" must not append the keys to the dash
and drop them; a date can be typed in ISO or the system's short format; what cannot be taken
is marked invalid where it was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services import charting, session_findings, session_notes
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.common.optional_inputs import OptionalSpinBox, parse_date
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.fields import DateField, ScaleField
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click the field, type the keys, leave with Tab."""
    target = widget.lineEdit() if isinstance(widget, QAbstractSpinBox) else widget
    assert target is not None
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    for key in text:
        qtbot.keyClick(QApplication.focusWidget() or target, key)
    qtbot.keyClick(QApplication.focusWidget() or target, Qt.Key.Key_Tab)


def _page_of(form: object, field: QWidget) -> str:
    pages = form.pages  # type: ignore[attr-defined]
    return next(name for name, page in pages.items() if page.isAncestorOf(field))


def test_typing_into_every_optional_scale_and_date_field_is_stored(
        qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database) -> None:
    window = open_session(session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = form_of(window)
    scales = {name: f for name, f in form.fields.items()
              if isinstance(f, ScaleField) and f._optional}
    dates = {name: f for name, f in form.fields.items() if isinstance(f, DateField)}
    assert {"nrs_now", "nrs_best", "nrs_worst", "nrs_after"} <= set(scales)
    assert {"next_visit", "reassessment_date"} == set(dates)
    typed_numbers = {name: 3 + index for index, name in enumerate(scales)}
    for name, field in scales.items():
        form.show_page(_page_of(form, field))
        assert field.editor.text() == "—"
        type_into(qtbot, field.editor, str(typed_numbers[name]))
    next_week = dt.date.today() + dt.timedelta(days=7)
    in_a_month = dt.date.today() + dt.timedelta(days=30)
    short = QLocale().toString(QDate(in_a_month.year, in_a_month.month, in_a_month.day),
                               QLocale.FormatType.ShortFormat)
    form.show_page(_page_of(form, dates["next_visit"]))
    type_into(qtbot, dates["next_visit"].date_edit.line, next_week.isoformat())
    type_into(qtbot, dates["reassessment_date"].date_edit.line, short)
    form.flush()
    notes = session_notes.get_session_notes(db, session.uid)
    for name, number in typed_numbers.items():
        assert getattr(notes, name) == number, name
    assert notes.next_visit == next_week
    assert notes.reassessment_date == in_a_month


def test_a_left_hip_flexion_of_30_is_stored(
        qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database) -> None:
    window = open_session(session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = form_of(window)
    form.show_page("O")
    combo = form.rom.add_combo
    combo.setCurrentIndex(combo.findData("hip/flexion"))
    combo.activated.emit(combo.currentIndex())
    row = form.rom.rows[("hip", "flexion", True)]
    qtbot.waitUntil(row.boxes[Side.LEFT].isVisible)  # shown on the next turn of the loop
    type_into(qtbot, row.boxes[Side.LEFT], "30")
    form.flush()
    assert [(r.side, r.degrees) for r in session_findings.list_rom(db, session.uid)] == [
        (Side.LEFT, 30.0)]


def test_a_number_out_of_range_is_marked_not_dropped(qtbot: QtBot) -> None:
    box = OptionalSpinBox()
    qtbot.addWidget(box)
    box.setRange(-1, 10)
    box.setSpecialValueText("—")
    box.setValue(-1)
    box.show()
    box.setFocus()
    qtbot.keyClick(box, "7")
    assert box.value() == 7 and not box.is_marked_invalid()
    qtbot.keyClick(box, "7")  # 77 is above 10
    assert box.value() == 7
    assert box.is_marked_invalid()
    assert "77" in box.toolTip() and "0 to 10" in box.toolTip()


def test_an_unreadable_date_stays_marked_and_stores_nothing(
        qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database) -> None:
    window = open_session(session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = form_of(window)
    field = form.fields["next_visit"]
    assert isinstance(field, DateField)
    form.show_page(_page_of(form, field))
    type_into(qtbot, field.date_edit.line, "next wed")
    assert field.date_edit.is_marked_invalid()
    assert field.date_edit.line.text() == "next wed"  # still on screen to correct
    form.flush()
    assert session_notes.get_session_notes(db, session.uid).next_visit is None


def test_the_calendar_opens_at_today_with_today_highlighted(
        qtbot: QtBot, open_session: OpenSession, session: SessionRecord) -> None:
    form = form_of(open_session(session))
    edit = form.fields["next_visit"].date_edit  # type: ignore[attr-defined]
    edit.open_calendar()
    today = QDate.currentDate()
    assert edit.calendar.selectedDate() == today
    assert (edit.calendar.yearShown(), edit.calendar.monthShown()) == (today.year(),
                                                                         today.month())
    assert edit.calendar.dateTextFormat(today).fontWeight() == 700
    edit.calendar.clicked.emit(today.addDays(2))
    assert edit.value() == today.addDays(2).toPython()


@pytest.mark.parametrize("typed", ["2026-12-09", "09 Dec 2026", "Wed 9 Dec 2026"])
def test_dates_in_iso_or_written_out_are_read(typed: str) -> None:
    assert parse_date(typed, QLocale(QLocale.Language.English)) == dt.date(2026, 12, 9)


def test_the_system_short_format_is_read() -> None:
    for language in (QLocale.Language.English, QLocale.Language.German,
                     QLocale.Language.French):
        locale = QLocale(language)
        typed = locale.toString(QDate(2026, 12, 9), QLocale.FormatType.ShortFormat)
        assert parse_date(typed, locale) == dt.date(2026, 12, 9), (language, typed)


def test_a_typed_pressure_threshold_replaces_not_measured(
        qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database) -> None:
    from nmt_desktop.domain.atlas import load_atlas

    window = open_session(session)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    chart = window.session_page.chart
    x, y = load_atlas().label_point("shoulder_top_right")
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(x, y))
    # A person clicks the field once the docked editor is on screen (laid out at full height).
    field = chart.editor.ppt_spin
    qtbot.waitUntil(lambda: field.height() >= field.minimumSizeHint().height())
    type_into(qtbot, field, "2.5")
    [point] = charting.load_chart(db, session.uid).trigger_points
    assert point.ppt_value == 2.5
