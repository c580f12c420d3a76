"""How dates and times read on screen: stored in UTC, shown in the laptop's local time."""

from __future__ import annotations

import datetime as dt


def local_datetime_text(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def local_date_text(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y")
