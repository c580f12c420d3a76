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

ACTOR = "test owner"


def person(role: Role = Role.OWNER) -> SignedInPerson:
    return SignedInPerson(uuid.uuid4(), role.value, f"Test {role.label}", role, None,
                          AuthMethod.SYSTEM, dt.datetime.now(dt.UTC))


def add_patients(db: Database, names: list[str], sessions_each: int = 1) -> None:
    therapist, _ = therapist_service.create_therapist(db, "Tess Therapist", "RMT", "L-1", ACTOR)
    for name in names:
        patient, _ = patient_service.create_patient(
            db, PatientInput(name, "Backup", "1980-05-17"), ACTOR)
        for _ in range(sessions_each):
            session_service.start_session(db, patient.uid, therapist.uid, ACTOR)


def patient_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT given_name FROM patient ORDER BY given_name").fetchall()
    connection.close()
    return [row[0] for row in rows]
