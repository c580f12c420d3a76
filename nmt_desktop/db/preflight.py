"""Look at a SQLite chart file before opening it, with the standard library only.

Every refusal (not a database, corrupt, foreign, too new) is decided here through a read-only
connection, so the file stays byte-for-byte as it was. Nothing here imports SQLAlchemy: the app
checks an up-to-date file and paints its window before SQLAlchemy is loaded (db/database.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from nmt_desktop.db.cipher import (
    NO_SQLCIPHER,
    PLAIN,
    SQLITE_HEADER,
    SqliteConnector,
    cipher_available,
    database_errors,
    driver_errors,
)
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    DatabaseRefusedError,
    DatabaseTooNewError,
    EmptyDatabaseFileError,
    EncryptedDatabaseError,
    ForeignDatabaseError,
    NotADatabaseError,
    ReadOnlyFolderError,
    WrongDatabaseKeyError,
)
from nmt_desktop.db.schema import KNOWN_REVISIONS

#: SQLCipher writes whole pages (512 bytes at the least): an encrypted file's size is a multiple.
_SMALLEST_CIPHER_PAGE = 512
#: SQLITE_NOTADB: what SQLCipher answers when the key does not decrypt page 1.
_SQLITE_NOTADB = 26
#: Where the wrapped database keys of an encrypted file are kept (db/key_file.py).
KEY_FILE_SUFFIX = ".keys"

VERSION_TABLE = "alembic_version"

#: Up to this size every start checks the whole file (about 0.5 s per 100 MB here). A large
#: clinic's file (870 MB for 20,000 patients) would wait 4 s at every start, so above it the
#: start checks the schema and the small tables; `nmt-desktop db check` checks everything, and
#: SQLite refuses a damaged page of the big chart tables whenever it reads one.
FULL_CHECK_LIMIT_BYTES = 128 * 1024 * 1024
CHECKED_AT_EVERY_START = ("alembic_version", "therapist", "patient")

#: What SQLite keeps beside a database file while it is open or after a crash.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")

# The parts of a database URL that matter here, read the way SQLAlchemy's make_url reads them
# (tests/db/test_open_for_start.py compares the two): driver, optional user@host:port, /database,
# ?query. The database part is percent-decoded.
_URL = re.compile(
    r"(?P<driver>[\w+]+)://"
    r"(?:[^:/]*(?::[^@]*)?@)?"
    r"(?:\[[^/?]+\]|[^/:?]+)?(?::[^/?]*)?"
    r"(?:/(?P<database>[^?]*))?"
    r"(?:\?.*)?"
)


def backend_name(url: str) -> str | None:
    """'sqlite' for sqlite:// and sqlite+driver:// URLs, 'postgresql' for …; None if unreadable."""
    match = _URL.match(url)
    return match["driver"].split("+")[0] if match else None


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory and server databases."""
    match = _URL.match(url)
    if match is None or match["driver"].split("+")[0] != "sqlite":
        return None
    database = unquote(match["database"] or "")
    if not database or database == ":memory:":
        return None
    return Path(database)


def display_location(url: str) -> str:
    """Where the data lives, without any password."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url  # server URLs only; SQLAlchemy is loaded by then

    return make_url(url).render_as_string(hide_password=True)


def too_new(location: str, revision: str) -> DatabaseTooNewError:
    return DatabaseTooNewError(
        location,
        f"it was written by a newer version of NMT Desktop (schema {revision}). "
        "Install the newer version to open it; the file was not changed.",
    )


def key_file_path(path: Path) -> Path:
    """The key file beside a database file: `<file name>.keys`."""
    return path.with_name(path.name + KEY_FILE_SUFFIX)


def _quick_check(connection: Any, path: Path) -> list[tuple[str]]:
    if path.stat().st_size <= FULL_CHECK_LIMIT_BYTES:
        rows: list[tuple[str]] = connection.execute("PRAGMA quick_check").fetchall()
        return rows
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    problems: list[tuple[str]] = []
    for table in CHECKED_AT_EVERY_START:
        if table in tables:
            rows = connection.execute(f'PRAGMA quick_check("{table}")').fetchall()
            problems.extend(row for row in rows if row != ("ok",))
    return problems or [("ok",)]


def sidecars(path: Path) -> list[Path]:
    """The journal files SQLite keeps beside `path` (-wal, -shm, -journal), existing or not."""
    return [path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES]


