"""`nmt-desktop db check|backup`."""

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
