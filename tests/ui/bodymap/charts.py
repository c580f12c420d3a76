"""Hand-made charts for the body-map tests: records placed at atlas label points."""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import (
    PainQuality,
    PainSource,
    SessionStatus,
    TriggerPointStatus,
)
from nmt_desktop.services.records import (
    ChartRecord,
    PainZoneRecord,
    SessionRecord,
    TensionRecord,
    TriggerPointRecord,
)


def session(signed: bool = False) -> SessionRecord:
    return SessionRecord(
        uid=uuid.uuid4(), patient_uid=uuid.uuid4(), therapist_uid=uuid.uuid4(),
        therapist_name="Alex Morgan", started_at=dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC),
        duration_minutes=60, status=SessionStatus.SIGNED if signed else SessionStatus.DRAFT,
        atlas_version=load_atlas().version,
    )


def label_point(region_id: str) -> tuple[float, float]:
    x, y = load_atlas().label_point(region_id)
    return float(x), float(y)


def trigger_point(region_id: str, status: TriggerPointStatus = TriggerPointStatus.ACTIVE,
                  *, muscle_id: str | None = None, dx: float = 0.0,
                  dy: float = 0.0) -> TriggerPointRecord:
    region = load_atlas().regions[region_id]
    x, y = label_point(region_id)
    return TriggerPointRecord(uuid.uuid4(), region.view, x + dx, y + dy, region_id, muscle_id,
                              region.side, status)


def pain_zone(region_id: str, nrs: int = 5,
              qualities: tuple[PainQuality, ...] = (PainQuality.ACHING,)) -> PainZoneRecord:
    return PainZoneRecord(uuid.uuid4(), region_id, nrs, qualities, PainSource.PATIENT_REPORT)


def tension(region_id: str, grade: int = 2) -> TensionRecord:
    region = load_atlas().regions[region_id]
    return TensionRecord(uuid.uuid4(), region_id, None, region.side, grade, ())


def chart(points: tuple[TriggerPointRecord, ...] = (),
          zones: tuple[PainZoneRecord, ...] = (),
          ratings: tuple[TensionRecord, ...] = (), *, signed: bool = False,
          base: SessionRecord | None = None) -> ChartRecord:
    return ChartRecord(base or session(signed), points, zones, ratings)
