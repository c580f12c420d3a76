"""What a use case hands back: plain frozen values and a note of what changed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nmt_desktop.domain.vocab import (
    KeyOrSatellite,
    LocalTwitchResponse,
    PainQuality,
    PainSource,
    PressureUnit,
    SessionStatus,
    Side,
    TextureTag,
    TriggerPointStatus,
    View,
)


@dataclass(frozen=True)
class ChangeSet:
    """Broadcast after every change so that views refresh only what they show."""

    patients: bool = False
    therapists: bool = False
    sessions: bool = False
    marks: bool = False
    patient_uid: uuid.UUID | None = None
    session_uid: uuid.UUID | None = None
    mark_uids: tuple[uuid.UUID, ...] = field(default=())
    # The trigger points this change created, when that is all it did to the chart: the map
    # draws them without reading its chart again.
    added_marks: tuple[TriggerPointRecord, ...] = field(default=())
    notes: bool = False  # SOAP notes, posture, ROM, goal progress, home care, signing, amendments
    intake: bool = False  # intake, screening answers, clearances, referrals, goals
    outcomes: bool = False
    settings: bool = False
    accounts: bool = False  # accounts added, passwords reset, roles, disabled


@dataclass(frozen=True)
class TherapistRecord:
    uid: uuid.UUID
    full_name: str
    credentials: str
    licence_number: str

    @property
    def signature(self) -> str:
        """Name with credentials, as printed under a report."""
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name


@dataclass(frozen=True)
class PatientRecord:
    uid: uuid.UUID
    chart_number: str
    given_name: str
    family_name: str
    date_of_birth: dt.date
    phone: str
    email: str
    address: str
    referring_physician: str
    referral_reason: str
    archived: bool
    #: The row version an edit sends back as `expected_version` (no lost update).
    version: int = 0

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class SessionRecord:
    uid: uuid.UUID
    patient_uid: uuid.UUID
    therapist_uid: uuid.UUID
    therapist_name: str
    started_at: dt.datetime
    duration_minutes: int
    status: SessionStatus
    atlas_version: str
    mark_count: int = 0
    signed_at: dt.datetime | None = None
    signed_by_name: str = ""
    copied_from_uid: uuid.UUID | None = None
    amendment_count: int = 0

    @property
    def is_signed(self) -> bool:
        return self.status is SessionStatus.SIGNED


# ----------------------------------------------------------------------------- charts
# Plain, frozen views of a session's chart: what the body map and the reports draw.
@dataclass(frozen=True)
class TriggerPointRecord:
    uid: uuid.UUID
    view: View
    x: float
    y: float
    region_id: str
    muscle_id: str | None
    side: Side
    status: TriggerPointStatus = TriggerPointStatus.UNDETERMINED
    taut_band: bool = False
    hypersensitive_spot: bool = False
    nodule: bool = False
    referred_pain: bool = False
    referral_regions: tuple[str, ...] = ()
    pain_recognition: bool = False
    local_twitch: LocalTwitchResponse = LocalTwitchResponse.NONE
    jump_sign: bool = False
    tenderness_grade: int | None = None
    ppt_value: float | None = None
    ppt_unit: PressureUnit | None = None
    rom_restriction: bool = False
    weakness: bool = False
    key_or_satellite: KeyOrSatellite = KeyOrSatellite.UNKNOWN
    techniques: tuple[str, ...] = ()
    post_treatment_grade: int | None = None
    note: str = ""


@dataclass(frozen=True)
class PainZoneRecord:
    uid: uuid.UUID
    region_id: str
    nrs: int
    qualities: tuple[PainQuality, ...]
    source: PainSource


@dataclass(frozen=True)
class TensionRecord:
    uid: uuid.UUID
    region_id: str
    muscle_id: str | None
    side: Side
    grade: int
    texture_tags: tuple[TextureTag, ...]


@dataclass(frozen=True)
class ChartRecord:
    """Everything charted in one session, as the map draws it."""

    session: SessionRecord
    trigger_points: tuple[TriggerPointRecord, ...]
    pain_zones: tuple[PainZoneRecord, ...]
    tension_ratings: tuple[TensionRecord, ...]

    @property
    def read_only(self) -> bool:
        return self.session.is_signed

    @property
    def painted_regions(self) -> tuple[str, ...]:
        return tuple(zone.region_id for zone in self.pain_zones)


@dataclass(frozen=True)
class AuditEventRecord:
    occurred_at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_uid: uuid.UUID | None
    patient_uid: uuid.UUID | None
    detail: Mapping[str, Any]

    def describe(self, short_ids: bool = False) -> str:
        """The detail as one line: `key=value` pairs, lists joined by commas.

        With `short_ids`, uids are cut to their first 8 characters, enough to tell the
        sessions of one chart apart in a table.
        """
        parts = []
        for key, value in self.detail.items():
            if value is None or value == [] or value == "":
                continue
            items = value if isinstance(value, list) else [value]
            shown = ", ".join(_short(str(v)) if short_ids else str(v) for v in items)
            parts.append(f"{key}={shown}")
        return "; ".join(parts)


def _short(text: str) -> str:
    try:
        uuid.UUID(text)
    except ValueError:
        return text
    return text[:8]


@dataclass(frozen=True)
class EncryptionRecord:
    """What "Encrypt this database" did (services/encryption.py).

    `recovery_code` is shown once, to print or write down; it is never stored. The plain copy
    stays until the person confirms its deletion; `ssd_warning` says what deleting can't do.
    """

    location: str
    tables: int
    rows: int
    recovery_code: str = field(repr=False)
    plaintext_copy: Path
    ssd_warning: str
