"""`nmt-desktop patients list|add`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nmt_desktop.cli.common import opened


def register(commands: Any) -> None:
    """Add the `patients` command group."""
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
    from nmt_desktop.services.patient_search import search_patients

    with opened(args) as db:
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
    with opened(args) as db:
        patient, _ = create_patient(db, data)
    print(f"{patient.chart_number} {patient.uid}")
