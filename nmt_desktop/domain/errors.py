"""Errors that carry a message meant for the person at the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping


class ValidationError(ValueError):
    """Input that cannot be saved; nothing was written. Maps field name to a plain message."""

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(self.field_errors.values()))


class NotFoundError(LookupError):
    """The record asked for does not exist (or no longer does)."""


class ConflictError(ValueError):
    """The change contradicts what is stored (e.g. a chart number already in use)."""


class NotAllowedError(PermissionError):
    """The signed-in person's role has no right to this use case; nothing was read or written."""


class NotSignedInError(NotAllowedError):
    """Nobody is signed in on this database handle."""


class StaleEditError(ConflictError):
    """Someone saved the record after the editor loaded it; nothing was written.

    Never a silent overwrite: the editor chooses to reload the stored version or to keep their
    own (saving again from `current_version`). `changed_by` and `changed_at` come from the
    audit trail (None when it names nobody, e.g. a change made before the audit trail existed).
    """

    def __init__(self, what: str, changed_by: str | None, changed_at: dt.datetime | None,
                 current_version: int) -> None:
        self.what = what
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version
        super().__init__(f"{_changed_by_whom(changed_by, changed_at)} after you opened {what}: "
                         "your change was not saved over it.")


def _changed_by_whom(changed_by: str | None, changed_at: dt.datetime | None) -> str:
    """'Changed by Sam at 14:03' (a date too when it was not today, in local time)."""
    text = "Changed"
    if changed_by:
        text += f" by {changed_by}"
    if changed_at is not None:
        local = changed_at.astimezone()
        when = (f"at {local:%H:%M}" if local.date() == dt.date.today()
                else f"on {local:%Y-%m-%d} at {local:%H:%M}")
        text += f" {when}"
    return text
