"""Postural observations a therapist records in the O of SOAP (clinical-spec §5.1).

The muscle lists are the commonly taught associations (Janda's crossed syndromes and the
like): they suggest where to palpate, they do not prove a cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class PostureSeverity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    MARKED = "marked"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PostureSide(StrEnum):
    """The patient's side of a finding; bilateral when both sides show it."""

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class PostureFindingType:
    """One observation of the vocabulary; `id` is stored, the texts may be reworded."""

    id: str
    term: str
    description: str
    often_short: str = ""
    often_weak: str = ""


POSTURE_FINDINGS: tuple[PostureFindingType, ...] = (
    PostureFindingType(
        "forward_head_posture", "Forward head posture",
        "Ear in front of the shoulder line; upper-cervical extension, lower-cervical flexion.",
        "suboccipitals, SCM, upper trapezius, levator scapulae, scalenes",
        "deep neck flexors"),
    PostureFindingType(
        "rounded_shoulders", "Rounded (protracted) shoulders",
        "Acromion forward of the ear and trunk line, shoulder blades drawn apart.",
        "pectoralis major and minor, anterior deltoid", "middle and lower trapezius, rhomboids"),
    PostureFindingType(
        "elevated_shoulder", "Elevated shoulder", "One acromion higher than the other.",
        "upper trapezius, levator scapulae", "lower trapezius"),
    PostureFindingType(
        "depressed_shoulder", "Depressed shoulder", "One acromion lower than the other.",
        "latissimus dorsi, pectoralis minor", "upper trapezius"),
    PostureFindingType(
        "scapular_winging", "Scapular winging",
        "Medial border or inferior angle lifts off the ribs.", "pectoralis minor",
        "serratus anterior, lower trapezius"),
    PostureFindingType(
        "upper_crossed_syndrome", "Upper crossed syndrome (Janda)",
        "Forward head, more cervical lordosis and thoracic kyphosis, raised and protracted "
        "shoulders, winging.",
        "upper trapezius, levator scapulae, pectoralis major and minor, SCM, suboccipitals, "
        "scalenes", "deep cervical flexors, middle and lower trapezius, rhomboids, serratus "
        "anterior"),
    PostureFindingType(
        "lower_crossed_syndrome", "Lower crossed syndrome (Janda)",
        "Anterior pelvic tilt, more lumbar lordosis, hip flexion.",
        "iliopsoas, rectus femoris, TFL, thoracolumbar erector spinae, quadratus lumborum",
        "abdominals, gluteus maximus, gluteus medius"),
    PostureFindingType(
        "layered_syndrome", "Layered (stratification) syndrome",
        "Upper and lower crossed patterns together.", "as in both crossed syndromes",
        "as in both crossed syndromes"),
    PostureFindingType(
        "thoracic_hyperkyphosis", "Increased thoracic kyphosis", "Rounded upper back.",
        "pectorals, upper rectus abdominis", "thoracic extensors, lower trapezius"),
    PostureFindingType(
        "flat_back", "Flat back", "Less lumbar lordosis, often a posterior pelvic tilt.",
        "hamstrings, rectus abdominis", "hip flexors, lumbar extensors"),
    PostureFindingType(
        "sway_back", "Sway back", "Pelvis forward of the ankles, trunk swayed back.",
        "hamstrings, upper abdominals", "hip flexors, external obliques"),
    PostureFindingType(
        "lumbar_hyperlordosis", "Lumbar hyperlordosis", "Increased lumbar curve.",
        "iliopsoas, lumbar erector spinae", "abdominals, gluteals"),
    PostureFindingType(
        "anterior_pelvic_tilt", "Anterior pelvic tilt", "ASIS lower than PSIS beyond normal.",
        "hip flexors, lumbar extensors", "abdominals, gluteals, hamstrings"),
    PostureFindingType(
        "posterior_pelvic_tilt", "Posterior pelvic tilt", "Less lordosis, tucked pelvis.",
        "hamstrings, abdominals", "hip flexors, lumbar extensors"),
    PostureFindingType(
        "lateral_pelvic_tilt", "Lateral pelvic tilt / high iliac crest",
        "One iliac crest higher.", "quadratus lumborum (high side), hip adductors",
        "gluteus medius"),
    PostureFindingType(
        "pelvic_rotation", "Pelvic rotation", "One ASIS forward in the transverse plane."),
    PostureFindingType(
        "leg_length_difference", "Apparent leg-length difference",
        "Observed, not measured on an X-ray."),
    PostureFindingType(
        "scoliosis", "Scoliosis (observed)",
        "Lateral curvature with rotation; note the apex side and level. Structural scoliosis "
        "is a medical diagnosis."),
    PostureFindingType(
        "head_tilt_rotation", "Head tilt / rotation", "Lateral tilt or rotation at rest.",
        "SCM, upper trapezius, scalenes, splenius"),
    PostureFindingType(
        "genu_valgum", "Genu valgum", "Knees toward the midline (knock-knee).",
        "TFL / iliotibial band, adductors", "gluteus medius, hip external rotators"),
    PostureFindingType("genu_varum", "Genu varum", "Knees apart (bow-leg)."),
    PostureFindingType("genu_recurvatum", "Genu recurvatum", "Knee hyperextension."),
    PostureFindingType(
        "foot_pronation", "Pronated / flat foot", "Medial arch collapse, calcaneal eversion.",
        "fibularis, gastrocnemius and soleus", "tibialis posterior"),
    PostureFindingType(
        "foot_supination", "Supinated / high-arched foot", "High arch, lateral loading."),
    PostureFindingType(
        "hip_external_rotation", "Toe-out / hip external rotation", "Feet turned out.",
        "piriformis, deep rotators"),
)

POSTURE_FINDINGS_BY_ID: Mapping[str, PostureFindingType] = MappingProxyType(
    {finding.id: finding for finding in POSTURE_FINDINGS})
