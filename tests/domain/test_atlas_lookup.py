"""Hit testing, views, bounds, label points and "muscles under this region"."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import geometry, load_atlas
from nmt_desktop.domain.vocab import Side, View

H, TOP = 100.0, 70.0  # head height and vertex level of the generated figure (tools/bodymap)
FRONT_X, BACK_X = 200.0, 600.0  # midlines of the two figures


def test_document_and_view_bounds():
    atlas = load_atlas()
    assert atlas.document_size() == (800.0, 900.0)
    assert atlas.view_bounds(View.ANTERIOR) == (0.0, 0.0, 400.0, 900.0)
    assert atlas.view_bounds(View.POSTERIOR) == (400.0, 0.0, 800.0, 900.0)


def test_view_at():
    atlas = load_atlas()
    assert atlas.view_at(100, 450) is View.ANTERIOR
    assert atlas.view_at(700, 450) is View.POSTERIOR
    assert atlas.view_at(-5, 10) is None
    assert atlas.view_at(100, 950) is None


def test_label_point_of_every_region_hits_that_region():
    atlas = load_atlas()
    for rid, region in atlas.regions.items():
        x, y = atlas.label_point(rid)
        assert geometry.contains(atlas.polygon(rid), x, y), rid
        assert atlas.region_at(x, y) == region, rid
        assert atlas.view_at(x, y) is region.view
        # well inside: at least 2 SVG units from the outline
        assert geometry.signed_distance(atlas.polygon(rid), x, y) > 2.0, rid


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        # front: the patient's right is on the viewer's left
        (FRONT_X - 0.3 * H, TOP + 1.8 * H, "chest_right"),
        (FRONT_X + 0.3 * H, TOP + 1.8 * H, "chest_left"),
        (FRONT_X - 0.1 * H, TOP + 3.3 * H, "abdomen_lower_right"),
        (FRONT_X + 0.33 * H, TOP + 6.0 * H, "knee_anterior_left"),
        (FRONT_X - 0.12 * H, TOP + 0.2 * H, "forehead_right"),
        # back: the patient's right is on the viewer's right
        (BACK_X + 0.1 * H, TOP + 2.0 * H, "interscapular_right"),
        (BACK_X - 0.45 * H, TOP + 2.0 * H, "scapula_left"),
        (BACK_X + 0.35 * H, TOP + 3.8 * H, "buttock_right"),
        (BACK_X - 0.33 * H, TOP + 6.6 * H, "calf_left"),
        (BACK_X + 0.3 * H, TOP + 7.85 * H, "foot_plantar_right"),
    ],
)
def test_region_at_known_points(x, y, expected):
    region = load_atlas().region_at(x, y)
    assert region is not None and region.id == expected


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (5, 5),  # corner of the document
        (FRONT_X, TOP + 5.0 * H),  # between the thighs
        (FRONT_X + 0.75 * H, TOP + 2.9 * H),  # between arm and trunk
        (BACK_X - 1.5 * H, TOP + 1.0 * H),  # beside the head
        (FRONT_X, TOP - 10),  # above the head
        (400, 450),  # between the two figures
    ],
)
def test_region_at_outside_the_body_is_none(x, y):
    assert load_atlas().region_at(x, y) is None


def test_areas_are_positive_and_tile_each_view():
    atlas = load_atlas()
    for view in View:
        total = atlas.view_area(view)
        silhouette = geometry.shoelace_area(atlas.silhouette(view))
        assert total == pytest.approx(silhouette, rel=1e-3)
        for region in atlas.regions_in_view(view):
            assert atlas.area(region.id) > 0.002 * total, region.id


def test_hands_are_big_enough_to_hit():
    """At 700 px figure height each palm half must hold a comfortably large target."""
    atlas = load_atlas()
    scale = 700 / (8.1 * H)
    for rid in (
        "hand_palmar_radial_left",
        "hand_palmar_ulnar_left",
        "hand_dorsal_right",
        "foot_plantar_left",
        "temple_right",
        "orbit_left",
    ):
        x, y = atlas.label_point(rid)
        radius_px = geometry.signed_distance(atlas.polygon(rid), x, y) * scale
        assert radius_px >= 4.0, (rid, radius_px)


def test_unknown_region_raises_key_error():
    atlas = load_atlas()
    with pytest.raises(KeyError):
        atlas.polygon("nose_left")
    with pytest.raises(KeyError):
        atlas.muscles_under("nose_left")


def test_muscles_under_a_region_take_its_side_likeliest_first():
    atlas = load_atlas()
    temple = atlas.muscles_under("temple_right")
    assert [c.muscle_id for c in temple] == ["temporalis"]
    assert temple[0].side is Side.RIGHT
    scapula = [c.muscle_id for c in atlas.muscles_under("scapula_left")]
    assert scapula[0] == "infraspinatus"  # scapula is its first 'under' type, confidence H
    assert set(scapula) == {
        "supraspinatus",
        "infraspinatus",
        "teres_minor",
        "teres_major",
        "subscapularis",
        "latissimus_dorsi",
        "serratus_posterior_superior",
    }
    # teres minor (first under type, confidence M) ranks after the H muscles listing it first
    assert scapula.index("teres_minor") > scapula.index("teres_major")
    # supraspinatus lists scapula second
    assert scapula.index("supraspinatus") > scapula.index("teres_minor")
    assert all(c.side is Side.LEFT for c in atlas.muscles_under("scapula_left"))
    calf = [c.muscle_id for c in atlas.muscles_under("calf_left")]
    assert calf == ["gastrocnemius", "soleus", "tibialis_posterior"]
    assert atlas.muscles_under("forehead_left") == []


def test_polygon_helpers():
    square = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    assert geometry.shoelace_area(square) == 100.0
    assert geometry.contains(square, 5, 5) and not geometry.contains(square, 15, 5)
    assert geometry.centroid(square) == (5.0, 5.0)
    px, py = geometry.pole_of_inaccessibility(square, precision=0.01)
    assert (px, py) == pytest.approx((5.0, 5.0), abs=0.05)
    ell = ((0.0, 0.0), (10.0, 0.0), (10.0, 2.0), (2.0, 2.0), (2.0, 10.0), (0.0, 10.0))
    lx, ly = geometry.pole_of_inaccessibility(ell)
    assert geometry.contains(ell, lx, ly)
