"""Referral suggestions: "muscles that could refer pain here", with sides resolved."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import Side


def _ids(suggestions, n=None):
    return [s.muscle_id for s in suggestions[:n]]


def test_temple_pain():
    suggestions = load_atlas().referral_suggestions(["temple_left"])
    first = _ids(suggestions, 4)
    assert set(first) == {"upper_trapezius", "temporalis", "suboccipitals", "semispinalis_capitis"}
    assert first[:2] == ["upper_trapezius", "temporalis"]  # confidence H before M
    assert all(s.side is Side.LEFT for s in suggestions)
    assert all(s.primary_regions == ("temple_left",) for s in suggestions[:4])
    # spillover only after every primary referrer
    assert suggestions[4].muscle_id == "splenius_cervicis"
    assert suggestions[4].spill_regions == ("temple_left",) and not suggestions[4].primary_regions
    # the SCM does not refer to the temple in the data (it refers to cheek, orbit, forehead...)
    assert "scm_sternal" not in _ids(suggestions)


def test_buttock_and_back_of_thigh():
    suggestions = load_atlas().referral_suggestions(["buttock_right", "thigh_posterior_right"])
    first = _ids(suggestions, 5)
    assert "gluteus_minimus" in first and "piriformis" in first
    assert first[0] == "gluteus_minimus"  # both painted zones in its primary pattern
    assert all(s.side is Side.RIGHT for s in suggestions)
    piriformis = next(s for s in suggestions if s.muscle_id == "piriformis")
    assert piriformis.primary_regions == ("buttock_right",)
    assert piriformis.spill_regions == ("thigh_posterior_right",)
    assert piriformis.covered_regions == ("buttock_right", "thigh_posterior_right")


def test_more_painted_zones_rank_first():
    suggestions = load_atlas().referral_suggestions(
        ["occiput_left", "temple_left", "neck_posterior_left"]
    )
    assert suggestions[0].muscle_id == "upper_trapezius"
    assert len(suggestions[0].primary_regions) == 3
    counts = [(len(s.primary_regions), len(s.spill_regions)) for s in suggestions]
    assert counts == sorted(counts, reverse=True)


def test_sides_stay_with_the_painted_side():
    suggestions = load_atlas().referral_suggestions(["temple_left", "jaw_right"])
    by_muscle = {(s.muscle_id, s.side) for s in suggestions}
    assert ("temporalis", Side.LEFT) in by_muscle
    assert ("masseter", Side.RIGHT) in by_muscle
    assert ("masseter", Side.LEFT) not in by_muscle
    upper_trap = [s for s in suggestions if s.muscle_id == "upper_trapezius"]
    assert {s.side for s in upper_trap} == {Side.LEFT, Side.RIGHT}
    assert next(s for s in upper_trap if s.side is Side.RIGHT).spill_regions == ("jaw_right",)


def test_bilateral_rectus_abdominis_covers_both_sides():
    atlas = load_atlas()
    suggestions = atlas.referral_suggestions(["mid_back_left"])
    rectus = [s for s in suggestions if s.muscle_id == "rectus_abdominis"]
    assert [s.side for s in rectus] == [Side.LEFT, Side.RIGHT]  # same side first
    assert all(s.primary_regions == ("mid_back_left",) for s in rectus)
    both = atlas.referral_suggestions(["low_back_left", "low_back_right"])
    rectus_both = [s for s in both if s.muscle_id == "rectus_abdominis"]
    assert all(set(s.primary_regions) == {"low_back_left", "low_back_right"} for s in rectus_both)
    assert both[0].muscle_id == "rectus_abdominis"  # two zones beat one


def test_clavicular_scm_forehead_pain_may_be_bilateral():
    suggestions = load_atlas().referral_suggestions(["forehead_left", "forehead_right"])
    scm = [s for s in suggestions if s.muscle_id == "scm_clavicular"]
    assert {s.side for s in scm} == {Side.LEFT, Side.RIGHT}
    assert all(len(s.primary_regions) == 2 for s in scm)


def test_empty_duplicates_and_unknown_ids():
    atlas = load_atlas()
    assert atlas.referral_suggestions([]) == []
    once = atlas.referral_suggestions(["calf_left"])
    twice = atlas.referral_suggestions(["calf_left", "calf_left"])
    assert once == twice
    with pytest.raises(KeyError):
        atlas.referral_suggestions(["calf_middle"])


def test_every_region_type_gets_suggestions_where_the_spec_has_referrers():
    atlas = load_atlas()
    for region in atlas.regions.values():
        referrers = [m for m in atlas.muscles.values() if region.type in (*m.primary, *m.spill)]
        suggested = atlas.referral_suggestions([region.id])
        assert len({s.muscle_id for s in suggested}) == len(referrers), region.id
