"""Use cases for visits that did not take place: cancelled (by either side) or missed.

The physician report counts them beside the visits attended (clinical-spec §5.7, "number of
visits attended/cancelled"). A missed visit belongs to the patient; there is no session.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import MissedVisit, Patient
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services._uow.validation import clean_text, required_date
from nmt_desktop.services.records import ChangeSet

MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class MissedVisitRecord:
    uid: uuid.UUID
    patient_uid: uuid.UUID
    on_date: dt.date
    kind: MissedVisitKind
    reason: str


def _record(row: MissedVisit, patient_uid: uuid.UUID) -> MissedVisitRecord:
    return MissedVisitRecord(uid=row.uid, patient_uid=patient_uid, on_date=row.on_date,
                             kind=row.kind, reason=row.reason)


def _changes(patient_uid: uuid.UUID) -> ChangeSet:
    # The patient's visit list shows missed visits among the sessions.
    return ChangeSet(sessions=True, patient_uid=patient_uid)


def clean_kind(value: object) -> MissedVisitKind:
    """The kind as stored: one of the three `MissedVisitKind` values."""
    if isinstance(value, MissedVisitKind):
        return value
    if isinstance(value, str) and value in {k.value for k in MissedVisitKind}:
        return MissedVisitKind(value)
    allowed = ", ".join(k.value for k in MissedVisitKind)
    raise ValidationError({"kind": f"Unknown kind {value!r}; one of {allowed}."})


def check_missed_visit(on_date: object, kind: object, today: dt.date
                       ) -> tuple[dt.date, MissedVisitKind]:
    """The shared rules of a missed visit, for the use case and the chart import.

    A no-show is not in the future; a cancellation may be recorded ahead of its day.

    Raises:
        ValidationError: No date, an unknown kind, or a no-show dated after `today`.
    """
    day = required_date("on_date", on_date)
    clean = clean_kind(kind)
    if clean is MissedVisitKind.NO_SHOW and day > today:
        raise ValidationError({"on_date": "A no-show cannot be dated in the future."})
    return day, clean


def record_missed_visit(
    db: Database, patient_uid: uuid.UUID, on_date: dt.date, kind: MissedVisitKind | str,
    reason: str = "", today: dt.date | None = None,
) -> tuple[MissedVisitRecord, ChangeSet]:
    """Record that a booked visit was cancelled or missed.

    Raises:
        NotFoundError: Unknown patient.
        ValidationError: See `check_missed_visit`; a reason longer than 500 characters.
    """
    who = authorize(db, Permission.CHART)
    day, clean = check_missed_visit(on_date, kind, today or dt.date.today())
    why = clean_text("reason", reason, MAX_REASON_LENGTH).strip()
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        row = MissedVisit(patient_id=patient.id, on_date=day, kind=clean, reason=why)
        orm.add(row)
        orm.flush()
        # The reason is free text about the patient: the audit keeps only that there is one.
        record_event(orm, who, "create", "missed_visit", row.uid, patient.uid,
                     on_date=day.isoformat(), kind=clean.value, has_reason=bool(why))
        record = _record(row, patient.uid)
    return record, _changes(patient.uid)


def remove_missed_visit(db: Database, missed_uid: uuid.UUID
                        ) -> tuple[MissedVisitRecord, ChangeSet]:
    """Delete a missed visit recorded by mistake; the audit trail keeps that it existed.

    Raises:
        NotFoundError: No such record.
    """
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        row = orm.scalar(select(MissedVisit).where(MissedVisit.uid == missed_uid))
        if row is None:
            raise NotFoundError(f"No cancelled or missed visit {missed_uid}.")
        patient = orm.get(Patient, row.patient_id)
        assert patient is not None  # the foreign key restricts deleting a patient with rows
        record = _record(row, patient.uid)
        orm.delete(row)
        record_event(orm, who, "delete", "missed_visit", record.uid, patient.uid,
                     on_date=record.on_date.isoformat(), kind=record.kind.value)
    return record, _changes(patient.uid)


def missed_visit_rows(orm: Session, patient_id: int, start: dt.date | None = None,
                      end: dt.date | None = None) -> list[MissedVisit]:
    """The patient's missed visits from `start` to `end` (both included), oldest first."""
    query = select(MissedVisit).where(MissedVisit.patient_id == patient_id)
    if start is not None:
        query = query.where(MissedVisit.on_date >= start)
    if end is not None:
        query = query.where(MissedVisit.on_date <= end)
    return list(orm.scalars(query.order_by(MissedVisit.on_date, MissedVisit.id)))


def list_missed_visits(db: Database, patient_ref: uuid.UUID | str
                       ) -> list[MissedVisitRecord]:
    """Every cancelled or missed visit of the patient, oldest first."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        return [_record(r, patient.uid) for r in missed_visit_rows(orm, patient.id)]
