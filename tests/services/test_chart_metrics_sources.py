"""Pain extent, overlap and referral ideas use the patient's drawing; palpation is apart."""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.scoring import pain_extent
from nmt_desktop.domain.vocab import PainQuality, PainSource, SessionStatus
from nmt_desktop.services.chart_metrics import chart_metrics
from nmt_desktop.services.records import ChartRecord, PainZoneRecord, SessionRecord


def _chart(*zones: tuple[str, PainSource]) -> ChartRecord:
    session = SessionRecord(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), "A", dt.datetime.now(dt.UTC),
                            60, SessionStatus.DRAFT, "1")
    return ChartRecord(session, (), tuple(
        PainZoneRecord(uuid.uuid4(), region, 5, (PainQuality.ACHING,), source)
        for region, source in zones), ())


REPORTED, PALPATED = PainSource.PATIENT_REPORT, PainSource.THERAPIST_PALPATION


def test_palpation_zones_are_counted_apart() -> None:
    chart = _chart(("low_back_right", REPORTED), ("abdomen_lower_right", PALPATED))
    metrics = chart_metrics(chart)
    atlas = load_atlas()
    assert metrics.extent == pain_extent(atlas, ["low_back_right"])
    assert metrics.palpation_regions == ("abdomen_lower_right",)
    assert metrics.palpation_extent == pain_extent(atlas, ["abdomen_lower_right"])
    # suggestions only from the patient's drawing: nothing for the palpated abdomen
    assert all("abdomen_lower_right" not in s.covered_regions for s in metrics.suggestions)
    assert "quadratus_lumborum" in [s.muscle_id for s in metrics.suggestions[:3]]


def test_overlap_compares_the_patient_drawings_only() -> None:
    before = _chart(("low_back_right", REPORTED))
    now = _chart(("low_back_right", REPORTED), ("buttock_right", PALPATED))
    assert chart_metrics(now, previous=before).overlap_with_previous == 1.0


def test_mimic_notes_ride_with_the_suggestions() -> None:
    chart = _chart(("chest_left", REPORTED), ("abdomen_lower_right", REPORTED))
    metrics = chart_metrics(chart, suggestion_limit=20)
    assert any("cardiac" in n for n in metrics.mimic_notes.get("pectoralis_major", ()))
    assert any("appendicitis" in n for n in metrics.mimic_notes.get("rectus_abdominis", ()))
