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
    # primary zones first; within a count, confidence (H, M, L), then zones covered
    order = {"H": 0, "M": 1, "L": 2}
    keys = [(-len(s.primary_regions), order[s.confidence],
             -len(s.covered_regions)) for s in suggestions]
    assert keys == sorted(keys)


def test_sides_stay_with_the_painted_side():
    suggestions = load_atlas().referral_suggestions(["temple_left", "jaw_right"])
    by_muscle = {(s.muscle_id, s.side) for s in suggestions}
    assert ("temporalis", Side.LEFT) in by_muscle
    assert ("masseter", Side.RIGHT) in by_muscle
    assert ("masseter", Side.LEFT) not in by_muscle
    # one entry per muscle: the upper trapezius covers both painted sides
    (upper_trap,) = [s for s in suggestions if s.muscle_id == "upper_trapezius"]
    assert upper_trap.sides == (Side.LEFT, Side.RIGHT) and upper_trap.side_label == "both sides"
    assert upper_trap.primary_regions == ("temple_left",)
    assert upper_trap.spill_regions == ("jaw_right",)
    masseter = next(s for s in suggestions if s.muscle_id == "masseter")
    assert masseter.sides == (Side.RIGHT,) and masseter.side_label == "right"


def test_bilateral_rectus_abdominis_covers_both_sides():
    atlas = load_atlas()
    suggestions = atlas.referral_suggestions(["mid_back_left"])
    (rectus,) = [s for s in suggestions if s.muscle_id == "rectus_abdominis"]  # one entry
    assert rectus.side_label == "both sides" and rectus.side is Side.LEFT
    assert rectus.primary_regions == ("mid_back_left",)
    both = atlas.referral_suggestions(["low_back_left", "low_back_right"])
    (rectus_both,) = [s for s in both if s.muscle_id == "rectus_abdominis"]
    assert set(rectus_both.primary_regions) == {"low_back_left", "low_back_right"}
    # every muscle is listed once, whatever the number of painted sides
    assert len({s.muscle_id for s in both}) == len(both)


def test_clavicular_scm_forehead_pain_may_be_bilateral():
    suggestions = load_atlas().referral_suggestions(["forehead_left", "forehead_right"])
    (scm,) = [s for s in suggestions if s.muscle_id == "scm_clavicular"]
    assert scm.sides == (Side.LEFT, Side.RIGHT)
    assert len(scm.primary_regions) == 2


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


# The three classic presentations of issue #12, with the spec's §2.6 index and confidence column.

def test_right_tension_type_headache_puts_upper_trapezius_first():
    suggestions = load_atlas().referral_suggestions(
        ["temple_right", "occiput_right", "neck_posterior_right"])
    assert suggestions[0].muscle_id == "upper_trapezius"
    assert suggestions[0].side_label == "right"


def test_left_buttock_and_back_of_thigh_put_gluteus_minimus_or_piriformis_first():
    suggestions = load_atlas().referral_suggestions(["buttock_left", "thigh_posterior_left"])
    assert suggestions[0].muscle_id in {"gluteus_minimus", "piriformis"}
    assert "piriformis" in _ids(suggestions, 5)


def test_right_low_back_alone_has_quadratus_lumborum_among_the_first_three():
    suggestions = load_atlas().referral_suggestions(["low_back_right"])
    assert "quadratus_lumborum" in _ids(suggestions, 3)
    # rectus abdominis once ("both sides"), not twice at the top
    assert _ids(suggestions).count("rectus_abdominis") == 1
    # §2.6 low_back primary referrers: multifidi (M) after the H-confidence muscles
    assert _ids(suggestions, 5)[-1] == "multifidi_rotatores"


def test_visceral_mimic_notes_go_with_the_muscles_that_carry_them():
    from nmt_desktop.domain.screening_mimics import mimic_notes

    assert mimic_notes("pectoralis_major", (Side.LEFT,)) == (
        "left pectoralis major: pattern can mimic cardiac pain; see red flags (chest pain "
        "with exertion).",)
    assert mimic_notes("pectoralis_major", (Side.RIGHT,)) == ()
    assert "appendicitis" in mimic_notes("rectus_abdominis", (Side.RIGHT,),
                                         {"abdomen_lower"})[0]
    assert mimic_notes("rectus_abdominis", (Side.RIGHT,), {"low_back"}) == ()
    assert "temporal arteritis" in mimic_notes("temporalis", (Side.LEFT,))[0]
