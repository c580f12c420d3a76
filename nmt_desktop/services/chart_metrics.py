"""Numbers that follow a chart live: pain extent, WPI, overlap with last time, referral ideas.

Pain extent, overlap and referral suggestions use the patient's own pain drawing (zones whose
source is the patient's report); zones that were only tender on palpation are counted apart
(issue #12; WPI already used patient-reported zones only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.atlas.model import ReferralSuggestion
from nmt_desktop.domain.scoring import PainExtent, WpiResult, jaccard, pain_extent, wpi
from nmt_desktop.domain.screening_mimics import mimic_notes
from nmt_desktop.domain.vocab import PainSource, TriggerPointStatus
from nmt_desktop.services.records import ChartRecord


@dataclass(frozen=True)
class ChartMetrics:
    """The live numbers of one chart.

    Attributes:
        extent: Extent of the patient-reported pain zones.
        palpation_regions: Zones recorded as tender on palpation only (not in `extent`).
        palpation_extent: Their extent, shown apart.
        overlap_with_previous: Jaccard overlap of the patient-reported zones with the
            previous session's.
        suggestions: Muscles that could refer pain to the patient-reported zones.
        mimic_notes: Muscle id → visceral-mimic notes for the suggested muscles.
    """

    extent: PainExtent
    # Informational only: from patient-reported zones, never a diagnosis.
    wpi: WpiResult
    active_trigger_points: int
    latent_trigger_points: int
    overlap_with_previous: float | None
    suggestions: tuple[ReferralSuggestion, ...]
    palpation_regions: tuple[str, ...] = ()
    palpation_extent: PainExtent | None = None
    mimic_notes: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))


def reported_regions(chart: ChartRecord) -> tuple[str, ...]:
    """The regions of the patient's own pain drawing."""
    return tuple(z.region_id for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT)


def palpation_regions(chart: ChartRecord) -> tuple[str, ...]:
    """Regions recorded as tender on palpation and not reported by the patient."""
    reported = set(reported_regions(chart))
    return tuple(dict.fromkeys(z.region_id for z in chart.pain_zones
                               if z.source is not PainSource.PATIENT_REPORT
                               and z.region_id not in reported))


def chart_metrics(chart: ChartRecord, previous: ChartRecord | None = None,
                  suggestion_limit: int = 8) -> ChartMetrics:
    atlas = load_atlas()
    reported = reported_regions(chart)
    palpated = palpation_regions(chart)
    statuses = [tp.status for tp in chart.trigger_points]
    suggestions = tuple(atlas.referral_suggestions(reported)[:suggestion_limit])
    painted_types = {atlas.regions[r].type for r in reported}
    notes = {s.muscle_id: found for s in suggestions
             if (found := mimic_notes(s.muscle_id, s.sides, painted_types))}
    return ChartMetrics(
        extent=pain_extent(atlas, reported),
        wpi=wpi(atlas, reported),
        active_trigger_points=statuses.count(TriggerPointStatus.ACTIVE),
        latent_trigger_points=statuses.count(TriggerPointStatus.LATENT),
        overlap_with_previous=(jaccard(atlas, reported, reported_regions(previous))
                               if previous is not None else None),
        suggestions=suggestions,
        palpation_regions=palpated,
        palpation_extent=pain_extent(atlas, palpated) if palpated else None,
        mimic_notes=MappingProxyType(notes),
    )
