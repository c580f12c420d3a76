"""The open database: short-lived ORM sessions, one transaction per use case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from nmt_desktop.db.migrate import display_location, open_engine, sqlite_path

_NAMED_PLACEHOLDER = re.compile(r"(?<![:\w]):(\w+)")


class Database:
    """Owns the engine. Nothing outside services ever holds one of its ORM sessions."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        # Results outlive the transaction as plain values; nothing is lazily reloaded later.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, backup_dir: Path | None = None) -> Database:
        """Open (creating or upgrading if needed) the database at `url`."""
        return cls(open_engine(url, backup_dir), url)

    @property
    def location(self) -> str:
        return display_location(self.url)

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look; nothing is committed."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def driver_cursor(self) -> Iterator[Any]:
        """A plain DBAPI cursor on a pooled connection, for reads on every keystroke.

        SQLAlchemy spends about 0.3 ms on each statement it runs, and the ORM more per row; the
        patient search runs at every keystroke, so it skips both. SQL given to this cursor
        must be written for both backends and pass through `driver_sql` for its placeholders.
        Nothing is committed: the connection is rolled back when it goes back to the pool.
        """
        with self.engine.connect() as connection:
            cursor = connection.connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def driver_sql(self, sql: str) -> str:
        """`sql` with `:name` placeholders in the driver's own style (sqlite3 named, psycopg %)."""
        if self.engine.dialect.paramstyle == "pyformat":
            return _NAMED_PLACEHOLDER.sub(r"%(\1)s", sql)
        return sql

    def close(self) -> None:
        self.engine.dispose()
