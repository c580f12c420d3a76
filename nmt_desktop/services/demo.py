"""A small, realistic demo clinic, loaded through the same use cases a therapist uses.

Idempotent: records have fixed uids and chart numbers, so running it twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Patient, Therapist
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services import therapists as therapist_service

DEMO_NAMESPACE = uuid.UUID("6f1d7c2e-5a43-4c1b-9a57-0f3c2d1b8e90")
DEMO_ACTOR = "demo data"


@dataclass(frozen=True)
class DemoPatient:
    key: str
    details: PatientInput
    session_count: int
    first_session_days_ago: int


DEMO_PATIENTS = (
    DemoPatient(
        "maria",
        PatientInput("María", "Fernández-López", "1981-04-12", "D1001", "555-0141",
                     "maria.fl@example.org", "12 Harbour Road", "Dr. Helen Okafor",
                     "Tension-type headache, neck pain after desk work"),
        6, 42),
    DemoPatient(
        "james",
        PatientInput("James", "O'Brien", "1967-09-30", "D1002", "555-0178", "", "",
                     "Dr. Samuel Lindqvist", "Chronic low back pain, worse standing"),
        5, 35),
    DemoPatient(
        "zoe",
        PatientInput("Zoë", "Łukasiewicz", "1990-01-22", "D1003", "555-0112",
                     "zoe.l@example.org", "", "Dr. Helen Okafor",
                     "Lateral elbow pain, right; mouse work"),
        4, 28),
    DemoPatient(
        "taro",
        PatientInput("太郎", "山田", "1975-06-05", "D1004", "555-0190", "", "",
                     "Dr. Samuel Lindqvist", "Buttock and back-of-thigh pain, left"),
        4, 21),
    DemoPatient(
        "dimitris",
        PatientInput("Δημήτρης", "Παπαδόπουλος", "1958-11-17", "D1005", "555-0133", "", "",
                     "", "Calf and heel pain in a recreational runner"),
        3, 14),
)


def demo_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


def _demo_therapist(db: Database) -> uuid.UUID:
    with db.reading() as session:
        existing = session.scalar(select(Therapist).where(Therapist.uid == demo_uid("therapist")))
        if existing is not None:
            return existing.uid
    record, _ = therapist_service.create_therapist(
        db, "Alex Morgan", "LMT, CNMT", "MA-104233", DEMO_ACTOR, uid=demo_uid("therapist")
    )
    return record.uid


def load_demo_clinic(db: Database, today: dt.date | None = None) -> str:
    """Add the demo therapist, patients and weekly sessions that are not there yet."""
    today = today or dt.date.today()
    therapist_uid = _demo_therapist(db)
    added_patients = added_sessions = 0
    for demo in DEMO_PATIENTS:
        uid = demo_uid(demo.key)
        with db.reading() as session:
            exists = session.scalar(select(Patient.id).where(Patient.uid == uid)) is not None
        if exists:
            continue
        patient_service.create_patient(db, demo.details, DEMO_ACTOR, uid=uid)
        added_patients += 1
        for index in range(demo.session_count):
            day = today - dt.timedelta(days=demo.first_session_days_ago - 7 * index)
            started = dt.datetime.combine(day, dt.time(9 + index % 6, 0), dt.UTC)
            session_service.start_session(db, uid, therapist_uid, DEMO_ACTOR, started, 60)
            added_sessions += 1
    if not added_patients:
        return "already loaded, nothing added"
    return f"added {added_patients} patients and {added_sessions} sessions"
