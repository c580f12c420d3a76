"""The body atlas: region data and geometry from the SVG, muscles, and the questions asked of them.

The geometry comes from ``nmt_desktop/assets/bodymap.svg`` (each region one closed ``<path>``
whose ``id`` is the region id, absolute coordinates, no transforms), parsed with svgelements.
Region, muscle and pain-quality data come from the JSON files in ``data/``. Everything is loaded
with ``importlib.resources``, never from paths relative to the working directory.
"""

from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, cast

import svgelements

from nmt_desktop.domain.atlas import geometry
from nmt_desktop.domain.atlas.geometry import XY, BBox, Polygon
from nmt_desktop.domain.atlas.model import (
    CONFIDENCE_ORDER,
    Confidence,
    Muscle,
    MuscleChoice,
    PainQualityPattern,
    ReferralSuggestion,
    Region,
    SideRule,
)
from nmt_desktop.domain.vocab import PainQuality, Side, View

_DATA_PACKAGE = "nmt_desktop.domain.atlas"
_SVG_NS = "{http://www.w3.org/2000/svg}"
# Curved path segments (should a hand edit introduce them) are flattened to this many points.
_CURVE_SAMPLES = 16


def svg_bytes() -> bytes:
    """The body-map SVG document, for QtSvg in the UI and svglib in reports."""
    return (resources.files("nmt_desktop") / "assets" / "bodymap.svg").read_bytes()


def _data(name: str) -> dict[str, Any]:
    ref = resources.files(_DATA_PACKAGE) / "data" / name
    loaded: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return loaded


def _points_of_path(d: str) -> Polygon:
    """Vertices of a single closed SVG path, curves flattened, closing point not repeated."""
    points: list[XY] = []
    subpaths = 0
    for seg in svgelements.Path(d):
        if isinstance(seg, svgelements.Move):
            subpaths += 1
            if subpaths > 1:
                raise ValueError("a region path must be one closed outline")
            points.append((float(seg.end.x), float(seg.end.y)))
        elif isinstance(seg, svgelements.Close):
            continue
        elif isinstance(seg, svgelements.Line):
            points.append((float(seg.end.x), float(seg.end.y)))
        else:
            for i in range(1, _CURVE_SAMPLES + 1):
                p = seg.point(i / _CURVE_SAMPLES)
                points.append((float(p.x), float(p.y)))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        raise ValueError("a region path needs at least three vertices")
    return tuple(points)


@dataclass(frozen=True)
class _Shape:
    polygon: Polygon
    bbox: BBox
    area: float


