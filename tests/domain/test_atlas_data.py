"""The atlas data files: regions, muscles and pain qualities agree with each other and the spec."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import build_atlas, load_atlas, svg_bytes
from nmt_desktop.domain.atlas.atlas import _data
from nmt_desktop.domain.scoring import WPI_AREAS
from nmt_desktop.domain.vocab import PainQuality, Side, View

# clinical-spec 2.6, "muscles that could refer pain here", transcribed as (primary, spillover)
REVERSE_INDEX = {
    "forehead": (("scm_clavicular",), ("semispinalis_capitis", "suboccipitals")),
    "temple": (
        ("semispinalis_capitis", "suboccipitals", "temporalis", "upper_trapezius"),
        ("splenius_cervicis",),
    ),
    "orbit": (
        ("scm_sternal", "splenius_cervicis", "temporalis"),
        ("masseter", "suboccipitals", "upper_trapezius"),
    ),
    "cheek": (("lateral_pterygoid", "masseter", "scm_sternal"), ("scm_clavicular", "temporalis")),
    "jaw": (
        ("lateral_pterygoid", "masseter", "medial_pterygoid", "scm_clavicular"),
        ("soleus", "temporalis", "upper_trapezius"),
    ),
    "neck_anterior": (("medial_pterygoid",), ("scm_sternal",)),
    "shoulder_anterior": (
        (
            "biceps_brachii",
            "deltoid",
            "infraspinatus",
            "pectoralis_major",
            "pectoralis_minor",
            "supraspinatus",
        ),
        ("latissimus_dorsi",),
    ),
    "chest": (("pectoralis_major", "pectoralis_minor", "scalenes"), ("scm_sternal",)),
    "chest_lateral": (("diaphragm", "serratus_anterior"), ("latissimus_dorsi",)),
    "abdomen_upper": ((), ("iliocostalis", "rectus_abdominis")),
    "abdomen_lower": (
        (),
        ("iliocostalis", "multifidi_rotatores", "quadratus_lumborum", "rectus_abdominis"),
    ),
    "groin": (("adductor_longus_brevis",), ("adductor_magnus", "iliopsoas", "quadratus_lumborum")),
    "arm_anterior": (
        ("infraspinatus", "scalenes"),
        (
            "brachialis",
            "deltoid",
            "pectoralis_major",
            "pectoralis_minor",
            "serratus_anterior",
            "supraspinatus",
        ),
    ),
    "elbow_anterior": (
        (),
        (
            "biceps_brachii",
            "brachialis",
            "forearm_flexors",
            "pectoralis_major",
            "pectoralis_minor",
            "triceps_brachii",
        ),
    ),
    "forearm_anterior": (
        (),
        (
            "forearm_flexors",
            "infraspinatus",
            "pectoralis_major",
            "pectoralis_minor",
            "scalenes",
            "serratus_anterior",
        ),
    ),
    "hand_palmar_radial": (
        ("brachialis", "forearm_flexors"),
        ("infraspinatus", "scalenes", "subscapularis"),
    ),
    "hand_palmar_ulnar": (
        ("forearm_flexors",),
        (
            "latissimus_dorsi",
            "pectoralis_major",
            "pectoralis_minor",
            "serratus_anterior",
            "serratus_posterior_superior",
            "subscapularis",
            "triceps_brachii",
        ),
    ),
    "thigh_anterior": ((), ("iliopsoas", "rectus_femoris")),
    "thigh_medial": (("adductor_longus_brevis", "adductor_magnus"), ("vastus_medialis",)),
    "thigh_lateral": (
        ("gluteus_minimus", "tensor_fasciae_latae", "vastus_lateralis"),
        ("quadratus_lumborum",),
    ),
    "knee_anterior": (
        ("rectus_femoris", "vastus_lateralis", "vastus_medialis"),
        ("adductor_longus_brevis", "gluteus_minimus", "tensor_fasciae_latae"),
    ),
    "leg_anterior": ((), ("adductor_longus_brevis", "tibialis_anterior")),
    "leg_lateral": (("gluteus_minimus",), ("fibularis_longus_brevis",)),
    "foot_dorsal": (("fibularis_longus_brevis", "tibialis_anterior"), ("gluteus_minimus",)),
    "head_crown": (("scm_sternal", "splenius_capitis"), ()),
    "occiput": (
        (
            "lower_trapezius",
            "scm_sternal",
            "semispinalis_capitis",
            "splenius_cervicis",
            "suboccipitals",
            "upper_trapezius",
        ),
        ("multifidi_rotatores", "scm_clavicular"),
    ),
    "neck_posterior": (
        ("levator_scapulae", "lower_trapezius", "upper_trapezius"),
        ("infraspinatus", "multifidi_rotatores"),
    ),
    "shoulder_top": (
        ("levator_scapulae", "lower_trapezius"),
        ("biceps_brachii", "diaphragm", "middle_trapezius", "splenius_cervicis", "triceps_brachii"),
    ),
    "shoulder_posterior": (
        (
            "deltoid",
            "serratus_posterior_superior",
            "subscapularis",
            "supraspinatus",
            "teres_major",
            "teres_minor",
            "triceps_brachii",
        ),
        ("latissimus_dorsi", "levator_scapulae"),
    ),
    "scapula": (
        ("latissimus_dorsi", "serratus_posterior_superior", "subscapularis"),
        ("iliocostalis", "levator_scapulae", "rhomboids", "serratus_anterior"),
    ),
    "interscapular": (
        ("middle_trapezius", "rhomboids", "scalenes"),
        (
            "iliocostalis",
            "infraspinatus",
            "levator_scapulae",
            "lower_trapezius",
            "multifidi_rotatores",
            "serratus_anterior",
        ),
    ),
    "mid_back": (
        ("iliocostalis", "latissimus_dorsi", "rectus_abdominis"),
        ("multifidi_rotatores",),
    ),
    "low_back": (
        ("gluteus_medius", "iliopsoas", "multifidi_rotatores", "quadratus_lumborum",
         "rectus_abdominis"),
        ("longissimus_thoracis",),
    ),
    "sacroiliac": (
        (
            "gluteus_maximus",
            "gluteus_medius",
            "iliopsoas",
            "longissimus_thoracis",
            "multifidi_rotatores",
            "piriformis",
            "quadratus_lumborum",
            "rectus_abdominis",
        ),
        ("soleus",),
    ),
    "buttock": (
        (
            "gluteus_maximus",
            "gluteus_medius",
            "gluteus_minimus",
            "hamstrings_medial",
            "iliocostalis",
            "longissimus_thoracis",
            "piriformis",
            "quadratus_lumborum",
        ),
        ("iliopsoas",),
    ),
    "hip_lateral": (
        ("quadratus_lumborum", "tensor_fasciae_latae"),
        ("gluteus_medius", "gluteus_minimus", "piriformis", "vastus_lateralis"),
    ),
    "arm_posterior": (
        ("scalenes", "teres_major", "triceps_brachii"),
        (
            "deltoid",
            "latissimus_dorsi",
            "serratus_posterior_superior",
            "subscapularis",
            "teres_minor",
        ),
    ),
    "elbow_posterior": (
        ("brachioradialis", "supinator", "supraspinatus", "triceps_brachii", "wrist_extensors"),
        ("finger_extensors", "serratus_posterior_superior"),
    ),
    "forearm_posterior": (
        ("finger_extensors",),
        (
            "brachioradialis",
            "latissimus_dorsi",
            "scalenes",
            "serratus_posterior_superior",
            "supinator",
            "supraspinatus",
            "teres_major",
            "triceps_brachii",
            "wrist_extensors",
        ),
    ),
    "hand_dorsal": (
        ("brachialis", "brachioradialis", "finger_extensors", "supinator", "wrist_extensors"),
        ("infraspinatus", "scalenes", "subscapularis"),
    ),
    "thigh_posterior": (
        ("gluteus_minimus", "hamstrings_medial"),
        ("biceps_femoris", "gastrocnemius", "gluteus_medius", "piriformis"),
    ),
    "knee_posterior": (
        ("biceps_femoris",),
        ("gastrocnemius", "gluteus_minimus", "hamstrings_medial", "vastus_lateralis"),
    ),
    "calf": (
        ("gastrocnemius", "gluteus_minimus"),
        ("biceps_femoris", "hamstrings_medial", "soleus", "tibialis_posterior"),
    ),
    "heel_achilles": (
        ("fibularis_longus_brevis", "soleus", "tibialis_posterior"),
        ("plantar_intrinsics",),
    ),
    "foot_plantar": (("gastrocnemius", "plantar_intrinsics", "soleus", "tibialis_posterior"), ()),
}


def test_load_atlas_is_cached():
    assert load_atlas() is load_atlas()


def test_ninety_regions_of_45_types_each_on_both_sides():
    atlas = load_atlas()
    assert len(atlas.regions) == 90
    types = {r.type for r in atlas.regions.values()}
    assert len(types) == 45
    for t in types:
        left, right = atlas.regions[f"{t}_left"], atlas.regions[f"{t}_right"]
        assert (left.side, right.side) == (Side.LEFT, Side.RIGHT)
        assert left.view is right.view
        assert left.name == right.name


def test_display_names_carry_the_patients_side():
    for region in load_atlas().regions.values():
        assert region.display_name.startswith(region.side.label + " ")
        assert region.covers and region.choir and region.michigan
    atlas = load_atlas()
    assert atlas.regions["temple_left"].display_name == "Left temple"
    assert atlas.regions["heel_achilles_right"].display_name == "Right Achilles & heel"


def test_view_assignment_follows_the_spec():
    atlas = load_atlas()
    front = {r.type for r in atlas.regions_in_view(View.ANTERIOR)}
    back = {r.type for r in atlas.regions_in_view(View.POSTERIOR)}
    assert {
        "thigh_lateral",
        "leg_lateral",
        "hand_palmar_radial",
        "hand_palmar_ulnar",
        "foot_dorsal",
    } <= front
    assert {"hip_lateral", "hand_dorsal", "foot_plantar", "heel_achilles"} <= back
    assert len(front) == 24 and len(back) == 21


def test_wpi_mappings_use_the_19_areas():
    areas = set(WPI_AREAS)
    assert len(areas) == 19
    atlas = load_atlas()
    strict = {r.wpi_strict for r in atlas.regions.values()} - {None}
    inclusive = {r.wpi_inclusive for r in atlas.regions.values()} - {None}
    assert strict == areas
    assert inclusive == areas
    for region in atlas.regions.values():
        if region.wpi_strict is not None:
            assert region.wpi_inclusive == region.wpi_strict
        for area in (region.wpi_strict, region.wpi_inclusive):
            if area is not None and area.endswith(("_left", "_right")):
                assert area.endswith(region.side.value)
    assert atlas.regions["scapula_left"].wpi_strict == "upper_back"
    assert atlas.regions["shoulder_top_right"].wpi_strict == "shoulder_girdle_right"
    assert atlas.regions["sacroiliac_left"].wpi_strict == "lower_back"
    assert atlas.regions["groin_left"].wpi_strict is None
    assert atlas.regions["groin_left"].wpi_inclusive == "hip_left"


def test_sixty_muscles_with_known_region_types():
    atlas = load_atlas()
    assert len(atlas.muscles) == 60
    types = {r.type for r in atlas.regions.values()}
    for muscle in atlas.muscles.values():
        assert muscle.under, muscle.id
        assert muscle.primary, muscle.id
        for t in (*muscle.under, *muscle.primary, *muscle.spill, *muscle.bilateral_types):
            assert t in types, (muscle.id, t)
        assert not set(muscle.primary) & set(muscle.spill), muscle.id
        assert muscle.confidence in ("H", "M", "L")
        assert muscle.side_rule in ("ipsi", "bilateral")
        assert muscle.notes and muscle.sources and muscle.views


def test_mapping_totals_match_the_spec():
    muscles = load_atlas().muscles.values()
    # Spec §2.1/§2.4 as revised: quadratus lumborum refers to low_back too, 246 links.
    assert sum(len(m.primary) for m in muscles) == 122
    assert sum(len(m.spill) for m in muscles) == 124
    assert sum(len(m.primary) + len(m.spill) for m in muscles) == 246
    assert sum(len(m.under) for m in muscles) == 93


def test_reverse_index_matches_spec_section_2_6():
    atlas = load_atlas()
    for t in {r.type for r in atlas.regions.values()}:
        primary = tuple(sorted(m.id for m in atlas.muscles.values() if t in m.primary))
        spill = tuple(sorted(m.id for m in atlas.muscles.values() if t in m.spill))
        assert (primary, spill) == REVERSE_INDEX[t], t


def test_only_rectus_abdominis_is_bilateral():
    muscles = load_atlas().muscles
    assert [m.id for m in muscles.values() if m.side_rule == "bilateral"] == ["rectus_abdominis"]
    assert muscles["scm_clavicular"].bilateral_types == ("forehead",)


def test_every_pain_quality_has_a_distinct_pattern():
    qualities = load_atlas().pain_qualities
    assert set(qualities) == set(PainQuality)
    assert len({q.pattern for q in qualities.values()}) == len(PainQuality)
    assert qualities[PainQuality.BURNING].conventional_symbol.startswith("x")
    assert qualities[PainQuality.NUMBNESS].neuropathic_hint
    assert not qualities[PainQuality.ACHING].neuropathic_hint


def _build(svg: bytes | None = None, regions: dict | None = None):
    return build_atlas(
        svg if svg is not None else svg_bytes(),
        regions if regions is not None else _data("regions.json"),
        _data("muscles.json"),
        _data("pain_qualities.json"),
    )


def test_build_refuses_a_transform():
    svg = svg_bytes().replace(
        b'<path id="temple_left"', b'<path transform="scale(2)" id="temple_left"'
    )
    with pytest.raises(ValueError, match="transform"):
        _build(svg)


def test_build_refuses_a_missing_region_path():
    svg = svg_bytes().replace(b'id="temple_left" class="region"', b'id="temple_l" class="region"')
    with pytest.raises(ValueError, match="temple_l"):
        _build(svg)


def test_build_refuses_a_version_mismatch():
    regions = dict(_data("regions.json"), atlas_version="999")
    with pytest.raises(ValueError, match="version"):
        _build(regions=regions)
