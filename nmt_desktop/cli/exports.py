"""`nmt-desktop export json|csv|fhir` and `nmt-desktop import json`.

A chart file (json) is exported encrypted for a clinic's exchange key, with a password, or
plain, as the command says: there is no default, so that nobody writes a readable chart file
without having asked for one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nmt_desktop.cli.chart_passwords import PASSWORD_VARIABLE, chart_password
from nmt_desktop.cli.common import CommandError, signed_in
from nmt_desktop.cli.password_files import FIRST_LINE_OF_FILE

if TYPE_CHECKING:
    from nmt_desktop.services.exchange import ChartProtection

_OUT_HELP = {
    "json": "chart file to write",
    "csv": "folder for sessions.csv, trigger_points.csv, pain_zones.csv, tension_ratings.csv …",
    "fhir": "FHIR R4 bundle file (JSON) to write",
}


def register(commands: Any) -> None:
    """Add the `export` and `import` commands."""
    export = commands.add_parser(
        "export", help="export one patient's chart as JSON, CSV tables or a FHIR R4 bundle",
        description="Export one patient's whole chart. json: a chart file that `import json` "
        "reads on another database; csv: " + _OUT_HELP["csv"] + "; fhir: " + _OUT_HELP["fhir"]
        + " with the physician progress report attached.",
        # No abbreviations: `--password SECRET` must fail, not be read as --password-file.
        allow_abbrev=False)
    export.add_argument("format", choices=("json", "csv", "fhir"), help="what to write")
    export.add_argument("--patient", required=True, metavar="ID",
                        help="chart number or uid of the patient")
    export.add_argument("--out", required=True, metavar="PATH", type=Path,
                        help="file (json, fhir) or folder (csv) to write")
    export.add_argument("--no-report", action="store_true",
                        help="fhir: leave the physician report PDF out of the bundle")
    protection = export.add_argument_group(
        "json: how the chart file is protected (one is required)",
        "Encrypted files are ordinary age files (age-encryption.org); `import json` opens "
        "them. A password never goes on the command line.")
    choice = protection.add_mutually_exclusive_group()
    choice.add_argument("--to-clinic", metavar="AGE_PUBLIC_KEY",
                        help="encrypt for the receiving clinic's exchange key (age1…; they "
                        "see it with `nmt-desktop clinic exchange-key`): only that clinic "
                        "opens the file, no password to pass along")
    choice.add_argument("--chart-password-file", metavar="FILE", type=Path,
                        help=f"encrypt with the password on {FIRST_LINE_OF_FILE}")
    choice.add_argument("--with-password", action="store_true",
                        help=f"encrypt with a password from {PASSWORD_VARIABLE}, else asked "
                        "twice at the prompt (at least 8 characters)")
    choice.add_argument("--plain", action="store_true",
                        help="not encrypted: anyone who has the file can read the whole chart")
    export.set_defaults(handler=_export)
    importing = commands.add_parser(
        "import", help="import a chart file exported by NMT Desktop",
        description="Merge a chart file into this database by uid: new records are added, "
        "newer copies update older ones, nothing is duplicated or deleted, and signed "
        "sessions are never changed.", allow_abbrev=False)
    importing.add_argument("format", choices=("json",), help="the chart file format")
    importing.add_argument("file", metavar="FILE", type=Path, help="chart file to import")
    importing.add_argument("--chart-number", metavar="N", default=None,
                           help="file a new patient under this chart number instead of the "
                           "file's (when that number is taken here)")
    importing.add_argument("--chart-password-file", metavar="FILE", type=Path,
                           help="a file encrypted with a password: the password is "
                           f"{FIRST_LINE_OF_FILE}, else {PASSWORD_VARIABLE}, else asked; a file "
                           "encrypted for this clinic's exchange key needs no password")
    importing.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> None:
    from nmt_desktop.services.exchange import (
        export_chart_csv,
        export_chart_fhir,
        export_chart_json,
    )

    protection = _protection(args)
    with signed_in(args) as db:
        if args.format == "json":
            result = export_chart_json(db, args.patient, args.out, protection)
        elif args.format == "csv":
            result = export_chart_csv(db, args.patient, args.out)
        else:
            result = export_chart_fhir(db, args.patient, args.out,
                                       report_pdf=None if args.no_report else
                                       _report_source())
    counts = result.counts
    marks = sum(counts.get(k, 0) for k in ("trigger_points", "pain_zones", "tension_ratings"))
    where = args.out if args.format == "csv" else result.paths[0]
    print(f"Exported chart {result.chart_number} as {args.format} to {where}: "
          f"{counts.get('sessions', 0)} session(s), {marks} mark(s){_protected_as(protection)}.")


def _protection(args: argparse.Namespace) -> ChartProtection | None:
    """The protection asked for a chart file (checked before the database is opened)."""
    from nmt_desktop.services.exchange import ChartProtection

    chosen = args.to_clinic is not None or args.chart_password_file is not None or \
        args.with_password or args.plain
    if args.format != "json":
        if chosen:
            raise CommandError(f"only chart files (json) can be encrypted; {args.format} "
                               "exports are written as they are.")
        return None
    if not chosen:
        raise CommandError("say how to protect the chart file: --to-clinic AGE_PUBLIC_KEY, "
                           "--chart-password-file FILE, --with-password, or --plain (not "
                           "encrypted: anyone who has the file can read it).")
    if args.to_clinic is not None:
        return ChartProtection.for_clinic(args.to_clinic)
    if args.plain:
        return ChartProtection.plain()
    return ChartProtection.with_password(chart_password(args.chart_password_file, new=True))


def _protected_as(protection: ChartProtection | None) -> str:
    from nmt_desktop.services.exchange import Protection

    if protection is None:
        return ""
    return {Protection.NONE: " (not encrypted: anyone who has the file can read it)",
            Protection.CLINIC_KEY: f", encrypted for {protection.recipient}",
            Protection.PASSWORD: ", encrypted with the password"}[protection.kind]


def _report_source() -> Any:
    from nmt_desktop.services.exchange import physician_report_pdf

    return physician_report_pdf


def _back_up_before_import(db: Any) -> None:
    """A verified backup first; if it cannot be written, say so and import anyway."""
    from nmt_desktop.services import backups

    if db.sqlite_file is None:
        return
    try:
        backups.back_up_now(db, backups.Occasion.BEFORE_IMPORT)
    except backups.BackupFailedError as error:
        print(f"nmt-desktop: warning: no backup before the import: {error.reason}",
              file=sys.stderr)


def _import(args: argparse.Namespace) -> None:
    from nmt_desktop.services.exchange import (
        Protection,
        file_protection,
        import_chart,
        read_chart_file,
    )

    content = read_chart_file(args.file)
    password = None
    if file_protection(content) is Protection.PASSWORD:
        password = chart_password(args.chart_password_file, new=False)
    with signed_in(args) as db:
        _back_up_before_import(db)
        report = import_chart(db, content, chart_number=args.chart_number,
                              password=password)
    for line in report.lines():
        print(line)
    for kept in report.kept_signed:
        print(f"nmt-desktop: warning: signed session {kept.uid} left unchanged", file=sys.stderr)
