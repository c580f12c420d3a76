"""The command line: the same services as the app, without a display.

Every command exits 0 on success and non-zero with one line on stderr on failure; clinic
scripts rely on the command names and on the JSON shapes.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nmt_desktop import __version__

EXIT_FAILURE = 1


class CommandError(Exception):
    """A failure with a message for the person who typed the command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nmt-desktop",
        description="NMT Desktop: charting for neuromuscular and massage therapists. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database file path or URL (sqlite:///…, postgresql+psycopg://user@host/db); "
        "default: NMT_DATABASE_URL, else the file in the user data folder",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill the database with a small demo clinic")
    demo.set_defaults(handler=_demo)

    patients = commands.add_parser("patients", help="list or add patients")
    patient_commands = patients.add_subparsers(dest="patients_command", metavar="ACTION",
                                               required=True)
    listing = patient_commands.add_parser("list", help="list patients")
    listing.add_argument("--search", default="", metavar="TEXT",
                         help="words matching the start of a name, the chart number or the "
                         "date of birth (YYYY, YYYY-MM or YYYY-MM-DD)")
    listing.add_argument("--include-archived", action="store_true", help="list archived too")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=_patients_list)
    add = patient_commands.add_parser("add", help="add a patient")
    add.add_argument("--given", required=True, metavar="NAME", help="given name")
    add.add_argument("--family", required=True, metavar="NAME", help="family name")
    add.add_argument("--dob", required=True, metavar="YYYY-MM-DD", help="date of birth")
    add.add_argument("--chart-number", default="", metavar="N",
                     help="chart number (default: the next free number)")
    add.set_defaults(handler=_patients_add)

    db = commands.add_parser("db", help="check or back up the database")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = db_commands.add_parser("check", help="integrity and schema version")
    check.set_defaults(handler=_db_check)
    backup = db_commands.add_parser("backup", help="consistent copy, safe while the app is open")
    backup.add_argument("--out", required=True, metavar="FILE", type=Path, help="backup file")
    backup.set_defaults(handler=_db_backup)
    return parser


def _actor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return f"command line ({user})"


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Any]:
    """The chosen database, open for one command and closed whatever happens."""
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.database import Database

    paths = user_paths()
    db = Database.open(database_url(args.db, paths=paths), backup_dir=paths.backup_dir)
    try:
        yield db
    finally:
        db.close()


def _demo(args: argparse.Namespace) -> None:
    from nmt_desktop.services.demo import load_demo_clinic

    with _opened(args) as db:
        summary = load_demo_clinic(db)
    print(f"Demo clinic ready in {db.location}: {summary}")


def _patient_json(patient: Any) -> dict[str, Any]:
    return {
        "chart_number": patient.chart_number,
        "uid": str(patient.uid),
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "archived": patient.archived,
    }


def _patients_list(args: argparse.Namespace) -> None:
    from nmt_desktop.services.patients import search_patients

    with _opened(args) as db:
        patients = search_patients(db, args.search, args.include_archived, limit=1_000_000)
    if args.json:
        json.dump([_patient_json(p) for p in patients], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    for patient in patients:
        flag = "  (archived)" if patient.archived else ""
        print(f"{patient.chart_number:>8}  {patient.sort_name}  "
              f"{patient.date_of_birth.isoformat()}{flag}")
    print(f"{len(patients)} patient(s)")


def _patients_add(args: argparse.Namespace) -> None:
    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services.patients import create_patient

    data = PatientInput(given_name=args.given, family_name=args.family, date_of_birth=args.dob,
                        chart_number=args.chart_number)
    with _opened(args) as db:
        patient, _ = create_patient(db, data, _actor())
    print(f"{patient.chart_number} {patient.uid}")


def _db_check(args: argparse.Namespace) -> None:
    from nmt_desktop.services.maintenance import check_database

    with _opened(args) as db:
        report = check_database(db)
    print(f"Database: {report.location}")
    print(f"Schema: {report.schema_revision} ({'current' if report.schema_current else 'OLD'})")
    print(f"Integrity: {report.integrity}")
    print(f"Patients: {report.patient_count}, sessions: {report.session_count}")
    if not report.ok:
        raise CommandError(f"database check failed: {report.integrity}")


def _db_backup(args: argparse.Namespace) -> None:
    from nmt_desktop.services.maintenance import backup_database

    with _opened(args) as db:
        target = backup_database(db, args.out)
    print(f"Backup written to {target}")


def run_command(args: argparse.Namespace) -> int:
    """Run one parsed command; turn every expected failure into one line and a non-zero exit."""
    from nmt_desktop.db.errors import DatabaseRefusedError
    from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError

    handler: Callable[[argparse.Namespace], None] = args.handler
    try:
        handler(args)
    except ValidationError as error:
        return _fail(" ".join(error.field_errors.values()))
    except (DatabaseRefusedError, NotFoundError, ConflictError, CommandError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{error.strerror or error} ({error.filename or 'file system'})")
    return 0


def _fail(message: str) -> int:
    print(f"nmt-desktop: error: {message}", file=sys.stderr)
    return EXIT_FAILURE
