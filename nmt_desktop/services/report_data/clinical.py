"""The clinical record around the map, read for a report: notes, ROM, home care, outcomes.

Rows are read in one query per table for all the report's visits, inside the report's own
reading transaction, so a report sees one consistent state of the chart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.models import (
    Amendment,
    ClinicSettings,
    Goal,
    GoalProgress,
    HomeCarePrescription,
    Intake,
    MedicalClearance,
    OutcomeScoreRow,
    Patient,
    PostureObservation,
    Referral,
    RomMeasure,
    ScreeningAnswerRow,
    SessionNote,
)
from nmt_desktop.domain.exercises import EXERCISES_BY_ID
from nmt_desktop.reports.data import HomeExercise
from nmt_desktop.reports.formatting import fmt_date

_R = TypeVar("_R", RomMeasure, HomeCarePrescription, PostureObservation, GoalProgress,
             Amendment, SessionNote)


def by_session(orm: Session, model: type[_R], ids: Sequence[int],
               *order: Any) -> dict[int, list[_R]]:
    """Rows of `model` for these sessions, grouped by session id, in the given order."""
    grouped: dict[int, list[_R]] = defaultdict(list)
    if ids:
        query = select(model).where(model.session_id.in_(list(ids)))
        for row in orm.scalars(query.order_by(*order, model.id)):
            grouped[row.session_id].append(row)
    return grouped


def notes(orm: Session, ids: Sequence[int]) -> dict[int, SessionNote]:
    """The SOAP note of each session that has one."""
    return {sid: rows[0] for sid, rows in by_session(orm, SessionNote, ids).items()}


def clinic_settings(orm: Session) -> ClinicSettings | None:
    return orm.scalar(select(ClinicSettings).order_by(ClinicSettings.id).limit(1))


def current_intake(orm: Session, patient: Patient) -> Intake | None:
    """The latest intake version: the one that applies now."""
    return orm.scalar(
        select(Intake).where(Intake.patient_id == patient.id)
        .order_by(Intake.version.desc()).limit(1)
    )


def screening_answers(orm: Session, intake: Intake) -> list[ScreeningAnswerRow]:
    return list(orm.scalars(
        select(ScreeningAnswerRow).where(ScreeningAnswerRow.intake_id == intake.id)
        .order_by(ScreeningAnswerRow.id)))


def clearances(orm: Session, intake: Intake) -> dict[str, str]:
    """Item id → "Cleared by Dr X on 3 Mar 2025." for the items a physician has cleared."""
    rows = orm.scalars(
        select(MedicalClearance).where(MedicalClearance.intake_id == intake.id)
        .order_by(MedicalClearance.cleared_on, MedicalClearance.id))
    return {row.item_id: f"Cleared by {row.cleared_by} on {fmt_date(row.cleared_on)}."
            for row in rows}


def clearance_rows(orm: Session, intake: Intake) -> list[MedicalClearance]:
    return list(orm.scalars(
        select(MedicalClearance).where(MedicalClearance.intake_id == intake.id)
        .order_by(MedicalClearance.cleared_on, MedicalClearance.id)))


def referrals(orm: Session, intake: Intake) -> list[Referral]:
    return list(orm.scalars(
        select(Referral).where(Referral.intake_id == intake.id).order_by(Referral.contacted_at)))


def goals(orm: Session, patient: Patient) -> list[Goal]:
    return list(orm.scalars(
        select(Goal).where(Goal.patient_id == patient.id).order_by(Goal.position, Goal.id)))


def outcome_rows(orm: Session, patient: Patient) -> list[OutcomeScoreRow]:
    """Every questionnaire of the patient, oldest first."""
    return list(orm.scalars(
        select(OutcomeScoreRow).where(OutcomeScoreRow.patient_id == patient.id)
        .order_by(OutcomeScoreRow.taken_on, OutcomeScoreRow.id)))


def home_exercise(row: HomeCarePrescription) -> HomeExercise:
    """A prescription as printed: the library's name, cue and caution with this patient's dose."""
    known = EXERCISES_BY_ID.get(row.exercise_id)
    # The therapist's frequency on its own line: the library dose may name a frequency too.
    dose = "\n".join(p for p in (row.dose.strip(), row.frequency.strip()) if p)
    if known is None:
        return HomeExercise(name=row.exercise_id, dose=dose, caution=row.note)
    caution = " ".join(p for p in (known.caution, row.note) if p)
    return HomeExercise(name=known.name, cue=known.cue, dose=dose, caution=caution)


def latest_programme(
    prescriptions: dict[int, list[HomeCarePrescription]], ids: Sequence[int]
) -> tuple[HomeExercise, ...]:
    """The home programme in force after the last of these sessions that prescribed one."""
    for sid in reversed(ids):
        if prescriptions.get(sid):
            return tuple(home_exercise(p) for p in prescriptions[sid])
    return ()
