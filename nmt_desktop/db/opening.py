"""Opening a chart database, in one place and in order.

    1. where:     the SQLite file behind the URL, or a PostgreSQL server
    2. look:      refuse what cannot be opened (empty, not a database, damaged, foreign, too
                  new, read-only folder) before anything is written (db/preflight.py)
    3. tidy:      remove work files a killed create or upgrade left beside the file
    4. back up:   before an upgrade, a verified backup into the clinic's backup folder (or
                  `backups/` beside the file)
    5. migrate:   create or upgrade all-or-nothing (db/schema_files.py; on PostgreSQL one
                  transaction for all migrations)
    6. engine:    the SQLAlchemy engine with the app's settings (db/engine.py); for an
                  up-to-date SQLite file it may be deferred until after the first paint

An encrypted file (SQLCipher) goes through the same steps with one keyed connection factory
(db/cipher.py): the checks, the backup, the work files and the engine all use the key. A new
file opened with a key is created encrypted.

Steps 1-3 use the standard library only: an up-to-date file is checked and the app's window
painted before SQLAlchemy is imported. Every step that can refuse raises a
DatabaseRefusedError whose message is one line for the command line and a dialog's text.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nmt_desktop.db import schema_files
from nmt_desktop.db.cipher import PLAIN, SqliteConnector, driver_errors
from nmt_desktop.db.errors import (
    DatabaseAccessDeniedError,
    DatabaseRefusedError,
    DatabaseUnreachableError,
    ForeignDatabaseError,
    LoginRefusedError,
    SchemaChangeFailedError,
)
from nmt_desktop.db.preflight import (
    VERSION_TABLE,
    display_location,
    folder_problem,
    inspect_sqlite_file,
    is_plain_sqlite_file,
    read_only_folder,
    sqlite_path,
    too_new,
)
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.exc import DBAPIError

    from nmt_desktop.db.key_material import DatabaseKey

BACKUP_FOLDER = "backups"


@dataclass(frozen=True)
class SchemaChange:
    """What opening did to the database's schema, for the message that tells the user."""

    location: str
    from_revision: str | None  # None: a new database was created
    to_revision: str
    backup: Path | None  # the copy taken before an upgrade (SQLite files)

    def message(self) -> str:
        if self.from_revision is None:
            return f"Created a new database in {self.location}."
        kept = f" The previous version is kept in {self.backup}." if self.backup else ""
        return (f"Upgraded {self.location} from schema {self.from_revision} to "
                f"{self.to_revision}.{kept}")


@dataclass(frozen=True)
class OpenedDatabase:
    """The result of opening: the engine (None while deferred) and any schema change made.

    `connector` makes every later connection to the file (keyed if the file is encrypted).
    """

    engine: Engine | None
    change: SchemaChange | None
    connector: SqliteConnector = PLAIN


def backup_folder(database_file: Path) -> Path:
    """Where the copy before an upgrade goes: `backups/` beside the database file."""
    return database_file.parent / BACKUP_FOLDER


def open_database(url: str, *, defer_engine: bool = False,
                  new_database_in_empty_file: bool = False,
                  key: DatabaseKey | None = None,
                  server_password: str | None = None,
                  upgrade_server: bool = True) -> OpenedDatabase:
    """Open the database at `url` at the newest schema, or raise DatabaseRefusedError.

    Args:
        url: SQLAlchemy URL of a SQLite file or a PostgreSQL database.
        defer_engine: For an up-to-date SQLite file, only check it; the caller creates the
            engine later (the app, after its first paint).
        new_database_in_empty_file: The user asked to start a new database in a zero-length
            file (refused otherwise).
        key: The database key (unwrapped at sign-in, db/key_file.py). An encrypted file needs
            it; a new file is created encrypted with it; a plain file is opened as it is
            (services/encryption.py offers to encrypt it). A server ignores it: encryption
            at rest is the server's job there.
        server_password: The login's password on a PostgreSQL server (a person signing in).
        upgrade_server: False: an out-of-date server database is refused, not upgraded (a
            person's login may not change the schema; the IT person runs `server upgrade`).
    """
    path = sqlite_path(url)
    if path is None:
        return _open_server(url, server_password, upgrade_server)
    return _open_sqlite_file(url, path, defer_engine, new_database_in_empty_file,
                             _connector_for(path, key))


def _connector_for(path: Path, key: DatabaseKey | None) -> SqliteConnector:
    """Keyed for an encrypted or a new file; plain for a file that is plain SQLite."""
    if key is None:
        return PLAIN
    if path.is_file() and path.stat().st_size > 0 and is_plain_sqlite_file(path):
        return PLAIN
    return SqliteConnector(key.raw)


# --- SQLite file -------------------------------------------------------------------------

