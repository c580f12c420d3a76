"""Treatment techniques a therapist can record against a trigger point (clinical-spec §5.3).

Pure data. The ids are stored with each trigger point, so an id is never renamed or reused;
labels and descriptions may be reworded freely. Whether a technique is allowed depends on the
therapist's licence and jurisdiction: `outside_massage_scope` marks the ones that are outside
massage-therapy scope almost everywhere, so that the chart and the reports can flag them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Technique:
    """One technique of the scope-of-practice list.

    Attributes:
        id: Stable identifier stored in the chart.
        label: Name shown in pickers and printed on reports.
        description: One-line plain description of what is done.
        scope_note: Who usually may perform it; a reminder, not legal advice.
        core_nmt: A core neuromuscular-therapy technique (offered first in pickers).
        outside_massage_scope: Usually outside massage-therapy scope; flagged wherever shown.
        deep: Deep, sustained or pointed pressure (or a needle): warned about over
            endangerment sites, no-go areas and when a precaution asks for light pressure.
    """

    id: str
    label: str
    description: str
    scope_note: str
    core_nmt: bool = False
    outside_massage_scope: bool = False
    deep: bool = False


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "ischemic_compression",
        "Ischemic compression / pressure release",
        "Steady pressure on the point up to tolerance, following the tissue as it softens.",
        "Core NMT and massage.",
        core_nmt=True,
        deep=True,
    ),
    Technique(
        "stripping_massage",
        "Stripping massage",
        "Slow, deep gliding stroke along the whole length of the taut band.",
        "Core NMT and massage.",
        core_nmt=True,
        deep=True,
    ),
    Technique(
        "myofascial_release",
        "Myofascial release",
        "Sustained low-load stretch or shear of the fascia, direct or indirect.",
        "Core massage.",
    ),
    Technique(
        "muscle_energy_pir",
        "Muscle energy: post-isometric relaxation",
        "Light contraction against resistance at the barrier, then slack taken up on release.",
        "Massage in many jurisdictions; osteopathic origin.",
    ),
    Technique(
        "muscle_energy_ri",
        "Muscle energy: reciprocal inhibition",
        "The antagonist contracts so that the target muscle lets go.",
        "Massage in many jurisdictions; osteopathic origin.",
    ),
    Technique(
        "positional_release_scs",
        "Positional release / strain-counterstrain",
        "Passive positioning into ease until the monitored tender point quietens, then held.",
        "Massage in many jurisdictions; osteopathic origin.",
    ),
    Technique(
        "cross_fiber_friction",
        "Deep transverse friction",
        "Small back-and-forth friction across the fibres of tendon, ligament or muscle.",
        "Massage and physiotherapy.",
        deep=True,
    ),
    Technique(
        "skin_rolling",
        "Skin rolling",
        "Skin and superficial fascia lifted and rolled between the fingers.",
        "Massage.",
    ),
    Technique(
        "pin_and_stretch",
        "Pin and stretch",
        "Pressure held on the tissue while the muscle is lengthened, actively or passively.",
        "Massage; some named systems are trademarked.",
        deep=True,
    ),
    Technique(
        "spray_and_stretch",
        "Spray and stretch",
        "Cold stimulus swept over the referral zone during a passive stretch.",
        "Check local scope and the safety of the product.",
    ),
    Technique(
        "stretching_static_pnf",
        "Stretching (static, PNF contract-relax)",
        "Therapist-assisted lengthening, held or after a brief contraction.",
        "Massage and physiotherapy.",
    ),
    Technique(
        "swedish_general",
        "General massage strokes",
        "Effleurage, petrissage, compression and vibration.",
        "Massage.",
    ),
    Technique(
        "heat_cold",
        "Heat or cold application",
        "Hot or cold packs applied to the area.",
        "Massage; check local rules.",
    ),
    Technique(
        "instrument_assisted",
        "Instrument-assisted work / cupping",
        "Soft-tissue work with a tool or cups.",
        "Varies by jurisdiction.",
        deep=True,
    ),
    Technique(
        "joint_mobilization",
        "Joint mobilisation",
        "Graded passive oscillation of a joint.",
        "Usually outside massage scope: physical therapists, chiropractors, osteopaths.",
        outside_massage_scope=True,
    ),
    Technique(
        "joint_manipulation",
        "High-velocity thrust manipulation",
        "A quick, small-amplitude thrust to a joint.",
        "Outside massage scope: chiropractors, osteopaths, physical therapists, physicians.",
        outside_massage_scope=True,
        deep=True,
    ),
    Technique(
        "dry_needling",
        "Dry needling",
        "A solid filiform needle inserted into the trigger point or taut band.",
        "Not massage-therapy scope; legal status varies by profession and jurisdiction.",
        outside_massage_scope=True,
        deep=True,
    ),
    Technique(
        "trigger_point_injection",
        "Trigger point injection",
        "Injection of an anaesthetic or saline into the trigger point.",
        "Physicians and similar prescribers only.",
        outside_massage_scope=True,
        deep=True,
    ),
    Technique(
        "intraoral_work",
        "Intraoral myofascial work",
        "Gloved release of the jaw muscles from inside the mouth.",
        "Restricted in some jurisdictions; needs consent and training.",
    ),
)

TECHNIQUES_BY_ID: Mapping[str, Technique] = MappingProxyType({t.id: t for t in TECHNIQUES})
DEEP_TECHNIQUE_IDS: frozenset[str] = frozenset(t.id for t in TECHNIQUES if t.deep)


def technique(technique_id: str) -> Technique:
    """Return the technique with this id.

    Raises:
        KeyError: The id is not one of `TECHNIQUES`.
    """
    return TECHNIQUES_BY_ID[technique_id]
