"""Typed ORM models of the chart, one module per part of the record.

`core` holds the chart itself (therapist, patient, treatment session, the marks on the body map,
the audit trail); `clinical` holds the clinical record around it (schema revision 0002);
`accounts` who uses the app (revision 0006). Importing this package puts every table on
`Base.metadata`, which migrations and schema checks rely on.
"""

from nmt_desktop.db.models.accounts import Account, ChartShare
from nmt_desktop.db.models.clinical import (
    Amendment,
    ClinicSettings,
    Goal,
    GoalProgress,
    HomeCarePrescription,
    Intake,
    MedicalClearance,
    MissedVisit,
    OutcomeScoreRow,
    PostureObservation,
    Referral,
    RomMeasure,
    ScreeningAnswerRow,
    SessionNote,
    TodayCheck,
)
from nmt_desktop.db.models.core import (
    AuditEvent,
    PainZone,
    Patient,
    TensionRating,
    Therapist,
    TreatmentSession,
    TriggerPoint,
)

__all__ = [
    "Account",
    "Amendment",
    "AuditEvent",
    "ChartShare",
    "ClinicSettings",
    "Goal",
    "GoalProgress",
    "HomeCarePrescription",
    "Intake",
    "MedicalClearance",
    "MissedVisit",
    "OutcomeScoreRow",
    "PainZone",
    "Patient",
    "PostureObservation",
    "Referral",
    "RomMeasure",
    "ScreeningAnswerRow",
    "SessionNote",
    "TensionRating",
    "Therapist",
    "TodayCheck",
    "TreatmentSession",
    "TriggerPoint",
]
