"""Use cases for the intake: dated versions, screening answers, clearances, referrals, goals.

A patient's intake is versioned: `start_intake` opens version n+1 (a copy of n by default) and
leaves every older version exactly as it was. Only the newest version can be edited. Goals
belong to the patient, not to a version, so that sessions can record progress on the same goal
across intake versions; each goal remembers the version that set it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    Goal,
    Intake,
    MedicalClearance,
    Patient,
    Referral,
    ScreeningAnswerRow,
    TreatmentSession,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS_BY_ID,
    RED_FLAGS_BY_ID,
    ScreeningCategory,
)
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services._uow.row_versions import versioned_edit
from nmt_desktop.services._uow.validation import (
    clean_date,
    clean_datetime,
    clean_text,
    required_date,
    required_text,
)
from nmt_desktop.services.records import ChangeSet

INTAKE_TEXT_FIELDS = frozenset({"presenting_complaint", "history", "medications",
                                "consent_scope"})
INTAKE_DATE_FIELDS = frozenset({"recorded_on", "consent_date"})
MAX_GOAL_LENGTH = 1000


class IntakeSupersededError(ConflictError):
    """Older intake versions are a record of what was known then; they are never edited."""


@dataclass(frozen=True)
class ScreeningAnswerRecord:
    uid: uuid.UUID
    item_id: str
    present: bool
    region_ids: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class ClearanceRecord:
    uid: uuid.UUID
    item_id: str
    cleared_by: str
    cleared_on: dt.date
    note: str
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class ReferralRecord:
    uid: uuid.UUID
    red_flag_ids: tuple[str, ...]
    contacted: str
    contacted_at: dt.datetime
    said: str
    session_uid: uuid.UUID | None


@dataclass(frozen=True)
class GoalRecord:
    uid: uuid.UUID
    text: str
    target_date: dt.date | None
    position: int
    retired_on: dt.date | None


@dataclass(frozen=True)
class IntakeRecord:
    uid: uuid.UUID
    patient_uid: uuid.UUID
    version: int
    recorded_on: dt.date
    is_current: bool
    presenting_complaint: str
    history: str
    medications: str
    consent_date: dt.date | None
    consent_scope: str
    answers: tuple[ScreeningAnswerRecord, ...]
    clearances: tuple[ClearanceRecord, ...]
    referrals: tuple[ReferralRecord, ...]
    goals: tuple[GoalRecord, ...]
    #: The row's change counter (not the dated `version` above): an edit sends it back as
    #: `expected_version`, so an edit over someone else's newer save is refused.
    row_version: int = 0

    def answer(self, item_id: str) -> ScreeningAnswerRecord | None:
        return next((a for a in self.answers if a.item_id == item_id), None)


# ----------------------------------------------------------------------------- loading

def _latest_version(orm: Session, patient_id: int) -> int:
    return orm.scalar(select(func.max(Intake.version)).where(Intake.patient_id == patient_id)
                      ) or 0


def current_intake_row(orm: Session, patient_id: int) -> Intake | None:
    return orm.scalar(select(Intake).where(Intake.patient_id == patient_id)
                      .order_by(Intake.version.desc()).limit(1))


def _load_intake(orm: Session, intake_uid: uuid.UUID) -> Intake:
    row = orm.scalar(select(Intake).where(Intake.uid == intake_uid))
    if row is None:
        raise NotFoundError(f"No intake with uid {intake_uid}.")
    return row


def _editable_intake(orm: Session, intake_uid: uuid.UUID) -> Intake:
    row = _load_intake(orm, intake_uid)
    if row.version != _latest_version(orm, row.patient_id):
        raise IntakeSupersededError(
            f"Intake version {row.version} has been replaced by a newer version; change the "
            "newest one.")
    return row


def _patient_uid(orm: Session, patient_id: int) -> uuid.UUID:
    patient = orm.get(Patient, patient_id)
    assert patient is not None
    return patient.uid


def _goal_record(row: Goal) -> GoalRecord:
    return GoalRecord(row.uid, row.text, row.target_date, row.position, row.retired_on)


def _active_goals(orm: Session, patient_id: int) -> tuple[GoalRecord, ...]:
    rows = orm.scalars(select(Goal).where(Goal.patient_id == patient_id,
                                          Goal.retired_on.is_(None))
                       .order_by(Goal.position, Goal.id))
    return tuple(_goal_record(r) for r in rows)


def intake_record(orm: Session, row: Intake) -> IntakeRecord:
    answers = orm.scalars(select(ScreeningAnswerRow).where(ScreeningAnswerRow.intake_id == row.id)
                          .order_by(ScreeningAnswerRow.id))
    clearances = orm.scalars(select(MedicalClearance)
                             .where(MedicalClearance.intake_id == row.id)
                             .order_by(MedicalClearance.cleared_on, MedicalClearance.id))
    referrals = list(orm.scalars(select(Referral).where(Referral.intake_id == row.id)
                                 .order_by(Referral.contacted_at, Referral.id)))
    session_uids = {r.session_id: orm.scalar(select(TreatmentSession.uid).where(
        TreatmentSession.id == r.session_id)) for r in referrals if r.session_id is not None}
    return IntakeRecord(
        uid=row.uid, patient_uid=_patient_uid(orm, row.patient_id), version=row.version,
        recorded_on=row.recorded_on,
        is_current=row.version == _latest_version(orm, row.patient_id),
        presenting_complaint=row.presenting_complaint, history=row.history,
        medications=row.medications, consent_date=row.consent_date,
        consent_scope=row.consent_scope,
        answers=tuple(ScreeningAnswerRecord(a.uid, a.item_id, a.present, tuple(a.region_ids),
                                            a.note) for a in answers),
        clearances=tuple(ClearanceRecord(c.uid, c.item_id, c.cleared_by, c.cleared_on, c.note,
                                              c.valid_until)
                         for c in clearances),
        referrals=tuple(ReferralRecord(r.uid, tuple(r.red_flag_ids), r.contacted,
                                       r.contacted_at, r.said,
                                       session_uids.get(r.session_id) if r.session_id else None)
                        for r in referrals),
        goals=_active_goals(orm, row.patient_id),
        row_version=row.row_version or 0,
    )


def current_intake(db: Database, patient_ref: uuid.UUID | str) -> IntakeRecord | None:
    """The newest intake version of a patient, or None before the first intake."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        row = current_intake_row(orm, patient.id)
        return intake_record(orm, row) if row is not None else None


