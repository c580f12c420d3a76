"""Read one patient's whole chart into the plain document a chart file holds.

The document is JSON-ready (strings, numbers, booleans, lists, dicts) and is also what the
CSV and FHIR writers start from, so every format tells the same story.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop import __version__
from nmt_desktop.db.models import Intake, Patient, Therapist, TreatmentSession
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services.exchange.codec import to_json
from nmt_desktop.services.exchange.layout import (
    FORMAT_NAME,
    FORMAT_VERSION,
    PATIENT,
    PATIENT_TABLES,
    THERAPISTS,
    Table,
)

ChartDocument = dict[str, Any]


class UidLookup:
    """Turns foreign keys into uids, remembering every therapist the chart mentions."""

    def __init__(self, orm: Session) -> None:
        self._session = orm
        self._cache: dict[tuple[type[Any], int], uuid.UUID] = {}
        self.therapist_ids: set[int] = set()

    def uid(self, model: type[Any], row_id: int | None) -> str | None:
        if row_id is None:
            return None
        if model is Therapist:
            self.therapist_ids.add(row_id)
        key = (model, row_id)
        if key not in self._cache:
            row = self._session.get(model, row_id)
            assert row is not None, f"dangling reference to {model.__name__} {row_id}"
            self._cache[key] = row.uid
        return str(self._cache[key])


def record_of(table: Table, row: Any, lookup: UidLookup, orm: Session) -> dict[str, Any]:
    """One row as the file holds it, with its nested children."""
    record: dict[str, Any] = {"uid": str(row.uid)}
    for name in table.fields:
        record[name] = to_json(getattr(row, name))
    for link in table.links:
        record[link.key] = lookup.uid(link.model, getattr(row, link.column))
    for child in table.children:
        record[child.key] = [record_of(child, r, lookup, orm)
                             for r in _children(orm, child, row.id)]
    return record


def _children(orm: Session, table: Table, parent_id: int) -> list[Any]:
    assert table.parent_column is not None
    model = table.model
    query = select(model).where(getattr(model, table.parent_column) == parent_id)
    if model is TreatmentSession:
        query = query.order_by(TreatmentSession.started_at, TreatmentSession.id)
    elif model is Intake:
        query = query.order_by(Intake.version)
    else:
        query = query.order_by(model.id)
    return list(orm.scalars(query))


def read_chart(orm: Session, patient: Patient, exported_at: dt.datetime) -> ChartDocument:
    """The complete chart of `patient`, with every therapist it names."""
    lookup = UidLookup(orm)
    patient_record = record_of(PATIENT, patient, lookup, orm)
    nested = {table.key: [record_of(table, r, lookup, orm)
                          for r in _children(orm, table, patient.id)]
              for table in PATIENT_TABLES}
    therapists = sorted(
        (orm.get(Therapist, therapist_id) for therapist_id in lookup.therapist_ids),
        key=lambda t: (t.full_name if t else "", str(t.uid) if t else ""),
    )
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": to_json(exported_at),
        "app_version": __version__,
        "atlas_version": load_atlas().version,
        THERAPISTS.key: [record_of(THERAPISTS, t, lookup, orm) for t in therapists if t],
        PATIENT.key: patient_record,
        **nested,
    }


def count_records(document: ChartDocument) -> dict[str, int]:
    """How many records of each table a document holds (for summaries and audit details)."""
    counts: dict[str, int] = {THERAPISTS.key: len(document.get(THERAPISTS.key, []))}

    def walk(tables: tuple[Table, ...], records_by_key: list[dict[str, Any]]) -> None:
        for table in tables:
            rows = [row for parent in records_by_key for row in parent.get(table.key, [])]
            counts[table.key] = counts.get(table.key, 0) + len(rows)
            walk(table.children, rows)

    walk(PATIENT_TABLES, [document])
    return counts
