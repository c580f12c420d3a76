"""`nmt-desktop export json|csv|fhir` and `nmt-desktop import json`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nmt_desktop.cli.common import opened

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
        + " with the physician progress report attached.")
    export.add_argument("format", choices=("json", "csv", "fhir"), help="what to write")
    export.add_argument("--patient", required=True, metavar="ID",
                        help="chart number or uid of the patient")
    export.add_argument("--out", required=True, metavar="PATH", type=Path,
                        help="file (json, fhir) or folder (csv) to write")
    export.add_argument("--no-report", action="store_true",
                        help="fhir: leave the physician report PDF out of the bundle")
    export.set_defaults(handler=_export)
    importing = commands.add_parser(
        "import", help="import a chart file exported by NMT Desktop",
        description="Merge a chart file into this database by uid: new records are added, "
        "newer copies update older ones, nothing is duplicated or deleted, and signed "
        "sessions are never changed.")
    importing.add_argument("format", choices=("json",), help="the chart file format")
    importing.add_argument("file", metavar="FILE", type=Path, help="chart file to import")
    importing.add_argument("--chart-number", metavar="N", default=None,
                           help="file a new patient under this chart number instead of the "
                           "file's (when that number is taken here)")
    importing.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> None:
    from nmt_desktop.services.exchange import (
        export_chart_csv,
        export_chart_fhir,
        export_chart_json,
    )

    with opened(args) as db:
        if args.format == "json":
            result = export_chart_json(db, args.patient, args.out)
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
          f"{counts.get('sessions', 0)} session(s), {marks} mark(s).")


def _report_source() -> Any:
    from nmt_desktop.services.exchange import physician_report_pdf

    return physician_report_pdf


def _import(args: argparse.Namespace) -> None:
    from nmt_desktop.services.exchange import import_chart, read_chart_file

    content = read_chart_file(args.file)
    with opened(args) as db:
        report = import_chart(db, content, chart_number=args.chart_number)
    for line in report.lines():
        print(line)
    for kept in report.kept_signed:
        print(f"nmt-desktop: warning: signed session {kept.uid} left unchanged", file=sys.stderr)
