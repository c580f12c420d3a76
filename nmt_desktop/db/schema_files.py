"""Create or upgrade a SQLite chart file all-or-nothing: built beside it, checked, put in place.

A kill -9 or a power cut at any moment must leave a file that opens at the old schema or the
new one. So the schema is never changed in the file itself:

- a **new** database is built in a work file in the same folder, checked, flushed to disk, and
  renamed onto the database's name (`os.replace` is atomic within a folder), then the folder is
  flushed so that the rename itself survives a power cut;
- an **upgrade** is run on a work copy of the pre-upgrade backup, checked, and then copied into
  the database file with SQLite's online backup API in *one* write transaction of the file's
  own journal (WAL): until that transaction commits the file is the old one, after it the new
  one, and SQLite's own recovery decides which after a crash. Nothing is renamed over a file
  that another connection may have open, and an old -wal file is never paired with a new file.

Work files are named `.<file name>.<purpose>-<random>.tmp`; one left behind by a killed
process is removed by a later open once it is clearly abandoned (`remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from nmt_desktop.db.cipher import SqliteConnector
from nmt_desktop.db.engine import apply_sqlite_pragmas
from nmt_desktop.db.errors import SchemaChangeFailedError
from nmt_desktop.db.preflight import VERSION_TABLE, sidecars
from nmt_desktop.db.schema import SCHEMA_HEAD

#: Runs every migration on the SQLite file it is given, connecting with the connector given.
Migrate = Callable[[Path, SqliteConnector], None]

_WORK_SUFFIX = ".tmp"
#: A work file untouched this long belongs to no running create or upgrade (each writes to its
#: work file continuously); younger ones may be another process's and are left alone.
ABANDONED_AFTER_SECONDS = 15 * 60


def work_file(path: Path, purpose: str) -> Path:
    """A fresh, hidden work file name beside `path`."""
    import secrets  # only when a file is created or upgraded: off the start-up path

    return path.with_name(f".{path.name}.{purpose}-{secrets.token_hex(4)}{_WORK_SUFFIX}")


def leftovers(path: Path) -> list[Path]:
    """Work files beside `path` (a killed create or upgrade's, or one running right now)."""
    if not path.parent.is_dir():
        return []
    return sorted(path.parent.glob(f".{path.name}.*{_WORK_SUFFIX}"))


def remove_leftovers(path: Path, older_than: float = ABANDONED_AFTER_SECONDS) -> None:
    """Delete abandoned work files (and their journals) beside `path`."""
    now = time.time()
    for leftover in leftovers(path):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > older_than:
                _remove_with_sidecars(leftover)


def _remove_with_sidecars(path: Path) -> None:
    for file in (path, *sidecars(path)):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles to flush)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def check_built(work: Path, location: str, connector: SqliteConnector) -> None:
    """The work file must be sound and at the newest schema before it becomes the database."""
    connection = connector.connect(work)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        revision = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    finally:
        connection.close()
    if integrity != [("ok",)] or revision != (SCHEMA_HEAD,):
        raise SchemaChangeFailedError(
            location,
            f"the new schema did not check out (integrity {integrity[:1]}, schema {revision}); "
            "the file was not changed.",
        )


def create_database_file(path: Path, migrate: Migrate, connector: SqliteConnector) -> None:
    """Build a new database beside `path`, then rename it onto `path` in one step.

    With a keyed `connector` the work file is encrypted from its first page on: no clinical
    text is ever written in clear, not even to a work file.
    """
    work = work_file(path, "creating")
    try:
        migrate(work, connector)
        check_built(work, str(path), connector)
        fsync_file(work)
        os.replace(work, path)
    except BaseException:
        _remove_with_sidecars(work)
        raise
    fsync_folder(path.parent)


def upgrade_database_file(path: Path, backup: Path, from_revision: str,
                          migrate: Migrate, connector: SqliteConnector) -> None:
    """Upgrade a copy of `backup` (taken from `path`), then copy it into `path` at once."""
    work = work_file(path, "upgrading")
    try:
        shutil.copyfile(backup, work)
        migrate(work, connector)
        check_built(work, str(path), connector)
        _copy_in_one_transaction(work, path, from_revision, connector)
    finally:
        _remove_with_sidecars(work)


def _copy_in_one_transaction(source: Path, target: Path, from_revision: str,
                             connector: SqliteConnector) -> None:
    # mode=rw: a work file that vanished is an error, never an empty database copied in.
    # Both sides share the key: SQLCipher's backup copies pages between equally keyed files.
    source_connection = connector.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True)
    target_connection = connector.connect(target, timeout=30)
    try:
        # The app's own settings (WAL, synchronous=FULL): the copy is one durable transaction
        # in the file's write-ahead log, committed by its last frame or not at all.
        apply_sqlite_pragmas(target_connection)
        current = target_connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        if current != (from_revision,):
            # Another process upgraded it meanwhile (and may have written since): keep theirs.
            return
        source_connection.backup(target_connection)
    finally:
        target_connection.close()
        source_connection.close()