@dataclass(frozen=True)
class Atlas:
    """The loaded atlas. Build it with `load_atlas`, which caches one instance.

    Attributes:
        version: Atlas version from the SVG root ``data-atlas-version`` (equal to the data
            files' ``atlas_version``); store it with every charted session.
        regions: Regions by id, in clinical-spec order.
        muscles: Muscles by id, in clinical-spec order.
        pain_qualities: Drawing pattern of each pain quality.
    """

    version: str
    regions: Mapping[str, Region]
    muscles: Mapping[str, Muscle]
    pain_qualities: Mapping[PainQuality, PainQualityPattern]
    _shapes: Mapping[str, _Shape] = field(repr=False)
    _silhouettes: Mapping[View, Polygon] = field(repr=False)
    _view_bounds: Mapping[View, BBox] = field(repr=False)
    _size: tuple[float, float] = field(repr=False)
    _label_points: dict[str, XY] = field(default_factory=dict, repr=False, compare=False)

    # ----------------------------------------------------------------------------- geometry
    def document_size(self) -> tuple[float, float]:
        """Width and height of the SVG viewBox, in SVG user units."""
        return self._size

    def view_bounds(self, view: View) -> tuple[float, float, float, float]:
        """The panel of the document that shows ``view``, as (x0, y0, x1, y1)."""
        return self._view_bounds[view]

    def view_at(self, x: float, y: float) -> View | None:
        """The view whose panel holds the document point (x, y), or None."""
        for view, (x0, y0, x1, y1) in self._view_bounds.items():
            if x0 <= x < x1 and y0 <= y < y1:
                return view
        return None

    def region_at(self, x: float, y: float) -> Region | None:
        """The region under the document point (x, y), or None outside the body.

        Cheap enough for every mouse move: a bounding-box filter, then an even-odd test.
        """
        for rid, shape in self._shapes.items():
            x0, y0, x1, y1 = shape.bbox
            if x0 <= x <= x1 and y0 <= y <= y1 and geometry.contains(shape.polygon, x, y):
                return self.regions[rid]
        return None

    def polygon(self, region_id: str) -> tuple[tuple[float, float], ...]:
        """Vertices of a region's outline in document coordinates (not closed)."""
        return self._shape(region_id).polygon

    def area(self, region_id: str) -> float:
        """Area of a region in SVG units squared (shoelace formula)."""
        return self._shape(region_id).area

    def bbox(self, region_id: str) -> tuple[float, float, float, float]:
        """Bounding box (x0, y0, x1, y1) of a region."""
        return self._shape(region_id).bbox

    def label_point(self, region_id: str) -> tuple[float, float]:
        """A point well inside the region (its pole of inaccessibility), for labels and tests."""
        point = self._label_points.get(region_id)
        if point is None:
            point = geometry.pole_of_inaccessibility(self._shape(region_id).polygon)
            self._label_points[region_id] = point
        return point

    def silhouette(self, view: View) -> tuple[tuple[float, float], ...]:
        """Outline of the whole figure of ``view``."""
        return self._silhouettes[view]

    def regions_in_view(self, view: View) -> tuple[Region, ...]:
        """The regions drawn on ``view``, in clinical-spec order."""
        return tuple(r for r in self.regions.values() if r.view is view)

    def view_area(self, view: View) -> float:
        """Body-outline area of ``view``: the sum of its region areas (they tile it)."""
        return sum(self._shapes[r.id].area for r in self.regions_in_view(view))

    def _shape(self, region_id: str) -> _Shape:
        try:
            return self._shapes[region_id]
        except KeyError:
            raise KeyError(f"unknown region id {region_id!r}") from None

    # ------------------------------------------------------------------------------ muscles
    def muscles_under(self, region_id: str) -> list[MuscleChoice]:
        """Muscles lying under a region, on the region's side, likeliest first.

        Ranking: muscles for which this region type is the first (most typical) entry of their
        ``under`` list come first, then those listing it second, and so on; ties go to the
        higher data confidence (H, M, L), then to clinical-spec order.
        """
        region = self._region(region_id)
        ranked: list[tuple[int, int, int, Muscle]] = []
        for order, muscle in enumerate(self.muscles.values()):
            if region.type in muscle.under:
                rank = muscle.under.index(region.type)
                ranked.append((rank, CONFIDENCE_ORDER[muscle.confidence], order, muscle))
        ranked.sort(key=lambda item: item[:3])
        return [
            MuscleChoice(m.id, region.side, m.name, m.confidence, rank) for rank, _, _, m in ranked
        ]

    def referral_suggestions(self, region_ids: Iterable[str]) -> list[ReferralSuggestion]:
        """Muscles that could refer pain to the painted regions: hypotheses for palpation.

        One suggestion per muscle, with the painted regions that fall in its essential
        (primary) and spillover zones. Sides are resolved per clinical-spec 2.1: an
        ipsilateral muscle covers painted regions of its own side only (both sides when both
        are painted); a bilateral one (rectus abdominis) covers both sides.

        Ranking: more painted regions in the primary zone first (spec 2.1: primary before
        spill); ties broken by the spec's confidence column (H, M, L), then by how many painted
        regions the muscle covers in all, then clinical-spec order.

        Args:
            region_ids: Painted region ids, in any order; duplicates are ignored.

        Returns:
            Suggestions ranked likeliest first; empty when nothing was painted.

        Raises:
            KeyError: If a region id is unknown.
        """
        painted = [self._region(rid) for rid in dict.fromkeys(region_ids)]
        if not painted:
            return []
        ranked: list[tuple[tuple[int, ...], ReferralSuggestion]] = []
        for order, muscle in enumerate(self.muscles.values()):
            reached_by_side = {side: [r for r in painted if muscle.reaches(side, r)
                                      and (r.type in muscle.primary or r.type in muscle.spill)]
                               for side in (Side.LEFT, Side.RIGHT)}
            sides = tuple(side for side, found in reached_by_side.items() if found)
            if not sides:
                continue
            reached = list(dict.fromkeys(r for side in sides for r in reached_by_side[side]))
            primary = tuple(r.id for r in reached if r.type in muscle.primary)
            spill = tuple(r.id for r in reached if r.type in muscle.spill)
            own = {side: sum(1 for r in reached if r.side is side) for side in sides}
            main_side = max(sides, key=lambda side: own[side])
            key = (-len(primary), CONFIDENCE_ORDER[muscle.confidence],
                   -(len(primary) + len(spill)), order)
            ranked.append((key, ReferralSuggestion(
                muscle.id, main_side, muscle.name, muscle.confidence, primary, spill, sides)))
        ranked.sort(key=lambda item: item[0])
        return [s for _, s in ranked]

    def _region(self, region_id: str) -> Region:
        try:
            return self.regions[region_id]
        except KeyError:
            raise KeyError(f"unknown region id {region_id!r}") from None


