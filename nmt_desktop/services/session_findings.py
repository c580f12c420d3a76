"""Structured findings of a session: posture (O), range of motion (O), goal progress (A)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    Goal,
    GoalProgress,
    PostureObservation,
    RomMeasure,
    TreatmentSession,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.domain.posture import POSTURE_FINDINGS_BY_ID, PostureSeverity, PostureSide
from nmt_desktop.domain.rom import rom_reference
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.copy_flags import edit_copyable_row, session_notes_changed
from nmt_desktop.services._uow.loaders import load_session
from nmt_desktop.services._uow.locking import draft_session, draft_session_by_id
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.row_versions import lock_for_edit, versioned_edit
from nmt_desktop.services._uow.validation import clean_text
from nmt_desktop.services.records import ChangeSet

MIN_DEGREES, MAX_DEGREES = -90.0, 360.0
POSTURE_EDITABLE = frozenset({"side", "severity", "note"})


@dataclass(frozen=True)
class PostureRecord:
    uid: uuid.UUID
    finding_id: str
    side: PostureSide | None
    severity: PostureSeverity
    note: str
    copied: bool = False
    #: The row version an edit sends back as `expected_version` (no lost update).
    version: int = 0


@dataclass(frozen=True)
class RomRecord:
    uid: uuid.UUID
    joint: str
    movement: str
    side: Side | None
    degrees: float
    active: bool
    method: str
    note: str


@dataclass(frozen=True)
class GoalProgressRecord:
    goal_uid: uuid.UUID
    goal_text: str
    status: GoalProgressStatus
    note: str


def _enum_value(name: str, enum_type: Any, value: Any, optional: bool) -> Any:
    if value is None or value == "":
        if optional:
            return None
        raise ValidationError({name: f"{name.capitalize()} is required."})
    try:
        return enum_type(value)
    except ValueError:
        raise ValidationError({name: f"Unknown {name} {value!r}."}) from None


# ----------------------------------------------------------------------------- posture

def posture_record(row: PostureObservation) -> PostureRecord:
    return PostureRecord(row.uid, row.finding_id, row.side, row.severity, row.note, row.copied,
                         row.row_version or 0)


def _load_posture(orm: Session, finding_uid: uuid.UUID) -> PostureObservation:
    row = orm.scalar(select(PostureObservation).where(PostureObservation.uid == finding_uid))
    if row is None:
        raise NotFoundError(f"No posture finding {finding_uid} (it may have been removed).")
    return row


def add_posture_finding(
    db: Database, session_uid: uuid.UUID, finding_id: str, severity: PostureSeverity | str,
    side: PostureSide | str | None = None, note: str = "",
) -> tuple[PostureRecord, ChangeSet]:
    """Record a §5.1 postural observation with its side and severity."""
    who = authorize(db, Permission.CHART)
    if finding_id not in POSTURE_FINDINGS_BY_ID:
        raise ValidationError({"finding_id": f"Unknown postural finding {finding_id!r}."})
    clean_severity = _enum_value("severity", PostureSeverity, severity, optional=False)
    clean_side = _enum_value("side", PostureSide, side, optional=True)
    clean_note = clean_text("note", note, 2000)
    with db.transaction() as orm:
        row = draft_session(orm, session_uid)
        finding = PostureObservation(session_id=row.id, finding_id=finding_id, side=clean_side,
                                     severity=clean_severity, note=clean_note, copied=False)
        orm.add(finding)
        orm.flush()
        record_event(orm, who, "create", "posture_finding", finding.uid, row.patient.uid,
                     session=str(row.uid), finding=finding_id)
        record = posture_record(finding)
    return record, session_notes_changed(row)


def update_posture_finding(
    db: Database, finding_uid: uuid.UUID, field_changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> tuple[PostureRecord, ChangeSet]:
    """Change side, severity or note; any edit confirms a copied-forward finding."""
    who = authorize(db, Permission.CHART)
    unknown = set(field_changes) - POSTURE_EDITABLE
    if unknown:
        raise ValidationError({"fields": f"Cannot edit {sorted(unknown)[0]!r} here."})
    clean: dict[str, Any] = {}
    for name, value in field_changes.items():
        if name == "side":
            clean[name] = _enum_value("side", PostureSide, value, optional=True)
        elif name == "severity":
            clean[name] = _enum_value("severity", PostureSeverity, value, optional=False)
        else:
            clean[name] = clean_text("note", value, 2000)

    def edit(orm: Session, finding: PostureObservation) -> tuple[PostureRecord, ChangeSet]:
        row = draft_session_by_id(orm, finding.session_id)
        edit_copyable_row(orm, finding, clean, who, "posture_finding", row)
        orm.flush()
        return posture_record(finding), session_notes_changed(row)

    return versioned_edit(db, "the posture finding", "posture_finding", expected_version,
                          lambda orm: _load_posture(orm, finding_uid), edit)


def remove_posture_finding(
    db: Database, finding_uid: uuid.UUID
) -> tuple[PostureRecord, ChangeSet]:
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        finding = _load_posture(orm, finding_uid)
        lock_for_edit(orm, finding)  # (its version counter guards the DELETE too)
        row = draft_session_by_id(orm, finding.session_id)
        record = posture_record(finding)
        orm.delete(finding)
        record_event(orm, who, "delete", "posture_finding", finding_uid, row.patient.uid,
                     session=str(row.uid), finding=record.finding_id)
    return record, session_notes_changed(row)


def list_posture_findings(db: Database, session_uid: uuid.UUID) -> list[PostureRecord]:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        return [posture_record(p) for p in orm.scalars(
            select(PostureObservation).where(PostureObservation.session_id == row.id)
            .order_by(PostureObservation.id))]


# ----------------------------------------------------------------------------- ROM

def rom_record(row: RomMeasure) -> RomRecord:
    return RomRecord(row.uid, row.joint, row.movement, row.side, row.degrees, row.active,
                     row.method, row.note)


def _clean_rom(joint: str, movement: str, side: Side | str | None, degrees: float
               ) -> tuple[Side | None, float]:
    reference = rom_reference(joint, movement)
    if reference is None:
        raise ValidationError({"movement": f"Unknown joint movement {joint} {movement}."})
    clean_side = _enum_value("side", Side, side, optional=not reference.sided)
    if not reference.sided and clean_side is not None:
        raise ValidationError({"side": f"{reference.joint_label} "
                                       f"{reference.movement_label.lower()} has no side."})
    if isinstance(degrees, bool) or not isinstance(degrees, int | float):
        raise ValidationError({"degrees": "Degrees must be a number."})
    if not MIN_DEGREES <= float(degrees) <= MAX_DEGREES:
        raise ValidationError({"degrees": f"Degrees must be between {MIN_DEGREES:g} and "
                                          f"{MAX_DEGREES:g}."})
    return clean_side, float(degrees)


def record_rom(
    db: Database, session_uid: uuid.UUID, joint: str, movement: str, side: Side | str | None,
    degrees: float, active: bool = True, method: str = "goniometer",
    note: str = "",
) -> tuple[RomRecord, ChangeSet]:
    """Record (or correct) one measurement: one per joint, movement, side and active/passive."""
    who = authorize(db, Permission.CHART)
    clean_side, clean_degrees = _clean_rom(joint, movement, side, degrees)
    clean_method = clean_text("method", method, 60, multiline=False)
    clean_note = clean_text("note", note, 2000)
    with db.transaction() as orm:
        row = draft_session(orm, session_uid)
        query = select(RomMeasure).where(
            RomMeasure.session_id == row.id, RomMeasure.joint == joint,
            RomMeasure.movement == movement, RomMeasure.active == bool(active),
            RomMeasure.side.is_(None) if clean_side is None else RomMeasure.side == clean_side)
        measure = orm.scalar(query)
        before = None if measure is None else rom_record(measure)
        if measure is None:
            measure = RomMeasure(session_id=row.id, joint=joint, movement=movement,
                                 side=clean_side, active=bool(active))
            orm.add(measure)
        measure.degrees, measure.method, measure.note = clean_degrees, clean_method, clean_note
        orm.flush()
        record = rom_record(measure)
        if record != before:
            record_event(orm, who, "create" if before is None else "change", "rom_measure",
                         measure.uid, row.patient.uid, session=str(row.uid), joint=joint,
                         movement=movement, side=clean_side.value if clean_side else None,
                         degrees=clean_degrees)
    return record, session_notes_changed(row)


def remove_rom(db: Database, rom_uid: uuid.UUID) -> tuple[RomRecord, ChangeSet]:
    who = authorize(db, Permission.CHART)
    with db.transaction() as orm:
        measure = orm.scalar(select(RomMeasure).where(RomMeasure.uid == rom_uid))
        if measure is None:
            raise NotFoundError(f"No range-of-motion entry {rom_uid}.")
        row = draft_session_by_id(orm, measure.session_id)
        record = rom_record(measure)
        orm.delete(measure)
        record_event(orm, who, "delete", "rom_measure", rom_uid, row.patient.uid,
                     session=str(row.uid), joint=record.joint, movement=record.movement)
    return record, session_notes_changed(row)


def list_rom(db: Database, session_uid: uuid.UUID) -> list[RomRecord]:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        return [rom_record(m) for m in orm.scalars(
            select(RomMeasure).where(RomMeasure.session_id == row.id).order_by(RomMeasure.id))]


# ----------------------------------------------------------------------------- goal progress

def set_goal_progress(
    db: Database, session_uid: uuid.UUID, goal_uid: uuid.UUID,
    status: GoalProgressStatus | str | None, note: str = "",
) -> tuple[GoalProgressRecord | None, ChangeSet]:
    """Record met / partly met / not met for one of the patient's goals; None clears it."""
    who = authorize(db, Permission.CHART)
    clean_status = _enum_value("status", GoalProgressStatus, status, optional=True)
    clean_note = clean_text("note", note, 2000)

    def write() -> tuple[GoalProgressRecord | None, TreatmentSession]:
        # Two writers recording the first progress of one goal: the loser runs again.
        with db.transaction() as orm:
            row = draft_session(orm, session_uid)
            goal = orm.scalar(select(Goal).where(Goal.uid == goal_uid))
            if goal is None or goal.patient_id != row.patient_id:
                raise NotFoundError(f"No goal {goal_uid} for this patient.")
            progress = orm.scalar(select(GoalProgress).where(GoalProgress.session_id == row.id,
                                                             GoalProgress.goal_id == goal.id))
            record: GoalProgressRecord | None = None
            if clean_status is None:
                if progress is not None:
                    orm.delete(progress)
                    record_event(orm, who, "delete", "goal_progress", progress.uid,
                                 row.patient.uid, session=str(row.uid), goal=str(goal.uid))
            else:
                before = None if progress is None else (progress.status, progress.note)
                if progress is None:
                    progress = GoalProgress(session_id=row.id, goal_id=goal.id)
                    orm.add(progress)
                progress.status, progress.note = clean_status, clean_note
                orm.flush()
                if before != (clean_status, clean_note):
                    record_event(orm, who, "create" if before is None else "change",
                                 "goal_progress", progress.uid, row.patient.uid,
                                 session=str(row.uid), goal=str(goal.uid),
                                 status=clean_status.value)
                record = GoalProgressRecord(goal.uid, goal.text, clean_status, clean_note)
        return record, row

    record, row = retry_races(write, "Recording goal progress", blind=True)
    return record, session_notes_changed(row)


def list_goal_progress(db: Database, session_uid: uuid.UUID) -> list[GoalProgressRecord]:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = load_session(orm, session_uid)
        rows = orm.execute(select(GoalProgress, Goal).join(Goal, GoalProgress.goal_id == Goal.id)
                           .where(GoalProgress.session_id == row.id)
                           .order_by(Goal.position, Goal.id))
        # A signed session shows the goal as it read when it was signed.
        return [GoalProgressRecord(goal.uid, progress.goal_text or goal.text, progress.status,
                                   progress.note) for progress, goal in rows]
