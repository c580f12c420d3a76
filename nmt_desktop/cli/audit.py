"""`nmt-desktop audit --patient ID | --user NAME`: who did what to a chart, or what one did."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from nmt_desktop.cli.common import signed_in

if TYPE_CHECKING:
    from nmt_desktop.services.records import AuditEventRecord

COLUMNS = ("time", "actor", "action", "entity", "detail")


def register(commands: Any) -> None:
    """Add the `audit` command."""
    audit = commands.add_parser(
        "audit", help="show a patient's audit trail (who opened the chart or a report, every "
        "create, change, sign, amend, export and print) or one person's")
    which = audit.add_mutually_exclusive_group(required=True)
    which.add_argument("--patient", metavar="ID", help="chart number or patient uid")
    which.add_argument("--user", dest="audit_user", metavar="NAME",
                       help="a user name: what they did, and what was done to their account")
    audit.add_argument("--json", action="store_true", help="print JSON instead of a table")
    audit.set_defaults(handler=_audit)


def _event_json(event: AuditEventRecord) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "entity_type": event.entity_type,
        "entity_uid": str(event.entity_uid) if event.entity_uid else None,
        "patient_uid": str(event.patient_uid) if event.patient_uid else None,
        "detail": dict(event.detail),
    }


def _table(events: list[AuditEventRecord]) -> list[str]:
    rows = [COLUMNS] + [
        (e.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action,
         e.entity_type, e.describe(short_ids=True)) for e in events]
    # The detail column is last and left unpadded, so long details do not widen the table.
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                       row[-1]]).rstrip() for row in rows]


def _audit(args: argparse.Namespace) -> None:
    from nmt_desktop.services.audit import list_audit_events
    from nmt_desktop.services.patients import get_patient
    from nmt_desktop.services.user_audit import list_user_events

    with signed_in(args) as db:
        if args.audit_user is not None:
            account, events = list_user_events(db, args.audit_user)
            title = f"Audit trail of {account.display_name} (user {account.user_name})"
        else:
            patient = get_patient(db, args.patient)
            events = list_audit_events(db, patient.uid)
            title = f"Audit trail of {patient.display_name} (chart {patient.chart_number})"
    if args.json:
        json.dump([_event_json(e) for e in events], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    print(title)
    for line in _table(events):
        print(line)
    print(f"{len(events)} event(s)")