# ---------------------------------------------------------------------------------- loading
def _parse_regions(raw: dict[str, Any]) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for r in raw["regions"]:
        region = Region(
            id=r["id"],
            type=r["type"],
            side=Side(r["side"]),
            view=View(r["view"]),
            name=r["name"],
            display_name=r["display_name"],
            covers=r["covers"],
            wpi_strict=r["wpi_strict"],
            wpi_inclusive=r["wpi_inclusive"],
            choir=tuple(r["choir"]),
            michigan=tuple(r["michigan"]),
        )
        if region.id != f"{region.type}_{region.side.value}":
            raise ValueError(f"region id {region.id!r} does not match its type and side")
        if region.id in regions:
            raise ValueError(f"duplicate region id {region.id!r}")
        regions[region.id] = region
    return regions


def _parse_muscles(raw: dict[str, Any], region_types: set[str]) -> dict[str, Muscle]:
    muscles: dict[str, Muscle] = {}
    for m in raw["muscles"]:
        if m["side"] not in ("ipsi", "bilateral"):
            raise ValueError(f"{m['id']}: side rule must be ipsi or bilateral")
        if m["confidence"] not in CONFIDENCE_ORDER:
            raise ValueError(f"{m['id']}: confidence must be H, M or L")
        muscle = Muscle(
            id=m["id"],
            name=m["name"],
            group=m["group"],
            views=tuple(View(v) for v in m["views"]),
            under=tuple(m["under"]),
            primary=tuple(m["primary"]),
            spill=tuple(m["spill"]),
            side_rule=cast(SideRule, m["side"]),
            bilateral_types=tuple(m["bilateral_types"]),
            confidence=cast(Confidence, m["confidence"]),
            sources=tuple(m["sources"]),
            notes=m["notes"],
        )
        used = {*muscle.under, *muscle.primary, *muscle.spill, *muscle.bilateral_types}
        unknown = used - region_types
        if unknown:
            raise ValueError(f"{muscle.id}: unknown region types {sorted(unknown)}")
        if muscle.id in muscles:
            raise ValueError(f"duplicate muscle id {muscle.id!r}")
        muscles[muscle.id] = muscle
    return muscles