def _open_sqlite_file(url: str, path: Path, defer_engine: bool,
                      new_database_in_empty_file: bool,
                      connector: SqliteConnector) -> OpenedDatabase:
    refused = folder_problem(path)
    if refused is not None:
        raise refused
    revision = inspect_sqlite_file(path, empty_is_new=new_database_in_empty_file,
                                   connector=connector)
    schema_files.remove_leftovers(path)
    change = None
    if revision != SCHEMA_HEAD:
        change = _bring_file_to_head(path, revision, connector)
    if defer_engine and change is None:
        return OpenedDatabase(None, None, connector)
    from nmt_desktop.db.engine import make_engine

    return OpenedDatabase(make_engine(url, connector=connector), change, connector)


def _bring_file_to_head(path: Path, revision: str | None,
                        connector: SqliteConnector) -> SchemaChange:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if revision is None:
            schema_files.create_database_file(path, _migrate_work_file, connector)
            return SchemaChange(str(path), None, SCHEMA_HEAD, None)
        backup = _back_up_before_upgrade(path, revision, connector)
        schema_files.upgrade_database_file(path, backup, revision, _migrate_work_file,
                                           connector)
    except OSError as error:
        if isinstance(error, PermissionError) or error.errno == errno.EROFS:
            folder = Path(error.filename).parent if error.filename else path.parent
            raise read_only_folder(path, folder) from error
        raise _change_failed(str(path), revision, f"{error.strerror or error}") from error
    except (DatabaseRefusedError, KeyboardInterrupt):
        raise
    except Exception as error:  # sqlite3 and SQLAlchemy errors of a migration on the work file
        raise _change_failed(str(path), revision, _first_line(error)) from error
    return SchemaChange(str(path), revision, SCHEMA_HEAD, backup)


def _change_failed(location: str, revision: str | None, reason: str) -> SchemaChangeFailedError:
    what = "creating the database" if revision is None else "upgrading the database"
    unchanged = "nothing was written" if revision is None else "the file was not changed"
    return SchemaChangeFailedError(location, f"{what} failed ({reason}); {unchanged}.")


