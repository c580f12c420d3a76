"""One classification of database failures: the driver's code decides the words."""

from __future__ import annotations

import errno
import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from nmt_desktop.db.write_failures import FailureKind, classify_write_failure


def wrapped(error: Exception, kind: type[Exception] = OperationalError) -> Exception:
    return kind("INSERT INTO patient …", {}, error)  # type: ignore[call-arg]


@pytest.mark.parametrize(("error", "kind", "words"), [
    (sqlite3.OperationalError("database or disk is full"), FailureKind.DISK_FULL,
     "the disk is full"),
    (sqlite3.OperationalError("attempt to write a readonly database"),
     FailureKind.READ_ONLY_FILE, "read-only"),
    (sqlite3.OperationalError("database is locked"), FailureKind.LOCKED,
     "another program is writing"),
    (sqlite3.OperationalError("disk I/O error"), FailureKind.DISK_ERROR, "input/output"),
    (psycopg.errors.DiskFull("could not extend file"), FailureKind.DISK_FULL, "disk is full"),
    (psycopg.errors.InsufficientPrivilege("permission denied for table patient"),
     FailureKind.PERMISSION, "permission"),
    (psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
     FailureKind.UNREACHABLE, "server did not answer"),
    (psycopg.OperationalError("connection failed: Connection refused"),
     FailureKind.UNREACHABLE, "server did not answer"),
    (psycopg.errors.LockNotAvailable("could not obtain lock"), FailureKind.LOCKED,
     "another program"),
    (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"),
     FailureKind.READ_ONLY_FILE, "read-only"),
])
def test_driver_errors_wrapped_by_sqlalchemy(error: Exception, kind: FailureKind,
                                             words: str) -> None:
    failure = classify_write_failure(wrapped(error))
    assert failure is not None and failure.kind is kind
    assert words in failure.sentence


def test_unique_races_are_duplicates_and_worth_retrying() -> None:
    for error in (sqlite3.IntegrityError("UNIQUE constraint failed: patient.chart_number"),
                  psycopg.errors.UniqueViolation("duplicate key value")):
        failure = classify_write_failure(wrapped(error, IntegrityError))
        assert failure is not None and failure.kind is FailureKind.DUPLICATE
        assert failure.transient


def test_permission_is_never_worded_as_an_unreachable_server() -> None:
    error = psycopg.OperationalError(
        'connection failed: FATAL:  password authentication failed for user "nmt"')
    failure = classify_write_failure(wrapped(error))
    assert failure is not None and failure.kind is FailureKind.PERMISSION
    assert "did not answer" not in failure.sentence


def test_file_system_errors() -> None:
    full = classify_write_failure(OSError(errno.ENOSPC, "No space left on device"))
    read_only = classify_write_failure(OSError(errno.EROFS, "Read-only file system"))
    assert full is not None and full.kind is FailureKind.DISK_FULL
    assert read_only is not None and read_only.kind is FailureKind.READ_ONLY_FILE


def test_other_database_errors_still_get_one_sentence_and_non_database_errors_none() -> None:
    failure = classify_write_failure(wrapped(sqlite3.ProgrammingError("no such table: x"),
                                             ProgrammingError))
    assert failure is not None and failure.kind is FailureKind.OTHER
    assert "no such table: x" in failure.sentence
    assert classify_write_failure(ValueError("not a database error")) is None
    assert classify_write_failure(KeyError("x")) is None
