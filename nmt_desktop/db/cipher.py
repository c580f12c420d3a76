"""Connections to a SQLite chart file: plain (sqlite3), or encrypted (SQLCipher) with a raw key.

Every connection to a chart file, from the first paint's early reads to the engine's pool, the
checks before opening and the work files of an upgrade, comes from one `SqliteConnector`, so
an encrypted file is never opened by a path that forgot its key.

The key is a raw 256-bit key (`PRAGMA key = "x'…'"`): SQLCipher then skips its own passphrase
derivation (PBKDF2, 256,000 rounds), so a new connection costs what a plain one does. The slow,
password-hardened derivation happens once per sign-in, in db/key_file.py, never per connection.
`sqlcipher3` is imported only when a key is used: a plain database starts as fast as before.

One file, one library: a plain file is opened with sqlite3 only and an encrypted one with
SQLCipher only. sqlite3 and sqlcipher3 are two copies of SQLite, and two copies in one process
do not see each other's POSIX locks (closing either one's file handle even drops the other's),
so mixing them on one file could corrupt it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

#: The first 16 bytes of every plain SQLite file; an encrypted file starts with a random salt.
SQLITE_HEADER = b"SQLite format 3\x00"

NO_SQLCIPHER = ("this build of NMT Desktop cannot open encrypted databases (the SQLCipher "
                "library, Python package sqlcipher3, is missing); the file was not changed.")


class CipherUnavailableError(RuntimeError):
    """The SQLCipher driver is not installed in this build."""

    def __init__(self) -> None:
        super().__init__(NO_SQLCIPHER)


def sqlcipher_module() -> ModuleType:
    """The SQLCipher DBAPI module (sqlcipher3.dbapi2), or CipherUnavailableError."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as error:
        raise CipherUnavailableError() from error
    module: ModuleType = dbapi2
    return module


def cipher_available() -> bool:
    try:
        sqlcipher_module()
    except CipherUnavailableError:
        return False
    return True


def driver_errors() -> tuple[type[Exception], ...]:
    """The `Error` base classes of the drivers loaded so far (sqlite3, and SQLCipher's if used).

    sqlcipher3 has its own exception classes, not subclasses of sqlite3's.
    """
    import sys

    errors: list[type[Exception]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.Error)
    return tuple(errors)


def database_errors() -> tuple[type[Exception], ...]:
    """`DatabaseError` of each loaded driver: what a damaged file or a wrong key raises."""
    import sys

    errors: list[type[Exception]] = [sqlite3.DatabaseError]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.DatabaseError)
    return tuple(errors)


@dataclass(frozen=True)
class SqliteConnector:
    """Opens DBAPI connections to SQLite files, keyed with the database key when there is one.

    `key` is the raw 32-byte database key (None: a plain file). It is kept out of `repr` so
    that no log line, traceback or assertion message ever shows it.
    """

    key: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.key is not None and len(self.key) != 32:
            raise ValueError("a database key is 32 bytes (256 bits)")

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def module(self) -> ModuleType:
        """The DBAPI module of these connections (for SQLAlchemy's `module=`)."""
        return sqlcipher_module() if self.key is not None else sqlite3

    def connect(self, target: str | Path, **options: Any) -> Any:
        """A DBAPI connection to `target` (a path, or a `file:` URI with `uri=True`).

        With a key, the connection is keyed before anything else runs on it (SQLCipher's
        rule: the key first, then the first read decrypts page 1).
        """
        if self.key is None:
            return sqlite3.connect(target, **options)
        connection = sqlcipher_module().connect(str(target), **options)
        try:
            # SQLCipher prints its own errors (a wrong key's "hmac check failed") on stderr:
            # the app says what went wrong in one line instead.
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(f"PRAGMA key = \"x'{self.key.hex()}'\"")
        except BaseException:
            connection.close()
            raise
        return connection


#: The connector of every plain SQLite file.
PLAIN = SqliteConnector()
