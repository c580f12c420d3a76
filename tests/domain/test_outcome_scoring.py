"""NDI, ODI and PSFS scored as the instruments prescribe, with worked examples."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import (
    OutcomeMeasure,
    PsfsActivity,
    judge_change,
    score_ndi,
    score_odi,
    score_outcome,
    score_psfs,
)


def test_ndi_all_items_answered_is_twice_the_raw_sum() -> None:
    # GIVEN a complete form with raw sum 17 of 50
    items = [2, 1, 3, 2, 4, 1, 2, 0, 1, 1]
    # WHEN it is scored
    result = score_ndi(items)
    # THEN the percentage is 34 (raw × 2) and the band is Vernon's "moderate" (15–24 raw)
    assert (result.score, result.raw_sum, result.answered, result.valid) == (34.0, 17, 10, True)
    assert result.band == "Moderate"
    assert result.note == ""


def test_ndi_one_missing_item_is_scored_over_the_answered_items() -> None:
    # GIVEN "driving" left blank (a non-driver) and 18 points over nine items
    items = [2, 1, 3, 2, 4, 1, 2, None, 2, 1]
    result = score_ndi(items)
    # THEN 18 / (5 × 9) × 100 = 40 %, not 36 % (which would count the blank as 0)
    assert result.score == 40.0
    assert result.answered == 9
    assert "1 item unanswered" in result.note


def test_ndi_two_missing_items_still_score_three_do_not() -> None:
    two = [1, 1, 1, 1, 1, 1, 1, 1, None, None]
    three = [1, 1, 1, 1, 1, 1, 1, None, None, None]
    assert score_ndi(two).score == 20.0
    invalid = score_ndi(three)
    assert invalid.valid is False
    assert invalid.score is None
    assert "3 items unanswered" in invalid.note


@pytest.mark.parametrize(("raw", "band"), [(4, "No disability"), (5, "Mild"), (14, "Mild"),
                                           (15, "Moderate"), (25, "Severe"), (35, "Complete")])
def test_ndi_bands_follow_vernons_raw_cut_points(raw: int, band: str) -> None:
    items = [5] * (raw // 5) + [raw % 5] + [0] * (9 - raw // 5)
    assert sum(items[:10]) == raw
    assert score_ndi(items[:10]).band == band


def test_odi_example_with_one_section_skipped() -> None:
    # GIVEN Oswestry v2.1 with "sex life" skipped, 18 points over nine sections
    items = [3, 2, 2, 1, 3, 2, 1, None, 2, 2]
    result = score_odi(items)
    # THEN index = 18 / 45 × 100 = 40 % (moderate disability)
    assert (result.score, result.band) == (40.0, "Moderate (21–40 %)")


@pytest.mark.parametrize(("raw", "band"), [(0, "Minimal (0–20 %)"), (10, "Minimal (0–20 %)"),
                                           (11, "Moderate (21–40 %)"),
                                           (30, "Severe (41–60 %)"),
                                           (40, "Very severe (61–80 %)"),
                                           (50, "Extreme (81–100 %)")])
def test_odi_bands(raw: int, band: str) -> None:
    items = [5] * (raw // 5) + ([raw % 5] if raw % 5 else [])
    items += [0] * (10 - len(items))
    assert score_odi(items).band == band


def test_items_out_of_range_or_wrong_count_are_refused() -> None:
    with pytest.raises(ValidationError, match="from 0 to 5"):
        score_ndi([6, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(ValidationError, match="10 items"):
        score_odi([1, 2, 3])
    with pytest.raises(ValidationError):
        score_ndi([True, 0, 0, 0, 0, 0, 0, 0, 0, 0])


def test_psfs_is_the_mean_of_rated_activities() -> None:
    # GIVEN three activities rated 3, 5 and 4
    result = score_psfs([PsfsActivity("Walking 30 min", 3), PsfsActivity("Lifting a child", 5),
                         PsfsActivity("Sleeping on the left", 4)])
    # THEN the score is their mean
    assert (result.score, result.answered, result.valid) == (4.0, 3, True)


def test_psfs_unrated_activity_is_left_out_and_none_rated_is_invalid() -> None:
    partly = score_psfs([PsfsActivity("Run", 2), PsfsActivity("Garden", None),
                         PsfsActivity("Drive", 7)])
    assert partly.score == 4.5
    assert "not rated" in partly.note
    assert score_psfs([PsfsActivity("Run", None)]).valid is False
    with pytest.raises(ValidationError, match="needs a name"):
        score_psfs([PsfsActivity("  ", 3)])
    with pytest.raises(ValidationError, match="0 to 10"):
        score_psfs([PsfsActivity("Run", 11)])


def test_score_outcome_dispatches_by_measure() -> None:
    assert score_outcome("ndi", [1] * 10).measure is OutcomeMeasure.NDI
    assert score_outcome(OutcomeMeasure.PSFS, [PsfsActivity("Run", 6)]).score == 6.0
    with pytest.raises(ValidationError, match="Unknown questionnaire"):
        score_outcome("lefs", [1] * 20)


def test_change_judged_against_the_mcid() -> None:
    # NDI 40 % → 28 %: 12 points better, beyond the 10-point threshold
    ndi = judge_change("ndi", 40.0, 28.0)
    assert (ndi.change, ndi.improvement, ndi.meaningful, ndi.worsened) == (-12.0, 12.0, True,
                                                                           False)
    # NDI 40 → 32: better but within measurement error
    assert judge_change("ndi", 40.0, 32.0).meaningful is False
    # ODI 30 → 42: meaningfully worse
    assert judge_change("odi", 30.0, 42.0).worsened is True
    # PSFS is better when higher: 4.0 → 6.0 reaches exactly 2 points
    psfs = judge_change("psfs", 4.0, 6.0)
    assert (psfs.improvement, psfs.meaningful) == (2.0, True)


def test_nrs_counts_two_points_or_thirty_percent_for_improvement_only() -> None:
    # Issue #12: at least 2 points AND at least 30 % of baseline
    assert judge_change("nrs", 7, 5).meaningful is False     # 2 points but 29 %
    assert judge_change("nrs", 7, 4).meaningful is True      # 3 points, 43 %
    assert judge_change("nrs", 6, 4).meaningful is True      # 2 points, 33 %
    assert judge_change("nrs", 10, 8).meaningful is False    # 2 points, 20 %: high baseline
    assert judge_change("nrs", 3, 2).meaningful is False     # 33 % but 1 point
    assert judge_change("nrs", 1, 0).meaningful is False     # 100 % but 1 point
    assert judge_change("nrs", 8, 7).meaningful is False     # 1 point, 12.5 %
    assert judge_change("nrs", 2, 3).worsened is False       # +1 point is not a worsening
    assert judge_change("nrs", 5, 8).worsened is True
