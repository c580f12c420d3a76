"""Rows of one table read on the DBAPI cursor, typed by SQLAlchemy's own column types.

Opening a chart reads its marks from three tables. Through a Session each statement costs
about 0.4 ms of SQLAlchemy's execution machinery (more when the CPU caches are cold), several
times what SQLite needs. `PlainRows` runs the same SELECT on `Database.driver_cursor` and
converts each value with the converter SQLAlchemy itself would apply (the column type's
dialect implementation's `result_processor`), so enums, JSON lists, uids and booleans come back
exactly as they do from a Session (tests/services/test_chart_reading.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sqlalchemy import Dialect, Table

    from nmt_desktop.db.database import Database

_Processor = Callable[[Any], Any] | None


class PlainRows:
    """`SELECT columns FROM <model's table> WHERE where_column = :value ORDER BY id`."""

    def __init__(self, model: type[Any], columns: Sequence[str], where_column: str) -> None:
        table = cast("Table", model.__table__)
        self._table = table
        self._columns = [table.c[name] for name in columns]
        self._names = list(columns)
        self._where = table.c[where_column]
        # Per dialect: the SQL text, and the converters once the driver has described a result.
        self._sql: dict[str, str] = {}
        self._processors: dict[str, list[_Processor]] = {}

    def read(self, db: Database, cursor: Any, value: Any) -> list[SimpleNamespace]:
        """The rows whose `where_column` equals `value`, in id order."""
        dialect = db.engine.dialect
        sql = self._sql.get(dialect.name)
        if sql is None:
            sql = self._sql[dialect.name] = self._select(db, dialect)
        cursor.execute(sql, {"value": value})
        rows = cursor.fetchall()
        processors = self._processors.get(dialect.name)
        if processors is None:
            processors = self._processors[dialect.name] = [
                column.type.dialect_impl(dialect).result_processor(dialect, described[1])
                for column, described in zip(self._columns, cursor.description, strict=True)]
        names = self._names
        return [SimpleNamespace(**{name: raw if convert is None else convert(raw)
                                   for name, convert, raw in zip(names, processors, row,
                                                                 strict=True)})
                for row in rows]

    def _select(self, db: Database, dialect: Dialect) -> str:
        quote = dialect.identifier_preparer.quote
        columns = ", ".join(quote(column.name) for column in self._columns)
        return db.driver_sql(
            f"SELECT {columns} FROM {quote(self._table.name)} "
            f"WHERE {quote(self._where.name)} = :value ORDER BY {quote('id')}")
