"""The regions of each view tile its silhouette, and the generator reproduces the committed SVG.

Both need shapely, a development dependency (the app never imports it).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import View

ROOT = Path(__file__).resolve().parents[2]

shapely = pytest.importorskip("shapely", reason="shapely (a dev dependency) checks the tiling")


@pytest.mark.parametrize("view", list(View))
def test_regions_tile_the_silhouette(view):
    from shapely.geometry import Polygon

    atlas = load_atlas()
    polygons = {r.id: Polygon(atlas.polygon(r.id)) for r in atlas.regions_in_view(view)}
    for rid, poly in polygons.items():
        assert poly.is_valid, rid
        assert poly.geom_type == "Polygon" and not poly.interiors, rid
        assert poly.area == pytest.approx(atlas.area(rid), rel=1e-9)
    silhouette = Polygon(atlas.silhouette(view))
    assert silhouette.is_valid
    union = shapely.unary_union(list(polygons.values()))
    assert union.geom_type == "Polygon" and not union.interiors
    assert abs(union.area - silhouette.area) / silhouette.area < 0.001
    assert union.symmetric_difference(silhouette).area / silhouette.area < 0.001
    assert sum(p.area for p in polygons.values()) == pytest.approx(silhouette.area, rel=0.001)
    for (a, pa), (b, pb) in itertools.combinations(polygons.items(), 2):
        if pa.bounds[0] > pb.bounds[2] or pb.bounds[0] > pa.bounds[2]:
            continue
        assert pa.intersection(pb).area < 0.01, (a, b)


def test_views_do_not_overlap_and_sit_in_their_panels():
    from shapely.geometry import Polygon, box

    atlas = load_atlas()
    for view in View:
        panel = box(*atlas.view_bounds(view))
        assert panel.contains(Polygon(atlas.silhouette(view)))
    front, back = (Polygon(atlas.silhouette(v)) for v in View)
    assert front.intersection(back).area == 0
    # same scale and the same baseline
    assert front.bounds[3] == pytest.approx(back.bounds[3], abs=0.5)
    assert front.bounds[1] == pytest.approx(back.bounds[1], abs=0.5)


def test_generator_reproduces_the_committed_svg():
    result = subprocess.run(
        [sys.executable, "-m", "tools.bodymap", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
