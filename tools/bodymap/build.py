"""Assemble the figure description into region polygons and write the SVG.

For each view: the half silhouette and the half boundary strokes are densified, simplified and
mirrored; the silhouette ring, every boundary and the midline are noded together and polygonised.
Each face inside the silhouette must hold exactly one seed point, which names its region, so the
regions tile the silhouette by construction (shared borders are the same noded segments).
Coordinates are rounded to 0.1 SVG unit after noding, so shared borders stay identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from shapely import LinearRing, LineString, Point, Polygon, polygonize, unary_union
from shapely.geometry.polygon import orient

from tools.bodymap import figure
from tools.bodymap.curves import Point as XY  # noqa: N814
from tools.bodymap.curves import join, mirror

# Layout, in SVG user units. One head height (H) is 100 units.
H = 100.0
WIDTH = 800.0
HEIGHT = 900.0
TOP = 70.0  # y of the vertex of both figures; the soles are at TOP + 8.1 H
CENTRE = {figure.ANTERIOR: 200.0, figure.POSTERIOR: 600.0}
PANEL = {figure.ANTERIOR: (0.0, 0.0, 400.0, HEIGHT), figure.POSTERIOR: (400.0, 0.0, 800.0, HEIGHT)}
SIDE_LABEL_DX = 1.3 * H
SIDE_LABEL_Y = TOP + 0.62 * H
VIEW_LABEL_Y = 42.0

SIMPLIFY = 0.035  # Douglas-Peucker tolerance in SVG units (well below a pixel at 1200 px)
DECIMALS = 1

STYLE_REGIONS = {
    "fill": "#f4f1ec",
    "stroke": "#b3aba2",
    "stroke-width": "0.7",
    "stroke-linejoin": "round",
}
STYLE_DETAIL = {
    "fill": "none",
    "stroke": "#b3aba2",
    "stroke-width": "0.7",
    "stroke-linecap": "round",
}
STYLE_SILHOUETTE = {
    "fill": "none",
    "stroke": "#3d3a37",
    "stroke-width": "1.6",
    "stroke-linejoin": "round",
}
STYLE_TEXT = {
    "font-family": "DejaVu Sans, Helvetica, Arial, sans-serif",
    "fill": "#3d3a37",
    "text-anchor": "middle",
}


@dataclass(frozen=True)
class RegionInfo:
    id: str
    type: str
    side: str
    view: str
    display_name: str


def _regions_file() -> dict[str, Any]:
    ref = resources.files("nmt_desktop.domain.atlas") / "data" / "regions.json"
    raw: dict[str, Any] = json.loads(ref.read_text(encoding="utf-8"))
    return raw


def atlas_version() -> str:
    """The atlas version written into the SVG root, from the region data file."""
    return str(_regions_file()["atlas_version"])


def load_regions() -> dict[str, RegionInfo]:
    """Region ids and names from the atlas data file (the single source of the names)."""
    raw = _regions_file()
    return {
        r["id"]: RegionInfo(r["id"], r["type"], r["side"], r["view"], r["display_name"])
        for r in raw["regions"]
    }


def side_for(view: str, x_half: float) -> str:
    """Patient's side of a point of a view, from the sign of its x relative to the midline.

    Anterior view: the patient's right is on the viewer's left (x < 0).
    Posterior view: the patient's right is on the viewer's right (x > 0).
    """
    if view == figure.ANTERIOR:
        return "left" if x_half > 0 else "right"
    return "right" if x_half > 0 else "left"


def _to_doc(view: str, pts: Iterable[XY]) -> list[XY]:
    cx = CENTRE[view]
    return [(cx + x * H, TOP + y * H) for x, y in pts]


def _simplify(pts: Sequence[XY]) -> list[XY]:
    simplified = LineString(pts).simplify(SIMPLIFY, preserve_topology=False)
    return [(float(x), float(y)) for x, y in simplified.coords]


def _round_ring(poly: Polygon) -> list[XY]:
    """Exterior ring rounded to the output grid, counter-clockwise on screen, canonical start."""
    ring = orient(poly, sign=-1.0).exterior.coords[:-1]  # clockwise in y-up = ccw on screen
    out: list[XY] = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    start = min(range(len(out)), key=lambda i: (out[i][1], out[i][0]))
    return out[start:] + out[:start]


@dataclass(frozen=True)
class ViewGeometry:
    view: str
    regions: dict[str, list[XY]]  # region id -> rounded ring (doc units)
    silhouette: list[XY]
    details: list[list[XY]]


def build_view(view: str, regions: dict[str, RegionInfo]) -> ViewGeometry:
    half = _simplify(_to_doc(view, join(figure.outline(view))))
    cx = CENTRE[view]
    if abs(half[0][0] - cx) > 1e-9 or abs(half[-1][0] - cx) > 1e-9:
        raise ValueError("the half outline must start and end on the midline")
    other = [(2 * cx - x, y) for x, y in reversed(half)]
    ring = half + other[1:-1]
    silhouette = Polygon(ring)
    if not silhouette.is_valid:
        raise ValueError(f"{view}: silhouette is not a simple polygon")

    lines: list[LineString] = [LinearRing(ring)]
    for stroke in figure.cuts(view):
        dense = stroke.dense()
        for pts in (dense, mirror(dense)):
            lines.append(LineString(_simplify(_to_doc(view, pts))))
    lines.append(LineString([(cx, TOP - 0.1 * H), (cx, TOP + 4.12 * H)]))
    noded = unary_union(lines)
    faces = [
        f
        for f in polygonize(list(noded.geoms)).geoms
        if silhouette.contains(f.representative_point())
    ]

    seeds: dict[str, XY] = {}
    for rtype, (sx, sy) in figure.seeds(view).items():
        for x in (sx, -sx):
            rid = f"{rtype}_{side_for(view, x)}"
            if rid not in regions:
                raise ValueError(f"{view}: seed names unknown region {rid}")
            if regions[rid].view != view:
                raise ValueError(f"{rid} belongs to the {regions[rid].view} view, not {view}")
            seeds[rid] = _to_doc(view, [(x, sy)])[0]

    out: dict[str, list[XY]] = {}
    problems: list[str] = []
    for face in faces:
        inside = [rid for rid, p in seeds.items() if face.contains(Point(p))]
        if len(inside) != 1:
            c = face.representative_point()
            problems.append(
                f"{view}: face at ({c.x:.1f}, {c.y:.1f}), area {face.area:.1f}, "
                f"holds seeds {inside}"
            )
            continue
        if face.interiors:
            problems.append(f"{inside[0]} has a hole")
        out[inside[0]] = _round_ring(face)
    missing = sorted(set(seeds) - set(out))
    if missing:
        problems.append(f"{view}: seeds in no face: {missing}")
    if problems:
        raise ValueError("\n".join(problems))

    rounded = [Polygon(r) for r in out.values()]
    for rid, poly in zip(out, rounded, strict=True):
        if not poly.is_valid:
            raise ValueError(f"{rid}: invalid polygon after rounding")
    union = unary_union(rounded)
    if union.geom_type != "Polygon" or union.interiors:
        raise ValueError(f"{view}: regions do not form one simple polygon")
    details = []
    for d, mirrored in figure.details(view):
        for pts in (d, mirror(d)) if mirrored else (d,):
            details.append(
                [(round(x, DECIMALS), round(y, DECIMALS)) for x, y in _to_doc(view, pts)]
            )
    return ViewGeometry(view, out, _round_ring(union), details)


def _num(v: float) -> str:
    s = f"{v:.{DECIMALS}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def path_d(pts: Sequence[XY], closed: bool = True) -> str:
    head = f"M{_num(pts[0][0])} {_num(pts[0][1])}"
    body = " ".join(f"{_num(x)} {_num(y)}" for x, y in pts[1:])
    return f"{head}L{body}{'Z' if closed else ''}"


def _attrs(d: dict[str, Any]) -> str:
    return " ".join(f"{k}={quoteattr(str(v))}" for k, v in d.items())


def render_svg(views: Sequence[ViewGeometry], regions: dict[str, RegionInfo]) -> str:
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_num(WIDTH)}" '
        f'height="{_num(HEIGHT)}" viewBox="0 0 {_num(WIDTH)} {_num(HEIGHT)}" '
        f'data-atlas-version="{atlas_version()}">',
        "<title>NMT Desktop body map: front and back views</title>",
        "<desc>Generated by python -m tools.bodymap from tools/bodymap/figure.py; do not edit by "
        "hand. Region ids are clinical-spec section 1.3 ids; left and right are the patient's "
        "sides.</desc>",
    ]
    for geo in views:
        view = geo.view
        cx = CENTRE[view]
        x0, y0, x1, y1 = PANEL[view]
        out.append(
            f'<g id="view_{view}" data-view="{view}" '
            f'data-bounds="{_num(x0)} {_num(y0)} {_num(x1)} {_num(y1)}">'
        )
        out.append(f'<g id="regions_{view}" class="regions" {_attrs(STYLE_REGIONS)}>')
        ordered = sorted(geo.regions, key=lambda rid: list(regions).index(rid))
        for rid in ordered:
            info = regions[rid]
            out.append(
                f'<path id="{rid}" class="region" data-type="{info.type}" '
                f'data-side="{info.side}" data-view="{view}" d="{path_d(geo.regions[rid])}">'
                f"<title>{escape(info.display_name)}</title></path>"
            )
        out.append("</g>")
        out.append(f'<g class="details" {_attrs(STYLE_DETAIL)}>')
        for d in geo.details:
            out.append(f'<path class="detail" d="{path_d(d, closed=False)}"/>')
        out.append("</g>")
        out.append(
            f'<path id="silhouette_{view}" class="silhouette" {_attrs(STYLE_SILHOUETTE)} '
            f'd="{path_d(geo.silhouette)}"/>'
        )
        label = "Front" if view == figure.ANTERIOR else "Back"
        out.append(
            f'<text id="view_label_{view}" class="view-label" x="{_num(cx)}" '
            f'y="{_num(VIEW_LABEL_Y)}" font-size="26" font-weight="bold" {_attrs(STYLE_TEXT)}>'
            f"{label}</text>"
        )
        for sign in (-1.0, 1.0):
            side = side_for(view, sign)
            letter = "R" if side == "right" else "L"
            out.append(
                f'<text id="side_label_{view}_{side}" class="side-label" data-side="{side}" '
                f'x="{_num(cx + sign * SIDE_LABEL_DX)}" y="{_num(SIDE_LABEL_Y)}" font-size="30" '
                f"{_attrs(STYLE_TEXT)}>{letter}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def generate() -> str:
    """The SVG text, from the figure description and the atlas region names."""
    regions = load_regions()
    views = [build_view(v, regions) for v in (figure.ANTERIOR, figure.POSTERIOR)]
    found = {rid for geo in views for rid in geo.regions}
    if found != set(regions):
        raise ValueError(f"regions without geometry: {sorted(set(regions) - found)}")
    return render_svg(views, regions)
