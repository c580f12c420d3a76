"""A small chart to export: two sessions (one signed), every kind of mark, awkward text."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    Amendment,
    AuditEvent,
    Goal,
    GoalProgress,
    HomeCarePrescription,
    Intake,
    MedicalClearance,
    OutcomeScoreRow,
    PainZone,
    Patient,
    PostureObservation,
    Referral,
    RomMeasure,
    ScreeningAnswerRow,
    SessionNote,
    TensionRating,
    Therapist,
    TreatmentSession,
    TriggerPoint,
)
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.outcomes import GoalProgressStatus, OutcomeMeasure
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.posture import PostureSeverity, PostureSide
from nmt_desktop.domain.vocab import (
    PainQuality,
    PainSource,
    PressureUnit,
    SessionStatus,
    Side,
    TextureTag,
    TriggerPointStatus,
)
from nmt_desktop.services import charting, patients, sessions, therapists
from tests.people import as_therapist

AWKWARD_NOTE = "<b>Tom & Jerry</b> said \"ouch\" 😀 — Zoë, 山田"
CHART_TABLES = (Patient, Therapist, TreatmentSession, TriggerPoint, PainZone, TensionRating,
                Intake, ScreeningAnswerRow, MedicalClearance, Referral, Goal, SessionNote,
                PostureObservation, RomMeasure, GoalProgress, HomeCarePrescription,
                OutcomeScoreRow, Amendment)


@dataclass(frozen=True)
class Chart:
    patient_uid: uuid.UUID
    chart_number: str
    therapist_uid: uuid.UUID
    signed_session_uid: uuid.UUID
    draft_session_uid: uuid.UUID


def point_in(region_id: str) -> tuple[float, float]:
    return load_atlas().label_point(region_id)


def sign_directly(db: Database, session_uid: uuid.UUID, at: dt.datetime) -> None:
    """Mark a session signed (the signing service is not what these tests are about)."""
    with db.transaction() as orm:
        row = orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == session_uid))
        assert row is not None
        row.status, row.signed_at, row.signed_by_id = SessionStatus.SIGNED, at, row.therapist_id


def chart_session(db: Database, session_uid: uuid.UUID, note: str = AWKWARD_NOTE) -> None:
    charting.place_trigger_point(
        db, session_uid, *point_in("shoulder_top_left"), muscle_id="upper_trapezius",
        status=TriggerPointStatus.ACTIVE, taut_band=True, tenderness_grade=3, ppt_value=2.5,
        ppt_unit=PressureUnit.KG_PER_CM2, techniques=["ischemic_compression"],
        referral_regions=["temple_left"], post_treatment_grade=1, note=note)
    charting.place_trigger_point(db, session_uid, *point_in("buttock_right"),
                                 status=TriggerPointStatus.LATENT)
    charting.paint_pain_zones(db, session_uid, ["temple_left", "occiput_left"], 6,
                              [PainQuality.ACHING, PainQuality.THROBBING])
    charting.paint_pain_zones(db, session_uid, ["low_back_right"], 4, [],
                              source=PainSource.THERAPIST_PALPATION)
    charting.rate_tension(db, session_uid, "shoulder_top_left", 2, [TextureTag.ROPY],
                          muscle_id="upper_trapezius")


def _one(orm: Any, model: type[Any], uid: uuid.UUID) -> Any:
    return orm.scalar(select(model).where(model.uid == uid))


def add_clinical_record(db: Database, chart: Chart) -> None:
    """Intake, screening, goals, SOAP notes, posture, ROM, home care, outcomes, an amendment.

    Written as rows (the clinical services are tested elsewhere); the signed session gets its
    record before it is signed, as it would in the app.
    """
    with db.transaction() as orm:
        patient = _one(orm, Patient, chart.patient_uid)
        therapist = _one(orm, Therapist, chart.therapist_uid)
        signed = _one(orm, TreatmentSession, chart.signed_session_uid)
        draft = _one(orm, TreatmentSession, chart.draft_session_uid)
        intake = Intake(patient_id=patient.id, version=1, recorded_on=dt.date(2024, 5, 1),
                        presenting_complaint="Headaches & neck <pain> 😣",
                        medications="ibuprofen", consent_date=dt.date(2024, 5, 1),
                        consent_scope="Manual therapy")
        orm.add(intake)
        orm.flush()
        orm.add_all([
            ScreeningAnswerRow(intake_id=intake.id, item_id="acute_injury_inflammation",
                               present=True, region_ids=["calf_left"], note="sprain"),
            MedicalClearance(intake_id=intake.id, item_id="fever_acute_infection",
                             cleared_by="Dr. Zoë Adams", cleared_on=dt.date(2024, 4, 30)),
            Referral(intake_id=intake.id, session_id=draft.id,
                     red_flag_ids=["saddle_anesthesia_bladder_bowel"], contacted="GP",
                     contacted_at=dt.datetime(2024, 5, 8, 11, 0, tzinfo=dt.UTC),
                     said="Urgent review"),
        ])
        goal = Goal(patient_id=patient.id, intake_id=intake.id, position=0,
                    text="Turn head to reverse the car", target_date=dt.date(2024, 7, 1))
        orm.add(goal)
        orm.flush()
        for session, (now, after) in ((signed, (7, 4)), (draft, (5, 2))):
            orm.add(SessionNote(session_id=session.id, chief_complaint="Stiff neck <&> 😖",
                                nrs_now=now, nrs_after=after, assessment="Improving",
                                techniques=["ischemic_compression"], plan="Weekly",
                                next_visit=dt.date(2024, 5, 15)))
            orm.add(PostureObservation(session_id=session.id, finding_id="forward_head_posture",
                                       side=PostureSide.BILATERAL,
                                       severity=PostureSeverity.MODERATE))
            orm.add(RomMeasure(session_id=session.id, joint="shoulder", movement="abduction",
                               side=Side.LEFT, degrees=150.0, method="goniometer"))
            orm.add(GoalProgress(session_id=session.id, goal_id=goal.id,
                                 status=GoalProgressStatus.PARTLY_MET))
            orm.add(HomeCarePrescription(session_id=session.id, exercise_id="chin_tuck",
                                         dose="10 × 5 s", frequency="daily"))
        orm.add(OutcomeScoreRow(patient_id=patient.id, session_id=signed.id,
                                measure=OutcomeMeasure.NDI, taken_on=dt.date(2024, 5, 1),
                                items=[2, 3, 1, 2, None, 2, 1, 0, 3, 2], score=35.6,
                                answered=9, valid=True))
        orm.add(OutcomeScoreRow(patient_id=patient.id, session_id=draft.id,
                                measure=OutcomeMeasure.PSFS, taken_on=dt.date(2024, 5, 8),
                                items=[{"activity": "Reversing the car", "score": 4}],
                                score=4.0, answered=1, valid=True))
        orm.add(Amendment(session_id=signed.id, therapist_id=therapist.id,
                          reason="Typo", text="Left, not right <sic> 🙂",
                          written_at=dt.datetime(2024, 5, 2, 8, 0, tzinfo=dt.UTC)))


def make_chart(db: Database, chart_number: str = "A-100") -> Chart:
    therapist, _ = therapists.create_therapist(db, "Alex Morgan", "LMT, CNMT", "MA-1")
    patient, _ = patients.create_patient(db, PatientInput(
        "Zoë", "山田", "1985-03-12", chart_number=chart_number, phone="555-0100",
        address="Flat 3 <&> 🙂 Rue de l'Église", referring_physician="Dr. O'Brien & Partners",
        referral_reason="Neck pain <since 2023> 😖"))
    first, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid,
                                      dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC))
    second, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid,
                                       dt.datetime(2024, 5, 8, 9, 30, tzinfo=dt.UTC), 45)
    chart_session(db, first.uid)
    chart_session(db, second.uid, note="second visit")
    chart = Chart(patient.uid, patient.chart_number, therapist.uid, first.uid, second.uid)
    add_clinical_record(db, chart)
    sign_directly(db, first.uid, dt.datetime(2024, 5, 1, 10, 5, tzinfo=dt.UTC))
    return chart


def row_counts(db: Database) -> dict[str, int]:
    """Rows in every chart table and the audit trail."""
    with db.reading() as orm:
        return {model.__tablename__: orm.scalar(select(func.count()).select_from(model)) or 0
                for model in (*CHART_TABLES, AuditEvent)}


def audit_events(db: Database, action: str) -> list[AuditEvent]:
    with db.reading() as orm:
        return list(orm.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                .order_by(AuditEvent.id)))
