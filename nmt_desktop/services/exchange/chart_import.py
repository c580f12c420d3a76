"""Merge a chart file into this database by uid, in one transaction.

Rules, record by record:
- a uid this database does not have is added, with its original uid and timestamps;
- a uid it has is updated only when the file's copy is newer (``updated_at``), so importing
  the same file twice, or an older copy, changes nothing;
- a session signed here is part of the legal record: it is never changed by an import. If the
  file holds a different version of it, the import leaves it as it was and says so;
- records present here but absent from the file are kept (an import never deletes).
The file is checked completely first (`chart_file.parse_chart_file`); any problem found while
merging (a uid that belongs to another patient here, a chart number in use) rolls everything
back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import PainZone, Patient, TreatmentSession
from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.patients import search_key
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services.audit import record_event
from nmt_desktop.services.exchange.chart_document import UidLookup, record_of
from nmt_desktop.services.exchange.chart_file import (
    ChartFile,
    FileRecord,
    canonical_of,
    parse_chart_file,
)
from nmt_desktop.services.exchange.checks import RULES
from nmt_desktop.services.exchange.layout import PATIENT_TABLES, SESSIONS, Table


@dataclass(frozen=True)
class KeptSignedSession:
    """A signed session the file holds in a different version; left exactly as it was."""

    uid: uuid.UUID
    started_at: dt.datetime

    @property
    def message(self) -> str:
        return (f"The session of {self.started_at:%Y-%m-%d} ({self.uid}) is signed here and the "
                "file holds a different version of it; the signed session was left as it was. "
                "Corrections to a signed session go in a dated amendment.")


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the person who ran it and for the audit trail."""

    patient_uid: uuid.UUID
    chart_number: str
    patient_name: str
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    kept_signed: tuple[KeptSignedSession, ...] = ()
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        def listed(counts: dict[str, int]) -> str:
            shown = [f"{n} {_noun(key, n)}" for key, n in counts.items() if n]
            return ", ".join(shown) or "nothing"

        lines = [f"Imported chart {self.chart_number} ({self.patient_name}).",
                 f"Added: {listed(self.created)}.",
                 f"Updated: {listed(self.updated)}.",
                 f"Already up to date: {listed(self.unchanged)}."]
        lines += [kept.message for kept in self.kept_signed]
        lines += list(self.notes)
        return lines


def _noun(table_key: str, count: int) -> str:
    words = table_key.replace("_", " ")
    return words.removesuffix("s") if count == 1 else words


@dataclass
class _Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    kept_signed: list[KeptSignedSession] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Merger:
    def __init__(self, orm: Session, actor: str, patient_uid: uuid.UUID) -> None:
        self.orm = orm
        self.actor = actor
        self.patient_uid = patient_uid
        self.tally = _Tally()
        self._ids: dict[tuple[type[Any], uuid.UUID], int] = {}

    def local_id(self, model: type[Any], uid: uuid.UUID | None) -> int | None:
        if uid is None:
            return None
        key = (model, uid)
        if key not in self._ids:
            found = self.orm.scalar(select(model.id).where(model.uid == uid))
            assert found is not None, f"{model.__name__} {uid} should have been merged already"
            self._ids[key] = found
        return self._ids[key]

    def _assign(self, row: Any, record: FileRecord, parent_id: int | None) -> None:
        table = record.table
        for name, value in record.values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        for link in table.links:
            setattr(row, link.column, self.local_id(link.model, record.links[link.key]))
        if table.parent_column is not None:
            setattr(row, table.parent_column, parent_id)
        if row.__class__ is Patient:
            row.given_key = search_key(row.given_name)
            row.family_key = search_key(row.family_name)

    def merge(self, record: FileRecord, parent_id: int | None) -> tuple[Any, str]:
        """Add or update one record (not its children); returns the row and what happened."""
        table = record.table
        model = table.model
        row = self.orm.scalar(select(model).where(model.uid == record.uid))
        parent_column = table.parent_column
        if row is not None and parent_column and getattr(row, parent_column) != parent_id:
            raise ConflictError(
                f"{record.where}: {table.entity.replace('_', ' ')} {record.uid} belongs to "
                "another patient or session in this database; nothing was imported.")
        if row is None:
            row = model(uid=record.uid)
            self._assign(row, record, parent_id)
            self.orm.add(row)
            outcome = "created"
        elif record.values["updated_at"] > row.updated_at:
            self._assign(row, record, parent_id)
            outcome = "updated"
        else:
            outcome = "unchanged"
        self.orm.flush()
        self._ids[(model, record.uid)] = row.id
        getattr(self.tally, outcome)[table.key] += 1
        return row, outcome

    def merge_nested(self, table: Table, records: list[FileRecord], parent_id: int) -> None:
        for record in records:
            if table is SESSIONS:
                self._merge_session(record, parent_id)
            elif table.model is PainZone and self._region_taken(record, parent_id):
                continue
            else:
                row, _ = self.merge(record, parent_id)
                for child in table.children:
                    self.merge_nested(child, record.children[child.key], row.id)

    def _merge_session(self, record: FileRecord, patient_id: int) -> None:
        row = self.orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == record.uid))
        if row is not None and row.status is SessionStatus.SIGNED:
            if row.patient_id != patient_id:
                raise ConflictError(f"{record.where}: session {record.uid} belongs to another "
                                    "patient in this database; nothing was imported.")
            here = canonical_of(record_of(SESSIONS, row, UidLookup(self.orm), self.orm))
            if here == record.canonical():
                self.tally.unchanged[SESSIONS.key] += 1
            else:
                self.tally.kept_signed.append(KeptSignedSession(record.uid, row.started_at))
            return
        before = Counter(self.tally.created) + Counter(self.tally.updated)
        row, outcome = self.merge(record, patient_id)
        for child in SESSIONS.children:
            self.merge_nested(child, record.children[child.key], row.id)
        after = Counter(self.tally.created) + Counter(self.tally.updated)
        changed_marks = {k: n for k, n in (after - before).items() if k != SESSIONS.key}
        if outcome != "unchanged" or changed_marks:
            record_event(self.orm, self.actor, "import", "session", row.uid, self.patient_uid,
                         result=outcome, **changed_marks)

    def _region_taken(self, record: FileRecord, session_id: int) -> bool:
        """A region painted here under another uid keeps the zone charted here."""
        other = self.orm.scalar(select(PainZone).where(
            PainZone.session_id == session_id, PainZone.region_id == record.values["region_id"],
            PainZone.uid != record.uid))
        if other is None:
            return False
        self.tally.notes.append(
            f"Pain zone {record.values['region_id']} in session {record.where.split('.')[0]} "
            "is already painted here; the zone charted here was kept.")
        return True


