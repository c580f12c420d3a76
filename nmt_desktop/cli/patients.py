"""`nmt-desktop patients list|add|edit`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nmt_desktop.cli.common import signed_in


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
    edit = patient_commands.add_parser(
        "edit", help="change a patient's details (only the options given change)")
    edit.add_argument("chart_number", metavar="CHART", help="the patient's chart number")
    for option, help_text in _EDITABLE.items():
        edit.add_argument(f"--{option}", metavar="TEXT", help=help_text)
    edit.add_argument("--expected-version", type=int, metavar="N",
                      help="refuse the change if the patient was saved since version N "
                      "(the `version` of `patients list --json`)")
    edit.set_defaults(handler=_patients_edit)


_EDITABLE = {"given": "given name", "family": "family name", "dob": "date of birth",
             "phone": "phone", "email": "email", "address": "address"}


def _patient_json(patient: Any) -> dict[str, Any]:
    return {
        "chart_number": patient.chart_number,
        "uid": str(patient.uid),
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "archived": patient.archived,
        "version": patient.version,
    }


def _patients_list(args: argparse.Namespace) -> None:
    from nmt_desktop.services.patient_search import search_patients

    with signed_in(args) as db:
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
    with signed_in(args) as db:
        patient, _ = create_patient(db, data)
    print(f"{patient.chart_number} {patient.uid}")


def _patients_edit(args: argparse.Namespace) -> None:
    from dataclasses import replace

    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services.patients import get_patient, update_patient

    with signed_in(args) as db:
        patient = get_patient(db, args.chart_number)
        data = PatientInput(patient.given_name, patient.family_name, patient.date_of_birth,
                            patient.chart_number, patient.phone, patient.email, patient.address,
                            patient.referring_physician, patient.referral_reason)
        given = {"given_name": args.given, "family_name": args.family,
                 "date_of_birth": args.dob, "phone": args.phone, "email": args.email,
                 "address": args.address}
        data = replace(data, **{name: value for name, value in given.items()
                                if value is not None})
        updated, _ = update_patient(db, patient.uid, data,
                                    expected_version=args.expected_version)
    print(f"{updated.chart_number} version {updated.version}")
