"""ORM models of the clinical record around the body map (schema revision 0002).

Intake and screening, SOAP notes, posture, range of motion, goals, home care, outcome
questionnaires, amendments and the clinic's settings. Catalog ids (screening items, exercises,
postural findings, techniques) are stored as their stable strings; the catalogs live in
`domain/`, so a reworded label never changes an old chart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from nmt_desktop.db.base import Base, Record, Timestamped, Versioned, enum_type
from nmt_desktop.domain.outcomes import GoalProgressStatus, OutcomeMeasure
from nmt_desktop.domain.posture import PostureSeverity, PostureSide
from nmt_desktop.domain.vocab import MissedVisitKind, Side

ITEM_ID = String(60)
PERSON = String(200)


def _session_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("treatment_session.id", ondelete="CASCADE"), index=True)


class ClinicSettings(Versioned, Timestamped, Base):
    """The single settings row (id 1): letterhead and scope of practice."""

    __tablename__ = "clinic_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    disabled_techniques: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Minutes without input before the window locks (1-30).
    lock_after_minutes: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    #: Where automatic backups go; empty: a `backups` folder beside the database file.
    backup_folder: Mapped[str] = mapped_column(Text, default="", server_default="")
    backup_keep_daily: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    backup_keep_weekly: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    backup_keep_monthly: Mapped[int] = mapped_column(Integer, default=9, server_default="9")
    #: "all": every therapist sees every chart; "own": own charts plus those shared with them.
    chart_visibility: Mapped[str] = mapped_column(String(8), default="all", server_default="all")
    #: The clinic's age identity (secret) and its public recipient, for chart files sent to it.
    #: Deferred: loading the settings never reads the secret, which on a clinic server only
    #: owners may read (db/server_security.py); it is loaded when a use case asks for it.
    exchange_identity: Mapped[str | None] = mapped_column(Text, deferred=True)
    exchange_recipient: Mapped[str | None] = mapped_column(String(100))


class Intake(Versioned, Record, Base):
    """One dated version of a patient's intake; a new version leaves the older ones as they were."""

    __tablename__ = "intake"
    __table_args__ = (UniqueConstraint("patient_id", "version", name="patient_version"),)

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    presenting_complaint: Mapped[str] = mapped_column(Text, default="")
    history: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    consent_scope: Mapped[str] = mapped_column(Text, default="")


class ScreeningAnswerRow(Record, Base):
    """A checklist answer; no row means the item was not asked or not answered."""

    __tablename__ = "screening_answer"
    __table_args__ = (UniqueConstraint("intake_id", "item_id", name="intake_item"),)

    intake_id: Mapped[int] = mapped_column(ForeignKey("intake.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ITEM_ID)
    present: Mapped[bool] = mapped_column(Boolean)
    region_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")


class MedicalClearance(Record, Base):
    __tablename__ = "medical_clearance"

    intake_id: Mapped[int] = mapped_column(ForeignKey("intake.id", ondelete="CASCADE"),
                                           index=True)
    item_id: Mapped[str] = mapped_column(ITEM_ID)
    cleared_by: Mapped[str] = mapped_column(PERSON)
    cleared_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # Revision 0004: the clearance's own end date (inclusive); None = until the intake changes.
    valid_until: Mapped[dt.date | None] = mapped_column(Date)


class Referral(Record, Base):
    """The record a red flag requires: who was contacted, when, and what was said."""

    __tablename__ = "referral"

    intake_id: Mapped[int] = mapped_column(ForeignKey("intake.id", ondelete="CASCADE"),
                                           index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="SET NULL"))
    red_flag_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    contacted: Mapped[str] = mapped_column(PERSON)
    contacted_at: Mapped[dt.datetime]
    said: Mapped[str] = mapped_column(Text)


class Goal(Versioned, Record, Base):
    """A treatment goal of the patient; its uid stays while sessions record progress on it."""

    __tablename__ = "goal"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"),
                                            index=True)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intake.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    retired_on: Mapped[dt.date | None] = mapped_column(Date)


class TodayCheck(Record, Base):
    """The short screening asked at the start of one session (spec §4.3; revision 0004).

    `asked_item_ids` are the §4.1/§4.2 items put to the patient today; `present_item_ids` those
    answered yes. `not_done_reason` is set instead when no screening was done (no intake on
    record): every report then says so.
    """

    __tablename__ = "today_check"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="CASCADE"), unique=True)
    asked_at: Mapped[dt.datetime]
    asked_item_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    present_item_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    new_health: Mapped[str] = mapped_column(Text, default="")
    not_done_reason: Mapped[str] = mapped_column(Text, default="")