def _chart_number_owner(orm: Session, chart_number: str, other_than: uuid.UUID) -> Patient | None:
    return orm.scalar(select(Patient).where(Patient.chart_number == chart_number,
                                            Patient.uid != other_than))


def _merge_patient(merger: _Merger, chart: ChartFile, chart_number: str | None) -> Patient:
    record = chart.patient
    wanted = chart_number or record.values["chart_number"]
    existing = merger.orm.scalar(select(Patient).where(Patient.uid == record.uid))
    owner = _chart_number_owner(merger.orm, wanted, record.uid)
    if existing is None and owner is not None:
        raise ConflictError(
            f"Chart number {wanted} is already used here by {owner.given_name} "
            f"{owner.family_name}; import with another chart number (--chart-number).")
    if existing is not None and owner is not None:
        record.values["chart_number"] = existing.chart_number
        merger.tally.notes.append(f"Chart number {wanted} is used here by another patient; "
                                  f"the chart keeps its number {existing.chart_number}.")
    else:
        record.values["chart_number"] = wanted
    row, _ = merger.merge(record, None)
    patient: Patient = row
    return patient


def import_chart(
    db: Database, content: bytes, actor: str, chart_number: str | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Merge the chart file `content` into the database; see the module text for the rules.

    Args:
        db: The database to merge into.
        content: The bytes of the chart file.
        actor: Who imports, for the audit trail.
        chart_number: File the chart under this number instead of the file's (a new patient
            whose number is taken here).
        today: The day to check dates of birth against (tests pin it).

    Raises:
        ChartFileRefusedError: The file is malformed or too new; nothing was written.
        ConflictError: The file contradicts this database; nothing was written.
    """
    chart = parse_chart_file(content, today)
    chart_number = (chart_number or "").strip() or None
    if chart_number is not None:
        renamed = {**chart.patient.values, "chart_number": chart_number}
        problems = RULES["patient"](renamed, today or dt.date.today())
        if problems:
            raise ValidationError({"chart_number": " ".join(problems)})
    with db.transaction() as orm:
        merger = _Merger(orm, actor, chart.patient.uid)
        for therapist in chart.therapists:
            row, outcome = merger.merge(therapist, None)
            if outcome != "unchanged":
                record_event(orm, actor, "import", "therapist", row.uid, None, result=outcome)
        patient = _merge_patient(merger, chart, chart_number)
        outcome = ("created" if merger.tally.created["patient"]
                   else "updated" if merger.tally.updated["patient"] else "unchanged")
        if outcome != "unchanged":
            record_event(orm, actor, "import", "patient", patient.uid, patient.uid,
                         result=outcome)
        for table in PATIENT_TABLES:
            merger.merge_nested(table, chart.nested[table.key], patient.id)
        tally = merger.tally
        record_event(orm, actor, "import", "chart", patient.uid, patient.uid,
                     format="json", format_version=chart.format_version,
                     created=dict(tally.created), updated=dict(tally.updated),
                     signed_sessions_kept=[str(k.uid) for k in tally.kept_signed])
        return ImportReport(
            patient_uid=patient.uid, chart_number=patient.chart_number,
            patient_name=f"{patient.given_name} {patient.family_name}",
            created=dict(tally.created), updated=dict(tally.updated),
            unchanged=dict(tally.unchanged), kept_signed=tuple(tally.kept_signed),
            notes=tuple(tally.notes),
        )
