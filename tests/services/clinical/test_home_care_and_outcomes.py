"""Home-care prescriptions and outcome questionnaires."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import OutcomeMeasure, PsfsActivity
from nmt_desktop.services import home_care, outcomes, session_notes, sessions
from nmt_desktop.services.report_data.course import course_figures, load_course
from nmt_desktop.services.report_data.physician_report import build_physician_report
from tests.people import as_therapist
from tests.services.clinical.conftest import Chart


def test_prescription_takes_the_library_dose_unless_given(chart: Chart) -> None:
    db = chart.db
    tuck, _ = home_care.prescribe_exercise(db, chart.session_uid, "chin_tuck",
                                           frequency="3 times a day")
    stretch, _ = home_care.prescribe_exercise(db, chart.session_uid, "upper_trap_stretch",
                                              dose="2 × 20 s, left only",
                                              progression="30 s after one week")
    assert tuck.dose == "10 reps, 5 s hold, several times daily"
    assert (tuck.exercise_name, tuck.position, stretch.position) == (
        "Chin tuck (cervical retraction)", 1, 2)
    changed, _ = home_care.update_prescription(db, stretch.uid, {"dose": "3 × 30 s"})
    assert changed.dose == "3 × 30 s"
    # The programme as the physician report prints it
    assert [e.name for e in build_physician_report(db, chart.patient_uid).home_programme] == [
        tuck.exercise_name, stretch.exercise_name]
    home_care.remove_prescription(db, tuck.uid)
    assert [p.uid for p in home_care.list_prescriptions(db, chart.session_uid)] == [stretch.uid]
    with pytest.raises(ValidationError, match="Unknown exercise"):
        home_care.prescribe_exercise(db, chart.session_uid, "juggling")


def test_outcome_is_scored_with_missing_items(chart: Chart) -> None:
    db = chart.db
    record, changes = outcomes.record_outcome(
        db, chart.patient_uid, "ndi", [2, 1, 3, 2, 4, 1, 2, None, 2, 1],
        taken_on=dt.date(2026, 1, 5))
    assert (record.result.score, record.result.answered, record.result.band) == (40.0, 9,
                                                                                  "Moderate")
    assert changes.outcomes
    psfs, _ = outcomes.record_outcome(db, chart.patient_uid, OutcomeMeasure.PSFS,
                                      [("Walk 30 min", 3), {"activity": "Lift",
                                                            "score": 5}],
                                      session_uid=chart.session_uid)
    assert psfs.items == (PsfsActivity("Walk 30 min", 3), PsfsActivity("Lift", 5))
    assert psfs.session_uid == chart.session_uid and psfs.result.score == 4.0
    with pytest.raises(ValidationError, match="from 0 to 5"):
        outcomes.record_outcome(db, chart.patient_uid, "odi", [9] * 10)
    corrected, _ = outcomes.update_outcome(db, record.uid, [2] * 10)
    assert corrected.result.score == 40.0 and corrected.result.answered == 10
    assert [o.measure for o in outcomes.list_outcomes(db, chart.patient_uid)] == [
        OutcomeMeasure.NDI, OutcomeMeasure.PSFS]


def test_progress_from_baseline_judged_against_the_mcid(chart: Chart) -> None:
    db = chart.db
    outcomes.record_outcome(db, chart.patient_uid, "ndi", [3] * 10,
                            taken_on=dt.date(2026, 1, 5))   # 60 %
    outcomes.record_outcome(db, chart.patient_uid, "ndi", [3] * 7 + [None] * 3,
                            taken_on=dt.date(2026, 1, 19))  # invalid: skipped
    outcomes.record_outcome(db, chart.patient_uid, "ndi", [2] * 10,
                            taken_on=dt.date(2026, 2, 2))   # 40 %
    session_notes.update_session_notes(db, chart.session_uid, {"nrs_now": 7})
    later, _ = sessions.start_session(as_therapist(db, chart.therapist_uid), chart.patient_uid)
    session_notes.update_session_notes(db, later.uid, {"nrs_now": 4})
    # As the progress view figures the whole course
    figures = course_figures(load_course(db, chart.patient_uid), dt.date.min, dt.date.max)
    progress = {t.measure: t for t in figures.thresholds}
    ndi = progress["ndi"]
    assert (ndi.baseline, ndi.latest) == (60.0, 40.0)
    assert ndi.met
    nrs = progress["nrs"]
    assert (nrs.baseline, nrs.latest) == (7.0, 4.0)
    assert nrs.met
    assert "odi" not in progress
