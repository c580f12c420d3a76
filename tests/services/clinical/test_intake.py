"""Intake use cases: dated versions, screening answers, clearances, referrals, goals."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.intake_form import GoalInput
from nmt_desktop.services import intake
from nmt_desktop.services.intake import IntakeSupersededError
from tests.intake_goals import add_goal, remove_goal, reword_goal, save_goals
from tests.services.clinical.conftest import Chart, event_count, events

DAY = dt.date(2026, 3, 2)


def test_first_intake_and_partial_updates(chart: Chart) -> None:
    db = chart.db
    # GIVEN a patient without an intake
    assert intake.current_intake(db, chart.patient_uid) is None
    # WHEN an intake is started and two fields are typed
    record, changes = intake.start_intake(db, chart.patient_uid, DAY)
    updated, _ = intake.update_intake(db, record.uid, {"presenting_complaint": "Neck <pain> & "
                                                       "headache ", "medications": "Warfarin"})
    # THEN they are stored exactly as typed, and one event names both fields
    assert (updated.version, updated.recorded_on, updated.is_current) == (1, DAY, True)
    assert updated.presenting_complaint == "Neck <pain> & headache "
    assert changes.intake and changes.patient_uid == chart.patient_uid
    assert events(db)[-2:] == [("create", "intake"), ("change", "intake")]
    # WHEN the same values are sent again (an autosave with nothing new)
    before = event_count(db)
    intake.update_intake(db, record.uid, {"medications": "Warfarin"})
    # THEN nothing is written
    assert event_count(db) == before


def test_new_version_copies_and_keeps_the_old_one(chart: Chart) -> None:
    db = chart.db
    first, _ = intake.start_intake(db, chart.patient_uid, DAY)
    intake.update_intake(db, first.uid, {"history": "Whiplash 2019"})
    intake.set_screening_answer(db, first.uid, "recent_injection", True,
                                region_ids=["low_back_right"], note="cortisone")
    second, _ = intake.start_intake(db, chart.patient_uid, DAY + dt.timedelta(days=30))
    assert (second.version, second.history) == (2, "Whiplash 2019")
    assert second.answer("recent_injection").region_ids == ("low_back_right",)  # type: ignore[union-attr]
    # The old version is kept as it was and can no longer be edited
    (old,) = [i for i in intake.list_intakes(db, chart.patient_uid) if i.uid == first.uid]
    assert old.is_current is False and old.history == "Whiplash 2019"
    with pytest.raises(IntakeSupersededError):
        intake.update_intake(db, first.uid, {"history": "changed"})
    with pytest.raises(IntakeSupersededError):
        intake.set_screening_answer(db, first.uid, "fever_acute_infection", True)
    assert [i.version for i in intake.list_intakes(db, chart.patient_uid)] == [2, 1]


def test_screening_answers_validate_items_and_regions(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    with pytest.raises(ValidationError, match="Unknown screening item"):
        intake.set_screening_answer(db, record.uid, "no_such_item", True)
    with pytest.raises(ValidationError, match="Unknown body region"):
        intake.set_screening_answer(db, record.uid, "recent_surgery", True,
                                    region_ids=["elbow_middle"])
    with pytest.raises(ValidationError, match="only for local"):
        intake.set_screening_answer(db, record.uid, "pregnancy", True,
                                    region_ids=["abdomen_lower_left"])
    updated, _ = intake.set_screening_answer(db, record.uid, "pregnancy", False)
    assert updated.answer("pregnancy").present is False  # type: ignore[union-attr]
    cleared, _ = intake.set_screening_answer(db, record.uid, "pregnancy", None)
    assert cleared.answer("pregnancy") is None


def test_clearance_and_referral_records(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    with pytest.raises(ValidationError, match="needs no medical clearance"):
        intake.record_clearance(db, record.uid, "varicose_veins", "Dr. A", DAY)
    with pytest.raises(ValidationError, match="Cleared by is required"):
        intake.record_clearance(db, record.uid, "unstable_cardiac", "  ", DAY)
    cleared, _ = intake.record_clearance(db, record.uid, "unstable_cardiac", "Dr. Okafor", DAY,
                                         note="stable on medication")
    assert cleared.clearances[0].cleared_by == "Dr. Okafor"
    when = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)
    referred, _ = intake.record_referral(db, record.uid, ["calf_dvt_signs"], "Dr. Lindqvist",
                                         when, "Same-day assessment advised.",
                                         session_uid=chart.session_uid)
    assert referred.referrals[0].session_uid == chart.session_uid
    assert referred.referrals[0].contacted_at == when
    with pytest.raises(ValidationError, match="Unknown red flag"):
        intake.record_referral(db, record.uid, ["fever_acute_infection"], "x", when, "y")
    with pytest.raises(ValidationError, match="time zone"):
        intake.record_referral(db, record.uid, ["calf_dvt_signs"], "x",
                               dt.datetime(2026, 3, 2, 10, 15), "y")
    assert events(db)[-2:] == [("clear", "clearance"), ("refer", "referral")]


def test_goals_keep_their_uid_across_intake_versions(chart: Chart) -> None:
    db = chart.db
    intake.start_intake(db, chart.patient_uid, DAY)
    goal = add_goal(db, chart.patient_uid, "Sit 2 h at the desk without pain",
                    target_date=DAY + dt.timedelta(days=42))
    second = add_goal(db, chart.patient_uid, "Sleep through the night")
    newer, _ = intake.start_intake(db, chart.patient_uid)
    assert [g.uid for g in newer.goals] == [goal.uid, second.uid]
    reworded = reword_goal(db, chart.patient_uid, goal.uid, "Sit 3 h")
    assert reworded.uid == goal.uid and reworded.text == "Sit 3 h"
    today = dt.date.today()
    remove_goal(db, chart.patient_uid, second.uid, today)
    assert [g.uid for g in intake.list_goals(db, chart.patient_uid)] == [goal.uid]
    assert [g.retired_on for g in intake.list_goals(db, chart.patient_uid,
                                                    include_retired=True)] == [None, today]
    with pytest.raises(ValidationError, match="A goal needs a text"):
        reword_goal(db, chart.patient_uid, goal.uid, " ")
    with pytest.raises(ValidationError, match="retired or removed in the meantime"):
        save_goals(db, chart.patient_uid, [GoalInput("x", None, second.uid)])


def test_current_intake_by_chart_number(db: Database, chart: Chart) -> None:
    record, _ = intake.start_intake(db, chart.patient_uid, DAY)
    from nmt_desktop.services.patients import get_patient

    chart_number = get_patient(db, chart.patient_uid).chart_number
    assert intake.current_intake(db, chart_number).uid == record.uid  # type: ignore[union-attr]
