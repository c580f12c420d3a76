"""The body-map SVG: structure, laterality labels, tiling, and that the generator reproduces it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nmt_desktop.domain.atlas import load_atlas, svg_bytes
from nmt_desktop.domain.vocab import Side, View

ROOT = Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def svg_root() -> ET.Element:
    return ET.fromstring(svg_bytes())


def _paths(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}path")]


def test_every_region_has_exactly_one_path_and_every_region_path_a_region(svg_root):
    atlas = load_atlas()
    region_paths = [p for p in _paths(svg_root) if "region" in p.get("class", "").split()]
    ids = [p.get("id") for p in region_paths]
    assert len(ids) == len(set(ids)) == 90
    assert set(ids) == set(atlas.regions)
    # no other path carries a region id
    other_ids = {p.get("id") for p in _paths(svg_root) if p not in region_paths}
    assert not (other_ids & set(atlas.regions))


def test_other_paths_are_silhouettes_or_details(svg_root):
    for path in _paths(svg_root):
        classes = set(path.get("class", "").split())
        assert classes & {"region", "silhouette", "detail"}, path.attrib
    silhouettes = {p.get("id") for p in _paths(svg_root) if "silhouette" in p.get("class", "")}
    assert silhouettes == {"silhouette_anterior", "silhouette_posterior"}


def test_view_split_is_48_front_42_back(svg_root):
    atlas = load_atlas()
    assert len(atlas.regions_in_view(View.ANTERIOR)) == 48
    assert len(atlas.regions_in_view(View.POSTERIOR)) == 42
    for path in _paths(svg_root):
        if "region" in path.get("class", ""):
            assert path.get("data-view") == atlas.regions[path.get("id")].view.value


def test_no_transform_anywhere_and_only_absolute_commands(svg_root):
    for element in svg_root.iter():
        assert "transform" not in element.attrib, element.tag
    for path in _paths(svg_root):
        commands = re.findall(r"[A-Za-z]", path.get("d", ""))
        assert set(commands) <= set("MLZ"), set(commands)


def test_each_region_is_one_closed_outline_with_a_title(svg_root):
    atlas = load_atlas()
    for path in _paths(svg_root):
        if "region" not in path.get("class", ""):
            continue
        d = path.get("d", "")
        assert d.count("M") == 1 and d.rstrip().endswith("Z"), path.get("id")
        title = path.find(f"{NS}title")
        assert title is not None and title.text == atlas.regions[path.get("id")].display_name


def test_root_carries_the_atlas_version(svg_root):
    assert svg_root.get("data-atlas-version") == load_atlas().version == "1"
    assert svg_root.get("viewBox") == "0 0 800 900"


def test_side_letters_sit_on_the_patients_sides(svg_root):
    atlas = load_atlas()
    texts = {t.get("id"): t for t in svg_root.iter(f"{NS}text")}
    for view in View:
        x0, _, x1, _ = atlas.view_bounds(view)
        middle = (x0 + x1) / 2
        right = texts[f"side_label_{view.value}_right"]
        left = texts[f"side_label_{view.value}_left"]
        assert right.text == "R" and left.text == "L"
        if view is View.ANTERIOR:  # patient's right on the viewer's left
            assert float(right.get("x")) < middle < float(left.get("x"))
        else:  # from behind, the patient's right is on the viewer's right
            assert float(left.get("x")) < middle < float(right.get("x"))
    assert texts["view_label_anterior"].text == "Front"
    assert texts["view_label_posterior"].text == "Back"


def test_region_centroids_follow_the_patients_sides():
    atlas = load_atlas()
    for region in atlas.regions.values():
        if region.side is not Side.RIGHT:
            continue
        mirror = atlas.regions[f"{region.type}_left"]
        xs_right = [x for x, _ in atlas.polygon(region.id)]
        xs_left = [x for x, _ in atlas.polygon(mirror.id)]
        x0, _, x1, _ = atlas.view_bounds(region.view)
        middle = (x0 + x1) / 2
        right_x = sum(xs_right) / len(xs_right)
        left_x = sum(xs_left) / len(xs_left)
        if region.view is View.ANTERIOR:
            assert right_x < middle < left_x, region.id
            assert max(xs_right) <= middle + 0.01 <= min(xs_left) + 0.02, region.id
        else:
            assert left_x < middle < right_x, region.id
            assert max(xs_left) <= middle + 0.01 <= min(xs_right) + 0.02, region.id


def test_figure_is_mirror_symmetric():
    atlas = load_atlas()
    for region in atlas.regions.values():
        if region.side is Side.RIGHT:
            left = f"{region.type}_left"
            assert atlas.area(region.id) == pytest.approx(atlas.area(left), rel=1e-3), region.id


def test_file_is_reasonably_small():
    assert len(svg_bytes()) < 400 * 1024
