"""Use cases for patients: create, edit, archive, find."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Patient
from nmt_desktop.domain.errors import ConflictError, NotFoundError
from nmt_desktop.domain.patients import CleanPatient, PatientInput, search_key, validate_patient
from nmt_desktop.services.audit import record_event
from nmt_desktop.services.results import ChangeSet, PatientRecord

FIRST_CHART_NUMBER = 1001
SEARCH_PAGE = 50


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
    )


def _today() -> dt.date:
    return dt.date.today()


def _next_chart_number(session: Session) -> str:
    highest = session.scalar(select(func.max(Patient.id))) or 0
    candidate = FIRST_CHART_NUMBER + highest
    while session.scalar(select(Patient.id).where(Patient.chart_number == str(candidate))):
        candidate += 1
    return str(candidate)


def _apply(patient: Patient, clean: CleanPatient) -> None:
    patient.given_name = clean.given_name
    patient.family_name = clean.family_name
    patient.given_key = search_key(clean.given_name)
    patient.family_key = search_key(clean.family_name)
    patient.date_of_birth = clean.date_of_birth
    patient.phone = clean.phone
    patient.email = clean.email
    patient.address = clean.address
    patient.referring_physician = clean.referring_physician
    patient.referral_reason = clean.referral_reason


def _chart_number_taken(session: Session, chart_number: str, other_than: int | None) -> bool:
    query = select(Patient.id).where(Patient.chart_number == chart_number)
    if other_than is not None:
        query = query.where(Patient.id != other_than)
    return session.scalar(query) is not None


def load_patient(session: Session, patient_ref: uuid.UUID | str) -> Patient:
    """Find a patient by uid, or by chart number or uid text (as typed on the command line)."""
    if isinstance(patient_ref, uuid.UUID):
        patient = session.scalar(select(Patient).where(Patient.uid == patient_ref))
    else:
        patient = session.scalar(select(Patient).where(Patient.chart_number == patient_ref))
        if patient is None:
            try:
                as_uid = uuid.UUID(patient_ref)
            except ValueError:
                as_uid = None
            if as_uid is not None:
                patient = session.scalar(select(Patient).where(Patient.uid == as_uid))
    if patient is None:
        raise NotFoundError(f"No patient with chart number or uid {patient_ref!s}.")
    return patient


def create_patient(
    db: Database, data: PatientInput, actor: str, uid: uuid.UUID | None = None
) -> tuple[PatientRecord, ChangeSet]:
    """Validate and store a new patient; a chart number is assigned if none was given.

    `uid` is given only when the patient already exists elsewhere (import, demo data).
    """
    clean = validate_patient(data, _today())
    with db.transaction() as session:
        if clean.chart_number and _chart_number_taken(session, clean.chart_number, None):
            raise ConflictError(f"Chart number {clean.chart_number} is already in use.")
        chart_number = clean.chart_number or _next_chart_number(session)
        patient = Patient(chart_number=chart_number, uid=uid or uuid.uuid4())
        _apply(patient, replace(clean, chart_number=chart_number))
        session.add(patient)
        session.flush()
        record_event(session, actor, "create", "patient", patient.uid, patient.uid)
        record = to_record(patient)
    return record, ChangeSet(patients=True, patient_uid=record.uid)


def update_patient(
    db: Database, patient_uid: uuid.UUID, data: PatientInput, actor: str
) -> tuple[PatientRecord, ChangeSet]:
    clean = validate_patient(data, _today())
    with db.transaction() as session:
        patient = load_patient(session, patient_uid)
        if clean.chart_number and clean.chart_number != patient.chart_number:
            if _chart_number_taken(session, clean.chart_number, patient.id):
                raise ConflictError(f"Chart number {clean.chart_number} is already in use.")
            patient.chart_number = clean.chart_number
        before = to_record(patient)
        _apply(patient, clean)
        after = to_record(patient)
        changed = sorted(
            name for name in before.__dataclass_fields__
            if getattr(before, name) != getattr(after, name)
        )
        if changed:
            record_event(session, actor, "change", "patient", patient.uid, patient.uid,
                         fields=changed)
    return after, ChangeSet(patients=True, patient_uid=after.uid)


def set_archived(
    db: Database, patient_uid: uuid.UUID, archived: bool, actor: str
) -> tuple[PatientRecord, ChangeSet]:
    """Archive hides a patient from the daily list; nothing is deleted."""
    with db.transaction() as session:
        patient = load_patient(session, patient_uid)
        if patient.archived != archived:
            patient.archived = archived
            action = "archive" if archived else "unarchive"
            record_event(session, actor, action, "patient", patient.uid, patient.uid)
        record = to_record(patient)
    return record, ChangeSet(patients=True, patient_uid=record.uid)


def get_patient(db: Database, patient_ref: uuid.UUID | str) -> PatientRecord:
    with db.reading() as session:
        return to_record(load_patient(session, patient_ref))


def _after_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _date_range(token: str) -> tuple[dt.date, dt.date] | None:
    """'1985', '1985-03' or '1985-03-12' match dates of birth in that year, month or day."""
    parts = token.split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return None
    try:
        year = int(parts[0])
        if len(parts) == 1:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        elif len(parts) == 2:
            month = int(parts[1])
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
        else:
            start = dt.date(year, int(parts[1]), int(parts[2]))
            end = start + dt.timedelta(days=1)
    except ValueError:
        return None
    return start, end


# The search runs at every keystroke, on clinics of tens of thousands of patients, so it is
# plain SQL on the driver (db.driver_cursor) rather than an ORM query: same rows, a fraction of
# the cost. Ranges on the keys use their indexes on SQLite and PostgreSQL alike (LIKE may not);
# the keys compare in code-point order on both (SQLite BINARY, PostgreSQL COLLATE "C").
_RECORD_COLUMNS = tuple(f.name for f in fields(PatientRecord))


def search_sql(text: str, include_archived: bool, limit: int,
               dates_as_text: bool) -> tuple[str, dict[str, Any]]:
    """Every word must match the start of a name, the chart number or the date of birth."""
    where: list[str] = []
    params: dict[str, Any] = {"page": limit}
    if not include_archived:
        where.append("archived = :archived")
        params["archived"] = False
    for index, raw_token in enumerate(text.split()):
        token = search_key(raw_token)
        if not token:
            continue
        name, number, born = f"name{index}", f"number{index}", f"born{index}"
        alternatives = [f"(family_key >= :{name} AND family_key < :{name}_end)",
                        f"(given_key >= :{name} AND given_key < :{name}_end)",
                        f"(chart_number >= :{number} AND chart_number < :{number}_end)"]
        params.update({name: token, f"{name}_end": _after_prefix(token),
                       number: raw_token, f"{number}_end": _after_prefix(raw_token)})
        dates = _date_range(raw_token)
        if dates is not None:
            alternatives.append(f"(date_of_birth >= :{born} AND date_of_birth < :{born}_end)")
            start, end = (d.isoformat() for d in dates) if dates_as_text else dates
            params.update({born: start, f"{born}_end": end})
        where.append("(" + " OR ".join(alternatives) + ")")
    sql = (f"SELECT {', '.join(_RECORD_COLUMNS)} FROM patient"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY family_key, given_key, id LIMIT :page")
    return sql, params


_UID, _BORN, _ARCHIVED = (_RECORD_COLUMNS.index(name)
                          for name in ("uid", "date_of_birth", "archived"))


def _record_from_row(row: Sequence[Any]) -> PatientRecord:
    values = list(row)
    uid, born = values[_UID], values[_BORN]
    # SQLite hands back the stored text; PostgreSQL's driver has typed the values already.
    values[_UID] = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    values[_BORN] = born if isinstance(born, dt.date) else dt.date.fromisoformat(born)
    values[_ARCHIVED] = bool(values[_ARCHIVED])
    return PatientRecord(*values)


def search_patients(
    db: Database, text: str = "", include_archived: bool = False, limit: int = SEARCH_PAGE
) -> list[PatientRecord]:
    sql, params = search_sql(text, include_archived, limit, dates_as_text=db.dialect == "sqlite")
    with db.driver_cursor() as cursor:
        cursor.execute(db.driver_sql(sql), params)
        return [_record_from_row(row) for row in cursor.fetchall()]
