"""`nmt-desktop report patient|physician`: the two PDF reports, written to a file and audited."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from nmt_desktop.cli.common import CommandError, signed_in
from nmt_desktop.cli.report_password import (
    add_password_options,
    refuse_password_argument,
    report_password,
)


def register(commands: Any) -> None:
    """Add the `report` command group."""
    report = commands.add_parser("report", help="write a patient summary or a physician report")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)

    patient = kinds.add_parser("patient", help="the patient's take-home visit summary (PDF)")
    _patient_option(patient)
    patient.add_argument("--session", default="latest", metavar="latest|UID",
                         help="the session to summarise (default: the latest)")
    _out_option(patient)
    patient.set_defaults(handler=_patient_summary)

    physician = kinds.add_parser("physician",
                                 help="the progress report to the referring physician (PDF)")
    _patient_option(physician)
    physician.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                           help="first day of the period (default: the first visit)")
    physician.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                           help="last day of the period (default: today)")
    add_password_options(physician)
    _out_option(physician)
    physician.set_defaults(handler=_physician_report)


def _patient_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", required=True, metavar="ID",
                        help="chart number or uid of the patient")


def _out_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="FILE.pdf", type=Path,
                        help="where to write the PDF (replaced if it exists)")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31."
        ) from None


def _patient_summary(args: argparse.Namespace) -> None:
    from nmt_desktop.services.report_data import write_patient_summary_pdf

    with signed_in(args) as db:
        report = write_patient_summary_pdf(db, args.patient, args.out, args.session)
    visit = report.session_date.isoformat() if report.session_date else "no visit yet"
    print(f"Visit summary ({visit}) for chart {report.chart_number} written to {args.out}")


def _physician_report(args: argparse.Namespace) -> None:
    from nmt_desktop.services.report_data import check_period, write_physician_report_pdf

    refuse_password_argument(args)
    date_from = _date(args.date_from, "--from")
    date_to = _date(args.date_to, "--to")
    check_period(date_from, date_to)
    password = report_password(args)  # asked before any work; refused before anything is written
    with signed_in(args) as db:
        report = write_physician_report_pdf(db, args.patient, args.out, date_from,
                                            date_to, password)
    assert report.period_start is not None and report.period_end is not None
    locked = ", password-protected (AES-256)" if report.encrypted else ""
    print(f"Progress report {report.period_start.isoformat()} to "
          f"{report.period_end.isoformat()} for chart {report.chart_number}{locked} "
          f"written to {args.out}")
