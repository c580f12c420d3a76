"""What the intake screening means for today's session: pure rules, no storage.

`evaluate_screening` turns the current intake's answers, clearances and referrals into what
applies at session start; `warnings_for_mark` checks one charted mark against that outcome,
the endangerment sites and the clinic's scope of practice. The app documents and prompts; it
never diagnoses, so every message says what to do, not what the patient has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS_BY_ID,
    RED_FLAGS_BY_ID,
    ScreeningCategory,
    Urgency,
    endangerment_sites_in,
)
from nmt_desktop.domain.techniques import DEEP_TECHNIQUE_IDS, TECHNIQUES_BY_ID


@dataclass(frozen=True)
class ScreeningAnswer:
    """One answered checklist item; `present=False` records an explicit "no"."""

    item_id: str
    present: bool
    region_ids: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ClearanceInfo:
    """A physician's clearance to treat despite a contraindication."""

    item_id: str
    cleared_by: str
    cleared_on: dt.date
    note: str = ""


@dataclass(frozen=True)
class ReferralInfo:
    """Who was told about which red flags, when, and what was said."""

    red_flag_ids: tuple[str, ...]
    contacted: str
    contacted_at: dt.datetime
    said: str


class BlockKind(StrEnum):
    CLEARANCE_REQUIRED = "clearance_required"
    REFERRAL_REQUIRED = "referral_required"


@dataclass(frozen=True)
class Blocker:
    """A reason the session may not start yet, and what would lift it."""

    item_id: str
    kind: BlockKind
    message: str


class BannerLevel(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    URGENT = "urgent"


@dataclass(frozen=True)
class Banner:
    """A line shown above the session while the item applies."""

    item_id: str
    level: BannerLevel
    text: str


@dataclass(frozen=True)
class ScreeningOutcome:
    """Everything the intake imposes on a session.

    Attributes:
        blockers: Non-empty means the session may not start.
        banners: Precautions, clearances on record and referred red flags.
        no_go_regions: Region id → the item ids that keep it off limits (hatched on the map).
        light_pressure: Some precaution asks for lighter pressure everywhere.
        discouraged_techniques: Technique id → the item ids that discourage it.
        referrals_required: Present red flags that no referral covers yet.
    """

    blockers: tuple[Blocker, ...] = ()
    banners: tuple[Banner, ...] = ()
    no_go_regions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    light_pressure: bool = False
    discouraged_techniques: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    referrals_required: tuple[str, ...] = ()

    @property
    def can_start(self) -> bool:
        return not self.blockers


EMPTY_OUTCOME = ScreeningOutcome()


def _label(item_id: str) -> str:
    if item_id in CONTRAINDICATIONS_BY_ID:
        return CONTRAINDICATIONS_BY_ID[item_id].label
    return RED_FLAGS_BY_ID[item_id].finding


def _frozen(mapping: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in mapping.items()})


def evaluate_screening(
    answers: Iterable[ScreeningAnswer],
    clearances: Iterable[ClearanceInfo] = (),
    referrals: Iterable[ReferralInfo] = (),
) -> ScreeningOutcome:
    """Apply the screening rules to one intake.

    Unknown item ids are ignored (an intake written by a newer catalog must still open).
    """
    cleared = {c.item_id: c for c in clearances}
    referral_list = list(referrals)
    referred = {flag for r in referral_list for flag in r.red_flag_ids}
    blockers: list[Blocker] = []
    banners: list[Banner] = []
    no_go: dict[str, list[str]] = {}
    discouraged: dict[str, list[str]] = {}
    light = False
    missing_referrals: list[str] = []
    for answer in answers:
        if not answer.present:
            continue
        item = CONTRAINDICATIONS_BY_ID.get(answer.item_id)
        if item is not None:
            if item.marks_regions:
                for region_id in answer.region_ids:
                    no_go.setdefault(region_id, []).append(item.id)
            clearance = cleared.get(item.id)
            if item.category is ScreeningCategory.SYSTEMIC:
                if clearance is None:
                    blockers.append(Blocker(
                        item.id, BlockKind.CLEARANCE_REQUIRED,
                        f"{item.label}: record a medical clearance (who, when) before "
                        f"treating. {item.modification}"))
                else:
                    banners.append(Banner(item.id, BannerLevel.INFO,
                                          f"{item.label}: cleared by {clearance.cleared_by} on "
                                          f"{clearance.cleared_on.isoformat()}."))
            elif item.category is ScreeningCategory.PRECAUTION:
                text = item.banner or f"{item.label}: {item.modification}"
                if item.needs_clearance and clearance is None:
                    text += " Medical clearance recommended."
                banners.append(Banner(item.id, BannerLevel.CAUTION, text))
            elif item.banner:
                banners.append(Banner(item.id, BannerLevel.CAUTION, item.banner))
            light = light or item.light_pressure
            for technique_id in item.discouraged_techniques:
                discouraged.setdefault(technique_id, []).append(item.id)
            continue
        flag = RED_FLAGS_BY_ID.get(answer.item_id)
        if flag is None:
            continue
        if flag.id in referred:
            level = BannerLevel.CAUTION if flag.urgency is Urgency.ROUTINE else BannerLevel.URGENT
            banners.append(Banner(flag.id, level,
                                  f"Red flag referred ({flag.urgency.label}): {flag.finding}."))
        else:
            missing_referrals.append(flag.id)
            blockers.append(Blocker(
                flag.id, BlockKind.REFERRAL_REQUIRED,
                f"Red flag – {flag.urgency.label}: {flag.finding} (possible concern: "
                f"{flag.concern.lower()}). Record who was contacted, when and what was said."))
    banners.sort(key=lambda b: (b.level is not BannerLevel.URGENT,
                                b.level is not BannerLevel.CAUTION))
    return ScreeningOutcome(
        blockers=tuple(blockers),
        banners=tuple(banners),
        no_go_regions=_frozen(no_go),
        light_pressure=light,
        discouraged_techniques=_frozen(discouraged),
        referrals_required=tuple(missing_referrals),
    )


