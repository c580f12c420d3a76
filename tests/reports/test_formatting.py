"""Numbers and dates as printed."""

from __future__ import annotations

from datetime import date, datetime

from nmt_desktop.reports.formatting import (
    fmt_appointment,
    fmt_change,
    fmt_date,
    fmt_number,
)


def test_dates_do_not_depend_on_the_locale() -> None:
    assert fmt_date(date(2025, 3, 4)) == "4 Mar 2025"
    assert fmt_date(None) == "–"
    assert fmt_appointment(datetime(2025, 3, 10, 14, 30)) == "Monday 10 Mar 2025 at 14:30"
    assert fmt_appointment(date(2025, 3, 10)) == "Monday 10 Mar 2025"


def test_numbers_use_a_true_minus_and_their_unit() -> None:
    assert fmt_number(-3) == "−3"
    assert fmt_number(-0.04, 1) == "0.0"
    assert fmt_number(48, 0, "°") == "48°"
    assert fmt_number(6.8, 1, "%") == "6.8\u00a0%"
    assert fmt_number(None) == "–"


def test_change_shows_raw_and_relative_change() -> None:
    assert fmt_change(7, 2) == "−5 (−71 %)"
    assert fmt_change(3.3, 7.0, 1) == "+3.7 (+112 %)"
    assert fmt_change(48, 70, 0, "°") == "+22° (+46 %)"
    # A percentage changes in percentage points, never to be read as the relative change.
    assert fmt_change(38, 16, 0, "%") == "−22\u00a0%-points (−58 %)"
    assert fmt_change(0, 3) == "+3"
    assert fmt_change(4, 4) == "0 (0 %)"
    assert fmt_change(None, 3) == "–"
    assert fmt_change(1, 2, relative=False) == "+1"
