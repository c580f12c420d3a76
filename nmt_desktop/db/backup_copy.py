"""Write one verified backup of a SQLite database file.

1. copy:   SQLite's online backup API, a few thousand pages per step, from a source connection
           that holds one read transaction for the whole copy: every step reads the same
           snapshot (the app may go on writing; in WAL mode a reader's snapshot stays put), and
           the per-table row counts are taken in that same transaction;
2. check:  `PRAGMA integrity_check` on the copy and its row counts against the source's;
3. keep:   the copy is flushed to disk and only then renamed to its final name in the same
           folder, and the folder is flushed. A full disk, a kill or a failed check leaves no
           file with a backup's name: every `nmt-backup-*.sqlite` is a good one.

Both files are opened through one `connect` function, so that an encrypted database (SQLCipher
keyed connections, same API) is backed up with its own key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from nmt_desktop.db.backup_files import BackupFile, backup_file_name
from nmt_desktop.db.schema_files import fsync_file, fsync_folder
from nmt_desktop.domain.backup_rotation import Occasion

#: Opens a SQLite file, keyed if the database is encrypted.
Connect = Callable[[Path], sqlite3.Connection]
#: Called after each step with (pages remaining, pages in all).
Progress = Callable[[int, int], None]

#: 4096 pages of 4 KiB = 16 MiB per step; the GIL is released during each step.
PAGES_PER_STEP = 4096


def driver_errors() -> tuple[type[Exception], ...]:
    """The error classes of the SQLite drivers in use: sqlite3's, and SQLCipher's if loaded.

    sqlcipher3 is a fork of the sqlite3 module with its own exception classes (not subclasses
    of sqlite3's); a keyed `connect` has imported it before any of its errors can be raised.
    """
    errors: list[type[Exception]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.Error)
    return tuple(errors)


class BackupFailedError(Exception):
    """No backup was written; the message (one line) says why, for the window and the CLI."""

    def __init__(self, reason: str, *, folder_unusable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        #: The folder is missing, full or read-only: retrying later may succeed.
        self.folder_unusable = folder_unusable


def plain_connect(path: Path) -> sqlite3.Connection:
    """A plain (unencrypted) connection; the default `connect`."""
    return sqlite3.connect(path, check_same_thread=False)


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out), read in the connection's transaction."""
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables}


def integrity(connection: sqlite3.Connection) -> str:
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def write_verified_backup(source: Path, folder: Path, *, connect: Connect = plain_connect,
                          taken_at: dt.datetime, occasion: Occasion = Occasion.SCHEDULED,
                          create_folder: bool = True, progress: Progress | None = None,
                          pages_per_step: int = PAGES_PER_STEP) -> BackupFile:
    """Back up the database file `source` into `folder`; raise BackupFailedError if it fails.

    `create_folder`: make `folder` if it is missing (the default folder beside the database);
    a folder the clinic chose (a USB disk, a share) must exist, or the disk is not there.
    """
    if not source.is_file():
        raise BackupFailedError(f"the database file {source} is missing")
    _check_folder(folder, create_folder)
    taken_at = taken_at.astimezone(dt.UTC).replace(microsecond=0)  # as the name says it
    target = folder / backup_file_name(taken_at, occasion)
    partial = folder / f".{target.name}.partial"
    try:
        # Created here first: SQLite says only "unable to open" where the system says why
        # (read-only, permission denied, no space).
        partial.open("wb").close()
        _copy_and_check(source, partial, connect, progress, pages_per_step)
        fsync_file(partial)
        os.replace(partial, target)
        fsync_folder(folder)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        for sidecar in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                partial.with_name(partial.name + sidecar).unlink(missing_ok=True)
        if isinstance(error, (OSError, *driver_errors())):
            raise _failure(error, folder) from error
        raise
    return BackupFile(target, taken_at, occasion)


def _check_folder(folder: Path, create: bool) -> None:
    if folder.is_dir():
        return
    if folder.exists():
        raise BackupFailedError(f"the backup folder {folder} is a file, not a folder",
                                folder_unusable=True)
    if not create:
        raise BackupFailedError(f"the backup folder {folder} is missing (is the disk connected?)",
                                folder_unusable=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failure(error, folder) from error


def _copy_and_check(source: Path, partial: Path, connect: Connect, progress: Progress | None,
                    pages_per_step: int) -> None:
    source_connection = connect(source)
    try:
        source_connection.isolation_level = None  # transactions by hand: BEGIN … ROLLBACK
        source_connection.execute("BEGIN")
        # The first read fixes the snapshot: the counts and every backup step see the same data.
        expected = row_counts(source_connection)
        target_connection = connect(partial)
        try:
            source_connection.backup(
                target_connection, pages=pages_per_step,
                progress=(lambda _status, remaining, total: progress(remaining, total))
                if progress is not None else None)
            # A copy of a WAL database says "WAL" in its header; a backup is read by itself,
            # often from a read-only folder, so it uses a rollback journal like any plain file.
            target_connection.execute("PRAGMA journal_mode=DELETE")
            checked = integrity(target_connection)
            found = row_counts(target_connection)
        finally:
            target_connection.close()
        source_connection.execute("ROLLBACK")
    finally:
        source_connection.close()
    if checked != "ok":
        raise BackupFailedError(f"the copy did not pass SQLite's integrity check ({checked})")
    if found != expected:
        differing = sorted(t for t in expected.keys() | found.keys()
                           if expected.get(t) != found.get(t))
        raise BackupFailedError(f"the copy's row counts differ from the database's "
                                f"(tables {', '.join(differing[:3])})")


def _failure(error: BaseException, folder: Path) -> BackupFailedError:
    text = str(error).lower()
    if isinstance(error, OSError):
        code = error.errno
        full = code == errno.ENOSPC
        read_only = code in (errno.EROFS, errno.EACCES, errno.EPERM)
        missing = code == errno.ENOENT
        detail = error.strerror or str(error)
    else:
        full = "disk is full" in text
        read_only = "readonly" in text or "read-only" in text
        missing = "unable to open" in text
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if full:
        return BackupFailedError(f"the backup folder {folder} is full", folder_unusable=True)
    if read_only:
        return BackupFailedError(f"the backup folder {folder} is read-only or not writable",
                                 folder_unusable=True)
    if missing:
        return BackupFailedError(f"the backup folder {folder} cannot be written ({detail})",
                                 folder_unusable=True)
    return BackupFailedError(f"the backup failed ({detail})")
