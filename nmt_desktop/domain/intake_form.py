"""The intake form as one unit: what the therapist filled in, and the rules it must meet.

The form is checked as a whole before anything is written, so a save either keeps every
field or none. Error keys name the place of the problem: a text field (`recorded_on`,
`consent_date`, ...), a goal (`goal:<index>`) or a checklist item (`answer:<item id>`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, RED_FLAGS_BY_ID
from nmt_desktop.domain.screening_rules import ScreeningAnswer

MAX_TEXT_LENGTH = 20_000
MAX_LINE_LENGTH = 500
MAX_GOALS = 20
#: Intakes dated before this are almost surely a typing slip.
EARLIEST_DATE = dt.date(1950, 1, 1)


@dataclass(frozen=True)
class GoalInput:
    """One goal as the form holds it; `uid` None for a goal added in this form."""

    text: str
    target_date: str | dt.date | None = None
    uid: uuid.UUID | None = None


@dataclass(frozen=True)
class IntakeFormInput:
    """Everything the intake form holds. Dates may be ISO text (as typed) or dates."""

    recorded_on: str | dt.date
    presenting_complaint: str = ""
    history: str = ""
    medications: str = ""
    consent_date: str | dt.date | None = None
    consent_scope: str = ""
    answers: Sequence[ScreeningAnswer] = ()
    goals: Sequence[GoalInput] = ()


@dataclass(frozen=True)
class CleanGoal:
    text: str
    target_date: dt.date | None
    uid: uuid.UUID | None


@dataclass(frozen=True)
class CleanIntakeForm:
    recorded_on: dt.date
    presenting_complaint: str
    history: str
    medications: str
    consent_date: dt.date | None
    consent_scope: str
    answers: tuple[ScreeningAnswer, ...]
    goals: tuple[CleanGoal, ...]

    def texts(self) -> dict[str, object]:
        """The scalar fields by name, as stored on the intake row."""
        return {
            "recorded_on": self.recorded_on,
            "presenting_complaint": self.presenting_complaint,
            "history": self.history,
            "medications": self.medications,
            "consent_date": self.consent_date,
            "consent_scope": self.consent_scope,
        }


def _date(value: str | dt.date | None, label: str, errors: dict[str, str], key: str,
          required: bool = False) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        if required:
            errors[key] = f"{label} is required (YYYY-MM-DD)."
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[key] = f"{label} must be a date written YYYY-MM-DD, e.g. 2025-03-14."
        return None


def _text(value: str, label: str, limit: int, errors: dict[str, str], key: str) -> str:
    cleaned = value.strip()
    if len(cleaned) > limit:
        errors[key] = f"{label} is too long ({len(cleaned)} characters; at most {limit})."
    elif any(not c.isprintable() and c not in "\n\r\t" for c in cleaned):
        errors[key] = f"{label} contains control characters (pasted from another program?)."
    return cleaned


def validate_intake_form(form: IntakeFormInput, today: dt.date) -> CleanIntakeForm:
    """Check the whole form; raise one ValidationError naming every problem found.

    Raises:
        ValidationError: With one message per problem, keyed as the module docstring says.
    """
    errors: dict[str, str] = {}
    recorded_on = _date(form.recorded_on, "Intake date", errors, "recorded_on", required=True)
    if recorded_on is not None and not EARLIEST_DATE <= recorded_on <= today:
        errors["recorded_on"] = "The intake date cannot be in the future." \
            if recorded_on > today else f"The intake date must be after {EARLIEST_DATE}."
    consent_date = _date(form.consent_date, "Consent date", errors, "consent_date")
    if consent_date is not None and consent_date > today:
        errors["consent_date"] = "The consent date cannot be in the future."
    consent_scope = _text(form.consent_scope, "Consent scope", MAX_LINE_LENGTH * 2, errors,
                          "consent_scope")
    if consent_date is not None and not consent_scope:
        errors["consent_scope"] = ("Say what the patient consented to (e.g. assessment and "
                                   "treatment, areas excluded).")
    if consent_scope and consent_date is None and "consent_date" not in errors:
        errors["consent_date"] = "Give the date the patient consented."
    texts = {name: _text(getattr(form, name), label, MAX_TEXT_LENGTH, errors, name)
             for name, label in (("presenting_complaint", "Presenting complaint"),
                                 ("history", "History"), ("medications", "Medications"))}

    answers: dict[str, ScreeningAnswer] = {}
    regions = load_atlas().regions
    for answer in form.answers:
        key = f"answer:{answer.item_id}"
        item = CONTRAINDICATIONS_BY_ID.get(answer.item_id)
        if item is None and answer.item_id not in RED_FLAGS_BY_ID:
            errors[key] = f"Unknown screening item {answer.item_id!r}."
            continue
        note = _text(answer.note, "The note", MAX_LINE_LENGTH, errors, key)
        region_ids = tuple(dict.fromkeys(answer.region_ids)) if answer.present else ()
        unknown = [r for r in region_ids if r not in regions]
        if unknown:
            errors[key] = f"Unknown body region(s): {', '.join(unknown)}."
        if answer.present and item is not None and item.marks_regions and not region_ids:
            errors[key] = ("Choose the body regions concerned: they become no-go zones on the "
                           "session map.")
        if region_ids and (item is None or not item.marks_regions):
            region_ids = ()  # only local items keep an area off limits
        answers[answer.item_id] = ScreeningAnswer(answer.item_id, answer.present, region_ids,
                                                  note if answer.present else "")

    goals: list[CleanGoal] = []
    kept = [goal for goal in form.goals if goal.text.strip() or goal.uid is not None]
    if len(kept) > MAX_GOALS:
        errors["goals"] = f"At most {MAX_GOALS} goals; retire the ones that are done."
    for index, goal in enumerate(form.goals):
        key = f"goal:{index}"
        text = _text(goal.text, "A goal", MAX_LINE_LENGTH, errors, key)
        target = _date(goal.target_date, "The target date", errors, key)
        if not text:
            if goal.uid is not None:
                errors[key] = "A goal needs a text; remove it instead of emptying it."
            continue
        goals.append(CleanGoal(text, target, goal.uid))
    if errors:
        raise ValidationError(errors)
    assert recorded_on is not None
    return CleanIntakeForm(
        recorded_on=recorded_on,
        consent_date=consent_date,
        consent_scope=consent_scope,
        answers=tuple(answers.values()),
        goals=tuple(goals),
        **texts,
    )


__all__ = [
    "CleanGoal",
    "CleanIntakeForm",
    "GoalInput",
    "IntakeFormInput",
    "validate_intake_form",
]
