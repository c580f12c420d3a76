"""Look inside a backup, and put a checked copy of one in place of the database file.

Restoring must never leave the clinic without a whole database, whatever moment a kill -9 or a
power cut strikes. So the database file is never written into:

1. `read_backup` opens the backup (with the database's key) and reads its schema revision,
   integrity, counts and the clinic it belongs to; nothing is written anywhere;
2. `prepare_copy` copies it (online backup API) into a hidden work file beside the database,
   upgrades it to this app's schema if it is older, and checks it again;
3. `swap_in` retires the current file's write-ahead log (checkpoint, then rollback-journal
   mode, which deletes -wal and -shm) and renames the work file onto the database's name in one
   step (`os.replace`, atomic within a folder), then flushes the folder.

Before step 3 the old file is whole (its WAL, if still there, is its own); after it the new one
is. An old -wal is never left beside the new file: the rename waits until there is none.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nmt_desktop.db.backup_copy import Connect, driver_errors, integrity
from nmt_desktop.db.preflight import VERSION_TABLE, sidecars
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD
from nmt_desktop.db.schema_files import fsync_file, fsync_folder, work_file

#: Runs every migration on a work file.
Migrate = Callable[[Path], None]


class RestoreRefusedError(Exception):
    """The backup cannot be restored; nothing was changed. One line for the window and CLI."""


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, read without changing it."""

    schema_revision: str
    patient_count: int
    session_count: int
    #: Which clinic's data it is (see `clinic_identity`); None if it records no event yet.
    clinic_identity: str | None


def clinic_identity(connection: sqlite3.Connection) -> str | None:
    """A mark of which clinic's database this is, stable for the database's whole life.

    The schema has no clinic identifier, and only the accounts work may add a migration now.
    So the identity is the oldest audit event (its time, action and what it was about): the
    trail is append-only (refused by triggers), every copy and backup of one clinic's database
    starts with the same first event, and another clinic's database starts with another one.
    None for a database in which nothing was ever recorded.
    """
    row = connection.execute(
        "SELECT occurred_at, action, entity_type, entity_uid FROM audit_event "
        "ORDER BY id LIMIT 1").fetchone()
    return None if row is None else "|".join(str(part) for part in row)


def read_backup(path: Path, connect: Connect, *, thorough: bool = True) -> BackupContents:
    """Say what `path` holds, writing nothing; RestoreRefusedError if it cannot be restored.

    `thorough`: also run SQLite's integrity check over every page (seconds for a large clinic:
    done for the backup about to be restored, not for each one in a list).
    """
    if not path.is_file():
        raise RestoreRefusedError(f"{path} does not exist.")
    try:
        with path.open("rb") as file:
            header = file.read(16)
    except OSError as error:
        raise RestoreRefusedError(f"{path} cannot be read ({error.strerror}).") from error
    try:
        connection = connect(path)
    except driver_errors() as error:
        raise _unreadable(path, error) from error
    try:
        connection.execute("PRAGMA query_only=ON")
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {VERSION_TABLE, "patient", "treatment_session", "audit_event"} <= tables:
            raise RestoreRefusedError(f"{path.name} is not an NMT Desktop database.")
        checked = integrity(connection) if thorough else "ok"
        revision = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        patients = connection.execute("SELECT count(*) FROM patient").fetchone()[0]
        sessions = connection.execute("SELECT count(*) FROM treatment_session").fetchone()[0]
        identity = clinic_identity(connection)
    except driver_errors() as error:
        if header.startswith(b"SQLite format 3") or "not a database" not in str(error):
            raise RestoreRefusedError(f"{path.name} is damaged ({error}).") from error
        raise _unreadable(path, error) from error
    finally:
        connection.close()
    if checked != "ok":
        raise RestoreRefusedError(f"{path.name} is damaged (integrity check: {checked}).")
    if revision is None or revision[0] not in KNOWN_REVISIONS:
        found = revision[0] if revision else "none"
        raise RestoreRefusedError(
            f"{path.name} has schema {found}, which this version of NMT Desktop does not know "
            "(made by a newer version?).")
    return BackupContents(revision[0], patients, sessions, identity)


def _unreadable(path: Path, error: Exception) -> RestoreRefusedError:
    return RestoreRefusedError(
        f"{path.name} cannot be read: it is not a database, or it is encrypted with a key "
        f"nobody here has ({error}).")


def prepare_copy(backup: Path, database: Path, connect: Connect, migrate: Migrate) -> Path:
    """A checked copy of `backup` at this app's schema, in a work file beside `database`."""
    work = work_file(database, "restoring")
    try:
        source = connect(backup)
        try:
            target = connect(work)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        revision = _revision(work, connect)
        if revision != SCHEMA_HEAD:
            migrate(work)  # brings it to this schema and checks the result (or raises)
        fsync_file(work)
    except BaseException:
        remove_work_file(work)
        raise
    return work


def _revision(path: Path, connect: Connect) -> str | None:
    connection = connect(path)
    try:
        row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    finally:
        connection.close()
    return None if row is None else str(row[0])


def remove_work_file(work: Path) -> None:
    for file in (work, *sidecars(work)):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def swap_in(work: Path, database: Path, connect: Connect,
            step: Callable[[str], None] = lambda _name: None) -> None:
    """Rename the checked `work` file onto `database`, after retiring the database's WAL.

    Every connection of this process to `database` must be closed. `step` is told each stage
    (the kill -9 test stops the process there).
    """
    step("retire-wal")
    connection = connect(database)
    try:
        connection.execute("PRAGMA busy_timeout=2000")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()
    except driver_errors() as error:
        raise RestoreRefusedError(
            f"another program has the database open ({error}); close it and restore again. "
            "Nothing was changed.") from error
    finally:
        connection.close()
    if mode is None or str(mode[0]).lower() != "delete":
        raise RestoreRefusedError(
            "another program has the database open (its journal could not be closed); close it "
            "and restore again. Nothing was changed.")
    wal, shm = sidecars(database)[:2]
    if wal.exists() and wal.stat().st_size > 0:
        raise RestoreRefusedError(
            "the database's write-ahead log is still in use; close every program that has it "
            "open and restore again. Nothing was changed.")
    step("rename")
    os.replace(work, database)
    fsync_folder(database.parent)
    step("renamed")
    for leftover in (wal, shm):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
