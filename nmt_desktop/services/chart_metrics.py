"""Numbers that follow a chart live: pain extent, WPI, overlap with last time, referral ideas."""

from __future__ import annotations

from dataclasses import dataclass

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.atlas.model import ReferralSuggestion
from nmt_desktop.domain.scoring import PainExtent, WpiResult, jaccard, pain_extent, wpi
from nmt_desktop.domain.vocab import PainSource, TriggerPointStatus
from nmt_desktop.services.chart_records import ChartRecord


@dataclass(frozen=True)
class ChartMetrics:
    extent: PainExtent
    # Informational only: from patient-reported zones, never a diagnosis.
    wpi: WpiResult
    active_trigger_points: int
    latent_trigger_points: int
    overlap_with_previous: float | None
    suggestions: tuple[ReferralSuggestion, ...]


def chart_metrics(chart: ChartRecord, previous: ChartRecord | None = None,
                  suggestion_limit: int = 8) -> ChartMetrics:
    atlas = load_atlas()
    painted = chart.painted_regions
    reported = [z.region_id for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT]
    statuses = [tp.status for tp in chart.trigger_points]
    return ChartMetrics(
        extent=pain_extent(atlas, painted),
        wpi=wpi(atlas, reported),
        active_trigger_points=statuses.count(TriggerPointStatus.ACTIVE),
        latent_trigger_points=statuses.count(TriggerPointStatus.LATENT),
        overlap_with_previous=(jaccard(atlas, painted, previous.painted_regions)
                               if previous is not None else None),
        suggestions=tuple(atlas.referral_suggestions(painted)[:suggestion_limit]),
    )
