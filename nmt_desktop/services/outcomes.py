"""Outcome questionnaires (NDI, ODI, PSFS): stored item by item, scored by the domain rules.

A questionnaire may be attached to a session; once that session is signed it is part of the
signed record and can no longer change. The stored score is kept for reports and exports;
it is always recomputed from the items when they change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import OutcomeScoreRow, Patient, TreatmentSession
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.outcomes import (
    OutcomeMeasure,
    OutcomeScore,
    PsfsActivity,
    score_outcome,
)
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services._uow.locking import draft_session, draft_session_by_id
from nmt_desktop.services._uow.row_versions import lock_for_edit
from nmt_desktop.services._uow.validation import clean_date
from nmt_desktop.services.records import ChangeSet

OutcomeItems = tuple[int | None, ...] | tuple[PsfsActivity, ...]


@dataclass(frozen=True)
class OutcomeRecord:
    uid: uuid.UUID
    patient_uid: uuid.UUID
    session_uid: uuid.UUID | None
    measure: OutcomeMeasure
    taken_on: dt.date
    items: OutcomeItems
    result: OutcomeScore


def _measure(value: OutcomeMeasure | str) -> OutcomeMeasure:
    try:
        return OutcomeMeasure(value)
    except ValueError:
        raise ValidationError({"measure": f"Unknown questionnaire {value!r}."}) from None


def _parse_items(measure: OutcomeMeasure, items: Sequence[Any]) -> OutcomeItems:
    if measure is not OutcomeMeasure.PSFS:
        return tuple(items)
    activities: list[PsfsActivity] = []
    for entry in items:
        if isinstance(entry, PsfsActivity):
            activities.append(entry)
        elif isinstance(entry, dict):
            activities.append(PsfsActivity(str(entry.get("activity", "")), entry.get("score")))
        elif isinstance(entry, tuple | list) and len(entry) == 2:
            activities.append(PsfsActivity(str(entry[0]), entry[1]))
        else:
            raise ValidationError({"items": "PSFS answers are activities with a rating."})
    return tuple(activities)


def _stored_items(items: OutcomeItems) -> list[Any]:
    return [{"activity": i.activity, "score": i.score} if isinstance(i, PsfsActivity) else i
            for i in items]


def outcome_record(orm: Session, row: OutcomeScoreRow) -> OutcomeRecord:
    items = _parse_items(row.measure, row.items)
    patient = orm.get(Patient, row.patient_id)
    assert patient is not None
    session_uid = None
    if row.session_id is not None:
        session_uid = orm.scalar(select(TreatmentSession.uid)
                                 .where(TreatmentSession.id == row.session_id))
    return OutcomeRecord(row.uid, patient.uid, session_uid, row.measure, row.taken_on, items,
                         score_outcome(row.measure, items))


def _apply(row: OutcomeScoreRow, items: OutcomeItems, result: OutcomeScore) -> None:
    row.items = _stored_items(items)
    row.score, row.answered, row.valid = result.score, result.answered, result.valid


def _changes(patient_uid: uuid.UUID, session_uid: uuid.UUID | None) -> ChangeSet:
    return ChangeSet(outcomes=True, patient_uid=patient_uid, session_uid=session_uid)


def record_outcome(
    db: Database, patient_uid: uuid.UUID, measure: OutcomeMeasure | str, items: Sequence[Any],
    taken_on: dt.date | None = None, session_uid: uuid.UUID | None = None,
) -> tuple[OutcomeRecord, ChangeSet]:
    """Store a questionnaire as answered; the score follows the instrument's rules."""
    who = authorize(db, Permission.CHART)
    which = _measure(measure)
    parsed = _parse_items(which, items)
    result = score_outcome(which, parsed)
    day = clean_date("taken_on", taken_on)
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        session_id = None
        if session_uid is not None:
            session_row = draft_session(orm, session_uid)
            if session_row.patient_id != patient.id:
                raise NotFoundError(f"No session {session_uid} of this patient.")
            session_id = session_row.id
            day = day or session_row.started_at.astimezone().date()
        row = OutcomeScoreRow(patient_id=patient.id, session_id=session_id, measure=which,
                              taken_on=day or dt.date.today())
        _apply(row, parsed, result)
        orm.add(row)
        orm.flush()
        record_event(orm, who, "create", "outcome", row.uid, patient.uid,
                     measure=which.value, score=result.score, session=str(session_uid)
                     if session_uid else None)
        record = outcome_record(orm, row)
    return record, _changes(patient.uid, session_uid)


def _editable_outcome(orm: Session, outcome_uid: uuid.UUID) -> OutcomeScoreRow:
    row = orm.scalar(select(OutcomeScoreRow).where(OutcomeScoreRow.uid == outcome_uid))
    if row is None:
        raise NotFoundError(f"No questionnaire {outcome_uid} (it may have been deleted).")
    if row.session_id is not None:
        draft_session_by_id(orm, row.session_id)
    return row


def update_outcome(
    db: Database, outcome_uid: uuid.UUID, items: Sequence[Any], taken_on: dt.date | None = None,
) -> tuple[OutcomeRecord, ChangeSet]:
    """Correct the answers (and optionally the date) of a questionnaire."""
    who = authorize(db, Permission.CHART)
    day = clean_date("taken_on", taken_on)
    with db.transaction() as orm:
        row = _editable_outcome(orm, outcome_uid)
        lock_for_edit(orm, row)  # edited in place: held until the commit (row_versions.py)
        parsed = _parse_items(row.measure, items)
        result = score_outcome(row.measure, parsed)
        before = (list(row.items), row.taken_on)
        _apply(row, parsed, result)
        if day is not None:
            row.taken_on = day
        record = outcome_record(orm, row)
        if before != (list(row.items), row.taken_on):
            record_event(orm, who, "change", "outcome", row.uid, record.patient_uid,
                         measure=row.measure.value, score=result.score)
    return record, _changes(record.patient_uid, record.session_uid)


def delete_outcome(
    db: Database, outcome_uid: uuid.UUID
) -> tuple[OutcomeRecord, ChangeSet]:
    """Remove a questionnaire entered by mistake (never one of a signed session)."""
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        row = _editable_outcome(orm, outcome_uid)
        lock_for_edit(orm, row)  # edited in place: held until the commit (row_versions.py)
        record = outcome_record(orm, row)
        orm.delete(row)
        record_event(orm, who, "delete", "outcome", outcome_uid, record.patient_uid,
                     measure=record.measure.value)
    return record, _changes(record.patient_uid, record.session_uid)


def _patient_rows(orm: Session, patient_id: int, measure: OutcomeMeasure | None
                  ) -> list[OutcomeScoreRow]:
    query = select(OutcomeScoreRow).where(OutcomeScoreRow.patient_id == patient_id)
    if measure is not None:
        query = query.where(OutcomeScoreRow.measure == measure)
    return list(orm.scalars(query.order_by(OutcomeScoreRow.taken_on, OutcomeScoreRow.id)))


def list_outcomes(
    db: Database, patient_uid: uuid.UUID, measure: OutcomeMeasure | str | None = None
) -> list[OutcomeRecord]:
    """A patient's questionnaires, oldest first."""
    authorize(db, Permission.READ_CHARTS)
    which = _measure(measure) if measure is not None else None
    with db.reading() as orm:
        patient = load_patient(orm, patient_uid)
        return [outcome_record(orm, r) for r in _patient_rows(orm, patient.id, which)]