def _parse_qualities(raw: dict[str, Any]) -> dict[PainQuality, PainQualityPattern]:
    out: dict[PainQuality, PainQualityPattern] = {}
    for q in raw["qualities"]:
        quality = PainQuality(q["id"])
        out[quality] = PainQualityPattern(
            quality=quality,
            label=q["label"],
            conventional_symbol=q["conventional_symbol"],
            pattern=q["pattern"],
            description=q["pattern_description"],
            neuropathic_hint=bool(q["neuropathic_hint"]),
        )
    missing = set(PainQuality) - set(out)
    if missing:
        raise ValueError(f"pain qualities without a pattern: {sorted(missing)}")
    return out


def _bounds(text: str) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in text.replace(",", " ").split())
    return (x0, y0, x1, y1)


def build_atlas(
    svg: bytes,
    regions_raw: dict[str, Any],
    muscles_raw: dict[str, Any],
    qualities_raw: dict[str, Any],
) -> Atlas:
    """Build an atlas from an SVG document and the three data documents.

    `load_atlas` calls this with the packaged files; tests may call it with variants.

    Raises:
        ValueError: If the SVG and the data disagree (missing or extra region paths, a
            transform, a version mismatch, an unknown region type...).
    """
    root = ET.fromstring(svg)
    for element in root.iter():
        if "transform" in element.attrib:
            raise ValueError("the body-map SVG must not use transform attributes")
    version = root.get("data-atlas-version")
    if version is None:
        raise ValueError("the body-map SVG has no data-atlas-version")
    data_version = str(regions_raw.get("atlas_version"))
    if data_version != version:
        raise ValueError(f"atlas version mismatch: SVG {version}, regions data {data_version}")
    view_box = root.get("viewBox")
    if view_box is None:
        raise ValueError("the body-map SVG has no viewBox")
    vb = _bounds(view_box)
    size = (vb[2], vb[3])

    regions = _parse_regions(regions_raw)
    muscles = _parse_muscles(muscles_raw, {r.type for r in regions.values()})
    qualities = _parse_qualities(qualities_raw)

    paths: dict[str, Polygon] = {}
    silhouettes: dict[View, Polygon] = {}
    view_bounds: dict[View, BBox] = {}
    for element in root.iter():
        tag = element.tag.removeprefix(_SVG_NS)
        element_id = element.get("id", "")
        if tag == "g" and element.get("data-view") is not None:
            view_bounds[View(element.get("data-view", ""))] = _bounds(
                element.get("data-bounds", "")
            )
        if tag != "path":
            continue
        classes = element.get("class", "").split()
        if element_id.startswith("silhouette_"):
            silhouettes[View(element_id.removeprefix("silhouette_"))] = _points_of_path(
                element.get("d", "")
            )
        elif "region" in classes or element_id in regions:
            if element_id not in regions:
                raise ValueError(f"SVG region path {element_id!r} is not in the region data")
            if element_id in paths:
                raise ValueError(f"SVG has two paths with id {element_id!r}")
            paths[element_id] = _points_of_path(element.get("d", ""))
    missing = [rid for rid in regions if rid not in paths]
    if missing:
        raise ValueError(f"regions without an SVG path: {missing}")
    if set(view_bounds) != set(View) or set(silhouettes) != set(View):
        raise ValueError("the SVG needs a panel (data-bounds) and a silhouette for each view")

    shapes = {
        rid: _Shape(paths[rid], geometry.bbox(paths[rid]), geometry.shoelace_area(paths[rid]))
        for rid in regions
    }
    return Atlas(
        version=version,
        regions=MappingProxyType(regions),
        muscles=MappingProxyType(muscles),
        pain_qualities=MappingProxyType(qualities),
        _shapes=MappingProxyType(shapes),
        _silhouettes=MappingProxyType(silhouettes),
        _view_bounds=MappingProxyType(view_bounds),
        _size=size,
    )


@functools.cache
def load_atlas() -> Atlas:
    """The packaged atlas, parsed once per process."""
    return build_atlas(
        svg_bytes(),
        _data("regions.json"),
        _data("muscles.json"),
        _data("pain_qualities.json"),
    )
