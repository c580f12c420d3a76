"""Why a write to the open database failed, in the same plain words for the app and the CLI.

SQLAlchemy wraps the driver's exception (sqlite3 or psycopg); the driver's error code or SQLSTATE
says what happened. `classify_write_failure` is the one place that reads them, so the session
form, the body map and the command line all say "the disk is full" for the same fault.

`transient` failures (another program holding the write lock, a server that went away, two
writers taking the same chart number) are worth retrying by themselves; the others need the
therapist or the clinic's IT person to act (free disk space, make the file writable).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from nmt_desktop.db.cipher import driver_errors


class FailureKind(Enum):
    DISK_FULL = "disk full"
    READ_ONLY_FILE = "read-only file"
    READ_ONLY_FOLDER = "read-only folder"
    LOCKED = "locked"
    UNREACHABLE = "server unreachable"
    PERMISSION = "permission denied"
    DUPLICATE = "duplicate"
    DISK_ERROR = "disk error"
    OTHER = "other"


@dataclass(frozen=True)
class WriteFailure:
    kind: FailureKind
    reason: str  # completes "Not saved: …"
    transient: bool

    @property
    def sentence(self) -> str:
        """One line for the command line or a message box."""
        return f"Not saved: {self.reason}."


_REASONS = {
    FailureKind.DISK_FULL: "the disk is full; free some space and it will be saved",
    FailureKind.READ_ONLY_FILE: "the chart file is read-only; allow writing to it in its "
                                "properties",
    FailureKind.READ_ONLY_FOLDER: "the folder that holds the chart file is read-only; the file "
                                  "itself is not damaged",
    FailureKind.LOCKED: "another program is writing to this chart file",
    FailureKind.UNREACHABLE: "the database server did not answer (it may be stopped or the "
                             "network is down)",
    FailureKind.PERMISSION: "the database refused permission to write",
    FailureKind.DUPLICATE: "another record with the same number was saved at the same moment",
    FailureKind.DISK_ERROR: "the disk could not be written (input/output error)",
}

_TRANSIENT = {FailureKind.LOCKED, FailureKind.UNREACHABLE, FailureKind.DUPLICATE}

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
_SQLITE_CODES = {
    5: FailureKind.LOCKED,  # SQLITE_BUSY
    6: FailureKind.LOCKED,  # SQLITE_LOCKED
    8: FailureKind.READ_ONLY_FILE,  # SQLITE_READONLY
    10: FailureKind.DISK_ERROR,  # SQLITE_IOERR
    13: FailureKind.DISK_FULL,  # SQLITE_FULL
    14: FailureKind.READ_ONLY_FOLDER,  # SQLITE_CANTOPEN (a -wal/-journal file cannot be made)
    23: FailureKind.PERMISSION,  # SQLITE_AUTH
}
_SQLITE_READONLY_DIRECTORY = 8 | (6 << 8)
_SQLITE_TEXT = (
    ("disk is full", FailureKind.DISK_FULL),
    ("readonly database", FailureKind.READ_ONLY_FILE),
    ("database is locked", FailureKind.LOCKED),
    ("table is locked", FailureKind.LOCKED),
    ("disk i/o error", FailureKind.DISK_ERROR),
    ("unable to open database file", FailureKind.READ_ONLY_FOLDER),
    ("unique constraint failed", FailureKind.DUPLICATE),
)

# PostgreSQL SQLSTATE codes and classes.
_PG_STATES = {
    "53100": FailureKind.DISK_FULL,  # disk_full
    "25006": FailureKind.READ_ONLY_FILE,  # read_only_sql_transaction (a standby or read-only db)
    "55P03": FailureKind.LOCKED,  # lock_not_available
    "40001": FailureKind.LOCKED,  # serialization_failure
    "40P01": FailureKind.LOCKED,  # deadlock_detected
    "42501": FailureKind.PERMISSION,  # insufficient_privilege
    "28000": FailureKind.PERMISSION,  # invalid_authorization_specification
    "28P01": FailureKind.PERMISSION,  # invalid_password
    "23505": FailureKind.DUPLICATE,  # unique_violation
    "57P01": FailureKind.UNREACHABLE,  # admin_shutdown
    "57P02": FailureKind.UNREACHABLE,  # crash_shutdown
    "57P03": FailureKind.UNREACHABLE,  # cannot_connect_now
}
_PG_CLASSES = {"08": FailureKind.UNREACHABLE, "53": FailureKind.DISK_FULL}
_PG_TEXT = (
    ("permission denied", FailureKind.PERMISSION),
    ("password authentication failed", FailureKind.PERMISSION),
    ("no pg_hba.conf entry", FailureKind.PERMISSION),
    ("connection refused", FailureKind.UNREACHABLE),
    ("server closed the connection", FailureKind.UNREACHABLE),
    ("connection failed", FailureKind.UNREACHABLE),
    ("terminating connection", FailureKind.UNREACHABLE),
    ("could not receive data", FailureKind.UNREACHABLE),
    ("could not send data", FailureKind.UNREACHABLE),
    ("connection is closed", FailureKind.UNREACHABLE),
    ("timeout expired", FailureKind.UNREACHABLE),
)

_OS_ERRNOS = {
    errno.ENOSPC: FailureKind.DISK_FULL,
    errno.EDQUOT: FailureKind.DISK_FULL,
    errno.EROFS: FailureKind.READ_ONLY_FILE,
    errno.EACCES: FailureKind.PERMISSION,
    errno.EPERM: FailureKind.PERMISSION,
    errno.EIO: FailureKind.DISK_ERROR,
}


def classify_write_failure(error: BaseException,
                           sqlite_file: Path | None = None) -> WriteFailure | None:
    """What went wrong, or None when `error` is not a database or file-system failure.

    `sqlite_file` (the open chart file) lets a read-only folder be told from a read-only file.
    """
    kind = _kind(error)
    if kind is None:
        return None
    if kind in (FailureKind.READ_ONLY_FILE, FailureKind.READ_ONLY_FOLDER) and \
            sqlite_file is not None:
        kind = _read_only_where(sqlite_file, kind)
    reason = _REASONS.get(kind) or f"the database reported an error ({_first_line(error)})"
    return WriteFailure(kind, reason, kind in _TRANSIENT)


def _read_only_where(sqlite_file: Path, guess: FailureKind) -> FailureKind:
    if sqlite_file.exists() and not os.access(sqlite_file, os.W_OK):
        return FailureKind.READ_ONLY_FILE
    if not os.access(sqlite_file.parent, os.W_OK):
        return FailureKind.READ_ONLY_FOLDER
    return guess


def _kind(error: BaseException) -> FailureKind | None:
    driver_error = _driver_error(error)
    if isinstance(driver_error, driver_errors()):  # sqlite3's, or SQLCipher's own classes
        return _sqlite_kind(driver_error)
    sqlstate = getattr(driver_error, "sqlstate", None)
    if _is_psycopg(driver_error):
        return _pg_kind(driver_error, sqlstate)
    if isinstance(driver_error, OSError):
        return _OS_ERRNOS.get(driver_error.errno or -1, FailureKind.OTHER)
    if _is_sqlalchemy(error):
        if getattr(error, "connection_invalidated", False):
            return FailureKind.UNREACHABLE
        return FailureKind.OTHER
    return None


def _driver_error(error: BaseException) -> BaseException:
    """The driver's own exception inside SQLAlchemy's wrapper (`.orig`), else `error`."""
    original = getattr(error, "orig", None)
    return original if isinstance(original, BaseException) else error


def _sqlite_kind(error: BaseException) -> FailureKind:
    code = getattr(error, "sqlite_errorcode", None)
    if code == _SQLITE_READONLY_DIRECTORY:
        return FailureKind.READ_ONLY_FOLDER
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_CODES:
        return _SQLITE_CODES[code & 0xFF]
    if type(error).__name__ == "IntegrityError" and "unique" in str(error).lower():
        return FailureKind.DUPLICATE
    text = str(error).lower()
    return next((kind for needle, kind in _SQLITE_TEXT if needle in text), FailureKind.OTHER)


def _pg_kind(error: BaseException, sqlstate: object) -> FailureKind:
    if isinstance(sqlstate, str):
        if sqlstate in _PG_STATES:
            return _PG_STATES[sqlstate]
        if sqlstate[:2] in _PG_CLASSES:
            return _PG_CLASSES[sqlstate[:2]]
    text = str(error).lower()
    return next((kind for needle, kind in _PG_TEXT if needle in text), FailureKind.OTHER)


def _is_psycopg(error: BaseException) -> bool:
    return any(cls.__module__.split(".")[0] == "psycopg" for cls in type(error).__mro__)


def _is_sqlalchemy(error: BaseException) -> bool:
    return any(cls.__module__.split(".")[0] == "sqlalchemy" for cls in type(error).__mro__)


def _first_line(error: BaseException) -> str:
    text = str(_driver_error(error)).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
