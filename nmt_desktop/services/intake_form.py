"""Save the intake form as one unit: texts, every checklist answer and the goals, or nothing.

The intake dialog edits many things at once. Saving them through the one-field services would
take a dozen transactions, and a refusal halfway would leave half a form written. Here the
whole form is validated first (`domain.intake_form`), then written in one transaction with one
audit event that lists what changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Goal, Intake, Patient, ScreeningAnswerRow
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.intake_form import CleanIntakeForm, IntakeFormInput, validate_intake_form
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.intake import (
    IntakeRecord,
    IntakeSupersededError,
    _copy_children,
    current_intake_row,
    intake_record,
)
from nmt_desktop.services.records import ChangeSet


def _target_intake(orm: Session, patient: Patient, intake_uid: uuid.UUID | None,
                   form: CleanIntakeForm) -> tuple[Intake, bool]:
    """The intake row to write into, and whether it is a new version."""
    latest = current_intake_row(orm, patient.id)
    if intake_uid is None:
        row = Intake(patient_id=patient.id, version=(latest.version if latest else 0) + 1,
                     recorded_on=form.recorded_on, presenting_complaint="", history="",
                     medications="", consent_date=None, consent_scope="")
        orm.add(row)
        orm.flush()
        if latest is not None:
            # Referrals on record still hold for the new version; clearances end with the
            # revision (spec §4.3) and are not copied.
            _copy_children(orm, latest, row)
            orm.flush()
        return row, True
    stored = orm.scalar(select(Intake).where(Intake.uid == intake_uid))
    if stored is None or stored.patient_id != patient.id:
        raise NotFoundError(f"No intake {intake_uid} of this patient.")
    if latest is None or latest.id != stored.id:
        raise IntakeSupersededError(
            f"Intake version {stored.version} has been replaced by a newer version; change the "
            "newest one.")
    return stored, False


def _write_answers(orm: Session, row: Intake, form: CleanIntakeForm) -> list[str]:
    existing = {a.item_id: a for a in orm.scalars(
        select(ScreeningAnswerRow).where(ScreeningAnswerRow.intake_id == row.id))}
    changed = []
    for answer in form.answers:
        wanted = (answer.present, list(answer.region_ids), answer.note)
        stored = existing.get(answer.item_id)
        if stored is None:
            orm.add(ScreeningAnswerRow(intake_id=row.id, item_id=answer.item_id,
                                       present=answer.present,
                                       region_ids=list(answer.region_ids), note=answer.note))
        elif (stored.present, list(stored.region_ids), stored.note) != wanted:
            stored.present, stored.region_ids, stored.note = wanted
        else:
            continue
        # An explicit "no" written for the first time is documentation, not a finding.
        if answer.present or stored is not None:
            changed.append(answer.item_id)
    return changed


def _write_goals(orm: Session, patient: Patient, row: Intake, form: CleanIntakeForm,
                 today: dt.date) -> dict[str, int]:
    active = {g.uid: g for g in orm.scalars(
        select(Goal).where(Goal.patient_id == patient.id, Goal.retired_on.is_(None)))}
    counts = {"added": 0, "changed": 0, "retired": 0}
    start = orm.scalar(select(func.max(Goal.position)).where(Goal.patient_id == patient.id)) or 0
    kept: set[uuid.UUID] = set()
    for offset, goal in enumerate(form.goals, start=1):
        if goal.uid is None:
            orm.add(Goal(patient_id=patient.id, intake_id=row.id, position=start + offset,
                         text=goal.text, target_date=goal.target_date, retired_on=None))
            counts["added"] += 1
            continue
        stored = active.get(goal.uid)
        if stored is None:
            index = form.goals.index(goal)
            raise ValidationError({f"goal:{index}": "This goal was retired or removed in the "
                                                    "meantime; add it again if it still holds."})
        kept.add(goal.uid)
        if (stored.text, stored.target_date) != (goal.text, goal.target_date):
            stored.text, stored.target_date = goal.text, goal.target_date
            counts["changed"] += 1
    for uid, stored in active.items():
        if uid not in kept:
            stored.retired_on = today
            counts["retired"] += 1
    return counts


def save_intake_form(
    db: Database,
    patient_uid: uuid.UUID,
    form: IntakeFormInput,
    *,
    intake_uid: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> tuple[IntakeRecord, ChangeSet]:
    """Write the whole intake form in one transaction.

    Args:
        db: The database.
        patient_uid: Whose intake.
        form: Everything the form holds; checklist items it does not list are left as stored.
        actor: Who saves, for the audit trail.
        intake_uid: The current version to update; None starts a new version (the previous
            one is kept unchanged, its answers and referrals carried over; its clearances
            end with it, spec §4.3).
        today: The date of "now" (tests); goals removed from the form retire on it.

    Raises:
        ValidationError: Every problem of the form at once; nothing was written.
        IntakeSupersededError: `intake_uid` is not the newest version.
    """
    who = authorize(db, Permission.CHART)
    day = today or dt.date.today()
    clean = validate_intake_form(form, day)
    with db.transaction() as orm:
        patient = load_patient(orm, patient_uid)
        row, created = _target_intake(orm, patient, intake_uid, clean)
        fields = apply_field_changes(row, clean.texts())
        items = _write_answers(orm, row, clean)
        goals = _write_goals(orm, patient, row, clean, day)
        orm.flush()
        detail: dict[str, Any] = {"version": row.version}
        if fields:
            detail["fields"] = fields
        if items:
            detail["screening_items"] = items
        detail.update({f"goals_{k}": v for k, v in goals.items() if v})
        if created or len(detail) > 1:
            record_event(orm, who, "create" if created else "change", "intake", row.uid,
                         patient.uid, **detail)
        record = intake_record(orm, row)
    return record, ChangeSet(intake=True, patient_uid=patient.uid)


__all__ = ["save_intake_form"]
