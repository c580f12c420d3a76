"""Uids read back from SQLite in bulk, without the cost of `uuid.UUID(text)` for each.

SQLAlchemy's Uuid type stores a uid on SQLite as its 32 lowercase hex digits (`value.hex`).
`uuid.UUID(text)` accepts any spelling (braces, dashes, "urn:uuid:") and spends two thirds of
its time normalising it; a 520-session chart lists 520 of them. Stored text needs none of that,
so the number is set directly, as `uuid.UUID.__init__` itself sets it.
"""

from __future__ import annotations

import uuid

_new = object.__new__
_set = object.__setattr__
_UUID = uuid.UUID
_UNKNOWN = uuid.SafeUUID.unknown


def uid_from_stored_hex(text: str) -> uuid.UUID:
    """The uid stored as `text` (32 hex digits); equal to `uuid.UUID(text)`."""
    if len(text) != 32:
        return _UUID(text)  # not as SQLAlchemy writes it: let UUID check and normalise it
    value = _new(_UUID)
    _set(value, "int", int(text, 16))
    _set(value, "is_safe", _UNKNOWN)
    return value
