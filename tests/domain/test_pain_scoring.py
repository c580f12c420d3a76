"""Pain extent, Widespread Pain Index and Jaccard overlap from marked regions."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.scoring import jaccard, pain_extent, wpi
from nmt_desktop.domain.vocab import View


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


def test_pain_extent_of_everything_is_100_percent(atlas):
    extent = pain_extent(atlas, atlas.regions)
    assert extent.anterior_pct == pytest.approx(100.0)
    assert extent.posterior_pct == pytest.approx(100.0)
    assert extent.total_pct == pytest.approx(100.0)


def test_pain_extent_of_nothing_is_zero(atlas):
    assert pain_extent(atlas, []) == pain_extent(atlas, set())
    assert pain_extent(atlas, []).total_pct == 0.0


def test_pain_extent_per_view_and_combined(atlas):
    front = [r.id for r in atlas.regions_in_view(View.ANTERIOR)]
    extent = pain_extent(atlas, front)
    assert extent.anterior_pct == pytest.approx(100.0)
    assert extent.posterior_pct == 0.0
    front_area = atlas.view_area(View.ANTERIOR)
    back_area = atlas.view_area(View.POSTERIOR)
    assert extent.total_pct == pytest.approx(100 * front_area / (front_area + back_area))
    single = pain_extent(atlas, ["calf_left", "calf_left"])  # counted once
    assert single.posterior_pct == pytest.approx(100 * atlas.area("calf_left") / back_area)
    halves = pain_extent(atlas, [r for r in atlas.regions if r.endswith("_left")])
    assert halves.total_pct == pytest.approx(50.0, abs=0.1)  # the figure is symmetric


def test_pain_extent_rejects_unknown_ids(atlas):
    with pytest.raises(KeyError):
        pain_extent(atlas, ["elbow_middle"])


def test_wpi_counts_an_area_once(atlas):
    result = wpi(atlas, ["shoulder_top_left", "shoulder_posterior_left"])
    assert result.score == 1
    assert result.areas == ("shoulder_girdle_left",)
    assert result.positive_regions == ("left_upper",)
    assert not result.generalized_pain


def test_wpi_strict_and_inclusive(atlas):
    painted = ["knee_anterior_left", "groin_right", "hand_dorsal_left", "temple_left"]
    strict = wpi(atlas, painted)
    assert strict.score == 0 and strict.areas == () and strict.mode == "strict"
    inclusive = wpi(atlas, painted, mode="inclusive")
    assert inclusive.areas == ("hip_right", "lower_arm_left", "lower_leg_left")
    assert inclusive.score == 3
    with pytest.raises(ValueError):
        wpi(atlas, painted, mode="loose")  # type: ignore[arg-type]


def test_generalized_pain_needs_four_of_five_regions(atlas):
    three = ["shoulder_top_left", "arm_anterior_right", "buttock_left"]
    assert not wpi(atlas, three).generalized_pain
    four = [*three, "neck_posterior_left"]
    result = wpi(atlas, four)
    assert result.positive_regions == ("left_upper", "right_upper", "left_lower", "axial")
    assert result.generalized_pain
    assert result.score == 4


def test_jaw_chest_and_abdomen_count_for_wpi_but_not_for_generalized_pain(atlas):
    result = wpi(
        atlas,
        [
            "jaw_left",
            "jaw_right",
            "chest_left",
            "chest_lateral_right",
            "abdomen_upper_left",
            "abdomen_lower_right",
        ],
    )
    assert result.areas == ("abdomen", "chest", "jaw_left", "jaw_right")
    assert result.score == 4
    assert result.positive_regions == ()
    assert not result.generalized_pain


def test_wpi_of_everything_is_19(atlas):
    result = wpi(atlas, atlas.regions)
    assert result.score == 19
    assert result.generalized_pain
    assert len(result.positive_regions) == 5


def test_jaccard_examples(atlas):
    assert jaccard(atlas, [], []) == 1.0
    assert jaccard(atlas, [], ["calf_left"]) == 0.0
    assert jaccard(atlas, ["calf_left"], ["calf_left"]) == 1.0
    assert jaccard(atlas, ["calf_left"], ["calf_right"]) == 0.0
    a = atlas.area("calf_left")
    b = atlas.area("knee_posterior_left")
    assert jaccard(atlas, ["calf_left"], ["calf_left", "knee_posterior_left"]) == pytest.approx(
        a / (a + b)
    )
    assert jaccard(atlas, ["calf_left", "calf_left"], ["calf_left"]) == 1.0
    with pytest.raises(KeyError):
        jaccard(atlas, ["calf_middle"], [])
