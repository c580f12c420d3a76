"""Open a chart database safely: refuse what we cannot read, back up, then upgrade.

Every refusal happens before anything writes to the file: a SQLite file is first inspected
through a read-only connection (db/preflight.py), so a corrupt, foreign or too-new file stays
byte-for-byte as it was. Alembic is imported only when an upgrade is really needed, which keeps
it off the start-up path of an up-to-date database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.errors import DatabaseUnreachableError, ForeignDatabaseError
from nmt_desktop.db.preflight import (
    VERSION_TABLE,
    display_location,
    inspect_sqlite_file,
    sqlite_path,
    too_new,
)
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD

__all__ = ["backup_sqlite", "display_location", "inspect_sqlite_file", "open_engine",
           "run_migrations", "sqlite_path"]


def _server_revision(connection: Connection, location: str) -> str | None:
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise ForeignDatabaseError(location, "the database holds tables of another program.")
        return None
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise too_new(location, revision)
    return revision


def backup_sqlite(source: Path, destination: Path) -> None:
    """Copy a live SQLite database consistently (the online backup API), even while in use."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    source_connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target_connection = sqlite3.connect(destination)
    try:
        source_connection.backup(target_connection)
    finally:
        target_connection.close()
        source_connection.close()


def _backup_before_upgrade(path: Path, revision: str, backup_dir: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{path.stem}-schema-{revision}-{stamp}{path.suffix or '.sqlite'}"
    backup_sqlite(path, target)
    return target


def run_migrations(engine: Engine, target: str = "head") -> None:
    """Upgrade the schema with the Alembic scripts shipped inside the package."""
    from alembic import command  # heavy: imported only when a migration runs
    from alembic.config import Config

    config = Config()
    scripts = resources.files("nmt_desktop.db") / "migrations"
    config.set_main_option("script_location", str(scripts))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy tables; foreign keys must not fire halfway through.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        connection.commit()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def open_engine(url: str, backup_dir: Path | None = None) -> Engine:
    """Return an engine on an up-to-date schema, or raise DatabaseRefusedError (file untouched)."""
    location = display_location(url)
    path = sqlite_path(url)
    if path is not None:
        revision = inspect_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url)
    else:
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                revision = _server_revision(connection, location)
        except DBAPIError as error:
            engine.dispose()
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise DatabaseUnreachableError(
                location, f"the server did not answer ({reason})."
            ) from error
    if revision != SCHEMA_HEAD:
        if revision is not None and path is not None:
            _backup_before_upgrade(path, revision, backup_dir or path.parent / "backups")
        run_migrations(engine)
    return engine