def _first_line(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def _back_up_before_upgrade(path: Path, revision: str, connector: SqliteConnector) -> Path:
    """The same verified backup as the automatic ones (db/backup_copy.py), where they go.

    Copied online with the database's own key (an encrypted file's backup is encrypted too),
    checked (integrity and every table's row count), flushed and only then given its name, so
    a failed backup stops the upgrade before the file is touched.
    """
    from nmt_desktop.db.backup_copy import BackupFailedError, write_verified_backup
    from nmt_desktop.domain.backup_rotation import Occasion

    try:
        written = write_verified_backup(path, _upgrade_backup_folder(path, connector),
                                        connect=connector.connect,
                                        taken_at=dt.datetime.now(dt.UTC),
                                        occasion=Occasion.BEFORE_UPGRADE)
    except BackupFailedError as error:
        if isinstance(error.__cause__, OSError):
            raise error.__cause__ from None  # a read-only folder is refused as such
        raise _change_failed(str(path), revision,
                             f"no backup could be taken first: {error.reason}") from error
    return written.path


def _upgrade_backup_folder(path: Path, connector: SqliteConnector) -> Path:
    """The clinic's own backup folder, when it chose one and it can be written to now.

    So that *File → Restore from backup…* lists the copy before an upgrade with the others.
    Otherwise (no choice made, a schema older than the setting, the USB disk not plugged in)
    `backups/` beside the file: an upgrade never waits for a disk, and the message after it
    names where the copy went.
    """
    try:
        connection = connector.connect(path)
        try:
            row = connection.execute("SELECT backup_folder FROM clinic_settings").fetchone()
        finally:
            connection.close()
    except driver_errors():  # no such table or column yet: the setting came with 0006
        return backup_folder(path)
    text = str(row[0] or "").strip() if row else ""
    chosen = Path(text).expanduser() if text else None
    if chosen is not None and chosen.is_dir() and os.access(chosen, os.W_OK):
        return chosen
    return backup_folder(path)


def migrate_work_file(work: Path, connector: SqliteConnector, location: str) -> None:
    """Bring a restored backup's work file to this app's schema, checked, before the swap."""
    _migrate_work_file(work, connector)
    schema_files.check_built(work, location, connector)


def _migrate_work_file(work: Path, connector: SqliteConnector) -> None:
    """Run every migration on a work file (not yet anyone's database: no WAL, no fsync)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    from nmt_desktop.db.migrate import run_migrations

    keyed: dict[str, Any] = {}
    if connector.encrypted:
        keyed = {"module": connector.module, "creator": lambda: connector.connect(work)}
    engine = create_engine(f"sqlite:///{work}", poolclass=NullPool, **keyed)
    event.listen(engine, "connect", _work_file_settings)
    try:
        run_migrations(engine)
    finally:
        engine.dispose()


def _work_file_settings(dbapi_connection: Any, _record: Any) -> None:
    # The work file is flushed to disk once, when built (db/schema_files.py).
    dbapi_connection.execute("PRAGMA journal_mode=DELETE")
    dbapi_connection.execute("PRAGMA synchronous=OFF")


# --- PostgreSQL server -------------------------------------------------------------------

def _open_server(url: str, password: str | None, upgrade: bool) -> OpenedDatabase:
    from sqlalchemy.exc import DBAPIError

    from nmt_desktop.db.engine import make_engine
    from nmt_desktop.db.migrate import run_migrations

    location = display_location(url)
    engine = make_engine(url, password=password)
    upgrading = False
    try:
        with engine.connect() as connection:
            revision = _server_revision(connection, location)
            clinic_server = revision is not None and _set_up_as_clinic_server(connection)
        if revision == SCHEMA_HEAD:
            return OpenedDatabase(engine, None)
        if not upgrade or clinic_server:
            # A clinic server's schema changes only through its schema owner role.
            raise SchemaChangeFailedError(
                location, f"the clinic server's database is at schema {revision or 'none'}, "
                f"this version of NMT Desktop needs {SCHEMA_HEAD}. Ask the clinic's IT person "
                "to run `nmt-desktop server upgrade`.")
        # One transaction for every migration (db/migrations/env.py): PostgreSQL rolls back
        # all of it if the upgrade fails or the process is killed.
        upgrading = True
        run_migrations(engine)
    except DBAPIError as error:
        engine.dispose()
        raise server_refusal(location, error, upgrading) from error
    except BaseException:
        engine.dispose()
        raise
    return OpenedDatabase(engine, SchemaChange(location, revision, SCHEMA_HEAD, None))


#: PostgreSQL error classes (SQLSTATE) that mean "the server answered and said no".
_LOGIN_REFUSED = "28"  # invalid authorization: wrong password, no such role, pg_hba
_PERMISSION_DENIED = "42501"
_NO_SUCH_DATABASE = "3D000"
#: libpq's words when a certificate does not verify (sslmode=verify-ca or verify-full).
_TLS_REFUSALS = ("does not match host name", "certificate verify failed",
                 "root certificate file", "SSL error", "server does not support SSL")


def server_refusal(location: str, error: DBAPIError, upgrading: bool,
                   in_one_transaction: bool = False) -> DatabaseRefusedError:
    """Say whether the server did not answer, refused the login, or denied permission.

    `in_one_transaction`: the failed work ran in one transaction (the clinic server's
    commands), so a refused statement left nothing changed.
    """
    reason = _first_line(error)
    kind = _refusal_kind(getattr(error.orig, "sqlstate", None) or "", str(error.orig or error))
    if kind == "login":
        return LoginRefusedError(
            location, f"the server refused the login ({reason}). Check the user name and "
            "password in the database URL.")
    if kind == "permission":
        return DatabaseAccessDeniedError(
            location, f"permission denied on the server ({reason}). Ask the database "
            "administrator to give this user access to the database.")
    if kind == "tls":
        return DatabaseAccessDeniedError(
            location, f"the server's TLS certificate was not accepted ({reason}). Check that "
            "the host name in the URL is the one on the server's certificate and that "
            "sslrootcert names the clinic's CA file.")
    if kind == "database":
        return DatabaseAccessDeniedError(
            location, f"the server has no such database ({reason}). Check the database name "
            "in the URL, or ask the administrator to create it.")
    if kind in ("refused", "statement"):
        # The server answered: a refused statement is never "the server did not answer".
        what = "upgrading the database failed" if upgrading else "the server refused"
        rolled_back = "; it was rolled back, the database is as it was" if upgrading else (
            "; nothing was changed" if in_one_transaction else "")
        return SchemaChangeFailedError(location, f"{what} ({reason}){rolled_back}.")
    return DatabaseUnreachableError(location, f"the server did not answer ({reason}).")


def _refusal_kind(sqlstate: str, text: str) -> str:
    """Classify by SQLSTATE; a refused connection has none, so by the server's FATAL text."""
    if sqlstate.startswith(_LOGIN_REFUSED):
        return "login"
    if sqlstate == _PERMISSION_DENIED:
        return "permission"
    if sqlstate == _NO_SUCH_DATABASE:
        return "database"
    if sqlstate:
        return "statement"
    if any(sign in text for sign in _TLS_REFUSALS):
        return "tls"
    if "no password supplied" in text:
        # libpq's own words when the server asks a password the URL and ~/.pgpass lack: the
        # server answered, and the login cannot get in without one.
        return "login"
    if "FATAL:" not in text:
        return "no answer"
    if "password authentication failed" in text or "pg_hba.conf" in text or (
            "role" in text and "does not exist" in text):
        return "login"
    if "permission denied" in text:
        return "permission"
    if "database" in text and "does not exist" in text:
        return "database"
    return "refused"


def _set_up_as_clinic_server(connection: Connection) -> bool:
    """Whether `server init` set this database up (its schema owner owns the version table)."""
    from sqlalchemy import text

    from nmt_desktop.db.server_names import SCHEMA_OWNER

    return connection.execute(text(
        f"SELECT pg_get_userbyid(relowner) = '{SCHEMA_OWNER}' FROM pg_class "
        f"WHERE oid = to_regclass('public.{VERSION_TABLE}')")).scalar() is True


def _server_revision(connection: Connection, location: str) -> str | None:
    from sqlalchemy import inspect, text

    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise ForeignDatabaseError(location, "the database holds tables of another program.")
        return None
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise too_new(location, revision)
    return revision
