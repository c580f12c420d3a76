"""Findings in everyday words."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from nmt_desktop.domain.vocab import Side, TriggerPointStatus
from nmt_desktop.reports.data import Finding, FindingKind
from nmt_desktop.reports.plain_language import (
    finding_phrase,
    finding_sentence,
    when_to_call,
    where,
)


def test_trigger_point_reads_like_the_therapist_would_say_it() -> None:
    finding = Finding(
        FindingKind.TRIGGER_POINT,
        "shoulder_top",
        "Top of shoulder",
        Side.LEFT,
        "Upper trapezius",
        TriggerPointStatus.ACTIVE,
    )
    assert finding_phrase(finding) == (
        "a tight, tender spot in the muscle on top of your left shoulder"
    )
    assert finding_sentence(finding) == (
        "A tight, tender spot in the muscle on top of your left shoulder (the upper trapezius)."
        " Pressing it brought on your familiar pain."
    )


def test_latent_points_and_tension_are_worded_differently() -> None:
    latent = Finding(
        FindingKind.TRIGGER_POINT,
        "scapula",
        "Shoulder blade",
        Side.RIGHT,
        "Infraspinatus",
        TriggerPointStatus.LATENT,
    )
    assert "not causing your usual pain" in finding_sentence(latent)
    assert "right shoulder blade" in finding_sentence(latent)
    tension = Finding(FindingKind.TENSION, "low_back", "Low back", Side.LEFT)
    assert finding_sentence(tension) == (
        "General tightness in the muscles in your low back on the left side."
    )


def test_acronym_muscle_names_keep_their_capitals() -> None:
    finding = Finding(
        FindingKind.TRIGGER_POINT, "neck_anterior", "Front of neck", Side.RIGHT, "SCM"
    )
    assert "(the SCM)" in finding_sentence(finding)


def test_unknown_region_type_falls_back_to_its_display_name() -> None:
    assert where("new_region", "Outer Wrist", Side.RIGHT) == (
        "in the outer wrist area on your right side"
    )


def test_every_atlas_region_type_has_a_plain_phrase() -> None:
    # The phrase table is ours; the atlas is the domain's: they must not drift apart.
    path = resources.files("nmt_desktop") / "domain" / "atlas" / "data" / "regions.json"
    if not path.is_file():
        pytest.skip("the domain atlas (regions.json) is not in this tree yet")
    types = {region["type"] for region in json.loads(path.read_text("utf-8"))["regions"]}
    assert len(types) == 45
    for region_type in types:
        assert not where(region_type, "X", Side.LEFT).startswith("in the x area"), region_type


def test_when_to_call_names_the_clinic_phone() -> None:
    assert "902-555-0142" in when_to_call("902-555-0142")[0]
    assert "call the clinic" in when_to_call("")[0]