class MissedVisit(Record, Base):
    """A booked visit that did not take place: cancelled or missed (revision 0005).

    It belongs to the patient, not to a session (there is none), so no signed-session guard
    applies; the physician report counts these beside the visits attended (spec §5.7).
    """

    __tablename__ = "missed_visit"

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"),
                                            index=True)
    on_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[MissedVisitKind] = mapped_column(enum_type(MissedVisitKind, "missed_visit_kind"))
    reason: Mapped[str] = mapped_column(Text, default="")


class SessionNote(Versioned, Record, Base):
    """The SOAP text and numbers of one session (one row per session, made on first write)."""

    __tablename__ = "session_note"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="CASCADE"), unique=True)
    chief_complaint: Mapped[str] = mapped_column(Text, default="")
    nrs_now: Mapped[int | None] = mapped_column(Integer)
    nrs_best: Mapped[int | None] = mapped_column(Integer)
    nrs_worst: Mapped[int | None] = mapped_column(Integer)
    aggravating_factors: Mapped[str] = mapped_column(Text, default="")
    easing_factors: Mapped[str] = mapped_column(Text, default="")
    sleep: Mapped[str] = mapped_column(Text, default="")
    psfs_activities: Mapped[str] = mapped_column(Text, default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    response_to_treatment: Mapped[str] = mapped_column(Text, default="")
    techniques: Mapped[list[str]] = mapped_column(JSON, default=list)
    plan: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(Text, default="")
    next_visit: Mapped[dt.date | None] = mapped_column(Date)
    reassessment_date: Mapped[dt.date | None] = mapped_column(Date)
    recommendation: Mapped[str] = mapped_column(Text, default="")
    questions_for_physician: Mapped[str] = mapped_column(Text, default="")
    nrs_after: Mapped[int | None] = mapped_column(Integer)
    aftercare_advice: Mapped[str] = mapped_column(Text, default="")
    # Copy forward: fields and marks still as copied, until the therapist edits them.
    copied_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    copied_mark_uids: Mapped[list[str]] = mapped_column(JSON, default=list)


class PostureObservation(Versioned, Record, Base):
    __tablename__ = "posture_observation"

    session_id: Mapped[int] = _session_fk()
    finding_id: Mapped[str] = mapped_column(String(40))
    side: Mapped[PostureSide | None] = mapped_column(enum_type(PostureSide, "posture_side"))
    severity: Mapped[PostureSeverity] = mapped_column(
        enum_type(PostureSeverity, "posture_severity"))
    note: Mapped[str] = mapped_column(Text, default="")
    copied: Mapped[bool] = mapped_column(Boolean, default=False)


class RomMeasure(Record, Base):
    __tablename__ = "rom_measure"

    session_id: Mapped[int] = _session_fk()
    joint: Mapped[str] = mapped_column(String(40))
    movement: Mapped[str] = mapped_column(String(40))
    side: Mapped[Side | None] = mapped_column(enum_type(Side, "side"))
    degrees: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    method: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class GoalProgress(Versioned, Record, Base):
    __tablename__ = "goal_progress"
    __table_args__ = (UniqueConstraint("session_id", "goal_id", name="session_goal"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="RESTRICT"), index=True)
    status: Mapped[GoalProgressStatus] = mapped_column(
        enum_type(GoalProgressStatus, "goal_progress_status"))
    note: Mapped[str] = mapped_column(Text, default="")
    # The goal's words when the session was signed (None while a draft shows the current ones).
    goal_text: Mapped[str | None] = mapped_column(Text)


class HomeCarePrescription(Versioned, Record, Base):
    __tablename__ = "home_care_prescription"

    session_id: Mapped[int] = _session_fk()
    exercise_id: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    dose: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(200), default="")
    progression: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    copied: Mapped[bool] = mapped_column(Boolean, default=False)


class OutcomeScoreRow(Versioned, Record, Base):
    """A questionnaire as answered (items) and as scored (kept for reports and exports)."""

    __tablename__ = "outcome_score"
    __table_args__ = (Index("ix_outcome_score_patient_taken", "patient_id", "taken_on"),)

    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="SET NULL"), index=True)
    measure: Mapped[OutcomeMeasure] = mapped_column(enum_type(OutcomeMeasure, "outcome_measure"))
    taken_on: Mapped[dt.date] = mapped_column(Date)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    score: Mapped[float | None] = mapped_column(Float)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    valid: Mapped[bool] = mapped_column(Boolean, default=False)


class Amendment(Record, Base):
    """A dated correction attached to a signed session, which itself never changes."""

    __tablename__ = "amendment"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="RESTRICT"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[dt.datetime]
    # The author as named when writing: a later rename never re-signs a correction.
    author_name: Mapped[str | None] = mapped_column(PERSON)
    author_credentials: Mapped[str | None] = mapped_column(String(120))
