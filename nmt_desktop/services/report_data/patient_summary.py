"""Build the patient's take-home sheet for one session from the chart."""

from __future__ import annotations

import uuid
from dataclasses import replace

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import HomeCarePrescription
from nmt_desktop.domain.access import Permission
from nmt_desktop.reports.data import PatientSummaryData
from nmt_desktop.reports.plain_language import treatment_phrase
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.report_data import clinical
from nmt_desktop.services.report_data.history import (
    LATEST,
    ReportSubject,
    charted,
    patient_sessions,
    pick_session,
)
from nmt_desktop.services.report_data.marks import (
    findings,
    map_marks,
    reported_pain,
    technique_label,
    techniques_used,
)
from nmt_desktop.services.report_data.people import (
    letterhead,
    patient_info,
    session_therapist_info,
)
from nmt_desktop.services.screening import session_outcome


def build_patient_summary(
    db: Database, patient_ref: uuid.UUID | str, session_ref: uuid.UUID | str = LATEST
) -> PatientSummaryData:
    """Everything the take-home sheet prints for one session (by default the latest).

    A patient without sessions gets a sheet that says so.

    Raises:
        NotFoundError: Unknown patient, or a session that is not this patient's.
    """
    authorize(db, Permission.REPORTS)
    return patient_summary_for(db, patient_ref, session_ref)[0]


# Spec §4.1: items whose bruising is a warning sign rather than expected soreness.
BRUISING_RISK_IDS = frozenset({"anticoagulant_antiplatelet", "bleeding_disorder_thrombocytopenia"})


def patient_summary_for(
    db: Database, patient_ref: uuid.UUID | str, session_ref: uuid.UUID | str = LATEST
) -> tuple[PatientSummaryData, ReportSubject]:
    """The take-home sheet's data and the patient and session it is about."""
    authorize(db, Permission.REPORTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        rows = patient_sessions(orm, patient)
        row = pick_session(rows, session_ref)
        therapist = session_therapist_info(row)
        base = PatientSummaryData(
            letterhead=letterhead(orm, therapist),
            patient=patient_info(patient),
            therapist=therapist,
            session_date=None,
        )
        if row is None:
            return base, ReportSubject(patient.uid)
        (visit,) = charted(orm, [row])
        chart = visit.chart
        note = clinical.notes(orm, [row.id]).get(row.id)
        # The programme in force is the one of this visit, or of the last visit before it.
        up_to = [r.id for r in rows[: rows.index(row) + 1]]
        prescriptions = clinical.by_session(orm, HomeCarePrescription, up_to,
                                            HomeCarePrescription.position)
        noted = note.techniques if note is not None else ()
        data = replace(
            base,
            session_date=visit.day,
            marks=map_marks(chart),
            findings=findings(chart),
            treatments=tuple(dict.fromkeys(
                treatment_phrase(t, technique_label(t)) for t in techniques_used(chart, noted)
            )),
            nrs_before=note.nrs_now if note is not None and note.nrs_now is not None
            else reported_pain(chart),
            nrs_after=note.nrs_after if note is not None else None,
            home_care=clinical.latest_programme(prescriptions, up_to),
            next_appointment=note.next_visit if note is not None else None,
            therapist_note=note.aftercare_advice.strip() if note is not None else "",
            bruising_risk=bool(BRUISING_RISK_IDS & session_outcome(orm, row).present_ids),
        )
        return data, ReportSubject(patient.uid, row.uid)
