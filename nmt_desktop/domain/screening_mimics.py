"""Myofascial patterns that can mimic visceral or vascular disease (clinical-spec §2, §4.2).

Shown beside a referral suggestion so that a hypothesis to palpate never hides a red flag:
"left pectoralis major: pattern can mimic cardiac pain; see red flags". Restated from the
spec's muscle notes and the "possible concern" column of the red-flag table; a note documents
and prompts, it never diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nmt_desktop.domain.screening import RED_FLAGS_BY_ID
from nmt_desktop.domain.vocab import Side


@dataclass(frozen=True)
class VisceralMimic:
    """A muscle (on one side, or either) whose pattern can mimic a red-flag concern.

    Attributes:
        region_types: The painted region types that make the note relevant (empty: any).
    """

    muscle_id: str
    side: Side | None
    mimics: str
    red_flag_id: str
    region_types: tuple[str, ...] = ()


VISCERAL_MIMICS: tuple[VisceralMimic, ...] = (
    # §4.2 chest_pain_exertional: "pectoral, scalene, SCM patterns can mimic" cardiac ischaemia
    VisceralMimic("pectoralis_major", Side.LEFT, "cardiac pain", "chest_pain_exertional"),
    VisceralMimic("pectoralis_minor", Side.LEFT, "cardiac pain", "chest_pain_exertional"),
    VisceralMimic("scalenes", Side.LEFT, "cardiac pain", "chest_pain_exertional"),
    VisceralMimic("scm_sternal", Side.LEFT, "cardiac pain", "chest_pain_exertional",
                  ("chest",)),
    # §2.4 rectus abdominis: a right lower quadrant point can mimic appendicitis
    VisceralMimic("rectus_abdominis", None, "appendicitis or other abdominal disease",
                  "visceral_pattern", ("abdomen_lower", "abdomen_upper")),
    # §4.2 new_headache_over_50_temporal: giant cell arteritis mimics temporalis/masseter pain
    VisceralMimic("temporalis", None, "temporal arteritis in people over 50",
                  "new_headache_over_50_temporal"),
    VisceralMimic("masseter", None, "temporal arteritis in people over 50",
                  "new_headache_over_50_temporal"),
    # §2.4 diaphragm: shoulder-tip pain from the central diaphragm is visceral referral
    VisceralMimic("diaphragm", None, "visceral (phrenic) pain", "visceral_pattern"),
)


_RED_FLAG_NAMES = {
    "chest_pain_exertional": "chest pain with exertion",
    "visceral_pattern": "pain linked with digestion, urination or menstruation",
    "new_headache_over_50_temporal": "new headache over 50",
}


def mimic_notes(muscle_id: str, sides: Iterable[Side],
                painted_types: Iterable[str] = ()) -> tuple[str, ...]:
    """The notes for one suggested muscle: "left pectoralis major: pattern can mimic …"."""
    sides = tuple(sides)
    types = set(painted_types)
    notes = []
    for mimic in VISCERAL_MIMICS:
        if mimic.muscle_id != muscle_id:
            continue
        if mimic.side is not None and mimic.side not in sides:
            continue
        if mimic.region_types and not types & set(mimic.region_types):
            continue
        flag = RED_FLAGS_BY_ID[mimic.red_flag_id]
        side = f"{mimic.side.value} " if mimic.side is not None else ""
        name = muscle_id.replace("_", " ")
        notes.append(f"{side}{name}: pattern can mimic {mimic.mimics}; see red flags "
                     f"({_RED_FLAG_NAMES[flag.id]}).")
    return tuple(notes)
