"""Encrypt an existing plain SQLite chart file in place, verified, and keep the plain copy.

    1. lock:    the plain file is switched out of WAL (everything in one file, no -wal) and
                held with a write lock, so no other program changes it meanwhile
    2. export:  SQLCipher's `sqlcipher_export` writes every table, index and trigger into a
                new, encrypted work file beside it
    3. verify:  the work file, opened with the key, passes `integrity_check`, and every table
                has as many rows as in the plain file
    4. keep:    the plain file is kept under a new name (a hard link, or a copy) until the
                person confirms that it may be deleted (`delete_plaintext_copies`)
    5. swap:    the encrypted file is renamed onto the database's name in one atomic step

The plain file is read through SQLCipher's library only (`sqlcipher_export` needs it): the
caller closes its own sqlite3 connections to the file first, because two SQLite libraries in one
process do not see each other's POSIX locks.

A failure at any step before the swap leaves the database exactly as it was and removes the
work file. Deleting a file does not guarantee its content is gone: on SSDs and flash drives the
old blocks may survive (wear levelling), and copies may sit in backups and snapshots. The
messages say so; only full-disk encryption protects what was once written in clear.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmt_desktop.db import schema_files
from nmt_desktop.db.cipher import SQLITE_HEADER, SqliteConnector, sqlcipher_module
from nmt_desktop.db.errors import DatabaseRefusedError
from nmt_desktop.db.key_material import DatabaseKey
from nmt_desktop.db.preflight import is_plain_sqlite_file, sidecars

#: Kept plain copies are named `<stem>.plaintext-<UTC stamp><suffix>` beside the database.
PLAIN_COPY_MARK = ".plaintext-"
SSD_WARNING = (
    "Deleting a file does not guarantee that it cannot be recovered: on an SSD or a flash "
    "drive old blocks may survive, and backups or snapshots may hold copies. Full-disk "
    "encryption (BitLocker, FileVault, LUKS) protects what was once written in clear.")


class EncryptionFailedError(DatabaseRefusedError):
    """Encrypting did not produce a verified copy; the database was left as it was."""


@dataclass(frozen=True)
class EncryptedInPlace:
    """What encrypting did: the tables and rows verified, and the plain copy kept."""

    tables: int
    rows: int
    plaintext_copy: Path


def encrypt_file(path: Path, key: DatabaseKey) -> EncryptedInPlace:
    """Encrypt the plain SQLite file `path` with `key` (see the module's steps)."""
    if not path.is_file() or not is_plain_sqlite_file(path):
        raise EncryptionFailedError(str(path), "it is not a plain SQLite database file.")
    module = sqlcipher_module()
    work = schema_files.work_file(path, "encrypting")
    try:
        with _locked_plain(path, module) as plain:
            try:
                counts = _export(plain, work, key)
            except module.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise _busy(path) from error
                raise
            _verify(work, key, counts, str(path))
            schema_files.fsync_file(work)
            copy = _keep_plain_copy(path)
            os.replace(work, path)
        schema_files.fsync_folder(path.parent)
    except BaseException:
        for file in (work, *sidecars(work)):
            file.unlink(missing_ok=True)
        raise
    return EncryptedInPlace(len(counts), sum(counts.values()), copy)


@contextlib.contextmanager
def _locked_plain(path: Path, module: Any) -> Iterator[Any]:
    connection = module.connect(str(path), isolation_level=None, timeout=5)
    try:
        try:
            # Fold the write-ahead log into the file and stop using one: the plain copy kept
            # is then whole by itself, and no plain -wal is ever left beside encrypted pages.
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        except module.OperationalError as error:
            raise _busy(path) from error
        if mode != ("delete",):
            raise _busy(path)
        yield connection
    finally:
        connection.close()
    for sidecar in sidecars(path):
        sidecar.unlink(missing_ok=True)  # the old plain file's, folded in above


def _busy(path: Path) -> EncryptionFailedError:
    return EncryptionFailedError(
        str(path), "another program has the database open; close NMT Desktop on this "
        "computer (and any command using the file) and try again. Nothing was changed.")


def _export(plain: Any, work: Path, key: DatabaseKey) -> dict[str, int]:
    """Copy everything into the encrypted work file; return each table's row count.

    Returns holding a write lock on the plain file, kept until the swap.
    """
    plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.raw.hex()}'\"", (str(work),))
    try:
        plain.execute("BEGIN IMMEDIATE")
        try:
            plain.execute("SELECT sqlcipher_export('encrypted')")
            version = plain.execute("PRAGMA main.user_version").fetchone()[0]
            plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            counts = _row_counts(plain, "main")
            changes_seen = plain.execute("PRAGMA main.data_version").fetchone()
            plain.execute("COMMIT")
        except BaseException:
            plain.execute("ROLLBACK")
            raise
    finally:
        plain.execute("DETACH DATABASE encrypted")
    plain.execute("BEGIN IMMEDIATE")
    if plain.execute("PRAGMA main.data_version").fetchone() != changes_seen:
        raise EncryptionFailedError(
            str(work.parent), "another program wrote to the database while it was being "
            "encrypted; nothing was changed. Close it and try again.")
    return counts


