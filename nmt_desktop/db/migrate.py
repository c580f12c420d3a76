"""Open a chart database safely: refuse what we cannot read, back up, then upgrade.

Every refusal happens before anything writes to the file: a SQLite file is first inspected
through a read-only connection, so a corrupt, foreign or too-new file stays byte-for-byte as it
was. Alembic is imported only when an upgrade is really needed, which keeps it off the start-up
path of an up-to-date database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from nmt_desktop.db.engine import is_sqlite, make_engine
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    DatabaseUnreachableError,
    ForeignDatabaseError,
    NotADatabaseError,
)
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and server databases."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def display_location(url: str) -> str:
    """Where the data lives, without any password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(url).render_as_string(hide_password=True)


def _too_new(location: str, revision: str) -> DatabaseTooNewError:
    return DatabaseTooNewError(
        location,
        f"it was written by a newer version of NMT Desktop (schema {revision}). "
        "Install the newer version to open it; the file was not changed.",
    )


#: Up to this size every start checks the whole file (about 0.5 s per 100 MB here). A large
#: clinic's file (870 MB for 20,000 patients) would wait 4 s at every start, so above it the
#: start checks the schema and the small tables; `nmt-desktop db check` checks everything, and
#: SQLite refuses a damaged page of the big chart tables whenever it reads one.
FULL_CHECK_LIMIT_BYTES = 128 * 1024 * 1024
CHECKED_AT_EVERY_START = ("alembic_version", "therapist", "patient")


def _quick_check(connection: sqlite3.Connection, path: Path) -> list[tuple[str]]:
    if path.stat().st_size <= FULL_CHECK_LIMIT_BYTES:
        return connection.execute("PRAGMA quick_check").fetchall()
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    problems: list[tuple[str]] = []
    for table in CHECKED_AT_EVERY_START:
        if table in tables:
            rows = connection.execute(f'PRAGMA quick_check("{table}")').fetchall()
            problems.extend(row for row in rows if row != ("ok",))
    return problems or [("ok",)]


def inspect_sqlite_file(path: Path) -> str | None:
    """Check a SQLite file without writing to it; return its schema revision (None if new)."""
    location = str(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise NotADatabaseError(location, "it is a folder, not a database file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(location, "it is not an NMT Desktop database (not a SQLite file).")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise CorruptDatabaseError(location, f"SQLite cannot open it ({error}).") from error
    try:
        check = _quick_check(connection, path)
        if check != [("ok",)]:
            raise CorruptDatabaseError(
                location,
                "the file is damaged (integrity check failed). Restore it from a backup; "
                "the file was not changed.",
            )
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if VERSION_TABLE not in tables:
            if tables - {"sqlite_sequence"}:
                raise ForeignDatabaseError(
                    location, "it is a SQLite database of another program, not NMT Desktop."
                )
            return None
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.DatabaseError as error:
        raise CorruptDatabaseError(
            location, f"the file is damaged ({error}). Restore it from a backup."
        ) from error
    finally:
        connection.close()
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise _too_new(location, revision)
    return revision


def _server_revision(connection: Connection, location: str) -> str | None:
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise ForeignDatabaseError(location, "the database holds tables of another program.")
        return None
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise _too_new(location, revision)
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
