"""The intake form is checked as a whole: every problem is named, keyed by where it is."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput, validate_intake_form
from nmt_desktop.domain.screening_rules import ScreeningAnswer

TODAY = dt.date(2025, 3, 14)


def test_a_good_form_is_cleaned() -> None:
    form = IntakeFormInput(
        recorded_on="2025-03-14",
        presenting_complaint="  Neck pain <&> since Zoë's 🙂 move to 山田 St  ",
        consent_date="2025-03-14",
        consent_scope="assessment and treatment",
        answers=[
            ScreeningAnswer("acute_injury_inflammation", True, ("calf_left", "calf_left"), "x"),
            ScreeningAnswer("pregnancy", True, ("calf_left",), "20 weeks"),
            ScreeningAnswer("fever_acute_infection", False, (), "ignored when absent"),
        ],
        goals=[GoalInput("Sit 2 h", "2025-06-01"), GoalInput("   ")],
    )
    clean = validate_intake_form(form, TODAY)
    assert clean.presenting_complaint == "Neck pain <&> since Zoë's 🙂 move to 山田 St"
    answers = {a.item_id: a for a in clean.answers}
    assert answers["acute_injury_inflammation"].region_ids == ("calf_left",)
    assert answers["pregnancy"].region_ids == ()  # a precaution keeps no area off limits
    assert answers["fever_acute_infection"].note == ""
    assert [(g.text, g.target_date) for g in clean.goals] == [("Sit 2 h", dt.date(2025, 6, 1))]


def test_every_problem_is_reported_with_its_place() -> None:
    goal_uid = uuid.uuid4()
    form = IntakeFormInput(
        recorded_on="14/03/2025",
        consent_date="2025-04-01",
        history="x" * 20_001,
        medications="aspirin\x00",
        answers=[ScreeningAnswer("acute_injury_inflammation", True, ()),
                 ScreeningAnswer("hernia", True, ("not_a_region",)),
                 ScreeningAnswer("made_up", True)],
        goals=[GoalInput("", None, goal_uid), GoalInput("ok", "soon")],
    )
    with pytest.raises(ValidationError) as raised:
        validate_intake_form(form, TODAY)
    errors = raised.value.field_errors
    assert set(errors) == {"recorded_on", "consent_date", "consent_scope", "history",
                           "medications",
                           "answer:acute_injury_inflammation", "answer:hernia",
                           "answer:made_up", "goal:0", "goal:1"}
    assert "YYYY-MM-DD" in errors["recorded_on"]
    assert "future" in errors["consent_date"]
    assert "regions" in errors["answer:acute_injury_inflammation"]


def test_future_intake_and_scope_without_date() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_intake_form(IntakeFormInput("2025-03-15", consent_scope="all"), TODAY)
    assert set(raised.value.field_errors) == {"recorded_on", "consent_date"}