def folder_problem(path: Path) -> ReadOnlyFolderError | None:
    """Why NMT Desktop cannot write beside `path`, or None.

    SQLite writes its journal (-wal, -shm) in the file's folder even to read, and upgrades are
    built beside the file; a folder that cannot be written to is said to be one, not taken for a
    damaged file.
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    return read_only_folder(path, folder)


def read_only_folder(path: Path, folder: Path) -> ReadOnlyFolderError:
    return ReadOnlyFolderError(
        str(path),
        f"the folder {folder} is read-only (or you may not write to it). NMT Desktop writes "
        "its journal beside the database; copy the file to a folder you can write to, or ask "
        "for write permission. The file was not changed.",
    )


def _read_only_uri(path: Path) -> str:
    # Without a journal beside it the whole database is in the file: `immutable` reads it
    # without creating -wal/-shm files. A journal left by a crash must be read (mode=ro).
    leftover = any(sidecar.exists() for sidecar in sidecars(path))
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if leftover else "&immutable=1")


def inspect_sqlite_file(path: Path, *, empty_is_new: bool = False,
                        connector: SqliteConnector = PLAIN) -> str | None:
    """Check a SQLite file without writing to it; return its schema revision (None if new).

    A zero-length file is refused (EmptyDatabaseFileError) unless `empty_is_new`: the user
    asked to start a new database in it. An encrypted file is read with `connector`'s key; one
    opened without a key is refused as encrypted (EncryptedDatabaseError), never as garbage.
    The caller passes the key only for an encrypted file (`is_plain_sqlite_file`).
    """
    location = str(path)
    if not path.exists():
        return None
    if path.is_dir():
        raise NotADatabaseError(location, "it is a folder, not a database file.")
    if path.stat().st_size == 0:
        if empty_is_new:
            return None
        raise EmptyDatabaseFileError(
            location,
            "the file is empty (0 bytes), perhaps a copy that did not finish. Restore the "
            "database from a backup, or start a new, empty database in its place (the app "
            "asks; on the command line add --new-database). The file was not changed.",
        )
    if not is_plain_sqlite_file(path):
        _refuse_unless_decryptable(path, connector)
    before = {sidecar for sidecar in sidecars(path) if sidecar.exists()}
    try:
        return _read_revision(path, location, connector)
    except DatabaseRefusedError:
        # A refused file is left as it was found: no journal files of ours beside it.
        for sidecar in sidecars(path):
            if sidecar not in before:
                sidecar.unlink(missing_ok=True)
        raise


def is_plain_sqlite_file(path: Path) -> bool:
    """Whether `path` starts with SQLite's header (a plain, unencrypted database file)."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def may_be_encrypted(path: Path) -> bool:
    """Whether `path` could be an encrypted database rather than some other file.

    Not plain SQLite, and either a key file lies beside it or its size is a whole number of
    pages (SQLCipher writes whole pages; a text file rarely is).
    """
    size = path.stat().st_size
    if size == 0 or is_plain_sqlite_file(path):
        return False
    return key_file_path(path).exists() or size % _SMALLEST_CIPHER_PAGE == 0


def _refuse_unless_decryptable(path: Path, connector: SqliteConnector) -> None:
    """A file without SQLite's header: encrypted (and can we read it?) or not a database."""
    location = str(path)
    if not may_be_encrypted(path):
        raise NotADatabaseError(location, "it is not an NMT Desktop database (not a SQLite file).")
    if not cipher_available():
        raise EncryptedDatabaseError(location, f"it is encrypted, and {NO_SQLCIPHER}")
    if connector.key is None:
        raise EncryptedDatabaseError(
            location, "it is encrypted (or not an NMT Desktop database at all): sign in to "
            "unlock it, or use the owner's recovery code. The file was not changed.")


def _read_revision(path: Path, location: str, connector: SqliteConnector) -> str | None:
    try:
        connection = connector.connect(_read_only_uri(path), uri=True)
    except driver_errors() as error:
        raise _unreadable(path, f"SQLite cannot open it ({error}).") from error
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
    except database_errors() as error:
        if connector.encrypted and _not_a_database(error):
            raise WrongDatabaseKeyError(
                location, "the database key does not open it (the key of another database, "
                "or the start of the file is damaged). The file was not changed.") from error
        raise _unreadable(path, f"the file is damaged ({error}). Restore it from a backup.") \
            from error
    finally:
        connection.close()
    revision = row[0] if row else None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise too_new(location, revision)
    return revision


def _not_a_database(error: Exception) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code == _SQLITE_NOTADB or "file is not a database" in str(error)


def _unreadable(path: Path, damaged: str) -> DatabaseRefusedError:
    """Damage, unless the folder or file cannot be written (SQLite then fails to open it)."""
    problem = folder_problem(path)
    if problem is not None:
        return problem
    return CorruptDatabaseError(str(path), damaged)
