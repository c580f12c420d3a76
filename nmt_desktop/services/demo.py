"""A small, realistic demo clinic, loaded through the same use cases a therapist uses.

All or nothing: the whole clinic is loaded in one transaction (`Database.one_transaction`),
so a demo killed part-way leaves nothing half-made and running it again loads all of it.
Idempotent: records have fixed uids and chart numbers, so running it twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Patient, Therapist
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import PainQuality, TextureTag, TriggerPointStatus
from nmt_desktop.services import charting, demo_clinical
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.services.program_person import program_person

DEMO_NAMESPACE = uuid.UUID("6f1d7c2e-5a43-4c1b-9a57-0f3c2d1b8e90")
DEMO_ACTOR = "demo data"
ACTIVE, LATENT = TriggerPointStatus.ACTIVE, TriggerPointStatus.LATENT


@dataclass(frozen=True)
class DemoFindings:
    """What the therapist keeps finding in one demo patient, session after session."""

    trigger_points: tuple[tuple[str, str, TriggerPointStatus], ...]  # region, muscle, status
    pain_regions: tuple[str, ...]
    first_nrs: int
    qualities: tuple[PainQuality, ...]
    tension: tuple[tuple[str, int], ...]  # region, first grade


@dataclass(frozen=True)
class DemoPatient:
    key: str
    details: PatientInput
    session_count: int
    first_session_days_ago: int
    findings: DemoFindings


DEMO_PATIENTS = (
    DemoPatient(
        "maria",
        PatientInput("María", "Fernández-López", "1981-04-12", "D1001", "555-0141",
                     "maria.fl@example.org", "12 Harbour Road", "Dr. Helen Okafor",
                     "Tension-type headache, neck pain after desk work"),
        6, 42,
        DemoFindings(
            (("shoulder_top_left", "upper_trapezius", ACTIVE),
             ("shoulder_top_right", "upper_trapezius", LATENT),
             ("neck_posterior_left", "levator_scapulae", ACTIVE),
             ("occiput_left", "suboccipitals", ACTIVE)),
            ("temple_left", "occiput_left", "neck_posterior_left"), 7,
            (PainQuality.ACHING, PainQuality.THROBBING),
            (("shoulder_top_left", 3), ("shoulder_top_right", 2), ("neck_posterior_left", 2)))),
    DemoPatient(
        "james",
        PatientInput("James", "O'Brien", "1967-09-30", "D1002", "555-0178", "", "",
                     "Dr. Samuel Lindqvist", "Chronic low back pain, worse standing"),
        5, 35,
        DemoFindings(
            (("low_back_right", "quadratus_lumborum", ACTIVE),
             ("buttock_right", "gluteus_medius", ACTIVE),
             ("low_back_left", "quadratus_lumborum", LATENT)),
            ("low_back_right", "sacroiliac_right", "buttock_right"), 6,
            (PainQuality.ACHING, PainQuality.DEEP_PRESSURE),
            (("low_back_right", 3), ("low_back_left", 1)))),
    DemoPatient(
        "zoe",
        PatientInput("Zoë", "Łukasiewicz", "1990-01-22", "D1003", "555-0112",
                     "zoe.l@example.org", "", "Dr. Helen Okafor",
                     "Lateral elbow pain, right; mouse work"),
        4, 28,
        DemoFindings(
            (("forearm_posterior_right", "wrist_extensors", ACTIVE),
             ("forearm_posterior_right", "supinator", LATENT),
             ("scapula_right", "infraspinatus", LATENT)),
            ("elbow_posterior_right", "forearm_posterior_right"), 5,
            (PainQuality.ACHING, PainQuality.BURNING),
            (("forearm_posterior_right", 2),))),
    DemoPatient(
        "taro",
        PatientInput("太郎", "山田", "1975-06-05", "D1004", "555-0190", "", "",
                     "Dr. Samuel Lindqvist", "Buttock and back-of-thigh pain, left"),
        4, 21,
        DemoFindings(
            (("buttock_left", "piriformis", ACTIVE),
             ("hip_lateral_left", "gluteus_minimus", ACTIVE)),
            ("buttock_left", "thigh_posterior_left", "calf_left"), 6,
            (PainQuality.SHOOTING, PainQuality.PINS_NEEDLES),
            (("buttock_left", 2),))),
    DemoPatient(
        "dimitris",
        PatientInput("Δημήτρης", "Παπαδόπουλος", "1958-11-17", "D1005", "555-0133", "", "",
                     "", "Calf and heel pain in a recreational runner"),
        3, 14,
        DemoFindings(
            (("calf_right", "soleus", ACTIVE), ("calf_right", "gastrocnemius", LATENT)),
            ("calf_right", "heel_achilles_right", "foot_plantar_right"), 5,
            (PainQuality.CRAMPING, PainQuality.STABBING),
            (("calf_right", 3), ("calf_left", 1)))),
)


def demo_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


def _demo_therapist(db: Database) -> uuid.UUID:
    with db.reading() as orm:
        existing = orm.scalar(select(Therapist).where(Therapist.uid == demo_uid("therapist")))
        if existing is not None:
            return existing.uid
    record, _ = therapist_service.create_therapist(
        db, "Alex Morgan", "LMT, CNMT", "MA-104233", uid=demo_uid("therapist")
    )
    return record.uid


def _spot(region_id: str, index: int) -> tuple[float, float]:
    """A point inside the region, a little different for each mark so markers do not stack."""
    atlas = load_atlas()
    x, y = atlas.label_point(region_id)
    for dx, dy in ((4.0 * ((index % 3) - 1), 3.0 * ((index // 3) % 3 - 1)), (0.0, 0.0)):
        region = atlas.region_at(x + dx, y + dy)
        if region is not None and region.id == region_id:
            return x + dx, y + dy
    return x, y


def _chart_demo_session(db: Database, session_uid: uuid.UUID, findings: DemoFindings,
                        index: int, techniques: tuple[str, ...]) -> None:
    """Findings ease week by week, as a responding patient's do."""
    for number, (region_id, muscle_id, status) in enumerate(findings.trigger_points):
        # Later sessions: the weakest active points have turned latent, and fewer are found.
        if index >= 2 and number == len(findings.trigger_points) - 1:
            continue
        eased = status is ACTIVE and index >= 3 and number > 0
        grade = max(1, 3 - index // 2)
        charting.place_trigger_point(
            db, session_uid, *_spot(region_id, number + index), muscle_id=muscle_id,
            status=LATENT if eased else status, taut_band=True, hypersensitive_spot=True,
            referred_pain=status is ACTIVE, pain_recognition=status is ACTIVE and not eased,
            tenderness_grade=grade, techniques=techniques,
            post_treatment_grade=max(0, grade - 1))
    nrs = max(1, findings.first_nrs - index)
    regions = findings.pain_regions if index < 3 else findings.pain_regions[:2]
    charting.paint_pain_zones(db, session_uid, regions, nrs, findings.qualities)
    for region_id, grade in findings.tension:
        charting.rate_tension(db, session_uid, region_id, max(0, grade - index // 2),
                              (TextureTag.ROPY,) if grade >= 2 else ())


def load_demo_clinic(db: Database, today: dt.date | None = None) -> str:
    """Add the demo therapist, patients and weekly sessions that are not there yet, all at once."""
    with db.one_transaction() as whole:
        # The program builds the demo: first as the clinic's owner (to add the therapist), then
        # as that therapist, who starts, charts and signs every demo session.
        builder = whole.signed_in_as(program_person(DEMO_ACTOR))
        therapist_uid = _demo_therapist(builder)
        return _load_demo_clinic(builder.signed_in_as(program_person(DEMO_ACTOR, therapist_uid)),
                                 today or dt.date.today())


def _load_demo_clinic(db: Database, today: dt.date) -> str:
    demo_clinical.load_clinic_settings(db)
    added_patients = added_sessions = 0
    for demo in DEMO_PATIENTS:
        uid = demo_uid(demo.key)
        with db.reading() as orm:
            exists = orm.scalar(select(Patient.id).where(Patient.uid == uid)) is not None
        if exists:
            continue
        patient_service.create_patient(db, demo.details, uid=uid)
        added_patients += 1
        first_day = today - dt.timedelta(days=demo.first_session_days_ago)
        goals = demo_clinical.add_intake(db, demo.key, uid, first_day,
                                         demo.details.referral_reason)
        for index in range(demo.session_count):
            day = first_day + dt.timedelta(days=7 * index)
            started = dt.datetime.combine(day, dt.time(9 + index % 6, 0), dt.UTC)
            record, _ = session_service.start_session(
                db, uid, started, 60,
                today_check=demo_clinical.today_check(demo.key, index))
            _chart_demo_session(db, record.uid, demo.findings, index,
                                demo_clinical.point_techniques(demo.key))
            demo_clinical.add_session_record(
                db, demo.key, uid, record.uid, goals, index, demo.session_count,
                max(1, demo.findings.first_nrs - index), day)
            # Every past visit is signed; the latest stays a draft to carry on charting.
            if index < demo.session_count - 1:
                demo_clinical.sign_and_amend(db, demo.key, record.uid, index, day)
            added_sessions += 1
        demo_clinical.add_missed_visits(db, demo.key, uid, first_day, today)
        demo_clinical.revise_after_visits(db, demo.key, uid, today)
    if not added_patients:
        return "already loaded, nothing added"
    return f"added {added_patients} patients and {added_sessions} sessions"
