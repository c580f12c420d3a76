"""Who a report is from, about and to: clinic letterhead, patient, therapist, physician."""

from __future__ import annotations

from sqlalchemy.orm import Session

from nmt_desktop.db.models import Patient, Therapist
from nmt_desktop.reports.data import Letterhead, PatientInfo, PhysicianInfo, TherapistInfo


def patient_info(patient: Patient) -> PatientInfo:
    return PatientInfo(
        display_name=f"{patient.given_name} {patient.family_name}",
        chart_number=patient.chart_number,
        date_of_birth=patient.date_of_birth,
    )


def therapist_info(therapist: Therapist | None) -> TherapistInfo:
    if therapist is None:
        return TherapistInfo(name="")
    return TherapistInfo(
        name=therapist.full_name,
        credentials=therapist.credentials,
        licence_number=therapist.licence_number,
    )


def physician_info(patient: Patient) -> PhysicianInfo | None:
    name = patient.referring_physician.strip()
    return PhysicianInfo(name=name) if name else None


def letterhead(session: Session, therapist: Therapist | None) -> Letterhead:
    """The clinic as set in the clinic settings.

    Until a clinic has entered its details, the therapist's own name heads the page, so a
    report never goes out under an empty or made-up clinic name.
    """
    del session  # clinic settings are read here once they are stored
    if therapist is not None:
        signature = ", ".join(p for p in (therapist.full_name, therapist.credentials) if p)
        return Letterhead(name=signature)
    return Letterhead(name="Neuromuscular therapy")
