"""Automatic verified backups of the SQLite database file, and restoring one of them.

Where they go and how many are kept is the clinic's choice (clinic_settings.backup_folder and
backup_keep_*; an empty folder means `backups/` beside the database file). Writing a backup is
db/backup_copy.py's job, keeping the right ones db/backup_files.py's, and swapping a restored
copy in db/backup_restore.py's; this module puts them in order for the window and the CLI.

An encrypted database (SQLCipher) is backed up, listed and restored through the same keyed
connections as the database itself: everything here opens files through `_connector_for(db)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from nmt_desktop.db.backup_copy import (
    BackupFailedError,
    Connect,
    Progress,
    write_verified_backup,
)
from nmt_desktop.db.backup_files import BackupFile, backups_in, rotate
from nmt_desktop.db.backup_restore import (
    BackupContents,
    RestoreRefusedError,
    clinic_identity,
    prepare_copy,
    read_backup,
    remove_work_file,
    swap_in,
)
from nmt_desktop.db.database import Database
from nmt_desktop.db.opening import backup_folder as default_backup_folder
from nmt_desktop.db.opening import migrate_work_file
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.domain.backup_rotation import STALE_AFTER, KeepPolicy, Occasion
from nmt_desktop.domain.backup_rotation import backup_age as _age
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services._uow.access import authorize, signed_in
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services.clinic import settings_row

__all__ = [
    "BackupContents",
    "BackupFailedError",
    "BackupPlace",
    "BackupRecord",
    "Occasion",
    "RestoreRefusedError",
    "STALE_AFTER",
    "RestoreResult",
    "StoredBackup",
    "back_up_now",
    "backup_place",
    "check_backup",
    "default_folder",
    "list_backups",
    "newest_backup",
    "backup_age",
    "restore_backup",
]

@dataclass(frozen=True)
class BackupPlace:
    """Where backups go and how many the rotation keeps."""

    folder: Path
    #: The clinic chose this folder (a USB disk, a share): it must exist, it is never created.
    chosen: bool
    policy: KeepPolicy


@dataclass(frozen=True)
class BackupRecord:
    """One finished (hence checked) backup file."""

    path: Path
    taken_at: dt.datetime  # UTC
    occasion: Occasion
    size_bytes: int


@dataclass(frozen=True)
class StoredBackup:
    """A backup as the restore list shows it: the file and what it holds."""

    backup: BackupRecord
    patient_count: int | None  # None: it could not be read (`problem` says why)
    session_count: int | None
    problem: str = ""


@dataclass(frozen=True)
class RestoreResult:
    restored: Path
    safety_backup: Path
    patient_count: int
    session_count: int


def _connector_for(db: Database) -> Connect:
    """How this database's files are opened: keyed with its own key if it is encrypted.

    Every backup, listing and restore goes through it, so backups carry the database's key,
    and a backup made with a key nobody here has cannot be read (and is said to be so).
    """
    return db.connector.connect


def _database_file(db: Database) -> Path:
    path = db.sqlite_file
    if path is None:
        raise ConflictError("Backups here copy a SQLite file; a clinic server's database is "
                            "backed up on the server (pg_dump), by its administrator.")
    return path


def default_folder(db: Database) -> Path:
    """`backups/` beside the database file: where backups go unless the clinic chose a folder."""
    signed_in(db)
    return default_backup_folder(_database_file(db))


def backup_place(db: Database) -> BackupPlace:
    """The clinic's backup folder and rotation counts (defaults when never set)."""
    signed_in(db)
    database = _database_file(db)
    with db.reading() as orm:
        row = settings_row(orm)
        chosen = (row.backup_folder or "").strip() if row is not None else ""
        policy = (KeepPolicy(row.backup_keep_daily, row.backup_keep_weekly,
                             row.backup_keep_monthly) if row is not None else KeepPolicy())
    if chosen:
        return BackupPlace(Path(chosen).expanduser(), True, policy)
    return BackupPlace(default_backup_folder(database), False, policy)


def _record(backup: BackupFile) -> BackupRecord:
    try:
        size = backup.size
    except OSError:
        size = 0
    return BackupRecord(backup.path, backup.taken_at, backup.occasion, size)


def back_up_now(db: Database, occasion: Occasion = Occasion.SCHEDULED, *,
                now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                progress: Progress | None = None) -> BackupRecord:
    """Write one verified backup into the clinic's folder, then apply the rotation.

    Raises BackupFailedError (one line: missing, full or read-only folder, failed check); the
    database is never touched. Safe to call from a worker thread while the window writes: the
    copy reads one snapshot and the window's writes go on meanwhile. Anyone signed in: the
    window of every role keeps the clinic's data backed up.
    """
    signed_in(db)
    database = _database_file(db)
    place = backup_place(db)
    written = write_verified_backup(database, place.folder, connect=_connector_for(db),
                                    taken_at=now(), occasion=occasion,
                                    create_folder=not place.chosen, progress=progress)
    try:
        rotate(place.folder, place.policy)
    except OSError as error:
        raise BackupFailedError(
            f"the backup was written, but older ones could not be removed from {place.folder} "
            f"({error.strerror})", folder_unusable=True) from error
    return _record(written)