def _row_counts(connection: Any, schema: str) -> dict[str, int]:
    tables = [row[0] for row in connection.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: connection.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0]
            for table in tables}


def _verify(work: Path, key: DatabaseKey, expected: dict[str, int], location: str) -> None:
    with work.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            raise EncryptionFailedError(location, "the new file was not encrypted; nothing "
                                        "was changed.")
    connection = SqliteConnector(key.raw).connect(work)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        counts = _row_counts(connection, "main")
    finally:
        connection.close()
    if integrity != [("ok",)]:
        raise EncryptionFailedError(location, f"the encrypted copy failed its integrity check "
                                    f"({integrity[0][0]}); nothing was changed.")
    if counts != expected:
        differing = sorted(t for t in expected.keys() | counts.keys()
                           if expected.get(t) != counts.get(t))
        raise EncryptionFailedError(location, "the encrypted copy's row counts differ in "
                                    f"{', '.join(differing)}; nothing was changed.")


def _keep_plain_copy(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    copy = path.with_name(f"{path.stem}{PLAIN_COPY_MARK}{stamp}{path.suffix or '.sqlite'}")
    try:
        os.link(path, copy)  # the same bytes under a second name: instant, no second copy
    except OSError:
        shutil.copy2(path, copy)  # a file system without hard links (FAT on a USB disk)
        schema_files.fsync_file(copy)
    return copy


def plaintext_copies(path: Path) -> list[Path]:
    """Plain files left beside an encrypted database: kept copies and plain backups.

    The backups taken while the database was still plain (in `backups/` beside it: before an
    upgrade, and the automatic ones) are plain too; they are listed so that the person can
    delete them with the rest. Backups in a folder the clinic chose elsewhere are not.
    """
    from nmt_desktop.db.opening import backup_folder

    found = sorted(path.parent.glob(f"{path.stem}{PLAIN_COPY_MARK}*"))
    folder = backup_folder(path)
    if folder.is_dir():
        found += sorted(f for pattern in (f"{path.stem}-schema-*", "nmt-backup-*.sqlite")
                        for f in folder.glob(pattern)
                        if f.is_file() and is_plain_sqlite_file(f))
    return found


def delete_plaintext_copies(path: Path) -> list[Path]:
    """Overwrite, then delete every plain copy of `path` (see SSD_WARNING for the limits)."""
    deleted = []
    for copy in plaintext_copies(path):
        _overwrite(copy)
        copy.unlink()
        for sidecar in sidecars(copy):
            sidecar.unlink(missing_ok=True)
        deleted.append(copy)
    if deleted:
        schema_files.fsync_folder(path.parent)
    return deleted


def _overwrite(file: Path) -> None:
    """Zeros over the content: on a hard disk that erases it; on an SSD it may not."""
    if file.stat().st_nlink > 1:
        return  # another name still points at these bytes: never overwrite a live database
    size = file.stat().st_size
    block = bytes(1024 * 1024)
    with file.open("r+b") as handle:
        for _ in range(0, size, len(block)):
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())
