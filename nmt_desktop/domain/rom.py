"""Reference ranges of motion in degrees, for display beside a measurement (clinical-spec §5.6).

Sources differ (AAOS, AMA, single studies) and so do ages and sexes: the values are guidance,
always shown together with the patient's other side. "About N" is stored as N–N.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RomReference:
    """The typical adult range of one joint movement.

    Attributes:
        joint: Stable joint id (``shoulder``).
        movement: Stable movement id (``external_rotation``).
        low: Lower end of the typical range in degrees.
        high: Upper end (equal to `low` where the spec gives "about N").
        sided: Measured per side; spine flexion and extension are not.
        joint_label: Display name of the joint.
        movement_label: Display name of the movement.
    """

    joint: str
    movement: str
    low: int
    high: int
    sided: bool
    joint_label: str
    movement_label: str

    @property
    def label(self) -> str:
        """The range as printed: "45–60°", or "about 90°"."""
        if self.low == self.high:
            return f"{self.low}°" if self.low == 0 else f"about {self.low}°"
        return f"{self.low}–{self.high}°"


_JOINT_LABELS = {
    "cervical_spine": "Cervical spine",
    "thoracolumbar_spine": "Thoracolumbar spine",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "forearm": "Forearm",
    "wrist": "Wrist",
    "hip": "Hip",
    "knee": "Knee",
    "ankle": "Ankle / foot",
}

_MOVEMENT_LABELS = {
    "flexion": "Flexion",
    "extension": "Extension",
    "lateral_flexion": "Lateral flexion",
    "rotation": "Rotation",
    "abduction": "Abduction",
    "adduction": "Adduction",
    "external_rotation": "External rotation",
    "internal_rotation": "Internal rotation",
    "horizontal_adduction": "Horizontal adduction",
    "supination": "Supination",
    "pronation": "Pronation",
    "radial_deviation": "Radial deviation",
    "ulnar_deviation": "Ulnar deviation",
    "dorsiflexion": "Dorsiflexion",
    "plantarflexion": "Plantarflexion",
    "inversion": "Inversion",
    "eversion": "Eversion",
}

# (joint, movement, low, high, sided)
_RANGES: tuple[tuple[str, str, int, int, bool], ...] = (
    ("cervical_spine", "flexion", 45, 60, False),
    ("cervical_spine", "extension", 45, 75, False),
    ("cervical_spine", "lateral_flexion", 40, 45, True),
    ("cervical_spine", "rotation", 60, 80, True),
    ("thoracolumbar_spine", "flexion", 60, 80, False),
    ("thoracolumbar_spine", "extension", 25, 30, False),
    ("thoracolumbar_spine", "lateral_flexion", 25, 35, True),
    ("shoulder", "flexion", 150, 180, True),
    ("shoulder", "extension", 45, 60, True),
    ("shoulder", "abduction", 150, 180, True),
    ("shoulder", "external_rotation", 90, 90, True),
    ("shoulder", "internal_rotation", 70, 90, True),
    ("shoulder", "horizontal_adduction", 130, 130, True),
    ("elbow", "flexion", 140, 150, True),
    ("elbow", "extension", 0, 0, True),
    ("forearm", "supination", 80, 90, True),
    ("forearm", "pronation", 80, 90, True),
    ("wrist", "flexion", 60, 80, True),
    ("wrist", "extension", 60, 70, True),
    ("wrist", "radial_deviation", 20, 20, True),
    ("wrist", "ulnar_deviation", 30, 30, True),
    ("hip", "flexion", 110, 125, True),
    ("hip", "extension", 10, 30, True),
    ("hip", "abduction", 45, 45, True),
    ("hip", "adduction", 20, 30, True),
    ("hip", "internal_rotation", 30, 45, True),
    ("hip", "external_rotation", 45, 45, True),
    ("knee", "flexion", 135, 145, True),
    ("knee", "extension", 0, 0, True),
    ("ankle", "dorsiflexion", 20, 20, True),
    ("ankle", "plantarflexion", 40, 50, True),
    ("ankle", "inversion", 30, 30, True),
    ("ankle", "eversion", 20, 20, True),
)

ROM_REFERENCES: tuple[RomReference, ...] = tuple(
    RomReference(joint, movement, low, high, sided, _JOINT_LABELS[joint],
                 _MOVEMENT_LABELS[movement])
    for joint, movement, low, high, sided in _RANGES
)
ROM_JOINTS: tuple[str, ...] = tuple(_JOINT_LABELS)
_BY_KEY = {(ref.joint, ref.movement): ref for ref in ROM_REFERENCES}


def rom_reference(joint: str, movement: str) -> RomReference | None:
    """The reference range of a joint movement, or None for a movement the table lacks."""
    return _BY_KEY.get((joint, movement))


def movements_of(joint: str) -> tuple[RomReference, ...]:
    """The movements of one joint, in the order the table lists them."""
    return tuple(ref for ref in ROM_REFERENCES if ref.joint == joint)


def joint_label(joint: str) -> str:
    return _JOINT_LABELS.get(joint, joint.replace("_", " ").capitalize())


def movement_label(movement: str) -> str:
    return _MOVEMENT_LABELS.get(movement, movement.replace("_", " ").capitalize())
