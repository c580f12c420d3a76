"""Home-care prescriptions: exercises of the §5.4 library with this patient's dose."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import HomeCarePrescription
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.exercises import EXERCISES_BY_ID
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.copy_flags import edit_copyable_row, session_notes_changed
from nmt_desktop.services._uow.loaders import load_session
from nmt_desktop.services._uow.locking import draft_session, draft_session_by_id
from nmt_desktop.services._uow.row_versions import lock_for_edit, versioned_edit
from nmt_desktop.services._uow.validation import clean_text
from nmt_desktop.services.records import ChangeSet

PRESCRIPTION_FIELDS = frozenset({"dose", "frequency", "progression", "note"})
_LIMITS = {"dose": 200, "frequency": 200, "progression": 2000, "note": 2000}


@dataclass(frozen=True)
class PrescriptionRecord:
    uid: uuid.UUID
    exercise_id: str
    exercise_name: str
    position: int
    dose: str
    frequency: str
    progression: str
    note: str
    copied: bool = False
    #: The row version an edit sends back as `expected_version` (no lost update).
    version: int = 0


def prescription_record(row: HomeCarePrescription) -> PrescriptionRecord:
    known = EXERCISES_BY_ID.get(row.exercise_id)
    name = known.name if known is not None else row.exercise_id
    return PrescriptionRecord(row.uid, row.exercise_id, name, row.position, row.dose,
                              row.frequency, row.progression, row.note, row.copied,
                              row.row_version or 0)


def _clean(field_changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(field_changes) - PRESCRIPTION_FIELDS
    if unknown:
        raise ValidationError({"fields": f"Unknown prescription field {sorted(unknown)[0]!r}."})
    return {name: clean_text(name, value, _LIMITS[name], multiline=name not in {"dose",
                                                                                 "frequency"})
            for name, value in field_changes.items()}


def prescribe_exercise(
    db: Database, session_uid: uuid.UUID, exercise_id: str, dose: str | None = None,
    frequency: str = "", progression: str = "", note: str = "",
) -> tuple[PrescriptionRecord, ChangeSet]:
    """Add an exercise to the session's home programme; dose defaults to the library's."""
    who = authorize(db, Permission.CHART)
    exercise = EXERCISES_BY_ID.get(exercise_id)
    if exercise is None:
        raise ValidationError({"exercise_id": f"Unknown exercise {exercise_id!r}."})
    clean = _clean({"dose": exercise.typical_dose if dose is None else dose,
                    "frequency": frequency, "progression": progression, "note": note})
    with db.transaction() as orm:
        row = draft_session(orm, session_uid)
        position = (orm.scalar(select(func.max(HomeCarePrescription.position))
                               .where(HomeCarePrescription.session_id == row.id)) or 0) + 1
        prescription = HomeCarePrescription(session_id=row.id, exercise_id=exercise_id,
                                            position=position, copied=False, **clean)
        orm.add(prescription)
        orm.flush()
        record_event(orm, who, "create", "home_care", prescription.uid, row.patient.uid,
                     session=str(row.uid), exercise=exercise_id, dose=clean["dose"])
        record = prescription_record(prescription)
    return record, session_notes_changed(row)


def _load(orm: Session, prescription_uid: uuid.UUID) -> HomeCarePrescription:
    row = orm.scalar(select(HomeCarePrescription)
                     .where(HomeCarePrescription.uid == prescription_uid))
    if row is None:
        raise NotFoundError(f"No prescription {prescription_uid} (it may have been removed).")
    return row


def update_prescription(
    db: Database, prescription_uid: uuid.UUID, field_changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> tuple[PrescriptionRecord, ChangeSet]:
    """Change dose, frequency, progression or note; any edit confirms a copied prescription.

    `expected_version`: the version the editor started from (StaleEditError if it moved on).
    """
    who = authorize(db, Permission.CHART)
    clean = _clean(field_changes)

    def edit(orm: Session, prescription: HomeCarePrescription
             ) -> tuple[PrescriptionRecord, ChangeSet]:
        row = draft_session_by_id(orm, prescription.session_id)
        edit_copyable_row(orm, prescription, clean, who, "home_care", row)
        orm.flush()
        return prescription_record(prescription), session_notes_changed(row)

    return versioned_edit(db, "the home-care prescription", "home_care", expected_version,
                          lambda orm: _load(orm, prescription_uid), edit)


def remove_prescription(
    db: Database, prescription_uid: uuid.UUID
) -> tuple[PrescriptionRecord, ChangeSet]:
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        prescription = _load(orm, prescription_uid)
        lock_for_edit(orm, prescription)  # (its version counter guards the DELETE too)
        row = draft_session_by_id(orm, prescription.session_id)
        record = prescription_record(prescription)
        orm.delete(prescription)
        record_event(orm, who, "delete", "home_care", prescription_uid, row.patient.uid,
                     session=str(row.uid), exercise=record.exercise_id)
    return record, session_notes_changed(row)


def _rows(orm: Session, session_id: int) -> list[PrescriptionRecord]:
    return [prescription_record(p) for p in orm.scalars(
        select(HomeCarePrescription).where(HomeCarePrescription.session_id == session_id)
        .order_by(HomeCarePrescription.position, HomeCarePrescription.id))]


def list_prescriptions(db: Database, session_uid: uuid.UUID) -> list[PrescriptionRecord]:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        return _rows(orm, load_session(orm, session_uid).id)
