"""Start a session from the previous one ("copy forward").

Between two visits most of the plan stays: the complaint, the techniques, the home programme.
Copying saves typing, but a copy is not a finding of today: every copied field, posture
finding, prescription and mark stays flagged until the therapist edits (confirms) it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    HomeCarePrescription,
    PainZone,
    PostureObservation,
    TensionRating,
    TreatmentSession,
    TriggerPoint,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.screening_today import TodayCheck
from nmt_desktop.services._uow.access import acting_therapist_uid, authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.loaders import load_patient, load_session, load_therapist
from nmt_desktop.services.records import ChangeSet, SessionRecord
from nmt_desktop.services.screening import ensure_can_start, local_day, store_today_check
from nmt_desktop.services.session_notes import new_note, note_row
from nmt_desktop.services.sessions import check_duration
from nmt_desktop.services.sessions import to_record as session_record

#: Note fields brought over: what usually holds from one visit to the next. Today's numbers
#: (NRS, duration), the assessment and the response to treatment are never copied.
COPIED_NOTE_FIELDS = ("chief_complaint", "aggravating_factors", "easing_factors", "sleep",
                      "psfs_activities", "techniques", "plan", "frequency", "aftercare_advice")
_NOT_COPIED_COLUMNS = {"id", "uid", "session_id", "created_at", "updated_at"}


def _copy_row(orm: Session, source: Any, session_id: int, **overrides: Any) -> Any:
    """A new row of the same model with the source's values, for another session."""
    model = type(source)
    values = {column.key: getattr(source, column.key) for column in inspect(model).column_attrs
              if column.key not in _NOT_COPIED_COLUMNS}
    for key, value in values.items():
        if isinstance(value, list):
            values[key] = list(value)
    row = model(session_id=session_id, **{**values, **overrides})
    orm.add(row)
    return row


def latest_session(db: Database, patient_uid: uuid.UUID) -> SessionRecord | None:
    """The patient's newest session, the usual source of a copy."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_uid)
        row = orm.scalar(select(TreatmentSession).where(TreatmentSession.patient_id == patient.id)
                         .order_by(TreatmentSession.started_at.desc(),
                                   TreatmentSession.id.desc()).limit(1))
        return session_record(row) if row is not None else None


def start_session_from_previous(
    db: Database, previous_session_uid: uuid.UUID, started_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    copy_marks: bool = False, today_check: TodayCheck | None = None,
) -> tuple[SessionRecord, ChangeSet]:
    """Open a draft session pre-filled from `previous_session_uid` (signed or not).

    Raises:
        ScreeningBlockedError: The current intake blocks treatment, as for `start_session`.
    """
    who = authorize(db, Permission.CHART)
    therapist_uid = acting_therapist_uid(who)
    if duration_minutes is not None:
        check_duration(duration_minutes)
    with db.transaction() as orm:
        previous = load_session(orm, previous_session_uid)
        started_at = started_at or dt.datetime.now(dt.UTC)
        ensure_can_start(orm, previous.patient_id, today_check, local_day(started_at))
        therapist = load_therapist(orm, therapist_uid)
        row = TreatmentSession(
            patient_id=previous.patient_id, therapist=therapist,
            started_at=started_at,
            duration_minutes=duration_minutes or previous.duration_minutes,
            atlas_version=load_atlas().version, copied_from=previous)
        orm.add(row)
        orm.flush()
        if today_check is not None:
            store_today_check(orm, row.id, today_check, dt.datetime.now(dt.UTC))
        note = new_note(row.id)
        source_note = note_row(orm, previous.id)
        copied_fields = []
        if source_note is not None:
            for name in COPIED_NOTE_FIELDS:
                value = getattr(source_note, name)
                if value:
                    setattr(note, name, list(value) if isinstance(value, list) else value)
                    copied_fields.append(name)
        findings = [_copy_row(orm, p, row.id, copied=True) for p in orm.scalars(
            select(PostureObservation).where(PostureObservation.session_id == previous.id)
            .order_by(PostureObservation.id))]
        prescriptions = [_copy_row(orm, p, row.id, copied=True) for p in orm.scalars(
            select(HomeCarePrescription).where(HomeCarePrescription.session_id == previous.id)
            .order_by(HomeCarePrescription.position, HomeCarePrescription.id))]
        marks: list[Any] = []
        if copy_marks:
            for model in (TriggerPoint, PainZone, TensionRating):
                marks += [_copy_row(orm, m, row.id) for m in orm.scalars(
                    select(model).where(model.session_id == previous.id).order_by(model.id))]
        orm.flush()
        note.copied_fields = copied_fields
        note.copied_mark_uids = [str(m.uid) for m in marks]
        orm.add(note)
        orm.flush()
        record_event(orm, who, "copy_forward", "session", row.uid, row.patient.uid,
                     copied_from=str(previous.uid), fields=copied_fields,
                     posture_findings=len(findings), prescriptions=len(prescriptions),
                     marks=len(marks))
        record = session_record(row, len(marks))
    return record, ChangeSet(sessions=True, marks=bool(marks), notes=True,
                             patient_uid=record.patient_uid, session_uid=record.uid)