class WarningKind(StrEnum):
    NO_GO_REGION = "no_go_region"
    ENDANGERMENT = "endangerment"
    DISCOURAGED_TECHNIQUE = "discouraged_technique"
    OUT_OF_SCOPE = "out_of_scope"


class WarningLevel(StrEnum):
    CAUTION = "caution"
    WARNING = "warning"


@dataclass(frozen=True)
class ScreeningWarning:
    """Something about one charted mark that the therapist should see at once."""

    kind: WarningKind
    level: WarningLevel
    message: str
    region_id: str | None = None
    item_id: str | None = None
    technique_id: str | None = None
    site_id: str | None = None


def _technique_label(technique_id: str) -> str:
    known = TECHNIQUES_BY_ID.get(technique_id)
    return known.label if known is not None else technique_id


def warnings_for_mark(
    outcome: ScreeningOutcome,
    region_id: str | None,
    techniques: Iterable[str] = (),
    is_trigger_point: bool = True,
    disabled_techniques: Iterable[str] = (),
) -> tuple[ScreeningWarning, ...]:
    """Warnings for a trigger point (or technique) charted in `region_id`.

    A region may be None for a technique recorded for the session as a whole: then only the
    technique rules (discouraged, out of scope) apply.
    """
    chosen = list(dict.fromkeys(techniques))
    deep = [t for t in chosen if t in DEEP_TECHNIQUE_IDS]
    warnings: list[ScreeningWarning] = []
    if region_id is not None:
        for item_id in outcome.no_go_regions.get(region_id, ()):
            if is_trigger_point or deep:
                what = "A trigger point" if is_trigger_point else "A deep technique"
                warnings.append(ScreeningWarning(
                    WarningKind.NO_GO_REGION, WarningLevel.WARNING,
                    f"{what} is charted in an area excluded at intake ({_label(item_id)}): "
                    "avoid this area.", region_id=region_id, item_id=item_id))
        for site in endangerment_sites_in(region_id):
            if deep:
                names = ", ".join(_technique_label(t) for t in deep)
                warnings.append(ScreeningWarning(
                    WarningKind.ENDANGERMENT, WarningLevel.WARNING,
                    f"{names} near an endangerment site ({site.label}: {site.structures}): "
                    "no deep, sustained or pointed pressure here.", region_id=region_id,
                    site_id=site.id))
            elif is_trigger_point:
                warnings.append(ScreeningWarning(
                    WarningKind.ENDANGERMENT, WarningLevel.CAUTION,
                    f"Endangerment site nearby ({site.label}: {site.structures}): work broad "
                    "and light.", region_id=region_id, site_id=site.id))
    for technique_id in chosen:
        for item_id in outcome.discouraged_techniques.get(technique_id, ()):
            warnings.append(ScreeningWarning(
                WarningKind.DISCOURAGED_TECHNIQUE, WarningLevel.WARNING,
                f"{_technique_label(technique_id)} is discouraged for this patient "
                f"({_label(item_id)}).", region_id=region_id, item_id=item_id,
                technique_id=technique_id))
    disabled = set(disabled_techniques)
    for technique_id in chosen:
        if technique_id in disabled:
            warnings.append(ScreeningWarning(
                WarningKind.OUT_OF_SCOPE, WarningLevel.WARNING,
                f"{_technique_label(technique_id)} is switched off in this clinic's scope of "
                "practice.", region_id=region_id, technique_id=technique_id))
    return tuple(warnings)
