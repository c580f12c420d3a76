"""Checks shared by the clinical-record services: each turns bad input into a plain message.

Free text is stored exactly as typed (no stripping): autosave sends text while the therapist
is still typing, and a trailing space must not vanish under the cursor.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.atlas.model import Region
from nmt_desktop.domain.errors import ValidationError

MAX_NOTE_LENGTH = 20_000
#: Notes beside a finding, a goal's progress, an answer or a clearance.
SHORT_NOTE_LENGTH = 2000
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def clean_text(name: str, value: Any, limit: int = MAX_NOTE_LENGTH, *, multiline: bool = True
               ) -> str:
    """A free-text field: a string of at most `limit` characters without control codes."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: f"{_label(name)} must be text."})
    if len(value) > limit:
        raise ValidationError({name: f"{_label(name)} is too long (at most {limit} "
                                     "characters)."})
    allowed = _ALLOWED_CONTROLS if multiline else set()
    if any(not c.isprintable() and c not in allowed for c in value):
        raise ValidationError({name: f"{_label(name)} contains control characters."})
    return value


def required_text(name: str, value: Any, limit: int = MAX_NOTE_LENGTH, *,
                  multiline: bool = True) -> str:
    text = clean_text(name, value, limit, multiline=multiline)
    if not text.strip():
        raise ValidationError({name: f"{_label(name)} is required."})
    return text


def clean_date(name: str, value: Any) -> dt.date | None:
    """A date, an ISO date string, or empty (None)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise ValidationError({name: f"{_label(name)} must be a date without a time."})
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError({name: f"{_label(name)} must be a date (YYYY-MM-DD)."})


def required_date(name: str, value: Any) -> dt.date:
    day = clean_date(name, value)
    if day is None:
        raise ValidationError({name: f"{_label(name)} is required."})
    return day


def clean_datetime(name: str, value: Any) -> dt.datetime:
    """A timezone-aware moment (stored in UTC)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value
    raise ValidationError({name: f"{_label(name)} must be a date and time with a time zone."})


def clean_scale(name: str, value: Any, highest: int) -> int | None:
    """A whole number 0..highest, or None (not recorded)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
        raise ValidationError({name: f"{_label(name)} must be a whole number from 0 to "
                                     f"{highest}."})
    return value


# ----------------------------------------------------------------------------- moments
# Rules on when things happened, shared by the services (typed data) and the chart importer.

#: How far another computer's clock may run ahead of this one before a time counts as future.
CLOCK_SKEW = dt.timedelta(minutes=10)


def latest_allowed(now: dt.datetime | None = None) -> dt.datetime:
    """The latest moment a stored time may name: now, plus a small clock skew."""
    return (now or dt.datetime.now(dt.UTC)) + CLOCK_SKEW


def session_start_problem(started_at: dt.datetime, date_of_birth: dt.date,
                          now: dt.datetime | None = None) -> str | None:
    """Why a session cannot have started then, or None: not before birth, not in the future."""
    if started_at.astimezone(dt.UTC).date() < date_of_birth - dt.timedelta(days=1):
        return (f"the session ({started_at:%Y-%m-%d}) is dated before the patient's birth "
                f"({date_of_birth:%Y-%m-%d})")
    # A visit booked for later today is charted ahead (time zones: a day's slack).
    if started_at > (now or dt.datetime.now(dt.UTC)) + dt.timedelta(days=1):
        return f"the session ({started_at:%Y-%m-%d %H:%M} UTC) is dated in the future"
    return None


def signing_problem(started_at: dt.datetime, signed_at: dt.datetime,
                    now: dt.datetime | None = None) -> str | None:
    """Why a session cannot have been signed then, or None."""
    if signed_at < started_at:
        return "it was signed before the session started"
    if signed_at > latest_allowed(now):
        return "its signing time is in the future"
    return None


def amendment_time_problem(written_at: dt.datetime, signed_at: dt.datetime | None,
                           now: dt.datetime | None = None) -> str | None:
    """Why an amendment cannot have been written then, or None: after signing, not future."""
    if signed_at is None:
        return "the session it corrects is not signed"
    if written_at < signed_at:
        return "it is dated before the session was signed"
    if written_at > latest_allowed(now):
        return "it is dated in the future"
    return None


def stamp_problem(name: str, stamp: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """A record's created/updated time must not lie in the future (later edits would lose)."""
    if stamp > latest_allowed(now):
        return f"{name} {stamp:%Y-%m-%d %H:%M} UTC is in the future"
    return None


# ----------------------------------------------------------------------------- the figure

def locate_on_figure(x: Any, y: Any) -> Region:
    """The atlas region under a body-map point; ValidationError outside the body outline."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
    if not numbers or not all(math.isfinite(float(v)) for v in (x, y)):
        raise ValidationError({"position": "A position must be two finite numbers."})
    region = load_atlas().region_at(float(x), float(y))
    if region is None:
        raise ValidationError({"position": "That point is outside the body outline."})
    return region
