"""Plain data of the body atlas: regions, muscles, pain-quality patterns and suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nmt_desktop.domain.vocab import PainQuality, Side, View

Confidence = Literal["H", "M", "L"]
SideRule = Literal["ipsi", "bilateral"]

CONFIDENCE_ORDER: dict[str, int] = {"H": 0, "M": 1, "L": 2}


@dataclass(frozen=True, slots=True)
class Region:
    """One clickable surface region of the body map (clinical-spec section 1.3).

    Attributes:
        id: Stable id, ``<type>_<side>``; also the ``id`` of its ``<path>`` in the SVG.
        type: Side-free region type used by the muscle layer (``temple``, ``scapula``...).
        side: The patient's side.
        view: The figure the region is drawn on.
        name: Display name without side ("Temple").
        display_name: Display name with side ("Left temple").
        covers: What the region covers, in plain words.
        wpi_strict: ACR 2016 WPI area in strict mode, or None when it counts toward none.
        wpi_inclusive: WPI area in the app's inclusive mode, or None.
        choir: CHOIR body-map segments, the default for export first.
        michigan: Michigan Body Map areas.
    """

    id: str
    type: str
    side: Side
    view: View
    name: str
    display_name: str
    covers: str
    wpi_strict: str | None
    wpi_inclusive: str | None
    choir: tuple[str, ...]
    michigan: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Muscle:
    """One muscle of the muscle layer (clinical-spec section 2).

    Attributes:
        id: Stable id (``upper_trapezius``).
        name: Display name.
        group: ``head_neck``, ``shoulder_upper_limb``, ``trunk`` or ``hip_lower_limb``.
        views: Figures on which the muscle is palpated or drawn.
        under: Region types the muscle lies beneath, most typical first.
        primary: Region types of the essential referral zone.
        spill: Region types of the spillover zone.
        side_rule: ``ipsi`` (refers to its own side) or ``bilateral`` (to both sides).
        bilateral_types: Referral region types that may also appear on the other side.
        confidence: ``H``, ``M`` or ``L`` (see clinical-spec section 2.1).
        sources: Source codes of clinical-spec section 9.2.
        notes: A short description in plain words.
    """

    id: str
    name: str
    group: str
    views: tuple[View, ...]
    under: tuple[str, ...]
    primary: tuple[str, ...]
    spill: tuple[str, ...]
    side_rule: SideRule
    bilateral_types: tuple[str, ...]
    confidence: Confidence
    sources: tuple[str, ...]
    notes: str

    def reaches(self, muscle_side: Side, region: Region) -> bool:
        """Whether this muscle on ``muscle_side`` can refer to ``region``'s side.

        Only the side is checked here; whether the region type is in the pattern is not.
        """
        return (
            region.side is muscle_side
            or self.side_rule == "bilateral"
            or region.type in self.bilateral_types
        )


@dataclass(frozen=True, slots=True)
class MuscleChoice:
    """A muscle, with its side, offered for a point placed in a region.

    Attributes:
        muscle_id: Id of the muscle.
        side: The muscle's side (the region's side).
        name: Display name of the muscle.
        confidence: Confidence of the muscle's pattern data.
        under_rank: Position of the region type in the muscle's ``under`` list (0 = the
            muscle's most typical location).
    """

    muscle_id: str
    side: Side
    name: str
    confidence: Confidence
    under_rank: int


@dataclass(frozen=True, slots=True)
class ReferralSuggestion:
    """A muscle that could refer pain to some of the painted regions: one entry per muscle.

    A hypothesis for palpation, never a finding.

    Attributes:
        muscle_id: Id of the muscle.
        side: The side with more painted regions it covers (left on a tie).
        name: Display name of the muscle.
        confidence: Confidence of the muscle's pattern data.
        primary_regions: Painted region ids inside the muscle's essential referral zone.
        spill_regions: Painted region ids inside its spillover zone.
        sides: The sides of the muscle worth palpating: both for a bilateral muscle
            (rectus abdominis) or when painted regions on both sides fall in its pattern.
    """

    muscle_id: str
    side: Side
    name: str
    confidence: Confidence
    primary_regions: tuple[str, ...]
    spill_regions: tuple[str, ...]
    sides: tuple[Side, ...] = ()

    @property
    def side_label(self) -> str:
        """"both sides", "left" or "right"."""
        return "both sides" if len(self.sides) > 1 else self.side.value

    @property
    def covered_regions(self) -> tuple[str, ...]:
        """All painted regions this suggestion accounts for, primary first."""
        return self.primary_regions + self.spill_regions


@dataclass(frozen=True, slots=True)
class PainQualityPattern:
    """How a pain quality is drawn (clinical-spec section 3.6).

    Attributes:
        quality: The quality.
        label: Label in the legend.
        conventional_symbol: The traditional pain-drawing mark, where one exists.
        pattern: Machine name of the fill pattern (``chevron_hatch``, ``dots``...).
        description: What the pattern looks like.
        neuropathic_hint: Whether the quality is typical of nerve rather than muscle pain.
    """

    quality: PainQuality
    label: str
    conventional_symbol: str | None
    pattern: str
    description: str
    neuropathic_hint: bool
