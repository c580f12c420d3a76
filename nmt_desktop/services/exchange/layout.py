"""The shape of a chart file: which tables it holds, which columns, and how they nest.

One description drives export, import and the format document (docs/export-format.md), so
the three cannot drift apart. Records are identified by their `uid` only; integer keys never
leave the database, and a reference to another record is written as that record's uid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nmt_desktop.db.models import (
    Amendment,
    Goal,
    GoalProgress,
    HomeCarePrescription,
    Intake,
    MedicalClearance,
    MissedVisit,
    OutcomeScoreRow,
    PainZone,
    Patient,
    PostureObservation,
    Referral,
    RomMeasure,
    ScreeningAnswerRow,
    SessionNote,
    TensionRating,
    Therapist,
    TodayCheck,
    TreatmentSession,
    TriggerPoint,
)

FORMAT_NAME = "nmt-desktop-chart"
#: Raised only when a reader of an older version would misread a file (a new field that
#: changes meaning, a removed field); adding optional data keeps the version.
FORMAT_VERSION = 3

_STAMPS = ("created_at", "updated_at")
#: Columns that belong to one database and are never written to a file: the change counter of
#: a record edited in place (revision 0007), and a session's mark count (revision 0008). The
#: receiving database counts its own changes, and its triggers count the marks it receives.
LOCAL_COLUMNS = ("row_version", "mark_count")


@dataclass(frozen=True)
class Link:
    """A reference to another record, stored as a foreign key and written as its uid.

    Attributes:
        column: The foreign-key column of the model (``therapist_id``).
        key: The name in the file (``therapist_uid``).
        model: The model referred to.
    """

    column: str
    key: str
    model: type[Any]


@dataclass(frozen=True)
class Table:
    """One kind of record in the file.

    Attributes:
        key: Name of the list (or object) in the file.
        entity: Entity name in the audit trail.
        model: The ORM model.
        fields: Columns written as they are (besides ``uid``).
        links: References to other records, by uid.
        parent_column: Foreign key to the record this one is nested in.
        derived: Columns recomputed on import (search keys), never written.
        children: Tables nested inside each record.
        unique: Columns that, with the parent, are unique in the database: () for one record
            per parent, None when records are only unique by uid.
        added_later: Fields and child lists added after format 1 (version 2: the today check
            and clearance end dates); a file of an older version may lack them, and then
            reads as null or an empty list.
    """

    key: str
    entity: str
    model: type[Any]
    fields: tuple[str, ...]
    links: tuple[Link, ...] = ()
    parent_column: str | None = None
    derived: tuple[str, ...] = ()
    children: tuple[Table, ...] = field(default=())
    unique: tuple[str, ...] | None = None
    added_later: tuple[str, ...] = ()


THERAPISTS = Table(
    key="therapists", entity="therapist", model=Therapist,
    fields=("full_name", "credentials", "licence_number", "active", *_STAMPS),
)

PATIENT = Table(
    key="patient", entity="patient", model=Patient,
    fields=("chart_number", "given_name", "family_name", "date_of_birth", "phone", "email",
            "address", "referring_physician", "referral_reason", "archived", *_STAMPS),
    derived=("given_key", "family_key"),
)

TRIGGER_POINTS = Table(
    key="trigger_points", entity="trigger_point", model=TriggerPoint, parent_column="session_id",
    fields=("view", "x", "y", "region_id", "muscle_id", "side", "status", "taut_band",
            "hypersensitive_spot", "nodule", "referred_pain", "referral_regions",
            "pain_recognition", "local_twitch", "jump_sign", "tenderness_grade", "ppt_value",
            "ppt_unit", "rom_restriction", "weakness", "key_or_satellite", "techniques",
            "post_treatment_grade", "note", *_STAMPS),
)

PAIN_ZONES = Table(
    key="pain_zones", entity="pain_zone", model=PainZone, parent_column="session_id",
    fields=("region_id", "nrs", "qualities", "source", *_STAMPS),
    unique=("region_id",),
)

TENSION_RATINGS = Table(
    key="tension_ratings", entity="tension_rating", model=TensionRating,
    parent_column="session_id",
    fields=("region_id", "muscle_id", "side", "grade", "texture_tags", *_STAMPS),
)

SCREENING_ANSWERS = Table(
    key="screening_answers", entity="screening_answer", model=ScreeningAnswerRow,
    parent_column="intake_id", fields=("item_id", "present", "region_ids", "note", *_STAMPS),
    unique=("item_id",),
)

CLEARANCES = Table(
    key="clearances", entity="clearance", model=MedicalClearance, parent_column="intake_id",
    fields=("item_id", "cleared_by", "cleared_on", "note", "valid_until", *_STAMPS),
    added_later=("valid_until",),
)

REFERRALS = Table(
    key="referrals", entity="referral", model=Referral, parent_column="intake_id",
    fields=("red_flag_ids", "contacted", "contacted_at", "said", *_STAMPS),
    links=(Link("session_id", "session_uid", TreatmentSession),),
)

INTAKES = Table(
    key="intakes", entity="intake", model=Intake, parent_column="patient_id",
    fields=("version", "recorded_on", "presenting_complaint", "history", "medications",
            "consent_date", "consent_scope", *_STAMPS),
    children=(SCREENING_ANSWERS, CLEARANCES, REFERRALS),
    unique=("version",),
)

GOALS = Table(
    key="goals", entity="goal", model=Goal, parent_column="patient_id",
    fields=("position", "text", "target_date", "retired_on", *_STAMPS),
    links=(Link("intake_id", "intake_uid", Intake),),
)

SESSION_NOTES = Table(
    key="notes", entity="session_notes", model=SessionNote, parent_column="session_id",
    fields=("chief_complaint", "nrs_now", "nrs_best", "nrs_worst", "aggravating_factors",
            "easing_factors", "sleep", "psfs_activities", "observations", "assessment",
            "response_to_treatment", "techniques", "plan", "frequency", "next_visit",
            "reassessment_date", "recommendation", "questions_for_physician", "nrs_after",
            "aftercare_advice", "copied_fields", "copied_mark_uids", *_STAMPS),
    unique=(),
)

POSTURE_FINDINGS = Table(
    key="posture_findings", entity="posture_finding", model=PostureObservation,
    parent_column="session_id",
    fields=("finding_id", "side", "severity", "note", "copied", *_STAMPS),
)

ROM_MEASURES = Table(
    key="rom_measures", entity="rom_measure", model=RomMeasure, parent_column="session_id",
    fields=("joint", "movement", "side", "degrees", "active", "method", "note", *_STAMPS),
)

GOAL_PROGRESS = Table(
    key="goal_progress", entity="goal_progress", model=GoalProgress, parent_column="session_id",
    fields=("status", "note", *_STAMPS),
    links=(Link("goal_id", "goal_uid", Goal),),
    derived=("goal_text",),
    unique=("goal_id",),
)

HOME_CARE = Table(
    key="home_care", entity="home_care", model=HomeCarePrescription, parent_column="session_id",
    fields=("exercise_id", "position", "dose", "frequency", "progression", "note", "copied",
            *_STAMPS),
)

AMENDMENTS = Table(
    key="amendments", entity="amendment", model=Amendment, parent_column="session_id",
    fields=("reason", "text", "written_at", *_STAMPS),
    links=(Link("therapist_id", "author_uid", Therapist),),
    derived=("author_name", "author_credentials"),
)

TODAY_CHECKS = Table(
    key="today_check", entity="today_check", model=TodayCheck, parent_column="session_id",
    fields=("asked_at", "asked_item_ids", "present_item_ids", "new_health", "not_done_reason",
            *_STAMPS),
    unique=(),
)

SESSIONS = Table(
    key="sessions", entity="session", model=TreatmentSession, parent_column="patient_id",
    fields=("started_at", "duration_minutes", "status", "signed_at", "atlas_version", *_STAMPS),
    links=(Link("therapist_id", "therapist_uid", Therapist),
           Link("signed_by_id", "signed_by_uid", Therapist),
           Link("copied_from_id", "copied_from_uid", TreatmentSession)),
    # Frozen at signing from the signer's record (on import: the signer the file names). A
    # re-authentication is the signing laptop's own fact: an imported session records none.
    derived=("signer_name", "signer_credentials", "signer_licence_number",
             "signer_reauthenticated_at"),
    children=(TRIGGER_POINTS, PAIN_ZONES, TENSION_RATINGS, SESSION_NOTES, POSTURE_FINDINGS,
              ROM_MEASURES, GOAL_PROGRESS, HOME_CARE, AMENDMENTS, TODAY_CHECKS),
    added_later=("today_check",),
)

OUTCOME_SCORES = Table(
    key="outcome_scores", entity="outcome", model=OutcomeScoreRow, parent_column="patient_id",
    fields=("measure", "taken_on", "items", "score", "answered", "valid", *_STAMPS),
    links=(Link("session_id", "session_uid", TreatmentSession),),
)

MISSED_VISITS = Table(
    key="missed_visits", entity="missed_visit", model=MissedVisit, parent_column="patient_id",
    fields=("on_date", "kind", "reason", *_STAMPS),
)

#: Tables nested directly in the patient, in file order (and the order they are merged in:
#: goals refer to intakes, sessions' goal progress to goals, outcome scores to sessions).
PATIENT_TABLES: tuple[Table, ...] = (INTAKES, GOALS, SESSIONS, OUTCOME_SCORES, MISSED_VISITS)

#: Patient-level lists and the format version that added them (3: missed visits, schema
#: 0005); a file of an older version has none, and reads as an empty list.
ADDED_LATER_PATIENT_TABLES: dict[str, int] = {MISSED_VISITS.key: 3}


def all_tables() -> tuple[Table, ...]:
    """Every table of the format, parents before their children."""
    found: list[Table] = [THERAPISTS, PATIENT]

    def walk(tables: tuple[Table, ...]) -> None:
        for table in tables:
            found.append(table)
            walk(table.children)

    walk(PATIENT_TABLES)
    return tuple(found)
