"""A course of treatment at a glance: how often, how much, and since when it is better.

Pure computations over the visits of a period, shared by the Progress view and the physician
report so both show the same numbers:

- how often each body region was painted by the patient (share of visits, mean NRS there);
- how often each muscle had an active trigger point, and each region a raised tension;
- each outcome measure against its clinically important change from the period's baseline,
  and the day that change was first reached;
- which visits fall into a period (whole course, the last 4, 8 or 12 weeks, or custom dates).

Shares are bucketed into four bands (`share_band`) that the app and the report draw with the
same grey levels and hatch densities, so the shading survives black-and-white printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import MCID, NRS_RELATIVE_MCID, judge_change
from nmt_desktop.domain.vocab import Side

#: Lower edges of the share bands 2, 3 and 4 (band 1 is "at least one visit").
SHARE_BAND_EDGES = (0.25, 0.50, 0.75)
SHARE_BAND_LABELS = ("not in the period", "1–24 % of visits", "25–49 %", "50–74 %", "75–100 %")

#: The full scale of each measure, for charts in % of scale.
SCALE_MAX: Mapping[str, float] = {"ndi": 100.0, "odi": 100.0, "psfs": 10.0, "nrs": 10.0}


class PeriodKind(StrEnum):
    WHOLE = "whole"
    WEEKS_4 = "4w"
    WEEKS_8 = "8w"
    WEEKS_12 = "12w"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _PERIOD_LABELS[self]


_PERIOD_LABELS = {
    PeriodKind.WHOLE: "Whole course",
    PeriodKind.WEEKS_4: "Last 4 weeks",
    PeriodKind.WEEKS_8: "Last 8 weeks",
    PeriodKind.WEEKS_12: "Last 12 weeks",
    PeriodKind.CUSTOM: "Custom…",
}
_WEEKS = {PeriodKind.WEEKS_4: 4, PeriodKind.WEEKS_8: 8, PeriodKind.WEEKS_12: 12}


def period_bounds(kind: PeriodKind, first_day: dt.date, last_day: dt.date,
                  custom: tuple[dt.date, dt.date] | None = None) -> tuple[dt.date, dt.date]:
    """First and last day (both included) of a period of a course from `first_day` to `last_day`.

    "Last N weeks" are the N × 7 days ending on the latest visit, not on today: a course that
    ended months ago still shows its own last weeks.

    Raises:
        ValidationError: A custom period without dates, or one that ends before it starts.
    """
    if kind is PeriodKind.WHOLE:
        return first_day, last_day
    if kind is PeriodKind.CUSTOM:
        if custom is None:
            raise ValidationError({"period": "A custom period needs a first and a last day."})
        start, end = custom
        if start > end:
            raise ValidationError({"period": f"The period starts ({start.isoformat()}) after "
                                             f"it ends ({end.isoformat()})."})
        return start, end
    return last_day - dt.timedelta(days=7 * _WEEKS[kind] - 1), last_day


@dataclass(frozen=True)
class VisitFacts:
    """What one visit charted, reduced to what the progress figures count.

    Attributes:
        painted: Region id → NRS of the zones the patient reported (palpation findings are
            not the patient's pain and are left out).
        active_muscles: (muscle id, side) of every active trigger point, once per visit.
        tension: Region id → highest tension grade rated there (grades above 0 only).
        extent_front_pct / extent_back_pct: Pain extent of the patient-reported zones, in % of
            the front and back outlines.
    """

    day: dt.date
    nrs_before: int | None = None
    nrs_after: int | None = None
    painted: Mapping[str, int] = field(default_factory=dict)
    active_muscles: frozenset[tuple[str, Side]] = frozenset()
    tension: Mapping[str, int] = field(default_factory=dict)
    extent_front_pct: float = 0.0
    extent_back_pct: float = 0.0
    active_points: int = 0
    latent_points: int = 0


@dataclass(frozen=True)
class OutcomeReading:
    """A valid questionnaire score: "ndi", "odi" or "psfs" on a day."""

    measure: str
    day: dt.date
    score: float


class _ShareOfVisits:
    """`visits` of `of_visits`: the share, and its band on the map's legend."""

    visits: int
    of_visits: int

    @property
    def share(self) -> float:
        return self.visits / self.of_visits

    @property
    def band(self) -> int:
        return share_band(self.share)


@dataclass(frozen=True)
class RegionFrequency(_ShareOfVisits):
    """How often a region was painted: in `visits` of `of_visits`, with the mean NRS there."""

    region_id: str
    visits: int
    of_visits: int
    mean_nrs: float


@dataclass(frozen=True)
class MuscleFrequency(_ShareOfVisits):
    """How often a muscle (on one side) had at least one active trigger point."""

    muscle_id: str
    side: Side
    visits: int
    of_visits: int


@dataclass(frozen=True)
class TensionFrequency(_ShareOfVisits):
    """How often a region was rated tense (grade 1–3), with the mean grade when it was."""

    region_id: str
    visits: int
    of_visits: int
    mean_grade: float


def share_band(share: float) -> int:
    """0 for never, then 1–4 for shares below 25 %, 25–49 %, 50–74 % and 75 % or more."""
    if share <= 0:
        return 0
    return 1 + sum(share >= edge for edge in SHARE_BAND_EDGES)


def in_period(visits: Sequence[VisitFacts], start: dt.date, end: dt.date) -> list[VisitFacts]:
    """The visits from `start` to `end`, both days included, in their order."""
    return [v for v in visits if start <= v.day <= end]


def region_frequency(visits: Sequence[VisitFacts]) -> tuple[RegionFrequency, ...]:
    """Every region painted at least once, most often first (then by id)."""
    nrs: dict[str, list[int]] = {}
    for visit in visits:
        for region, value in visit.painted.items():
            nrs.setdefault(region, []).append(value)
    rows = [RegionFrequency(region, len(values), len(visits),
                            round(sum(values) / len(values), 1))
            for region, values in nrs.items()]
    return tuple(sorted(rows, key=lambda r: (-r.visits, r.region_id)))


def muscle_frequency(visits: Sequence[VisitFacts]) -> tuple[MuscleFrequency, ...]:
    """Every muscle and side with an active trigger point at least once, most often first."""
    counts: dict[tuple[str, Side], int] = {}
    for visit in visits:
        for key in visit.active_muscles:
            counts[key] = counts.get(key, 0) + 1
    rows = [MuscleFrequency(muscle, side, n, len(visits)) for (muscle, side), n in counts.items()]
    return tuple(sorted(rows, key=lambda r: (-r.visits, r.muscle_id, r.side.value)))


def tension_frequency(visits: Sequence[VisitFacts]) -> tuple[TensionFrequency, ...]:
    """Every region rated tense at least once, most often first."""
    grades: dict[str, list[int]] = {}
    for visit in visits:
        for region, grade in visit.tension.items():
            if grade > 0:
                grades.setdefault(region, []).append(grade)
    rows = [TensionFrequency(region, len(values), len(visits),
                             round(sum(values) / len(values), 1))
            for region, values in grades.items()]
    return tuple(sorted(rows, key=lambda r: (-r.visits, r.region_id)))


@dataclass(frozen=True)
class ThresholdProgress:
    """One measure over a period against its clinically important change from baseline.

    Attributes:
        measure: "ndi", "odi", "psfs" or "nrs".
        baseline: The first value of the period (taken on `baseline_day`).
        target: The value at which the change becomes clinically important; the band between
            `baseline` and `target` is what a chart shades.
        reached_on: The first day a value reached the target; None if none did.
        latest: The last value of the period.
        met: The latest value is still past the target.
        worsened: The latest value is worse than baseline by at least the threshold.
    """

    measure: str
    baseline: float
    baseline_day: dt.date
    target: float
    reached_on: dt.date | None
    latest: float
    latest_day: dt.date
    met: bool
    worsened: bool

    @property
    def band(self) -> tuple[float, float]:
        """The clinically-important-change band, low value first."""
        return (min(self.baseline, self.target), max(self.baseline, self.target))


def improvement_target(measure: str, baseline: float) -> float:
    """The value a measure must reach from `baseline` for a clinically important improvement.

    NRS counts as improved at 2 points or 30 % of baseline (Farrar), whichever comes first;
    lower is better for NDI, ODI and NRS, higher for PSFS. Clipped to the scale.
    """
    if measure not in MCID:
        raise ValidationError({"measure": f"No change threshold for {measure!r}."})
    threshold = MCID[measure]
    if measure == "psfs":
        return min(SCALE_MAX[measure], baseline + threshold)
    if measure == "nrs" and baseline > 0:
        threshold = min(threshold, NRS_RELATIVE_MCID * baseline)
    return max(0.0, round(baseline - threshold, 2))


def threshold_progress(measure: str, series: Sequence[tuple[dt.date, float]]
                       ) -> ThresholdProgress | None:
    """A measure's values in date order judged from the first; None without any value."""
    if not series:
        return None
    baseline_day, baseline = series[0]
    reached = next((day for day, value in series[1:]
                    if judge_change(measure, baseline, value).meaningful), None)
    latest_day, latest = series[-1]
    judged = judge_change(measure, baseline, latest)
    return ThresholdProgress(
        measure=measure, baseline=baseline, baseline_day=baseline_day,
        target=improvement_target(measure, baseline), reached_on=reached,
        latest=latest, latest_day=latest_day,
        met=len(series) > 1 and judged.meaningful, worsened=judged.worsened,
    )


def percent_of_scale(measure: str, value: float) -> float:
    """A value as % of its measure's full scale (PSFS 7 → 70 %)."""
    return round(100.0 * value / SCALE_MAX[measure], 2)
