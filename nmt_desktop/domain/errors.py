"""Errors that carry a message meant for the person at the keyboard."""

from __future__ import annotations

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
