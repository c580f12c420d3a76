"""`nmt-desktop db check|backup|encrypt|delete-plaintext`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nmt_desktop.cli.common import CommandError
from nmt_desktop.cli.credentials import signed_in


def register(commands: Any) -> None:
    """Add the `db` command group."""
    db = commands.add_parser("db", help="check or back up the database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = db_commands.add_parser("check", help="integrity and schema version")
    check.set_defaults(handler=_db_check)
    backup = db_commands.add_parser("backup", help="consistent copy, safe while the app is open")
    backup.add_argument("--out", required=True, metavar="FILE", type=Path, help="backup file")
    backup.set_defaults(handler=_db_backup)
    encrypt = db_commands.add_parser(
        "encrypt", help="encrypt a plain SQLite database in place (SQLCipher), verified; "
        "the plain copy is kept until `db delete-plaintext`")
    encrypt.add_argument("--owner", required=True, metavar="NAME",
                         help="the owner / admin account whose password unlocks it (the "
                         "password comes from a prompt, NMT_PASSWORD or --password-file)")
    encrypt.set_defaults(handler=_db_encrypt)
    delete = db_commands.add_parser(
        "delete-plaintext", help="overwrite and delete the plain copies left by `db encrypt` "
        "(and plain pre-upgrade backups)")
    delete.add_argument("--yes", action="store_true", help="delete without asking")
    delete.set_defaults(handler=_db_delete_plaintext)


def _db_check(args: argparse.Namespace) -> None:
    from nmt_desktop.services.maintenance import check_database

    with signed_in(args) as db:  # the clinic's upkeep: the owner (checked in the service)
        report = check_database(db)
    print(f"Database: {report.location}")
    print(f"Schema: {report.schema_revision} ({'current' if report.schema_current else 'OLD'})")
    print(f"Integrity: {report.integrity}")
    print(f"Patients: {report.patient_count}, sessions: {report.session_count}")
    if not report.ok:
        raise CommandError(f"database check failed: {report.integrity}")


def _db_backup(args: argparse.Namespace) -> None:
    from nmt_desktop.services.maintenance import backup_database

    with signed_in(args) as db:  # a copy of every chart: not for anyone at the keyboard
        target = backup_database(db, args.out)
    print(f"Backup written to {target}")


def _db_encrypt(args: argparse.Namespace) -> None:
    from nmt_desktop.cli.passwords import read_password
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.services.encryption import encrypt_database_file

    url = database_url(args.db, paths=user_paths())
    done = encrypt_database_file(url, args.owner, read_password(args, "Owner's password: "))
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
