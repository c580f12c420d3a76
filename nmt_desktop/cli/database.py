"""`nmt-desktop db check|backup|restore|encrypt|delete-plaintext|remember-key|forget-key`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nmt_desktop.cli.common import CommandError, signed_in

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database


def register(commands: Any) -> None:
    """Add the `db` command group."""
    db = commands.add_parser("db", help="check, back up or restore the database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = db_commands.add_parser(
        "check", help="integrity, schema version and the age of the newest backup")
    check.set_defaults(handler=_db_check)
    backup = db_commands.add_parser(
        "backup", help="verified backup into the clinic's backup folder (or --out FILE), "
        "safe while the app is open")
    backup.add_argument("--out", metavar="FILE", type=Path,
                        help="write a copy to this file instead of the backup folder")
    backup.set_defaults(handler=_db_backup)
    restore = db_commands.add_parser(
        "restore", help="list the backups, or restore one (owner/admin; a safety backup of "
        "the current database is taken first)",
        description="Without FILE: list the backups in the clinic's backup folder with their "
        "date, size and patient and session counts. With FILE: check it (whole, a schema this "
        "version knows, this clinic's data) before anything changes, take a safety backup of "
        "the current database, then put the backup in its place. Owner/admin only.")
    restore.add_argument("file", metavar="FILE", type=Path, nargs="?",
                         help="the backup to restore; without it, the backups are listed")
    restore.add_argument("--yes", action="store_true",
                         help="do not ask for confirmation (for scripts)")
    restore.set_defaults(handler=_db_restore)
    encrypt = db_commands.add_parser(
        "encrypt", help="encrypt a plain SQLite database in place (SQLCipher), verified; "
        "the plain copy is kept until `db delete-plaintext`")
    encrypt.set_defaults(handler=_db_encrypt)
    delete = db_commands.add_parser(
        "delete-plaintext", help="overwrite and delete the plain copies left by `db encrypt` "
        "(and plain pre-upgrade backups)")
    delete.add_argument("--yes", action="store_true", help="delete without asking")
    delete.set_defaults(handler=_db_delete_plaintext)
    remember = db_commands.add_parser(
        "remember-key", help="keep an encrypted database's key in this computer account's "
        "keychain: this account then opens the file without a password (people still sign in)")
    remember.set_defaults(handler=_db_remember_key)
    forget = db_commands.add_parser(
        "forget-key", help="take the database key out of this computer account's keychain")
    forget.set_defaults(handler=_db_forget_key)


def _db_check(args: argparse.Namespace) -> None:
    from nmt_desktop.services.maintenance import check_database

    with signed_in(args) as db:  # the clinic's upkeep: the owner (checked in the service)
        report = check_database(db)
        backup_line, backup_warning = _backup_status(db)
    print(f"Database: {report.location}")
    print(f"Schema: {report.schema_revision} ({'current' if report.schema_current else 'OLD'})")
    print(f"Integrity: {report.integrity}")
    print(f"Patients: {report.patient_count}, sessions: {report.session_count}")
    print(backup_line)
    if not report.ok:
        raise CommandError(f"database check failed: {report.integrity}")
    if backup_warning:
        print(f"nmt-desktop: warning: {backup_warning}", file=sys.stderr)


def _backup_status(db: Database) -> tuple[str, str]:
    """The 'Newest backup' line and a warning (empty if none is due)."""
    from nmt_desktop.services import backups

    if db.sqlite_file is None:
        return "Newest backup: not kept here (a clinic server is backed up on the server)", ""
    place = backups.backup_place(db)
    newest = backups.newest_backup(db)
    age = backups.backup_age(newest)
    if newest is None or age is None:
        return (f"Newest backup: none in {place.folder}",
                f"there is no backup of this database in {place.folder}")
    line = f"Newest backup: {_local(newest.taken_at)} ({_age_text(age)} ago), {newest.path}"
    if age > backups.STALE_AFTER:
        return line, f"the newest backup is {_age_text(age)} old"
    return line, ""


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _age_text(age: dt.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"


def _db_backup(args: argparse.Namespace) -> None:
    from nmt_desktop.services import backups
    from nmt_desktop.services.maintenance import backup_database

    with signed_in(args) as db:  # a copy of every chart: owner/admin (the service checks)
        if args.out is not None:
            target = backup_database(db, args.out)
        else:
            try:
                target = backups.back_up_now(db).path
            except backups.BackupFailedError as error:
                raise CommandError(f"no backup was written: {error.reason}") from error
    print(f"Backup written to {target}")


def _db_restore(args: argparse.Namespace) -> None:
    from nmt_desktop.domain.errors import NotAllowedError
    from nmt_desktop.services import backups

    # The services check that the person signed in on the handle is an owner/admin.
    with signed_in(args) as db:
        try:
            if args.file is None:
                _list_backups(db)
                return
            if not args.yes:
                # Checked before asking; the restore checks it again before it changes anything.
                contents = backups.check_backup(db, args.file)
                print(f"{args.file}: schema {contents.schema_revision}, "
                      f"{contents.patient_count} patients, {contents.session_count} sessions")
                if not _confirmed(db.location):
                    raise CommandError("restore cancelled; nothing was changed")
            result = backups.restore_backup(db, args.file)
        except (backups.RestoreRefusedError, NotAllowedError) as error:
            raise CommandError(str(error)) from error
    print(f"Restored {result.restored} ({result.patient_count} patients, "
          f"{result.session_count} sessions). The database as it was is kept in "
          f"{result.safety_backup}.")


def _list_backups(db: Database) -> None:
    from nmt_desktop.services import backups

    listed = backups.list_backups(db)
    print(f"Backups in {backups.backup_place(db).folder}:")
    if not listed:
        print("  (none)")
    for stored in listed:
        backup = stored.backup
        size = f"{backup.size_bytes / 1_000_000:.1f} MB"
        what = (f"{stored.patient_count} patients, {stored.session_count} sessions"
                if not stored.problem else f"cannot be restored: {stored.problem}")
        print(f"  {_local(backup.taken_at)}  {backup.occasion.label:<15} {size:>9}  {what}  "
              f"{backup.path.name}")
    print("Restore one with: nmt-desktop db restore FILE")


def _confirmed(location: str) -> bool:
    if not sys.stdin.isatty():
        raise CommandError("restore replaces the database: confirm on a terminal, or add "
                           "--yes; nothing was changed")
    answer = input(f"Replace the database {location} with this backup? [y/N] ")
    return answer.strip().lower() in {"y", "yes"}


def _db_encrypt(args: argparse.Namespace) -> None:
    from nmt_desktop.cli.credentials import password
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.preflight import sqlite_path
    from nmt_desktop.services.encryption import SERVER_ENCRYPTION, encrypt_this_database

    if sqlite_path(database_url(args.db, paths=user_paths())) is None:
        raise CommandError(SERVER_ENCRYPTION)  # said before any server is asked for a sign-in
    # The owner signs in; the same password then unlocks the encrypted file (never an argument).
    with signed_in(args) as db:
        done = encrypt_this_database(db, password(args))
    print(f"Encrypted {done.location}: {done.tables} tables, {done.rows:,} rows verified.")
    print("Recovery code (print it or write it down now; it is shown only once. It opens the "
          "data if every password is forgotten or the key file is lost):")
    print(f"    {done.recovery_code}")
    print(f"The plain copy is kept as {done.plaintext_copy}. Once the app opens the encrypted "
          "database, delete it with: nmt-desktop db delete-plaintext")
    print(done.ssd_warning)


def _db_delete_plaintext(args: argparse.Namespace) -> None:
    import sys

    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.services.encryption import (
        SSD_WARNING,
        delete_plaintext_files,
        plaintext_files,
    )

    url = database_url(args.db, paths=user_paths())
    copies = plaintext_files(url)
    if not copies:
        print("No plain copies are left beside the database.")
        return
    for copy in copies:
        print(f"plain copy: {copy}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("confirm with --yes (there is no terminal to ask at).")
        if input("Delete these files? [y/N] ").strip().lower() not in ("y", "yes"):
            raise CommandError("nothing was deleted.")
    deleted = delete_plaintext_files(url)
    print(f"Deleted {len(deleted)} plain file(s). {SSD_WARNING}")


def _db_remember_key(args: argparse.Namespace) -> None:
    from nmt_desktop.services.encryption import remember_on_this_laptop

    with signed_in(args) as db:
        remember_on_this_laptop(db)
        where = db.location
    print(f"This computer account now remembers the key of {where}; anyone signed in to it "
          "can open the file without a password (forget it with: nmt-desktop db forget-key).")


def _db_forget_key(args: argparse.Namespace) -> None:
    from nmt_desktop.services.encryption import forget_on_this_laptop

    with signed_in(args) as db:
        forget_on_this_laptop(db)
        where = db.location
    print(f"This computer account no longer remembers the key of {where}.")
