"""Progress figures against hand-worked examples: frequencies, thresholds, periods."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.progress import (
    PeriodKind,
    VisitFacts,
    improvement_target,
    in_period,
    muscle_frequency,
    percent_of_scale,
    period_bounds,
    region_frequency,
    share_band,
    tension_frequency,
    threshold_progress,
)
from nmt_desktop.domain.vocab import Side

D = dt.date


def _visits() -> list[VisitFacts]:
    # Four visits. Neck painted at visits 1, 2 and 4 (NRS 6, 4, 2 → mean 4.0); right shoulder
    # at visit 1 only (NRS 5); nothing at visit 3. Upper trapezius right active at 1, 2, 3;
    # levator left at 3. Tension: neck grade 2 at 1 and grade 1 at 2; grade 0 never counts.
    return [
        VisitFacts(D(2025, 3, 3), painted={"neck_posterior": 6, "shoulder_right": 5},
                   active_muscles=frozenset({("upper_trapezius", Side.RIGHT)}),
                   tension={"neck_posterior": 2}),
        VisitFacts(D(2025, 3, 10), painted={"neck_posterior": 4},
                   active_muscles=frozenset({("upper_trapezius", Side.RIGHT)}),
                   tension={"neck_posterior": 1, "scapula_left": 0}),
        VisitFacts(D(2025, 3, 17),
                   active_muscles=frozenset({("upper_trapezius", Side.RIGHT),
                                             ("levator_scapulae", Side.LEFT)})),
        VisitFacts(D(2025, 3, 24), painted={"neck_posterior": 2}),
    ]


def test_region_frequency_is_share_of_visits_with_mean_nrs_where_painted() -> None:
    rows = region_frequency(_visits())
    assert [(r.region_id, r.visits, r.of_visits, r.mean_nrs) for r in rows] == [
        ("neck_posterior", 3, 4, 4.0),
        ("shoulder_right", 1, 4, 5.0),
    ]
    assert rows[0].share == 0.75 and rows[0].band == 4
    assert rows[1].share == 0.25 and rows[1].band == 2


def test_muscle_and_tension_frequency_count_visits_not_points() -> None:
    muscles = muscle_frequency(_visits())
    assert [(m.muscle_id, m.side, m.visits) for m in muscles] == [
        ("upper_trapezius", Side.RIGHT, 3), ("levator_scapulae", Side.LEFT, 1)]
    tension = tension_frequency(_visits())
    assert [(t.region_id, t.visits, t.mean_grade) for t in tension] == [("neck_posterior", 2, 1.5)]
    assert tension[0].share == 0.5


def test_share_bands_edges() -> None:
    assert [share_band(s) for s in (0, 0.01, 0.2499, 0.25, 0.49, 0.5, 0.74, 0.75, 1.0)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_period_bounds_end_on_the_latest_visit() -> None:
    first, last = D(2025, 1, 6), D(2025, 3, 24)
    assert period_bounds(PeriodKind.WHOLE, first, last) == (first, last)
    # 4 weeks = 28 days including the last: 25 Feb … 24 Mar.
    assert period_bounds(PeriodKind.WEEKS_4, first, last) == (D(2025, 2, 25), last)
    assert period_bounds(PeriodKind.WEEKS_12, first, last) == (D(2024, 12, 31), last)
    custom = (D(2025, 3, 10), D(2025, 3, 17))
    assert period_bounds(PeriodKind.CUSTOM, first, last, custom) == custom
    with pytest.raises(ValidationError):
        period_bounds(PeriodKind.CUSTOM, first, last, (D(2025, 3, 17), D(2025, 3, 10)))
    with pytest.raises(ValidationError):
        period_bounds(PeriodKind.CUSTOM, first, last)
    picked = in_period(_visits(), D(2025, 3, 10), D(2025, 3, 17))
    assert [v.day for v in picked] == [D(2025, 3, 10), D(2025, 3, 17)]
    # Frequencies of that period: neck painted at 1 of 2 visits.
    assert [(r.region_id, r.visits, r.of_visits) for r in region_frequency(picked)] == [
        ("neck_posterior", 1, 2)]


def test_ndi_reaches_its_threshold_on_the_first_day_ten_points_lower() -> None:
    # Baseline 44 %; 38 (−6) is not enough; 34 (−10) reaches it on 24 Mar; 36 at the end is
    # only −8, so the latest value no longer meets it.
    series = [(D(2025, 3, 3), 44.0), (D(2025, 3, 10), 38.0), (D(2025, 3, 24), 34.0),
              (D(2025, 4, 7), 36.0)]
    result = threshold_progress("ndi", series)
    assert result is not None
    assert (result.baseline, result.target, result.band) == (44.0, 34.0, (34.0, 44.0))
    assert result.reached_on == D(2025, 3, 24)
    assert (result.latest, result.met, result.worsened) == (36.0, False, False)


def test_psfs_higher_is_better_and_nrs_uses_thirty_percent() -> None:
    psfs = threshold_progress("psfs", [(D(2025, 1, 1), 3.5), (D(2025, 2, 1), 5.5)])
    assert psfs is not None
    assert (psfs.target, psfs.reached_on, psfs.met) == (5.5, D(2025, 2, 1), True)
    # NRS 5: 30 % is 1.5 points, sooner than 2 → target 3.5; NRS 8: 2 points → 6.
    assert improvement_target("nrs", 5) == 3.5
    assert improvement_target("nrs", 8) == 6.0
    nrs = threshold_progress("nrs", [(D(2025, 1, 1), 5), (D(2025, 1, 8), 4), (D(2025, 1, 15), 3)])
    assert nrs is not None and nrs.reached_on == D(2025, 1, 15)
    # ODI rising by 10 is a meaningful worsening.
    odi = threshold_progress("odi", [(D(2025, 1, 1), 20), (D(2025, 2, 1), 30)])
    assert odi is not None and (odi.worsened, odi.met, odi.reached_on) == (True, False, None)
    # A single value is a baseline only.
    single = threshold_progress("ndi", [(D(2025, 1, 1), 20)])
    assert single is not None and (single.met, single.reached_on) == (False, None)
    assert threshold_progress("ndi", []) is None


def test_percent_of_scale() -> None:
    assert percent_of_scale("psfs", 7) == 70.0
    assert percent_of_scale("ndi", 34) == 34.0
    assert improvement_target("psfs", 9.0) == 10.0  # clipped to the scale
