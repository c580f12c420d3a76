"""Use cases for patients: create, edit, archive, find."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Patient
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.domain.patients import CleanPatient, PatientInput, search_key, validate_patient
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.row_versions import (
    check_version,
    lock_for_edit,
    stale_writes_refused,
)
from nmt_desktop.services.records import ChangeSet, PatientRecord

__all__ = ["create_patient", "get_patient", "set_archived", "to_record", "update_patient"]

FIRST_CHART_NUMBER = 1001


def to_record(patient: Patient) -> PatientRecord:
    return PatientRecord(
        uid=patient.uid,
        chart_number=patient.chart_number,
        given_name=patient.given_name,
        family_name=patient.family_name,
        date_of_birth=patient.date_of_birth,
        phone=patient.phone,
        email=patient.email,
        address=patient.address,
        referring_physician=patient.referring_physician,
        referral_reason=patient.referral_reason,
        archived=patient.archived,
        version=patient.row_version or 0,
    )


def _today() -> dt.date:
    return dt.date.today()


# Any constant shared by every writer of chart numbers: the key of a transaction-level advisory
# lock on PostgreSQL (pg_advisory_xact_lock), released at commit or rollback.
CHART_NUMBER_LOCK_KEY = 0x4E4D5401


def lock_chart_numbers(orm: Session) -> None:
    """Make this transaction the only one choosing a chart number until it commits.

    Two writers that both read the highest number and both add one would clash on the unique
    chart number (5 of 10 parallel `patients add` failed on SQLite, 28 of 60 on PostgreSQL).
    SQLite: a write that changes nothing takes the file's write lock now, before the read
    (waiting the busy timeout for another writer), so the read already sees the other
    writer's patient. PostgreSQL: a transaction-level advisory lock; no schema change needed.
    """
    bind = orm.get_bind()
    if bind.dialect.name == "postgresql":
        orm.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": CHART_NUMBER_LOCK_KEY})
    elif bind.dialect.name == "sqlite":
        orm.execute(text("UPDATE patient SET id = id WHERE id IS NULL"))


def next_chart_number(orm: Session) -> str:
    """The number a new patient gets when none is given (also offered on a clash at import).

    The caller holds `lock_chart_numbers` for its transaction, or two writers may get the same.
    """
    if _on_clinic_server(orm):
        highest = orm.scalar(text("SELECT nmt_newest_patient_id()")) or 0
    else:
        highest = orm.scalar(select(func.max(Patient.id))) or 0
    candidate = FIRST_CHART_NUMBER + highest
    while _chart_number_taken(orm, str(candidate), None):
        candidate += 1
    return str(candidate)


def _on_clinic_server(orm: Session) -> bool:
    """Whether row-level security may hide other patients (a `server init` database).

    There a therapist may see only their own charts, yet chart numbers are unique across the
    clinic: the database answers "taken?" and "highest?" for all patients
    (db/server_security.py).
    """
    if orm.get_bind().dialect.name != "postgresql":
        return False
    return bool(orm.scalar(text(
        "SELECT to_regprocedure('nmt_chart_number_taken(text,integer)') IS NOT NULL")))


def _apply(patient: Patient, clean: CleanPatient) -> list[str]:
    """Write the checked fields and their search keys; the names of the fields that changed."""
    changed = apply_field_changes(patient, {
        "given_name": clean.given_name,
        "family_name": clean.family_name,
        "date_of_birth": clean.date_of_birth,
        "phone": clean.phone,
        "email": clean.email,
        "address": clean.address,
        "referring_physician": clean.referring_physician,
        "referral_reason": clean.referral_reason,
    })
    patient.given_key = search_key(clean.given_name)
    patient.family_key = search_key(clean.family_name)
    return changed


def _chart_number_taken(orm: Session, chart_number: str, other_than: int | None) -> bool:
    if _on_clinic_server(orm):
        return bool(orm.scalar(text("SELECT nmt_chart_number_taken(:number, :other)"),
                               {"number": chart_number, "other": other_than}))
    query = select(Patient.id).where(Patient.chart_number == chart_number)
    if other_than is not None:
        query = query.where(Patient.id != other_than)
    return orm.scalar(query) is not None




def create_patient(
    db: Database, data: PatientInput, uid: uuid.UUID | None = None
) -> tuple[PatientRecord, ChangeSet]:
    """Validate and store a new patient; a chart number is assigned if none was given.

    `uid` is given only when the patient already exists elsewhere (import, demo data). Two
    writers taking the next chart number at once: the loser runs again and takes the next.
    """
    who = authorize(db, Permission.EDIT_PATIENTS)
    clean = validate_patient(data, _today())

    def write() -> PatientRecord:
        with db.transaction() as orm:
            lock_chart_numbers(orm)
            if clean.chart_number and _chart_number_taken(orm, clean.chart_number, None):
                raise ConflictError(f"Chart number {clean.chart_number} is already in use.")
            chart_number = clean.chart_number or next_chart_number(orm)
            patient = Patient(chart_number=chart_number, uid=uid or uuid.uuid4())
            _apply(patient, replace(clean, chart_number=chart_number))
            orm.add(patient)
            orm.flush()
            record_event(orm, who, "create", "patient", patient.uid, patient.uid)
            return to_record(patient)

    record = retry_races(write, "Adding a patient")
    return record, ChangeSet(patients=True, patient_uid=record.uid)


def update_patient(
    db: Database, patient_uid: uuid.UUID, data: PatientInput,
    expected_version: int | None = None,
) -> tuple[PatientRecord, ChangeSet]:
    """Store the edited details.

    `expected_version`: the record's version the editor started from (StaleEditError, and
    nothing written, if someone saved the patient since).
    """
    who = authorize(db, Permission.EDIT_PATIENTS)
    clean = validate_patient(data, _today())

    def write() -> PatientRecord:
        with db.transaction() as orm:
            patient = load_patient(orm, patient_uid)
            lock_for_edit(orm, patient)
            check_version(orm, patient, expected_version, "the patient's details", "patient")
            if clean.chart_number and clean.chart_number != patient.chart_number:
                if _chart_number_taken(orm, clean.chart_number, patient.id):
                    raise ConflictError(f"Chart number {clean.chart_number} is already in use.")
                patient.chart_number = clean.chart_number
            changed = _apply(patient, clean)
            if changed:
                record_event(orm, who, "change", "patient", patient.uid, patient.uid,
                             fields=changed)
                orm.flush()
            return to_record(patient)

    with stale_writes_refused(db, "the patient's details", "patient",
                              lambda orm: _patient_version(orm, patient_uid)):
        after = retry_races(write, "Saving a patient", blind=expected_version is None)
    return after, ChangeSet(patients=True, patient_uid=after.uid)


def _patient_version(orm: Session, patient_uid: uuid.UUID) -> tuple[uuid.UUID | None, int]:
    patient = load_patient(orm, patient_uid)
    return patient.uid, patient.row_version


def set_archived(
    db: Database, patient_uid: uuid.UUID, archived: bool
) -> tuple[PatientRecord, ChangeSet]:
    """Archive hides a patient from the daily list; nothing is deleted."""
    who = authorize(db, Permission.EDIT_PATIENTS)
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        if patient.archived != archived:
            patient.archived = archived
            action = "archive" if archived else "unarchive"
            record_event(orm, who, action, "patient", patient.uid, patient.uid)
            orm.flush()
        record = to_record(patient)
    return record, ChangeSet(patients=True, patient_uid=record.uid)


def get_patient(db: Database, patient_ref: uuid.UUID | str) -> PatientRecord:
    authorize(db, Permission.SEE_PATIENTS)
    with db.reading() as orm:
        return to_record(load_patient(orm, patient_ref))
