"""The numbers of a progress report: per-visit rows, baseline vs current, muscle trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.scoring import pain_extent, wpi
from nmt_desktop.domain.vocab import (
    PainSource,
    Side,
    TendernessGrade,
    TriggerPointStatus,
)
from nmt_desktop.reports.data import ChangeRow, MuscleTrend, SessionRow, WpiDetail
from nmt_desktop.services.chart_records import ChartRecord
from nmt_desktop.services.report_data.history import ChartedSession
from nmt_desktop.services.report_data.marks import (
    STATUS_RANK,
    muscle_name,
    reported_pain,
    technique_label,
    techniques_used,
)

# Farrar et al. 2001 (clinical-spec §3.1 and §5.5): about 2 points or about 30 % less pain.
NRS_IMPORTANT_POINTS = 2
NRS_IMPORTANT_FRACTION = 0.30
NRS_THRESHOLD_TEXT = "≥ 2 points or ≥ 30 % less"
# Clinical-spec §6.2: a smaller change of pain extent is within measurement variation.
EXTENT_IMPORTANT_POINTS = 3.0
EXTENT_THRESHOLD_TEXT = "≥ 3 %-points less (smaller: measurement variation)"


@dataclass(frozen=True)
class VisitNumbers:
    """What one visit measured, before it is printed."""

    nrs_before: int | None
    nrs_after: int | None
    extent_pct: float
    wpi: int
    active: int
    latent: int


def _reported_regions(chart: ChartRecord) -> list[str]:
    return [z.region_id for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT]


def visit_numbers(chart: ChartRecord, nrs_before: int | None = None,
                  nrs_after: int | None = None) -> VisitNumbers:
    """Measures of one visit; the NRS falls back to the highest painted zone when not noted."""
    atlas = load_atlas()
    statuses = [p.status for p in chart.trigger_points]
    return VisitNumbers(
        nrs_before=nrs_before if nrs_before is not None else reported_pain(chart),
        nrs_after=nrs_after,
        extent_pct=round(pain_extent(atlas, chart.painted_regions).total_pct, 1),
        wpi=wpi(atlas, _reported_regions(chart)).score,
        active=statuses.count(TriggerPointStatus.ACTIVE),
        latent=statuses.count(TriggerPointStatus.LATENT),
    )


def session_row(visit: ChartedSession, numbers: VisitNumbers,
                extra_techniques: Sequence[str] = ()) -> SessionRow:
    return SessionRow(
        session_date=visit.day,
        nrs_before=numbers.nrs_before,
        nrs_after=numbers.nrs_after,
        pain_extent_pct=numbers.extent_pct,
        wpi=numbers.wpi,
        active_trps=numbers.active,
        latent_trps=numbers.latent,
        techniques=tuple(
            technique_label(t) for t in techniques_used(visit.chart, extra_techniques)
        ),
    )


def nrs_important(baseline: float, current: float) -> bool:
    """Whether pain fell by a clinically important amount (points or share of baseline)."""
    drop = baseline - current
    return drop >= NRS_IMPORTANT_POINTS or (
        baseline > 0 and drop / baseline >= NRS_IMPORTANT_FRACTION
    )


def _judged(single_visit: bool, *values: float | None) -> bool:
    return not single_visit and all(v is not None for v in values)


def change_rows(first: VisitNumbers, latest: VisitNumbers, single_visit: bool) -> list[ChangeRow]:
    """Baseline (first visit of the period) against current (latest visit) from the map."""
    rows = []
    if first.nrs_before is not None or latest.nrs_before is not None:
        met = None
        if _judged(single_visit, first.nrs_before, latest.nrs_before):
            assert first.nrs_before is not None and latest.nrs_before is not None
            met = nrs_important(first.nrs_before, latest.nrs_before)
        rows.append(ChangeRow("Pain, NRS 0–10", first.nrs_before, latest.nrs_before,
                              threshold=NRS_THRESHOLD_TEXT, threshold_met=met))
    extent_met = None
    if not single_visit:
        extent_met = first.extent_pct - latest.extent_pct >= EXTENT_IMPORTANT_POINTS
    rows += [
        ChangeRow("Pain extent, % of body chart", first.extent_pct, latest.extent_pct, unit="%",
                  decimals=1, threshold=EXTENT_THRESHOLD_TEXT, threshold_met=extent_met),
        ChangeRow("WPI 0–19 (information only)", first.wpi, latest.wpi, relative=False),
        ChangeRow("Active trigger points", first.active, latest.active, relative=False),
        ChangeRow("Latent trigger points", first.latent, latest.latent, relative=False),
    ]
    return rows


def wpi_detail(chart: ChartRecord) -> WpiDetail:
    result = wpi(load_atlas(), _reported_regions(chart))
    return WpiDetail(
        score=result.score,
        areas=tuple(a.replace("_", " ") for a in result.areas),
        generalized_pain=result.generalized_pain,
        mode=result.mode,
    )


def muscle_trends(visits: Sequence[ChartedSession]) -> tuple[MuscleTrend, ...]:
    """Trigger points per muscle and side, one status per visit, most often found first."""
    statuses: dict[tuple[str, Side], list[TriggerPointStatus | None]] = {}
    grades: dict[tuple[str, Side], list[int]] = {}
    for index, visit in enumerate(visits):
        for point in visit.chart.trigger_points:
            key = (muscle_name(point), point.side)
            row = statuses.setdefault(key, [None] * len(visits))
            held = row[index]
            if held is None or STATUS_RANK[point.status] < STATUS_RANK[held]:
                row[index] = point.status
            if point.tenderness_grade is not None:
                visit_grades = grades.setdefault(key, [-1] * len(visits))
                visit_grades[index] = max(visit_grades[index], point.tenderness_grade)

    def tenderness(key: tuple[str, Side], last: bool) -> TendernessGrade | None:
        found = [g for g in grades.get(key, []) if g >= 0]
        return TendernessGrade(found[-1] if last else found[0]) if found else None

    def order(key: tuple[str, Side]) -> tuple[int, int, str, str]:
        row = statuses[key]
        active = sum(s is TriggerPointStatus.ACTIVE for s in row)
        return (-sum(s is not None for s in row), -active, key[0], key[1].value)

    return tuple(
        MuscleTrend(
            muscle=key[0],
            side=key[1],
            statuses=tuple(statuses[key]),
            first_tenderness=tenderness(key, last=False),
            latest_tenderness=tenderness(key, last=True),
        )
        for key in sorted(statuses, key=order)
    )
