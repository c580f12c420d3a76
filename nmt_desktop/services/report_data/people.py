"""Who a report is from, about and to: clinic letterhead, patient, therapist, physician."""

from __future__ import annotations

from sqlalchemy.orm import Session

from nmt_desktop.db.models import Patient, Therapist, TreatmentSession
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.reports.data import Letterhead, PatientInfo, PhysicianInfo, TherapistInfo
from nmt_desktop.services.report_data.clinical import clinic_settings


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


def session_therapist_info(row: TreatmentSession | None) -> TherapistInfo:
    """Who gave a session: for a signed one, the signer exactly as frozen at signing."""
    if row is None:
        return therapist_info(None)
    if row.status is SessionStatus.SIGNED and row.signer_name is not None:
        return TherapistInfo(name=row.signer_name, credentials=row.signer_credentials or "",
                             licence_number=row.signer_licence_number or "")
    return therapist_info(row.therapist)


def physician_info(patient: Patient) -> PhysicianInfo | None:
    name = patient.referring_physician.strip()
    return PhysicianInfo(name=name) if name else None


def letterhead(orm: Session, therapist: TherapistInfo) -> Letterhead:
    """The clinic as set in the clinic settings.

    Until a clinic has entered its name, the therapist's own name heads the page, so a report
    never goes out under an empty or made-up clinic name.
    """
    clinic = clinic_settings(orm)
    if clinic is not None and clinic.name.strip():
        return Letterhead(
            name=clinic.name.strip(),
            address_lines=tuple(line.strip() for line in clinic.address.splitlines()
                                if line.strip()),
            phone=clinic.phone.strip(),
            email=clinic.email.strip(),
            logo_png=clinic.logo_png or None,
        )
    if therapist.name:
        signature = ", ".join(p for p in (therapist.name, therapist.credentials) if p)
        return Letterhead(name=signature)
    return Letterhead(name="Neuromuscular therapy")
