"""SNOMED CT body sites of the atlas regions: complete, well-formed codes, sides right."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.atlas.body_sites import load_body_sites
from nmt_desktop.domain.vocab import Side

# Verhoeff check-digit tables: every SNOMED CT identifier ends in a Verhoeff check digit, so
# a mistyped code is caught without a terminology server.
_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
      [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
      [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
      [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
      [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
      [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
      [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
      [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]


def verhoeff_valid(number: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(number)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


def loinc_valid(code: str) -> bool:
    number, check = code.split("-")
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10 == int(check)


def test_every_region_of_the_atlas_has_a_body_site() -> None:
    table = load_body_sites()
    types = {region.type for region in load_atlas().regions.values()}
    assert set(table.structures) == types


@pytest.mark.parametrize("region_type", sorted(load_body_sites().structures))
def test_codes_are_well_formed_concept_ids(region_type: str) -> None:
    structure, match = load_body_sites().structures[region_type]
    assert structure.code.isdigit() and 6 <= len(structure.code) <= 18
    assert structure.code[-3:-1] == "00"  # partition identifier of a concept
    assert verhoeff_valid(structure.code), structure
    assert match in {"exact", "broader", "approximate"}


def test_laterality_follows_the_patients_side() -> None:
    atlas = load_atlas()
    table = load_body_sites()
    left = table.for_region(atlas.regions["scapula_left"].type, Side.LEFT)
    right = table.for_region(atlas.regions["scapula_right"].type, Side.RIGHT)
    assert (left.laterality.code, right.laterality.code) == ("7771000", "24028007")
    assert left.structure == right.structure
    assert all(verhoeff_valid(code) for code in ("7771000", "24028007"))


def test_the_loinc_codes_used_are_well_formed() -> None:
    from nmt_desktop.services.exchange.fhir_bundle import PAIN_NRS, PROGRESS_NOTE

    assert loinc_valid(PAIN_NRS["code"]) and loinc_valid(PROGRESS_NOTE["code"])
    assert not loinc_valid("72514-4")
