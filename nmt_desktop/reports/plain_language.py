"""Everyday wording for the patient sheet.

A finding such as "active trigger point, upper trapezius, shoulder_top_left" becomes "a tight,
tender spot in the muscle on top of your left shoulder". Locations are phrased per region type
(clinical-spec §1.3) because a patient knows "on top of your shoulder", not "shoulder top".
"""

from __future__ import annotations

from nmt_desktop.domain.vocab import Side, TriggerPointStatus
from nmt_desktop.reports.data import Finding, FindingKind

# "{side}" is "left" or "right", the patient's own side.
_WHERE: dict[str, str] = {
    "forehead": "above your {side} eyebrow",
    "temple": "at your {side} temple",
    "orbit": "around your {side} eye",
    "cheek": "in your {side} cheek",
    "jaw": "along your {side} jaw",
    "neck_anterior": "at the front of your neck on the {side} side",
    "shoulder_anterior": "at the front of your {side} shoulder",
    "chest": "in your {side} chest",
    "chest_lateral": "along your {side} ribs, below the armpit",
    "abdomen_upper": "in your upper belly on the {side} side",
    "abdomen_lower": "in your lower belly on the {side} side",
    "groin": "at the front of your {side} hip",
    "arm_anterior": "at the front of your {side} upper arm",
    "elbow_anterior": "at the inner side of your {side} elbow",
    "forearm_anterior": "on the palm side of your {side} forearm",
    "hand_palmar_radial": "in your {side} palm, on the thumb side",
    "hand_palmar_ulnar": "in your {side} palm, on the little-finger side",
    "thigh_anterior": "at the front of your {side} thigh",
    "thigh_medial": "on the inner side of your {side} thigh",
    "thigh_lateral": "on the outer side of your {side} thigh",
    "knee_anterior": "at the front of your {side} knee",
    "leg_anterior": "along your {side} shin",
    "leg_lateral": "on the outer side of your {side} lower leg",
    "foot_dorsal": "on the top of your {side} foot",
    "head_crown": "on the top of your head, {side} side",
    "occiput": "at the base of your skull on the {side} side",
    "neck_posterior": "at the back of your neck on the {side} side",
    "shoulder_top": "on top of your {side} shoulder",
    "shoulder_posterior": "at the back of your {side} shoulder",
    "scapula": "over your {side} shoulder blade",
    "interscapular": "between your shoulder blades on the {side} side",
    "mid_back": "in your mid back on the {side} side",
    "low_back": "in your low back on the {side} side",
    "sacroiliac": "at the base of your spine on the {side} side",
    "buttock": "in your {side} buttock",
    "hip_lateral": "on the outer side of your {side} hip",
    "arm_posterior": "at the back of your {side} upper arm",
    "elbow_posterior": "at the outer side of your {side} elbow",
    "forearm_posterior": "on the back of your {side} forearm",
    "hand_dorsal": "on the back of your {side} hand",
    "thigh_posterior": "at the back of your {side} thigh",
    "knee_posterior": "behind your {side} knee",
    "calf": "in your {side} calf",
    "heel_achilles": "at your {side} heel and Achilles tendon",
    "foot_plantar": "in the sole of your {side} foot",
}

_STATUS_CLAUSE = {
    TriggerPointStatus.ACTIVE: "Pressing it brought on your familiar pain.",
    TriggerPointStatus.LATENT: "It was sore to press but is not causing your usual pain.",
    TriggerPointStatus.UNDETERMINED: "",
}

