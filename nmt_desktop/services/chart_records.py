"""Plain, frozen views of a session's chart: what the body map and the reports draw."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from nmt_desktop.domain.vocab import (
    KeyOrSatellite,
    LocalTwitchResponse,
    PainQuality,
    PainSource,
    PressureUnit,
    Side,
    TextureTag,
    TriggerPointStatus,
    View,
)
from nmt_desktop.services.records import SessionRecord


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
