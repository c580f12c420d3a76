"""Column values to JSON and back, checked against the column's own type.

Reading is strict: every value must have the column's type, fit its length and be allowed to
be empty only where the column is. A problem is reported with the value's place in the file
(``sessions[2].trigger_points[0].tenderness_grade``) so a person can find it.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import math
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Enum, Float, Integer, LargeBinary, String, Uuid

from nmt_desktop.db.types import UtcDateTime

#: No stored number comes near this; larger ones would overflow the database's integers.
LARGEST_NUMBER = 2**53


class FieldProblemError(ValueError):
    """A value that does not fit its column; the message names the place in the file."""


def column_of(model: type[Any], name: str) -> Column[Any]:
    column: Column[Any] = model.__table__.columns[name]
    return column


def to_json(value: Any) -> Any:
    """A stored value as the file holds it."""
    if isinstance(value, enum.Enum):  # before str and int: StrEnum and IntEnum are both
        return value.value
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    raise TypeError(f"cannot write {type(value).__name__} to a chart file")


def from_json(column: Column[Any], raw: Any, where: str) -> Any:
    """The value to store for `raw`, or FieldProblemError saying what is wrong with it."""
    if raw is None:
        if column.nullable:
            return None
        raise FieldProblemError(f"{where}: a value is required")
    kind = column.type
    if isinstance(kind, Uuid):
        return parse_uid(raw, where)
    if isinstance(kind, UtcDateTime):
        return _timestamp(raw, where)
    if isinstance(kind, Date):
        return _date(raw, where)
    if isinstance(kind, Enum):
        return _member(kind, raw, where)
    if isinstance(kind, Boolean):
        if not isinstance(raw, bool):
            raise FieldProblemError(f"{where}: expected true or false, found {_shown(raw)}")
        return raw
    if isinstance(kind, Integer):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FieldProblemError(f"{where}: expected a whole number, found {_shown(raw)}")
        if not -LARGEST_NUMBER <= raw <= LARGEST_NUMBER:
            raise FieldProblemError(f"{where}: the number is far too large")
        return raw
    if isinstance(kind, Float):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise FieldProblemError(f"{where}: expected a number, found {_shown(raw)}")
        if isinstance(raw, int) and not -LARGEST_NUMBER <= raw <= LARGEST_NUMBER:
            raise FieldProblemError(f"{where}: the number is far too large")
        if not math.isfinite(raw):
            raise FieldProblemError(f"{where}: expected a number, found {_shown(raw)}")
        return float(raw)
    if isinstance(kind, String):
        return _text(raw, kind.length, where)
    if isinstance(kind, LargeBinary):
        try:
            return base64.b64decode(_text(raw, None, where), validate=True)
        except ValueError:
            raise FieldProblemError(f"{where}: expected base64 data") from None
    if isinstance(kind, JSON):
        return raw
    raise FieldProblemError(f"{where}: column type {kind!r} is not supported")  # pragma: no cover


def parse_uid(raw: Any, where: str) -> uuid.UUID:
    if not isinstance(raw, str):
        raise FieldProblemError(f"{where}: expected a uid, found {_shown(raw)}")
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise FieldProblemError(f"{where}: {raw!r} is not a uid") from None


def _timestamp(raw: Any, where: str) -> dt.datetime:
    if not isinstance(raw, str):
        raise FieldProblemError(f"{where}: expected a date and time, found {_shown(raw)}")
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise FieldProblemError(f"{where}: {raw!r} is not a date and time") from None
    if value.tzinfo is None:
        raise FieldProblemError(f"{where}: {raw!r} has no time zone (write it in UTC, +00:00)")
    return value.astimezone(dt.UTC)


def _date(raw: Any, where: str) -> dt.date:
    if not isinstance(raw, str):
        raise FieldProblemError(f"{where}: expected a date, found {_shown(raw)}")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FieldProblemError(f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from None


def _member(kind: Enum, raw: Any, where: str) -> enum.Enum:
    enum_class = kind.enum_class
    assert enum_class is not None
    try:
        member: enum.Enum = enum_class(raw)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_class)
        raise FieldProblemError(f"{where}: {_shown(raw)} is not one of {allowed}") from None
    return member


def _text(raw: Any, limit: int | None, where: str) -> str:
    if not isinstance(raw, str):
        raise FieldProblemError(f"{where}: expected text, found {_shown(raw)}")
    if limit is not None and len(raw) > limit:
        raise FieldProblemError(
            f"{where}: text is too long ({len(raw)} characters; at most {limit})")
    if "\x00" in raw:
        raise FieldProblemError(f"{where}: text contains a NUL character")
    return raw


def _shown(raw: Any) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."
