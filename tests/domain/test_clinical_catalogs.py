"""The clinical catalogs are complete and refer only to things that exist."""

from __future__ import annotations

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.exercises import EXERCISES, EXERCISES_BY_ID
from nmt_desktop.domain.posture import POSTURE_FINDINGS
from nmt_desktop.domain.rom import ROM_JOINTS, ROM_REFERENCES, movements_of, rom_reference
from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS,
    ENDANGERMENT_SITES,
    RED_FLAGS,
    ScreeningCategory,
    Urgency,
    endangerment_region_ids,
    endangerment_sites_in,
    screening_item,
)
from nmt_desktop.domain.techniques import DEEP_TECHNIQUE_IDS, TECHNIQUES_BY_ID


def test_every_spec_item_is_listed_once() -> None:
    # clinical-spec §4.1 lists 32 contraindications, §4.2 22 red flags, §5.4 34 exercises,
    # §5.1 25 postural findings.
    assert len(CONTRAINDICATIONS) == 32
    assert len(RED_FLAGS) == 22
    assert len(EXERCISES) == len(EXERCISES_BY_ID) == 34
    assert len(POSTURE_FINDINGS) == 25
    ids = [c.id for c in CONTRAINDICATIONS] + [f.id for f in RED_FLAGS]
    assert len(ids) == len(set(ids))


def test_categories_and_urgencies() -> None:
    systemic = {c.id for c in CONTRAINDICATIONS if c.category is ScreeningCategory.SYSTEMIC}
    assert systemic == {"fever_acute_infection", "dvt_suspected_or_known", "unstable_cardiac",
                        "recent_stroke_tia", "medical_emergency_or_undiagnosed_severe_pain",
                        "intoxication"}
    assert all(screening_item(i).needs_clearance for i in systemic)  # type: ignore[union-attr]
    flag = screening_item("saddle_anesthesia_bladder_bowel")
    assert flag.urgency is Urgency.EMERGENCY  # type: ignore[union-attr]


def test_every_referenced_region_and_technique_exists() -> None:
    atlas = load_atlas()
    for item in CONTRAINDICATIONS:
        assert set(item.suggested_regions) <= set(atlas.regions), item.id
        assert set(item.discouraged_techniques) <= set(TECHNIQUES_BY_ID), item.id
    for site in ENDANGERMENT_SITES:
        assert site.region_ids and set(site.region_ids) <= set(atlas.regions), site.id
    assert set(TECHNIQUES_BY_ID) >= DEEP_TECHNIQUE_IDS


def test_endangerment_sites_are_lateralised_pairs() -> None:
    for site in ENDANGERMENT_SITES:
        lefts = {r.removesuffix("_left") for r in site.region_ids if r.endswith("_left")}
        rights = {r.removesuffix("_right") for r in site.region_ids if r.endswith("_right")}
        assert lefts == rights, site.id
    assert {s.id for s in endangerment_sites_in("neck_anterior_right")} >= {
        "anterior_triangle_neck", "posterior_triangle_neck"}
    assert "scapula_left" not in endangerment_region_ids()


def test_rom_reference_values() -> None:
    assert len(ROM_JOINTS) == 9
    shoulder_flexion = rom_reference("shoulder", "flexion")
    assert shoulder_flexion is not None
    assert (shoulder_flexion.low, shoulder_flexion.high, shoulder_flexion.label) == (
        150, 180, "150–180°")
    assert rom_reference("shoulder", "external_rotation").label == "about 90°"  # type: ignore[union-attr]
    assert rom_reference("knee", "extension").label == "0°"  # type: ignore[union-attr]
    assert not rom_reference("cervical_spine", "flexion").sided  # type: ignore[union-attr]
    assert [r.movement for r in movements_of("forearm")] == ["supination", "pronation"]
    assert all(r.low <= r.high for r in ROM_REFERENCES)
