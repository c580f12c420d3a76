"""Fault injection shared by the write-failure tests: a failing connection, a held write lock."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, event

from nmt_desktop.db.database import Database

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextlib.contextmanager
def failing_writes(message: str = "database or disk is full") -> Iterator[None]:
    """Every write statement fails the way the driver reports `message` (SQLite's wording)."""
    def fail(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError(message)

    event.listen(Engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", fail)


class HeldWriteLock:
    """Another program's sqlite3 connection holding the file's write lock (BEGIN IMMEDIATE)."""

    def __init__(self, db: Database) -> None:
        path = db.sqlite_file
        assert path is not None
        self._connection = sqlite3.connect(Path(path), isolation_level=None,
                                           check_same_thread=False)
        self._connection.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self._connection.execute("ROLLBACK")
            self._connection.close()
            self.held = False
