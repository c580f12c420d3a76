"""Numbers and dates as printed on the reports.

Dates are spelled "3 Mar 2025" with English month names of our own, never the locale's
strftime (%b), so a report reads the same on every laptop and a fax cannot turn 03/04 into
April or March.
"""

from __future__ import annotations

from datetime import date, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DASH = "–"
MINUS = "−"


def fmt_date(value: date | None) -> str:
    """Format a date as "3 Mar 2025", or a dash when it is missing."""
    if value is None:
        return DASH
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def fmt_short_date(value: date) -> str:
    """Format a date as "3 Mar", for chart axes and dense tables."""
    return f"{value.day} {_MONTHS[value.month - 1]}"


def fmt_datetime(value: datetime) -> str:
    """Format as "3 Mar 2025, 14:30" (24-hour clock, local time as the service gives it)."""
    return f"{fmt_date(value.date())}, {value:%H:%M}"


def fmt_appointment(value: datetime | date) -> str:
    """Format as "Monday 3 Mar 2025 at 14:30", the way a patient reads an appointment.

    A day without a time (booked as a date only) prints as "Monday 3 Mar 2025".
    """
    if not isinstance(value, datetime):
        return f"{_WEEKDAYS[value.weekday()]} {fmt_date(value)}"
    return f"{_WEEKDAYS[value.weekday()]} {fmt_date(value.date())} at {value:%H:%M}"


def fmt_number(value: float | None, decimals: int = 0, unit: str = "") -> str:
    """A value with its unit, or a dash; negative numbers use a true minus sign."""
    if value is None:
        return DASH
    text = f"{abs(value):.{decimals}f}"
    sign = MINUS if value < 0 and float(text) != 0 else ""
    return f"{sign}{text}{_unit_suffix(unit)}"


def fmt_change(
    baseline: float | None,
    current: float | None,
    decimals: int = 0,
    unit: str = "",
    relative: bool = True,
) -> str:
    """Signed change and its percentage of baseline: "−3 (−43 %)".

    A change of a percentage is in percentage points ("−22 %-points (−58 %)"), so that it
    cannot be mistaken for the relative change. The relative change is left out when the
    baseline is zero, where it has no meaning, and when `relative` is off.
    """
    if baseline is None or current is None:
        return DASH
    delta = current - baseline
    text = fmt_number(delta, decimals, "%-points" if unit == "%" else unit)
    if delta > 0:
        text = "+" + text
    if relative and baseline != 0:
        pct = 100 * delta / abs(baseline)
        pct_text = fmt_number(pct, 0)
        text += f" ({'+' if pct > 0 and pct_text != '0' else ''}{pct_text} %)"
    return text


def _unit_suffix(unit: str) -> str:
    # Degrees hug the number; words and percent signs get a (non-breaking) space.
    if not unit:
        return ""
    return unit if unit == "°" else f"\u00a0{unit}"
