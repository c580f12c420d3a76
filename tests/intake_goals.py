"""Goals written the way the app writes them: through the intake form (`save_intake_form`).

The intake form is the one write path for goals; these helpers keep the rest of the current
intake as stored and change only its goal list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from nmt_desktop.db.database import Database
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.services import intake, intake_form
from nmt_desktop.services.intake import GoalRecord, IntakeRecord


def save_goals(db: Database, patient_uid: uuid.UUID, goals: Sequence[GoalInput],
               today: dt.date | None = None) -> IntakeRecord:
    """Save the current intake with this goal list (a first intake if there is none)."""
    current = intake.current_intake(db, patient_uid)
    if current is None:
        form = IntakeFormInput(today or dt.date.today(), goals=goals)
    else:
        form = IntakeFormInput(current.recorded_on, current.presenting_complaint,
                               current.history, current.medications, current.consent_date,
                               current.consent_scope, goals=goals)
    record, _ = intake_form.save_intake_form(
        db, patient_uid, form, intake_uid=current.uid if current else None, today=today)
    return record


def _kept(db: Database, patient_uid: uuid.UUID) -> list[GoalInput]:
    current = intake.current_intake(db, patient_uid)
    return [GoalInput(g.text, g.target_date, g.uid) for g in (current.goals if current else ())]


def add_goal(db: Database, patient_uid: uuid.UUID, text: str,
             target_date: dt.date | None = None) -> GoalRecord:
    """Add a goal at the end of the form's list, as the goals editor does."""
    record = save_goals(db, patient_uid, [*_kept(db, patient_uid), GoalInput(text, target_date)])
    return record.goals[-1]


def reword_goal(db: Database, patient_uid: uuid.UUID, goal_uid: uuid.UUID, text: str) -> GoalRecord:
    """Change a goal's text in the form and save it."""
    goals = [GoalInput(text, g.target_date, g.uid) if g.uid == goal_uid else g
             for g in _kept(db, patient_uid)]
    record = save_goals(db, patient_uid, goals)
    return next(g for g in record.goals if g.uid == goal_uid)


def remove_goal(db: Database, patient_uid: uuid.UUID, goal_uid: uuid.UUID,
                today: dt.date | None = None) -> IntakeRecord:
    """Remove a goal from the form and save it: the goal retires on `today`."""
    goals = [g for g in _kept(db, patient_uid) if g.uid != goal_uid]
    return save_goals(db, patient_uid, goals, today)
