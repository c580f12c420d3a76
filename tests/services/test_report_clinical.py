"""Report data from the clinical record: SOAP notes, outcomes, ROM, home care, goals, screening.

The rows are written straight into the tables here so that these tests pin down how reports
read the record, whichever service wrote it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
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
    Therapist,
    TreatmentSession,
)
from nmt_desktop.domain.outcomes import GoalProgressStatus, OutcomeMeasure
from nmt_desktop.domain.posture import PostureSeverity, PostureSide
from nmt_desktop.domain.vocab import SessionStatus, Side
from nmt_desktop.reports.data import GoalStatus
from nmt_desktop.services.report_data import build_patient_summary, build_physician_report
from tests.reports.factories import tiny_png
from tests.services.report_charts import ACTIVE, Clinic, add_patient, new_clinic, visit

D = dt.date
UTC = dt.UTC


def _session_id(db: Database, session_uid: uuid.UUID) -> int:
    with db.reading() as orm:
        row = orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == session_uid))
        assert row is not None
        return row.id


def _patient_id(db: Database, patient_uid: uuid.UUID) -> int:
    with db.reading() as orm:
        row = orm.scalar(select(Patient.id).where(Patient.uid == patient_uid))
        assert row is not None
        return row


def add_rows(db: Database, *rows: Any) -> None:
    with db.transaction() as orm:
        orm.add_all(rows)


def sign(db: Database, session_uid: uuid.UUID, at: dt.datetime) -> None:
    with db.transaction() as orm:
        row = orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == session_uid))
        assert row is not None
        row.status, row.signed_at, row.signed_by_id = SessionStatus.SIGNED, at, row.therapist_id


@pytest.fixture
def course(db: Database) -> tuple[Clinic, uuid.UUID, list[uuid.UUID]]:
    """Three neck visits with notes, ROM, home care, outcomes, goals and an amendment."""
    clinic = new_clinic(db)
    patient = add_patient(clinic, "Zoë", "O'Brien", "N-1",
                          referring_physician="Dr. Priya Raman",
                          referral_reason="Neck pain & headaches <left>")
    days = (D(2025, 3, 3), D(2025, 3, 17), D(2025, 3, 31))
    sessions = [visit(clinic, patient, day,
                      points=(("shoulder_top_left", "upper_trapezius", ACTIVE, 3),),
                      pain=(("neck_posterior_left", 7 - 2 * i),),
                      techniques=("ischemic_compression",))
                for i, day in enumerate(days)]
    ids = [_session_id(db, s) for s in sessions]
    pid = _patient_id(db, patient)
    with db.reading() as orm:
        therapist_id = orm.scalar(select(Therapist.id))
    goal = Goal(patient_id=pid, text="Drive 1 h without neck pain", target_date=D(2025, 5, 1))
    retired = Goal(patient_id=pid, text="Old goal", retired_on=D(2025, 1, 1))
    add_rows(db, goal, retired)
    for i, sid in enumerate(ids):
        add_rows(db, SessionNote(
            session_id=sid, chief_complaint="“My neck locks up”" if i == 0 else "Better",
            nrs_now=(6, 4, 2)[i], nrs_after=(4, 2, 1)[i], nrs_worst=(8, 6, 5)[i],
            aggravating_factors="Driving" if i < 2 else "", easing_factors="Heat",
            sleep="Wakes at night" if i == 0 else "Sleeps through", assessment=f"A{i}",
            response_to_treatment="Good response" if i == 2 else "",
            techniques=["muscle_energy_pir"] if i == 2 else [],
            plan="Release and stretch", frequency="Weekly" if i < 2 else "Every 2 weeks",
            next_visit=D(2025, 4, 14) if i == 2 else None, reassessment_date=D(2025, 5, 1),
            recommendation="Taper", questions_for_physician="Imaging?",
            aftercare_advice="Heat tonight, <not> ice" if i == 2 else ""))
        add_rows(db,
                 RomMeasure(session_id=sid, joint="cervical_spine", movement="rotation",
                            side=Side.LEFT, degrees=(50, 60, 70)[i], method="goniometer"),
                 RomMeasure(session_id=sid, joint="cervical_spine", movement="rotation",
                            side=Side.RIGHT, degrees=75, method="goniometer"))
        add_rows(db, GoalProgress(session_id=sid, goal_id=goal.id,
                                  status=(GoalProgressStatus.NOT_MET,
                                          GoalProgressStatus.PARTLY_MET,
                                          GoalProgressStatus.PARTLY_MET)[i]))
    add_rows(db,
             HomeCarePrescription(session_id=ids[0], exercise_id="chin_tuck", position=0,
                                  dose="10 × 5 s", frequency="3 times a day"),
             HomeCarePrescription(session_id=ids[1], exercise_id="upper_trap_stretch",
                                  position=1, dose="3 × 30 s"),
             HomeCarePrescription(session_id=ids[1], exercise_id="chin_tuck", position=0,
                                  dose="10 × 5 s"),
             PostureObservation(session_id=ids[0], finding_id="forward_head_posture",
                                severity=PostureSeverity.MARKED),
             PostureObservation(session_id=ids[2], finding_id="elevated_shoulder",
                                side=PostureSide.LEFT, severity=PostureSeverity.MILD),
             RomMeasure(session_id=ids[2], joint="thoracolumbar_spine", movement="flexion",
                        side=None, degrees=65, method="inclinometer"),
             OutcomeScoreRow(patient_id=pid, session_id=ids[0], measure=OutcomeMeasure.NDI,
                             taken_on=days[0], items=[2] * 10, score=40.0, answered=10,
                             valid=True),
             OutcomeScoreRow(patient_id=pid, session_id=ids[2], measure=OutcomeMeasure.NDI,
                             taken_on=days[2], items=[1] * 10, score=20.0, answered=10,
                             valid=True),
             OutcomeScoreRow(patient_id=pid, session_id=ids[1], measure=OutcomeMeasure.NDI,
                             taken_on=days[1], items=[None] * 10, score=None, answered=0,
                             valid=False),
             OutcomeScoreRow(patient_id=pid, measure=OutcomeMeasure.PSFS, taken_on=days[0],
                             items=[{"activity": "Driving", "score": 3}], score=3.0,
                             answered=1, valid=True),
             OutcomeScoreRow(patient_id=pid, measure=OutcomeMeasure.PSFS, taken_on=days[2],
                             items=[{"activity": "Driving", "score": 4}], score=4.0,
                             answered=1, valid=True))
    sign(db, sessions[0], dt.datetime(2025, 3, 3, 12, 0, tzinfo=UTC))
    sign(db, sessions[1], dt.datetime(2025, 3, 17, 12, 0, tzinfo=UTC))
    add_rows(db, Amendment(session_id=ids[0], therapist_id=therapist_id, reason="Wrong side",
                           text="The latent point was on the right.",
                           written_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=UTC)))
    return clinic, patient, sessions


def test_physician_report_takes_pain_scores_and_function_from_the_notes(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    data = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    rows = {r.measure: r for r in data.baseline_vs_current}
    now = rows["Pain now, NRS 0–10"]
    assert (now.baseline, now.current, now.threshold_met) == (6, 2, True)
    worst = rows["Pain at worst, NRS 0–10"]
    assert (worst.baseline, worst.current, worst.threshold_met) == (8, 5, True)
    ndi = rows["Neck Disability Index, %"]
    assert (ndi.baseline, ndi.current, ndi.unit, ndi.threshold_met) == (40.0, 20.0, "%", True)
    assert ndi.threshold == "≥ 10 %-points lower"
    assert rows["PSFS mean, 0–10"].threshold == "≥ 2 points higher"
    psfs = rows["PSFS mean, 0–10"]
    assert (psfs.baseline, psfs.current, psfs.threshold_met) == (3.0, 4.0, False)
    rotation = rows["Cervical spine, rotation, left"]
    assert (rotation.baseline, rotation.current, rotation.unit) == (50, 70, "°")
    assert "Cervical spine, rotation, right" in rows  # measured each visit, unchanged
    assert not any(m.startswith("Thoracolumbar") for m in rows)  # measured once only
    assert [(s.nrs_before, s.nrs_after) for s in data.sessions] == [(6, 4), (4, 2), (2, 1)]
    assert data.sessions[2].techniques == ("Ischemic compression / pressure release",
                                           "Muscle energy: post-isometric relaxation")
    # Invalid questionnaires are left out of the table
    assert [(o.measure, o.score) for o in data.outcome_scores] == [
        ("NDI", 40.0), ("PSFS", 3.0), ("NDI", 20.0), ("PSFS", 4.0)]
    assert data.outcome_scores[1].interpretation == "Driving 3"


def test_physician_report_range_of_motion_compares_sides_with_reference(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    data = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    by_movement = {(r.joint, r.movement): r for r in data.rom}
    rotation = by_movement[("Cervical spine", "Rotation")]
    assert (rotation.left, rotation.right, rotation.both) == (70, 75, None)
    assert rotation.reference == "60–80°" and rotation.measured_on == D(2025, 3, 31)
    assert rotation.method == "active, goniometer"
    flexion = by_movement[("Thoracolumbar spine", "Flexion")]
    assert (flexion.left, flexion.right, flexion.both) == (None, None, 65)


def test_physician_report_narrative_plan_goals_and_amendments(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    data = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    # as first told, dated because it is not the latest visit's (issue #12, point 9)
    assert data.chief_complaint == "“My neck locks up” (recorded 3 Mar 2025)"
    assert data.aggravating == "Driving (recorded 17 Mar 2025)"  # an earlier visit's answer
    assert data.sleep == "Sleeps through"  # the latest visit's: no date
    assert data.assessment == "A2" and data.response == "Good response"
    assert data.posture == ("Elevated shoulder, left, mild",)  # the latest visit's findings
    assert data.plan.treatment_plan == "Release and stretch"
    assert data.plan.frequency == "Every 2 weeks"
    assert data.plan.reassessment_date == D(2025, 5, 1)
    assert data.plan.questions_for_physician == "Imaging?"
    assert [(g.text, g.status) for g in data.plan.goals] == [
        ("Drive 1 h without neck pain", GoalStatus.PARTLY_MET)]
    assert [e.name for e in data.home_programme] == ["Chin tuck (cervical retraction)",
                                                     "Upper trapezius stretch"]
    assert data.home_programme[0].dose == "10 × 5 s"
    assert data.home_programme[0].cue.startswith("Glide the head straight back")
    (amendment,) = data.amendments
    assert amendment.session_date == D(2025, 3, 3) and amendment.author == "Mara Okafor, RMT"
    assert amendment.reason == "Wrong side"
    # Two of three visits are signed: the report is a draft and says why
    assert data.signed_at is None and data.unsigned_visits == 1


def test_period_limits_outcomes_and_notes(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    data = build_physician_report(db, "N-1", D(2025, 3, 1), D(2025, 3, 20))
    assert data.visits_attended == 2 and data.unsigned_visits == 0
    assert data.signed_at is not None and data.signed_at.date() == D(2025, 3, 17)
    measures = {r.measure for r in data.baseline_vs_current}
    assert "Neck Disability Index, %" not in measures  # one valid NDI in the period
    assert [o.measured_on for o in data.outcome_scores] == [D(2025, 3, 3), D(2025, 3, 3)]
    assert data.plan.frequency == "Weekly"


def test_patient_summary_carries_home_care_next_visit_and_advice(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    clinic, patient, sessions = course
    latest = build_patient_summary(db, patient)
    assert (latest.nrs_before, latest.nrs_after) == (2, 1)
    assert latest.next_appointment == D(2025, 4, 14)
    assert latest.therapist_note == "Heat tonight, <not> ice"
    # No new prescription at the last visit: the programme of the visit before still applies
    assert [e.name for e in latest.home_care] == ["Chin tuck (cervical retraction)",
                                                  "Upper trapezius stretch"]
    assert latest.treatments == (
        "steady pressure on the tender spots until they eased",
        "gently tensing and then relaxing the muscle to help it lengthen")
    first = build_patient_summary(db, patient, sessions[0])
    assert [(e.name, e.dose) for e in first.home_care] == [
        ("Chin tuck (cervical retraction)", "10 × 5 s\n3 times a day")]
    assert first.home_care[0].caution == "Stop if arm symptoms increase."


def test_letterhead_comes_from_the_clinic_settings(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    assert build_patient_summary(db, "N-1").letterhead.name == "Mara Okafor, RMT"
    add_rows(db, ClinicSettings(id=1, name="Harbourside <NMT> & Co",
                                address="12 Quay St\n\nHalifax NS", phone="902-555-0142",
                                email="desk@example.org", logo_png=tiny_png(),
                                disabled_techniques=["muscle_energy_pir"]))
    head = build_patient_summary(db, "N-1").letterhead
    assert head.name == "Harbourside <NMT> & Co"
    assert head.address_lines == ("12 Quay St", "Halifax NS")
    assert (head.phone, head.email, head.logo_png) == ("902-555-0142", "desk@example.org",
                                                        tiny_png())
    report = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    assert report.letterhead == head
    # A technique the clinic switched off is flagged wherever the report names it
    assert report.sessions[2].techniques[1] == (
        "Muscle energy: post-isometric relaxation (outside the clinic's scope)")


def test_screening_red_flags_precautions_and_clearance(
    db: Database, course: tuple[Clinic, uuid.UUID, list[uuid.UUID]]
) -> None:
    _, patient, sessions = course
    pid = _patient_id(db, patient)
    before = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    assert before.red_flags == "No intake on record: red flags not screened at intake."
    assert before.precautions == ()
    intake = Intake(patient_id=pid, version=1, recorded_on=D(2025, 3, 3),
                    presenting_complaint="Neck pain")
    add_rows(db, intake)
    quiet = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    # nothing answered: "not asked", never "none found" (spec §4.2)
    assert quiet.red_flags == "Intake of 3 Mar 2025: not asked (0 of 22)."
    add_rows(db,
             ScreeningAnswerRow(intake_id=intake.id, item_id="anticoagulant_antiplatelet",
                                present=True),
             ScreeningAnswerRow(intake_id=intake.id, item_id="recent_injection", present=True,
                                region_ids=["low_back_right"]),
             ScreeningAnswerRow(intake_id=intake.id, item_id="pregnancy", present=False),
             ScreeningAnswerRow(intake_id=intake.id, item_id="myelopathy_signs", present=True),
             MedicalClearance(intake_id=intake.id, item_id="anticoagulant_antiplatelet",
                              cleared_by="Dr. Raman", cleared_on=D(2025, 3, 2)),
             Referral(intake_id=intake.id, red_flag_ids=["myelopathy_signs"],
                      contacted="Dr. Raman", said="Seen the same day, MRI booked",
                      contacted_at=dt.datetime(2025, 3, 3, 15, 0, tzinfo=UTC)))
    data = build_physician_report(db, "N-1", today=D(2025, 4, 1))
    anticoagulant, injection = data.precautions
    assert anticoagulant.startswith("Anticoagulant or antiplatelet drug")
    assert "(precaution)" in anticoagulant and "Lighter pressure" in anticoagulant
    assert anticoagulant.endswith("Cleared by Dr. Raman on 2 Mar 2025.")
    assert "(local), right low back" in injection.lower()
    assert data.red_flags.startswith("Intake of 3 Mar 2025: Red flags reported (1 of 22 "
                                     "asked): Clumsy hands in both arms.")
    assert "cervical myelopathy" in data.red_flags
    assert ("referred to Dr. Raman on 3 Mar 2025: Seen the same day, MRI booked"
            in data.red_flags)
    # Without notes the chief complaint would be the intake's; the first note wins here
    assert data.chief_complaint == "“My neck locks up” (recorded 3 Mar 2025)"


def test_patient_sheet_aftercare_follows_precautions(db: Database) -> None:
    """Issue #12: an anticoagulated patient is not told bruising is normal."""
    from nmt_desktop.reports.plain_language import aftercare
    from nmt_desktop.services.demo import demo_uid, load_demo_clinic

    load_demo_clinic(db, today=D(2025, 6, 23))
    maria = build_patient_summary(db, demo_uid("maria"))
    assert maria.bruising_risk
    assert not any("normal to feel sore or a little bruised" in line
                   for line in aftercare(maria.bruising_risk))
    assert any("a bruise is not expected" in line for line in aftercare(maria.bruising_risk))
    james = build_patient_summary(db, demo_uid("james"))
    assert not james.bruising_risk
    assert any("a little bruised" in line for line in aftercare(james.bruising_risk))
