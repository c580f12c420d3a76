"""Charts made through the real services for the report-data tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.domain.vocab import PainQuality, PainSource, TriggerPointStatus
from nmt_desktop.services import charting, patients, sessions, therapists
from tests.people import as_therapist

ACTIVE, LATENT = TriggerPointStatus.ACTIVE, TriggerPointStatus.LATENT


@dataclass(frozen=True)
class Clinic:
    db: Database
    therapist_uid: uuid.UUID


def new_clinic(db: Database, name: str = "Mara Okafor") -> Clinic:
    therapist, _ = therapists.create_therapist(db, name, "RMT", "MT-3381")
    return Clinic(db, therapist.uid)


def add_patient(clinic: Clinic, given: str = "Ann", family: str = "Smith", chart: str = "",
                **extra: str) -> uuid.UUID:
    record, _ = patients.create_patient(
        clinic.db, PatientInput(given, family, "1980-01-01", chart, **extra))
    return record.uid


def visit(clinic: Clinic, patient_uid: uuid.UUID, day: dt.date,
          points: tuple[tuple[str, str | None, TriggerPointStatus, int | None], ...] = (),
          pain: tuple[tuple[str, int], ...] = (),
          palpated: tuple[tuple[str, int], ...] = (),
          techniques: tuple[str, ...] = ("ischemic_compression",)) -> uuid.UUID:
    """One session on `day` at 10:00 UTC: points (region, muscle, status, tenderness), zones."""
    started = dt.datetime.combine(day, dt.time(10, 0), dt.UTC)
    record, _ = sessions.start_session(as_therapist(clinic.db, clinic.therapist_uid), patient_uid,
                                       started)
    atlas = load_atlas()
    for region_id, muscle_id, status, grade in points:
        charting.place_trigger_point(clinic.db, record.uid, *atlas.label_point(region_id),
                                     muscle_id=muscle_id, status=status, tenderness_grade=grade,
                                     techniques=techniques)
    for region_id, nrs in pain:
        charting.paint_pain_zones(clinic.db, record.uid, [region_id], nrs,
                                  [PainQuality.ACHING])
    for region_id, nrs in palpated:
        charting.paint_pain_zones(clinic.db, record.uid, [region_id], nrs, [],
                                  source=PainSource.THERAPIST_PALPATION)
    return record.uid
