"""The open database: short-lived ORM sessions, one transaction per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from nmt_desktop.db.migrate import display_location, open_engine, sqlite_path


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

    def close(self) -> None:
        self.engine.dispose()
