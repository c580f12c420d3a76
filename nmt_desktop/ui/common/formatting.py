"""How dates and times read on screen: stored in UTC, shown in the laptop's local time."""

from __future__ import annotations

import datetime as dt


def local_datetime_text(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


DATE_FORMAT = "%d %b %Y"


def local_date_text(moment: dt.datetime) -> str:
    """The local calendar day of a stored moment."""
    return date_text(moment.astimezone())


def date_text(day: dt.date) -> str:
    """A calendar day as every screen writes it: 07 Mar 2026."""
    return day.strftime(DATE_FORMAT)