def list_intakes(db: Database, patient_uid: uuid.UUID) -> list[IntakeRecord]:
    """Every intake version of a patient, newest first."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_uid)
        rows = orm.scalars(select(Intake).where(Intake.patient_id == patient.id)
                           .order_by(Intake.version.desc()))
        return [intake_record(orm, r) for r in rows]


def _changes(patient_uid: uuid.UUID) -> ChangeSet:
    return ChangeSet(intake=True, patient_uid=patient_uid)


# ----------------------------------------------------------------------------- versions

def _copy_children(orm: Session, source: Intake, target: Intake) -> None:
    for answer in orm.scalars(select(ScreeningAnswerRow)
                              .where(ScreeningAnswerRow.intake_id == source.id)):
        orm.add(ScreeningAnswerRow(intake_id=target.id, item_id=answer.item_id,
                                   present=answer.present, region_ids=list(answer.region_ids),
                                   note=answer.note))
    # Clearances are not copied: spec §4.3, a clearance holds "until the intake is revised or
    # the clearance's own end date", whichever comes first. They stay on the older version,
    # which the intake history still shows; a clearance that still holds is recorded again.
    # A referral already made still covers its red flags in the new version.
    for referral in orm.scalars(select(Referral).where(Referral.intake_id == source.id)):
        orm.add(Referral(intake_id=target.id, session_id=referral.session_id,
                         red_flag_ids=list(referral.red_flag_ids), contacted=referral.contacted,
                         contacted_at=referral.contacted_at, said=referral.said))


def start_intake(
    db: Database, patient_uid: uuid.UUID, recorded_on: dt.date | None = None,
    copy_previous: bool = True,
) -> tuple[IntakeRecord, ChangeSet]:
    """Open a new intake version; by default it starts as a copy of the previous one.

    The copy takes the answers, referrals and goals, not the clearances: revising the intake
    ends every clearance of the older version (spec §4.3). The audit event counts them.
    """
    who = authorize(db, Permission.CHART)
    day = clean_date("recorded_on", recorded_on) or dt.date.today()
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        previous = current_intake_row(orm, patient.id)
        row = Intake(patient_id=patient.id, version=(previous.version if previous else 0) + 1,
                     recorded_on=day, presenting_complaint="", history="", medications="",
                     consent_date=None, consent_scope="")
        if previous is not None and copy_previous:
            for name in INTAKE_TEXT_FIELDS | {"consent_date"}:
                setattr(row, name, getattr(previous, name))
        orm.add(row)
        orm.flush()
        if previous is not None and copy_previous:
            _copy_children(orm, previous, row)
            orm.flush()
        ended = 0 if previous is None else len(orm.scalars(select(MedicalClearance.id).where(
            MedicalClearance.intake_id == previous.id)).all())
        record_event(orm, who, "create", "intake", row.uid, patient.uid, version=row.version,
                     copied_from_version=previous.version if previous and copy_previous
                     else None, clearances_ended=ended)
        record = intake_record(orm, row)
    return record, _changes(patient.uid)


def _clean_intake_fields(field_changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(field_changes) - INTAKE_TEXT_FIELDS - INTAKE_DATE_FIELDS
    if unknown:
        raise ValidationError({"fields": f"Unknown intake field {sorted(unknown)[0]!r}."})
    clean: dict[str, Any] = {}
    for name, value in field_changes.items():
        if name == "recorded_on":
            clean[name] = required_date(name, value)
        elif name == "consent_date":
            clean[name] = clean_date(name, value)
        else:
            clean[name] = clean_text(name, value)
    return clean


def update_intake(
    db: Database, intake_uid: uuid.UUID, field_changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> tuple[IntakeRecord, ChangeSet]:
    """Write only the fields that changed (autosave); one audit event naming them.

    `expected_version`: the `row_version` the editor started from (StaleEditError if a
    newer save exists).
    """
    who = authorize(db, Permission.CHART)
    clean = _clean_intake_fields(field_changes)

    def edit(orm: Session, row: Intake) -> tuple[IntakeRecord, ChangeSet]:
        changed = apply_field_changes(row, clean)
        patient_uid = _patient_uid(orm, row.patient_id)
        if changed:
            record_event(orm, who, "change", "intake", row.uid, patient_uid,
                         version=row.version, fields=changed)
            orm.flush()
        return intake_record(orm, row), _changes(patient_uid)

    return versioned_edit(db, "the intake", "intake", expected_version,
                          lambda orm: _editable_intake(orm, intake_uid), edit)


# ----------------------------------------------------------------------------- screening

def _clean_regions(item_id: str, region_ids: Iterable[str]) -> list[str]:
    regions = list(dict.fromkeys(str(r) for r in region_ids))
    if not regions:
        return []
    item = CONTRAINDICATIONS_BY_ID.get(item_id)
    if item is None or not item.marks_regions:
        raise ValidationError({"region_ids": "Body regions are recorded only for local "
                                             "contraindications."})
    known = load_atlas().regions
    for region_id in regions:
        if region_id not in known:
            raise ValidationError({"region_ids": f"Unknown body region {region_id!r}."})
    return regions


def set_screening_answer(
    db: Database, intake_uid: uuid.UUID, item_id: str, present: bool | None,
    region_ids: Iterable[str] = (), note: str = "",
) -> tuple[IntakeRecord, ChangeSet]:
    """Answer one checklist item (yes/no), or clear the answer with `present=None`."""
    who = authorize(db, Permission.CHART)
    if item_id not in CONTRAINDICATIONS_BY_ID and item_id not in RED_FLAGS_BY_ID:
        raise ValidationError({"item_id": f"Unknown screening item {item_id!r}."})
    regions = _clean_regions(item_id, region_ids) if present else []
    clean_note = clean_text("note", note, 2000)
    with db.transaction() as orm:
        row = _editable_intake(orm, intake_uid)
        patient_uid = _patient_uid(orm, row.patient_id)
        answer = orm.scalar(select(ScreeningAnswerRow).where(
            ScreeningAnswerRow.intake_id == row.id, ScreeningAnswerRow.item_id == item_id))
        if present is None:
            if answer is not None:
                orm.delete(answer)
                record_event(orm, who, "delete", "screening_answer", answer.uid, patient_uid,
                             intake=str(row.uid), item=item_id)
        else:
            before = (None if answer is None
                      else (answer.present, list(answer.region_ids), answer.note))
            if answer is None:
                answer = ScreeningAnswerRow(intake_id=row.id, item_id=item_id, present=False,
                                            region_ids=[], note="")
                orm.add(answer)
            answer.present, answer.region_ids, answer.note = bool(present), regions, clean_note
            orm.flush()
            if before != (answer.present, regions, clean_note):
                record_event(orm, who, "create" if before is None else "change",
                             "screening_answer", answer.uid, patient_uid, intake=str(row.uid),
                             item=item_id, present=bool(present), regions=regions)
        orm.flush()
        record = intake_record(orm, row)
    return record, _changes(patient_uid)


def record_clearance(
    db: Database, intake_uid: uuid.UUID, item_id: str, cleared_by: str, cleared_on: dt.date,
    note: str = "", valid_until: dt.date | None = None,
) -> tuple[IntakeRecord, ChangeSet]:
    """Record a physician's dated clearance to treat despite a contraindication or red flag.

    `valid_until` is the clearance's own end date, if the physician gave one. A clearance for
    a same-day item (fever, intoxication) holds on the day it is dated only (spec §4.3).
    """
    who = authorize(db, Permission.CHART)
    item = CONTRAINDICATIONS_BY_ID.get(item_id)
    if item is None and item_id not in RED_FLAGS_BY_ID:
        raise ValidationError({"item_id": f"Clearances are recorded for contraindications "
                                          f"and red flags, not {item_id!r}."})
    if (item is not None and item.category is not ScreeningCategory.SYSTEMIC
            and not item.needs_clearance):
        raise ValidationError({"item_id": f"{item.label} needs no medical clearance."})
    physician = required_text("cleared_by", cleared_by, 200, multiline=False).strip()
    day = required_date("cleared_on", cleared_on)
    until = None
    if valid_until is not None:
        until = required_date("valid_until", valid_until)
        if until < day:
            raise ValidationError({"valid_until": "The end date is before the clearance date."})
    clean_note = clean_text("note", note, 2000)
    with db.transaction() as orm:
        row = _editable_intake(orm, intake_uid)
        patient_uid = _patient_uid(orm, row.patient_id)
        clearance = MedicalClearance(intake_id=row.id, item_id=item_id, cleared_by=physician,
                                     cleared_on=day, note=clean_note, valid_until=until)
        orm.add(clearance)
        orm.flush()
        record_event(orm, who, "clear", "clearance", clearance.uid, patient_uid,
                     intake=str(row.uid), item=item_id, cleared_by=physician,
                     cleared_on=day.isoformat(),
                     valid_until=until.isoformat() if until else None)
        record = intake_record(orm, row)
    return record, _changes(patient_uid)


def record_referral(
    db: Database, intake_uid: uuid.UUID, red_flag_ids: Iterable[str], contacted: str,
    contacted_at: dt.datetime, said: str, session_uid: uuid.UUID | None = None,
) -> tuple[IntakeRecord, ChangeSet]:
    """Record who was told about which red flags, when, and what was said."""
    who = authorize(db, Permission.CHART)
    flags = list(dict.fromkeys(str(f) for f in red_flag_ids))
    if not flags:
        raise ValidationError({"red_flag_ids": "Name the red flags this referral is about."})
    for flag in flags:
        if flag not in RED_FLAGS_BY_ID:
            raise ValidationError({"red_flag_ids": f"Unknown red flag {flag!r}."})
    contacted_name = required_text("contacted", contacted, 200, multiline=False).strip()
    when = clean_datetime("contacted_at", contacted_at)
    what = required_text("said", said, 4000)
    with db.transaction() as orm:
        row = _editable_intake(orm, intake_uid)
        patient_uid = _patient_uid(orm, row.patient_id)
        session_id = None
        if session_uid is not None:
            session_row = orm.scalar(select(TreatmentSession).where(
                TreatmentSession.uid == session_uid, TreatmentSession.patient_id == row.patient_id))
            if session_row is None:
                raise NotFoundError(f"No session {session_uid} of this patient.")
            session_id = session_row.id
        referral = Referral(intake_id=row.id, session_id=session_id, red_flag_ids=flags,
                            contacted=contacted_name, contacted_at=when, said=what)
        orm.add(referral)
        orm.flush()
        record_event(orm, who, "refer", "referral", referral.uid, patient_uid,
                     intake=str(row.uid), red_flags=flags, contacted=contacted_name)
        record = intake_record(orm, row)
    return record, _changes(patient_uid)


# ----------------------------------------------------------------------------- goals

def list_goals(
    db: Database, patient_uid: uuid.UUID, include_retired: bool = False
) -> list[GoalRecord]:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_uid)
        query = select(Goal).where(Goal.patient_id == patient.id)
        if not include_retired:
            query = query.where(Goal.retired_on.is_(None))
        return [_goal_record(g) for g in orm.scalars(query.order_by(Goal.position, Goal.id))]
