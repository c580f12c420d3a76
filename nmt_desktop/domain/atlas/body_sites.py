"""SNOMED CT body structures for the regions of the body map, for exports such as FHIR.

The codes live in ``data/snomed_body_sites.json`` beside the region data, one per side-free
region type. Laterality is sent as its own SNOMED CT qualifier rather than pre-coordinated,
so the same small table serves both sides.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, cast

from nmt_desktop.domain.vocab import Side

SNOMED_SYSTEM = "http://snomed.info/sct"
Match = Literal["exact", "broader", "approximate"]


@dataclass(frozen=True, slots=True)
class SnomedCode:
    code: str
    display: str


@dataclass(frozen=True, slots=True)
class BodySite:
    """Where a region of the map is, in SNOMED CT terms.

    Attributes:
        structure: The body structure of the region type.
        laterality: The side qualifier (Left 7771000 / Right 24028007).
        match: How the structure relates to the app's region (see the data file).
    """

    structure: SnomedCode
    laterality: SnomedCode
    match: Match


@dataclass(frozen=True)
class BodySiteTable:
    structures: MappingProxyType[str, tuple[SnomedCode, Match]]
    laterality: MappingProxyType[Side, SnomedCode]

    def for_region(self, region_type: str, side: Side) -> BodySite:
        """The body site of a region, given its side-free type and the patient's side."""
        structure, match = self.structures[region_type]
        return BodySite(structure=structure, laterality=self.laterality[side], match=match)


@functools.cache
def load_body_sites() -> BodySiteTable:
    """The packaged table, read once per process."""
    ref = resources.files("nmt_desktop.domain.atlas") / "data" / "snomed_body_sites.json"
    raw = json.loads(ref.read_text(encoding="utf-8"))
    structures = {
        entry["region_type"]: (SnomedCode(entry["code"], entry["display"]),
                               cast(Match, entry["match"]))
        for entry in raw["body_sites"]
    }
    laterality = {Side(side): SnomedCode(value["code"], value["display"])
                  for side, value in raw["laterality"].items()}
    return BodySiteTable(MappingProxyType(structures), MappingProxyType(laterality))
