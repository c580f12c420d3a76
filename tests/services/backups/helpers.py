"""Shared by the backup and restore tests: a clinic with data, an owner and a front-desk person."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services import therapists as therapist_service
from tests.people import TEST_OWNER, as_therapist


def person(role: Role = Role.OWNER) -> SignedInPerson:
    return SignedInPerson(uuid.uuid4(), role.value, f"Test {role.label}", role, None,
                          AuthMethod.SYSTEM, dt.datetime.now(dt.UTC))


def add_patients(db: Database, names: list[str], sessions_each: int = 1) -> None:
    """Patients with `sessions_each` sessions, charted by a new therapist (as an owner)."""
    owner = db if db.signed_in else db.signed_in_as(TEST_OWNER)
    therapist, _ = therapist_service.create_therapist(owner, "Tess Therapist", "RMT", "L-1")
    treating = as_therapist(owner, therapist.uid)
    for name in names:
        patient, _ = patient_service.create_patient(
            owner, PatientInput(name, "Backup", "1980-05-17"))
        for _ in range(sessions_each):
            session_service.start_session(treating, patient.uid)


def patient_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT given_name FROM patient ORDER BY given_name").fetchall()
    connection.close()
    return [row[0] for row in rows]
