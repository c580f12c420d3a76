"""Scores computed from the regions marked on a body map: pain extent, WPI, overlap.

All results are informational. In particular the Widespread Pain Index is shown to a physician as
a count; this module never produces or suggests a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from nmt_desktop.domain.atlas import Atlas
from nmt_desktop.domain.vocab import View

WpiMode = Literal["strict", "inclusive"]

# ACR 2016: the 19 WPI areas (ids used in the region data's wpi_* fields).
WPI_AREAS: tuple[str, ...] = (
    "jaw_left",
    "jaw_right",
    "shoulder_girdle_left",
    "shoulder_girdle_right",
    "upper_arm_left",
    "upper_arm_right",
    "lower_arm_left",
    "lower_arm_right",
    "hip_left",
    "hip_right",
    "upper_leg_left",
    "upper_leg_right",
    "lower_leg_left",
    "lower_leg_right",
    "neck",
    "upper_back",
    "lower_back",
    "chest",
    "abdomen",
)

# The five generalized-pain regions and the WPI areas that count for the rule (jaw, chest and
# abdomen are WPI areas but are not counted for generalized pain).
GENERALIZED_PAIN_REGIONS: dict[str, tuple[str, ...]] = {
    "left_upper": ("shoulder_girdle_left", "upper_arm_left", "lower_arm_left"),
    "right_upper": ("shoulder_girdle_right", "upper_arm_right", "lower_arm_right"),
    "left_lower": ("hip_left", "upper_leg_left", "lower_leg_left"),
    "right_lower": ("hip_right", "upper_leg_right", "lower_leg_right"),
    "axial": ("neck", "upper_back", "lower_back"),
}
GENERALIZED_PAIN_MINIMUM = 4


@dataclass(frozen=True, slots=True)
class PainExtent:
    """Area-weighted pain extent in percent of the body outline (clinical-spec 6.1).

    Attributes:
        anterior_pct: Marked area on the front figure / front body-outline area x 100.
        posterior_pct: The same for the back figure.
        total_pct: Marked area on both figures / body-outline area of both x 100.
    """

    anterior_pct: float
    posterior_pct: float
    total_pct: float


@dataclass(frozen=True, slots=True)
class WpiResult:
    """Widespread Pain Index from the painted regions (clinical-spec 1.4); information only.

    Attributes:
        score: Number of distinct WPI areas with pain, 0-19.
        areas: The WPI areas with pain, sorted.
        positive_regions: The generalized-pain regions (of ``GENERALIZED_PAIN_REGIONS``) that
            are positive, in that table's order.
        generalized_pain: Whether at least 4 of the 5 regions are positive.
        mode: ``strict`` (ACR areas only) or ``inclusive`` (the app's wider mapping).
    """

    score: int
    areas: tuple[str, ...]
    positive_regions: tuple[str, ...]
    generalized_pain: bool
    mode: WpiMode


def _unique_known(atlas: Atlas, region_ids: Iterable[str]) -> set[str]:
    ids = set(region_ids)
    unknown = ids - set(atlas.regions)
    if unknown:
        raise KeyError(f"unknown region ids: {sorted(unknown)}")
    return ids


def pain_extent(atlas: Atlas, region_ids: Iterable[str]) -> PainExtent:
    """Pain extent: marked region areas over the body-outline area, per view and combined.

    Each region counts once however often it is listed. Body-chart area is not body surface
    area; compare values only between charts drawn on the same atlas version.

    Raises:
        KeyError: If a region id is unknown.
    """
    ids = _unique_known(atlas, region_ids)
    marked = {view: 0.0 for view in View}
    for rid in ids:
        marked[atlas.regions[rid].view] += atlas.area(rid)
    body = {view: atlas.view_area(view) for view in View}
    return PainExtent(
        anterior_pct=100.0 * marked[View.ANTERIOR] / body[View.ANTERIOR],
        posterior_pct=100.0 * marked[View.POSTERIOR] / body[View.POSTERIOR],
        total_pct=100.0 * sum(marked.values()) / sum(body.values()),
    )


def wpi(atlas: Atlas, region_ids: Iterable[str], mode: WpiMode = "strict") -> WpiResult:
    """Widespread Pain Index and the generalized-pain rule from painted regions.

    Pass only regions the patient reported as painful during the past 7 days (not regions
    that were merely tender on palpation). Several regions in one WPI area count once.

    Args:
        atlas: The atlas the regions belong to.
        region_ids: Painted region ids.
        mode: ``strict`` counts only regions inside the ACR's 19 areas; ``inclusive`` also
            counts elbows, wrists and hands as lower arm, knees, ankles and feet as lower leg
            and the groin as hip (an app convention, to be labelled as such in reports).

    Raises:
        KeyError: If a region id is unknown.
        ValueError: If ``mode`` is neither strict nor inclusive.
    """
    if mode not in ("strict", "inclusive"):
        raise ValueError(f"unknown WPI mode {mode!r}")
    ids = _unique_known(atlas, region_ids)
    areas: set[str] = set()
    for rid in ids:
        region = atlas.regions[rid]
        area = region.wpi_strict if mode == "strict" else region.wpi_inclusive
        if area is not None:
            areas.add(area)
    positive = tuple(
        name
        for name, members in GENERALIZED_PAIN_REGIONS.items()
        if any(a in areas for a in members)
    )
    return WpiResult(
        score=len(areas),
        areas=tuple(sorted(areas)),
        positive_regions=positive,
        generalized_pain=len(positive) >= GENERALIZED_PAIN_MINIMUM,
        mode=mode,
    )


def jaccard(atlas: Atlas, a_ids: Iterable[str], b_ids: Iterable[str]) -> float:
    """Area-weighted overlap of two sets of marked regions: area(A and B) / area(A or B).

    Regions do not overlap, so the intersection is the area of the regions in both sets.
    Two empty sets are defined as identical (1.0); an empty and a non-empty set give 0.0.

    Raises:
        KeyError: If a region id is unknown.
    """
    a = _unique_known(atlas, a_ids)
    b = _unique_known(atlas, b_ids)
    union = sum(atlas.area(rid) for rid in a | b)
    if union == 0.0:
        return 1.0
    return sum(atlas.area(rid) for rid in a & b) / union