# Technique ids of clinical-spec §5.3 (domain/techniques.py) in words a patient knows.
_TREATMENT_WORDS: dict[str, str] = {
    "ischemic_compression": "steady pressure on the tender spots until they eased",
    "stripping_massage": "slow, deep gliding strokes along the tight bands of muscle",
    "myofascial_release": "slow, sustained stretching of the tissue under the skin",
    "muscle_energy_pir": "gently tensing and then relaxing the muscle to help it lengthen",
    "muscle_energy_ri": "tensing the opposite muscle to help the tight one let go",
    "positional_release_scs": "resting the sore spot in a comfortable position until it eased",
    "cross_fiber_friction": "small, firm rubbing across the muscle or tendon",
    "skin_rolling": "lifting and rolling the skin to loosen it",
    "pin_and_stretch": "pressure on the muscle while it was stretched",
    "spray_and_stretch": "a cold spray while the muscle was stretched",
    "stretching_static_pnf": "gentle stretching",
    "swedish_general": "relaxing massage strokes",
    "heat_cold": "heat or cold packs",
    "instrument_assisted": "work with a massage tool or cups",
    "joint_mobilization": "gentle movement of the joint",
    "joint_manipulation": "a quick adjustment of the joint",
    "dry_needling": "fine-needle treatment of the tender spots",
    "trigger_point_injection": "injections into the tender spots",
    "intraoral_work": "release of the jaw muscles from inside the mouth",
}


def treatment_phrase(technique_id: str, label: str) -> str:
    """What was done, in everyday words; an unknown technique falls back to its label."""
    return _TREATMENT_WORDS.get(technique_id, label.lower() if label[1:2].islower() else label)


AFTERCARE: tuple[str, ...] = (
    "It is normal to feel sore or a little bruised where we worked, like after exercise. "
    "This usually settles within 24 to 48 hours.",
    "Drink some extra water today and keep moving gently. A warm shower or heat pack can "
    "ease the soreness.",
    "Take it easy for the rest of the day: no heavy lifting or hard exercise.",
)

# Spec §4.1: with an anticoagulant or a bleeding disorder bruising is a warning sign, not normal.
AFTERCARE_BRUISING_RISK: tuple[str, ...] = (
    "You may feel some tiredness in the worked muscles for a day or two. We used light "
    "pressure because of your blood-thinning medicine or bleeding condition, so a bruise is "
    "not expected: if you see one, or swelling, call us and your doctor.",
    *AFTERCARE[1:],
)


def aftercare(bruising_risk: bool) -> tuple[str, ...]:
    """What to expect after today, adapted to the patient's precautions."""
    return AFTERCARE_BRUISING_RISK if bruising_risk else AFTERCARE


def where(region_type: str, region_name: str, side: Side) -> str:
    """Plain location phrase: "on top of your left shoulder"."""
    phrase = _WHERE.get(region_type)
    if phrase is None:
        return f"in the {region_name.lower()} area on your {side.value} side"
    return phrase.format(side=side.value)


def finding_phrase(finding: Finding) -> str:
    """A finding as a lower-case noun phrase for a list item.

    Example: "a tight, tender spot in the muscle on top of your left shoulder".
    """
    place = where(finding.region_type, finding.region_name, finding.side)
    if finding.kind is FindingKind.TENSION:
        return f"general tightness in the muscles {place}"
    return f"a tight, tender spot in the muscle {place}"


def _muscle_aside(muscle: str) -> str:
    # "Upper trapezius" reads better mid-sentence as "upper trapezius"; keep "SCM" as it is.
    if len(muscle) > 1 and muscle[1].islower():
        muscle = muscle[0].lower() + muscle[1:]
    return f" (the {muscle})"


def finding_sentence(finding: Finding) -> str:
    """A finding as one or two full sentences for the patient sheet."""
    phrase = finding_phrase(finding)
    text = phrase[0].upper() + phrase[1:]
    if finding.muscle:
        text += _muscle_aside(finding.muscle)
    text += "."
    if finding.kind is FindingKind.TRIGGER_POINT and finding.status is not None:
        clause = _STATUS_CLAUSE[finding.status]
        if clause:
            text += " " + clause
    return text


def when_to_call(phone: str) -> tuple[str, ...]:
    """Advice on when to contact the clinic or seek care, with the clinic's number."""
    call = f"call us on {phone}" if phone else "call the clinic"
    return (
        f"Please {call} if the soreness lasts more than two days, gets worse instead of "
        "better, or if you notice new swelling, numbness or tingling.",
        "Get urgent medical help for chest pain, trouble breathing, sudden weakness, loss of "
        "bladder or bowel control, or a sudden severe headache.",
    )
