"""A patient with a therapist and a draft session, and a way to read the audit trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients, sessions, therapists
from tests.people import as_therapist


@dataclass(frozen=True)
class Chart:
    db: Database
    patient_uid: uuid.UUID
    therapist_uid: uuid.UUID
    session_uid: uuid.UUID


def make_chart(db: Database) -> Chart:
    therapist, _ = therapists.create_therapist(db, "Alex Morgan", "LMT", "MA-1")
    patient, _ = patients.create_patient(db, PatientInput("Zoë", "山田", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
    return Chart(db, patient.uid, therapist.uid, session.uid)


@pytest.fixture
def chart(db: Database) -> Chart:
    return make_chart(db)


def events(db: Database) -> list[tuple[str, str]]:
    """(action, entity) of every audit event, in order."""
    with db.reading() as orm:
        return [(e.action, e.entity_type) for e in orm.scalars(
            select(AuditEvent).order_by(AuditEvent.id))]


def event_count(db: Database) -> int:
    return len(events(db))
