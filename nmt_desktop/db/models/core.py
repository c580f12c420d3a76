"""ORM models of the chart itself: therapist, patient, treatment session, marks, audit trail.

Every clinical record carries a stable `uid` besides its integer key: exports, imports and a
future sync between laptops rely on it. Enumerated values are stored as their `vocab` strings.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nmt_desktop.db.base import Base, Timestamped, Versioned, enum_type, uid_column
from nmt_desktop.db.types import utc_now
from nmt_desktop.domain.vocab import (
    KeyOrSatellite,
    LocalTwitchResponse,
    PainSource,
    PressureUnit,
    SessionStatus,
    Side,
    TriggerPointStatus,
    View,
)

NAME_LENGTH = 100
# PostgreSQL compares text by locale; the search keys are matched by prefix range, which needs
# plain code-point order on every backend (SQLite's default BINARY collation already is).
SEARCH_KEY = String(NAME_LENGTH).with_variant(String(NAME_LENGTH, collation="C"), "postgresql")


class Therapist(Versioned, Timestamped, Base):
    __tablename__ = "therapist"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    full_name: Mapped[str] = mapped_column(String(NAME_LENGTH * 2))
    credentials: Mapped[str] = mapped_column(String(120), default="")
    licence_number: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Patient(Versioned, Timestamped, Base):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_family_key", "family_key"),
        Index("ix_patient_given_key", "given_key"),
        Index("ix_patient_date_of_birth", "date_of_birth"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    chart_number: Mapped[str] = mapped_column(String(20).with_variant(
        String(20, collation="C"), "postgresql"), unique=True)
    given_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    family_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    given_key: Mapped[str] = mapped_column(SEARCH_KEY)
    family_key: Mapped[str] = mapped_column(SEARCH_KEY)
    date_of_birth: Mapped[dt.date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    referring_physician: Mapped[str] = mapped_column(String(200), default="")
    referral_reason: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    sessions: Mapped[list[TreatmentSession]] = relationship(back_populates="patient")


class TreatmentSession(Timestamped, Base):
    __tablename__ = "treatment_session"
    __table_args__ = (Index("ix_treatment_session_patient_started", "patient_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id", ondelete="RESTRICT"))
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapist.id", ondelete="RESTRICT"))
    started_at: Mapped[dt.datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    status: Mapped[SessionStatus] = mapped_column(
        enum_type(SessionStatus, "session_status"), default=SessionStatus.DRAFT
    )
    signed_at: Mapped[dt.datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="RESTRICT"))
    # The signer as they were named at signing: a later rename never changes a signed record.
    signer_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH * 2))
    signer_credentials: Mapped[str | None] = mapped_column(String(120))
    signer_licence_number: Mapped[str | None] = mapped_column(String(60))
    #: When the signer typed their password again to sign (revision 0006); None: signed before
    #: re-authentication existed, or by the program itself (the demo clinic).
    signer_reauthenticated_at: Mapped[dt.datetime | None]
    # The session a "copy forward" started from; its copied fields are flagged until edited.
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="SET NULL"))
    # The atlas a chart was drawn with: a later atlas must not change what an old chart meant.
    atlas_version: Mapped[str] = mapped_column(String(20))
    #: How many marks (trigger points, pain zones, tension ratings) the session holds, kept by
    #: the database's own triggers (revision 0008) whoever writes a mark; the app never writes
    #: it. The chart's session list reads it instead of counting mark rows, which on a clinic
    #: server would pass every mark through its row-level policy.
    mark_count: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0",
                                            sort_order=1000)

    patient: Mapped[Patient] = relationship(back_populates="sessions")
    therapist: Mapped[Therapist] = relationship(foreign_keys=[therapist_id])
    signed_by: Mapped[Therapist | None] = relationship(foreign_keys=[signed_by_id])
    copied_from: Mapped[TreatmentSession | None] = relationship(
        remote_side="TreatmentSession.id", foreign_keys=[copied_from_id])


class _Mark(Timestamped):
    """Columns every mark on the body map shares.

    Declared here rather than inherited from `Record`: the order of a table's columns is part of
    the schema the migrations built, and `session_id` comes before the timestamps.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    session_id: Mapped[int] = mapped_column(
        ForeignKey("treatment_session.id", ondelete="CASCADE"), index=True
    )


class TriggerPoint(Versioned, _Mark, Base):
    __tablename__ = "trigger_point"

    view: Mapped[View] = mapped_column(enum_type(View, "view"))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    region_id: Mapped[str] = mapped_column(String(40))
    muscle_id: Mapped[str | None] = mapped_column(String(40))
    side: Mapped[Side] = mapped_column(enum_type(Side, "side"))
    status: Mapped[TriggerPointStatus] = mapped_column(
        enum_type(TriggerPointStatus, "trigger_point_status"),
        default=TriggerPointStatus.UNDETERMINED,
    )
    taut_band: Mapped[bool] = mapped_column(Boolean, default=False)
    hypersensitive_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    nodule: Mapped[bool] = mapped_column(Boolean, default=False)
    referred_pain: Mapped[bool] = mapped_column(Boolean, default=False)
    referral_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain_recognition: Mapped[bool] = mapped_column(Boolean, default=False)
    local_twitch: Mapped[LocalTwitchResponse] = mapped_column(
        enum_type(LocalTwitchResponse, "local_twitch"), default=LocalTwitchResponse.NONE
    )
    jump_sign: Mapped[bool] = mapped_column(Boolean, default=False)
    tenderness_grade: Mapped[int | None] = mapped_column(Integer)
    ppt_value: Mapped[float | None] = mapped_column(Float)
    ppt_unit: Mapped[PressureUnit | None] = mapped_column(enum_type(PressureUnit, "ppt_unit"))
    rom_restriction: Mapped[bool] = mapped_column(Boolean, default=False)
    weakness: Mapped[bool] = mapped_column(Boolean, default=False)
    key_or_satellite: Mapped[KeyOrSatellite] = mapped_column(
        enum_type(KeyOrSatellite, "key_or_satellite"), default=KeyOrSatellite.UNKNOWN
    )
    techniques: Mapped[list[str]] = mapped_column(JSON, default=list)
    post_treatment_grade: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class PainZone(_Mark, Base):
    __tablename__ = "pain_zone"
    __table_args__ = (UniqueConstraint("session_id", "region_id", name="session_region"),)

    region_id: Mapped[str] = mapped_column(String(40))
    nrs: Mapped[int] = mapped_column(Integer)
    qualities: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[PainSource] = mapped_column(
        enum_type(PainSource, "pain_source"), default=PainSource.PATIENT_REPORT
    )


class TensionRating(_Mark, Base):
    __tablename__ = "tension_rating"

    region_id: Mapped[str] = mapped_column(String(40))
    muscle_id: Mapped[str | None] = mapped_column(String(40))
    side: Mapped[Side] = mapped_column(enum_type(Side, "side"))
    grade: Mapped[int] = mapped_column(Integer)
    texture_tags: Mapped[list[str]] = mapped_column(JSON, default=list)


class AuditEvent(Base):
    """Append-only: who did what to which chart, and when."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_patient_uid", "patient_uid", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    actor: Mapped[str] = mapped_column(String(200))
    #: The signed-in account (None before revision 0006, and for events the server wrote itself).
    actor_account_uid: Mapped[uuid.UUID | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_uid: Mapped[uuid.UUID | None]
    patient_uid: Mapped[uuid.UUID | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