def newest_backup(db: Database) -> BackupRecord | None:
    """The newest good backup in the clinic's folder (any occasion), or None."""
    signed_in(db)
    place = backup_place(db)
    backups = backups_in(place.folder)
    return _record(backups[0]) if backups else None


def list_backups(db: Database) -> tuple[StoredBackup, ...]:
    """Every backup in the clinic's folder, newest first, with its patient and session counts.

    Owner/admin only: the list is the first step of a restore. Each file's counts are read,
    not its every page: the chosen one is checked whole by `check_backup` before a restore.
    """
    authorize(db, Permission.MANAGE_CLINIC)
    connect = _connector_for(db)
    listed = []
    for backup in backups_in(backup_place(db).folder):
        try:
            contents = read_backup(backup.path, connect, thorough=False)
        except RestoreRefusedError as why:
            listed.append(StoredBackup(_record(backup), None, None, str(why)))
            continue
        listed.append(StoredBackup(_record(backup), contents.patient_count,
                                   contents.session_count))
    return tuple(listed)


def _current_identity(database: Path, connect: Connect) -> str | None:
    connection = connect(database)
    try:
        return clinic_identity(connection)
    finally:
        connection.close()


def check_backup(db: Database, chosen: Path) -> BackupContents:
    """Verify `chosen` without changing anything: whole, a known schema, this clinic's data.

    Raises RestoreRefusedError saying why it cannot be restored.
    """
    authorize(db, Permission.MANAGE_CLINIC)
    database = _database_file(db)
    if chosen.resolve() == database.resolve():
        raise RestoreRefusedError("That file is the database itself; choose one of its backups.")
    connect = _connector_for(db)
    contents = read_backup(chosen, connect)
    current = _current_identity(database, connect)
    if current is not None and contents.clinic_identity != current:
        raise RestoreRefusedError(
            f"{chosen.name} holds another clinic's database (its audit trail does not start "
            "with this database's first event); nothing was changed.")
    return contents


def restore_backup(db: Database, chosen: Path, *,
                   step: Callable[[str], None] = lambda _name: None) -> RestoreResult:
    """Replace the database with the backup `chosen`, after a safety backup of the current one.

    Owner/admin only. Checks the backup before touching anything; one audit event, written
    into the restored copy before it is swapped in (so the restore and its record are one
    step). Every connection of `db` is closed; the handle reopens the restored file at its
    next use. `step` is told each stage (for the kill -9 test).
    """
    person = authorize(db, Permission.MANAGE_CLINIC)
    contents = check_backup(db, chosen)
    database = _database_file(db)
    connect = _connector_for(db)
    place = backup_place(db)
    step("checked")
    try:
        safety = write_verified_backup(database, place.folder, connect=connect,
                                       taken_at=dt.datetime.now(dt.UTC),
                                       occasion=Occasion.BEFORE_RESTORE,
                                       create_folder=not place.chosen)
    except BackupFailedError as error:
        raise RestoreRefusedError(f"no safety backup of the current database could be taken "
                                  f"({error.reason}); nothing was changed.") from error
    step("safety-backup")
    work = prepare_copy(chosen, database, connect,
                        lambda file: migrate_work_file(file, db.connector, str(database)))
    try:
        step("prepared")
        _record_restore(work, connect, person, chosen, safety.path, contents)
        step("audited")
        db.close()
        swap_in(work, database, connect, step)
    except BaseException:
        remove_work_file(work)
        raise
    return RestoreResult(chosen, safety.path, contents.patient_count, contents.session_count)


def _record_restore(work: Path, connect: Connect, who: SignedInPerson, chosen: Path,
                    safety: Path, contents: BackupContents) -> None:
    """The restore's one audit event, in the copy that is about to become the database."""
    engine = create_engine("sqlite://", creator=lambda: connect(work), poolclass=NullPool)
    try:
        with Session(engine) as orm, orm.begin():
            record_event(orm, who, "restore", "database", None, None,
                         backup=chosen.name, safety_backup=safety.name,
                         patients=contents.patient_count, sessions=contents.session_count)
    finally:
        engine.dispose()


def backup_age(newest: BackupRecord | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How old the newest backup is (None: there is none)."""
    return _age(newest.taken_at if newest is not None else None, now)
