"""Controlled vocabulary of the chart: views, sides, grades, qualities.

Every value stored in the database or written to an export is one of these enum members'
`value` strings, so that renaming a label never changes what an old chart meant.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class View(StrEnum):
    """Which figure of the body map a mark or region belongs to."""

    ANTERIOR = "anterior"
    POSTERIOR = "posterior"

    @property
    def label(self) -> str:
        return "Front" if self is View.ANTERIOR else "Back"


class Side(StrEnum):
    """The patient's side, never the screen side."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def opposite(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class TriggerPointStatus(StrEnum):
    """Active points reproduce the patient's own complaint; latent points do not."""

    ACTIVE = "active"
    LATENT = "latent"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class LocalTwitchResponse(StrEnum):
    NONE = "none"
    PALPABLE = "palpable"
    VISIBLE = "visible"


class KeyOrSatellite(StrEnum):
    KEY = "key"
    SATELLITE = "satellite"
    UNKNOWN = "unknown"


class TendernessGrade(IntEnum):
    """Palpation tenderness, graded 0 to IV after Hubbard and Berkoff."""

    NONE = 0
    TENDER = 1
    GRIMACE = 2
    WITHDRAWAL = 3
    NON_NOXIOUS = 4

    @property
    def roman(self) -> str:
        return ("0", "I", "II", "III", "IV")[self.value]

    @property
    def description(self) -> str:
        return _TENDERNESS_TEXT[self]


_TENDERNESS_TEXT = {
    TendernessGrade.NONE: "No tenderness",
    TendernessGrade.TENDER: "Tender, no grimace or flinch",
    TendernessGrade.GRIMACE: "Tender with grimace or flinch",
    TendernessGrade.WITHDRAWAL: "Withdraws the body part (jump sign)",
    TendernessGrade.NON_NOXIOUS: "Withdraws from light touch",
}


class ToneGrade(IntEnum):
    """Therapist-rated tissue tension; an app convention, not a validated scale."""

    NORMAL = 0
    MILD = 1
    MODERATE = 2
    MARKED = 3

    @property
    def label(self) -> str:
        return ("Normal", "Mild hypertonicity", "Moderate hypertonicity", "Marked / guarding")[
            self.value
        ]


class TextureTag(StrEnum):
    ROPY = "ropy"
    STRINGY = "stringy"
    NODULAR = "nodular"
    FIBROTIC = "fibrotic"
    BOGGY_EDEMATOUS = "boggy_edematous"
    WARM = "warm"
    COOL = "cool"
    ADHERED = "adhered"

    @property
    def label(self) -> str:
        if self is TextureTag.BOGGY_EDEMATOUS:
            return "Boggy / oedematous"
        return self.value.capitalize()


class PainQuality(StrEnum):
    """Pain-drawing qualities; each is drawn as a pattern that survives black-and-white print."""

    ACHING = "aching"
    NUMBNESS = "numbness"
    PINS_NEEDLES = "pins_needles"
    BURNING = "burning"
    STABBING = "stabbing"
    THROBBING = "throbbing"
    CRAMPING = "cramping"
    SHOOTING = "shooting"
    DEEP_PRESSURE = "deep_pressure"

    @property
    def label(self) -> str:
        return _QUALITY_LABELS[self]


_QUALITY_LABELS = {
    PainQuality.ACHING: "Aching",
    PainQuality.NUMBNESS: "Numbness",
    PainQuality.PINS_NEEDLES: "Pins and needles",
    PainQuality.BURNING: "Burning",
    PainQuality.STABBING: "Stabbing / sharp",
    PainQuality.THROBBING: "Throbbing",
    PainQuality.CRAMPING: "Cramping / tightness",
    PainQuality.SHOOTING: "Shooting / electric",
    PainQuality.DEEP_PRESSURE: "Deep pressure / heaviness",
}


class PainSource(StrEnum):
    """Who located the pain: only patient reports count toward the WPI."""

    PATIENT_REPORT = "patient_report"
    THERAPIST_PALPATION = "therapist_palpation"


class PressureUnit(StrEnum):
    """Algometer units; values are stored as entered and converted only for display."""

    KG_PER_CM2 = "kg/cm2"
    KPA = "kPa"
    N_PER_CM2 = "N/cm2"
    LB_PER_CM2 = "lb/cm2"

    @property
    def kpa_factor(self) -> float:
        return _KPA_PER_UNIT[self]

    @property
    def ucum(self) -> str:
        return _UCUM[self]


_KPA_PER_UNIT = {
    PressureUnit.KG_PER_CM2: 98.07,
    PressureUnit.KPA: 1.0,
    PressureUnit.N_PER_CM2: 10.0,
    PressureUnit.LB_PER_CM2: 44.48,
}

_UCUM = {
    PressureUnit.KG_PER_CM2: "kg/cm2",
    PressureUnit.KPA: "kPa",
    PressureUnit.N_PER_CM2: "N/cm2",
    PressureUnit.LB_PER_CM2: "[lb_av]/cm2",
}


class SessionStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class MissedVisitKind(StrEnum):
    """Why a booked visit did not take place (counted in the physician report, §5.7)."""

    CANCELLED_BY_PATIENT = "cancelled_by_patient"
    CANCELLED_BY_CLINIC = "cancelled_by_clinic"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return MISSED_VISIT_LABELS[self]


MISSED_VISIT_LABELS: dict[MissedVisitKind, str] = {
    MissedVisitKind.CANCELLED_BY_PATIENT: "Cancelled by the patient",
    MissedVisitKind.CANCELLED_BY_CLINIC: "Cancelled by the clinic",
    MissedVisitKind.NO_SHOW: "No-show",
}
