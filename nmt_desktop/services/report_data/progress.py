"""The numbers of a progress report: per-visit rows, baseline vs current, muscle trends."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from nmt_desktop.db.models import SessionNote
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.outcomes import judge_change
from nmt_desktop.domain.scoring import pain_extent, wpi
from nmt_desktop.domain.vocab import (
    PainSource,
    Side,
    TendernessGrade,
    TriggerPointStatus,
)
from nmt_desktop.reports.data import ChangeRow, MuscleTrend, SessionRow, WpiDetail
from nmt_desktop.services.records import ChartRecord
from nmt_desktop.services.report_data.history import ChartedSession
from nmt_desktop.services.report_data.marks import (
    STATUS_RANK,
    muscle_name,
    reported_pain,
    technique_label,
    techniques_used,
)

# Clinical-spec §6.2: a smaller change of pain extent is within measurement variation.
EXTENT_IMPORTANT_POINTS = 3.0
EXTENT_THRESHOLD_TEXT = "≥ 3 %-points (less is measurement noise)"


@dataclass(frozen=True)
class VisitNumbers:
    """What one visit measured, before it is printed.

    Attributes:
        nrs_before: Pain now as noted (S), else the highest pain the patient put on the map.
        nrs_noted: Whether `nrs_before` came from the notes rather than the map.
    """

    nrs_before: int | None
    nrs_after: int | None
    extent_pct: float
    wpi: int
    active: int
    latent: int
    nrs_noted: bool = False
    nrs_worst: int | None = None
    nrs_best: int | None = None


def _reported_regions(chart: ChartRecord) -> list[str]:
    return [z.region_id for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT]


def visit_numbers(chart: ChartRecord, note: SessionNote | None = None) -> VisitNumbers:
    """Measures of one visit; the NRS falls back to the highest painted zone when not noted."""
    atlas = load_atlas()
    statuses = [p.status for p in chart.trigger_points]
    noted = note is not None and note.nrs_now is not None
    return VisitNumbers(
        nrs_before=note.nrs_now if note is not None and noted else reported_pain(chart),
        nrs_after=note.nrs_after if note is not None else None,
        extent_pct=round(pain_extent(atlas, _reported_regions(chart)).total_pct, 1),
        wpi=wpi(atlas, _reported_regions(chart)).score,
        active=statuses.count(TriggerPointStatus.ACTIVE),
        latent=statuses.count(TriggerPointStatus.LATENT),
        nrs_noted=noted,
        nrs_worst=note.nrs_worst if note is not None else None,
        nrs_best=note.nrs_best if note is not None else None,
    )


def session_row(visit: ChartedSession, numbers: VisitNumbers,
                extra_techniques: Sequence[str] = (),
                out_of_scope: Collection[str] = ()) -> SessionRow:
    return SessionRow(
        session_date=visit.day,
        nrs_before=numbers.nrs_before,
        nrs_after=numbers.nrs_after,
        pain_extent_pct=numbers.extent_pct,
        wpi=numbers.wpi,
        active_trps=numbers.active,
        latent_trps=numbers.latent,
        techniques=tuple(
            technique_label(t, out_of_scope)
            for t in techniques_used(visit.chart, extra_techniques)
        ),
    )


def _nrs_row(measure: str, baseline: int | None, current: int | None,
             single_visit: bool) -> ChangeRow | None:
    """An NRS line judged by 2 points and 30 % together (clinical-spec §3.1, issue #12)."""
    if baseline is None and current is None:
        return None
    met = None
    text = "≥ 2 points and ≥ 30 %"
    if not single_visit and baseline is not None and current is not None:
        judged = judge_change("nrs", baseline, current)
        met = judged.meaningful
    return ChangeRow(measure, baseline, current, threshold=text, threshold_met=met)


def change_rows(first: VisitNumbers, latest: VisitNumbers, single_visit: bool) -> list[ChangeRow]:
    """Baseline (first visit of the period) against current (latest visit): pain and the map."""
    noted = first.nrs_noted and latest.nrs_noted
    pain = "Pain now, NRS 0–10" if noted else "Pain, NRS 0–10 (highest on the pain drawing)"
    candidates = [
        _nrs_row(pain, first.nrs_before, latest.nrs_before, single_visit),
        _nrs_row("Pain at worst, NRS 0–10", first.nrs_worst, latest.nrs_worst, single_visit),
        _nrs_row("Pain at best, NRS 0–10", first.nrs_best, latest.nrs_best, single_visit),
    ]
    rows = [row for row in candidates if row is not None]
    extent_met = None
    if not single_visit:
        extent_met = first.extent_pct - latest.extent_pct >= EXTENT_IMPORTANT_POINTS
    rows += [
        ChangeRow("Pain extent (patient-reported), % of body chart", first.extent_pct,
                  latest.extent_pct, unit="%", decimals=1, threshold=EXTENT_THRESHOLD_TEXT,
                  threshold_met=extent_met),
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
