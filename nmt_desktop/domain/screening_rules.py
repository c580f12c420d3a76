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
    """A physician's dated clearance to treat despite a contraindication or a red flag.

    Attributes:
        valid_until: The clearance's own end date, if it has one (inclusive).
    """

    item_id: str
    cleared_by: str
    cleared_on: dt.date
    note: str = ""
    valid_until: dt.date | None = None


# Spec §4.3: these answers are only true for today, so a clearance for them holds that day only.
SAME_DAY_ITEM_IDS: frozenset[str] = frozenset({"fever_acute_infection", "intoxication"})

# Spec §4.1 "App action: require clearance" for a precaution: the gate asks for the clearance
# before any session (the app cannot tell in advance whether deep work will be used).
CLEARANCE_BEFORE_TREATMENT_IDS: frozenset[str] = frozenset({"cancer"})

# Spec §4.1/§4.3: the affected limb stays off limits for every kind of touch, even after clearance.
NEVER_TOUCH_IDS: frozenset[str] = frozenset({"dvt_suspected_or_known"})


def clearance_holds(clearance: ClearanceInfo, today: dt.date) -> bool:
    """Whether this clearance still lifts its item on `today` (spec §4.2, §4.3)."""
    if clearance.cleared_on > today:
        return False
    if clearance.item_id in SAME_DAY_ITEM_IDS:
        return clearance.cleared_on == today
    return clearance.valid_until is None or today <= clearance.valid_until


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
        present_ids: Every item answered yes (intake and today's check).
    """

    blockers: tuple[Blocker, ...] = ()
    banners: tuple[Banner, ...] = ()
    no_go_regions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    light_pressure: bool = False
    discouraged_techniques: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    referrals_required: tuple[str, ...] = ()
    present_ids: frozenset[str] = frozenset()

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


def _clearance_banner(label: str, clearance: ClearanceInfo) -> str:
    until = (" (today only)" if clearance.item_id in SAME_DAY_ITEM_IDS
             else f" until {clearance.valid_until.isoformat()}" if clearance.valid_until
             else "")
    return (f"{label}: cleared by {clearance.cleared_by} on "
            f"{clearance.cleared_on.isoformat()}{until}.")


def evaluate_screening(
    answers: Iterable[ScreeningAnswer],
    clearances: Iterable[ClearanceInfo] = (),
    referrals: Iterable[ReferralInfo] = (),
    today: dt.date | None = None,
) -> ScreeningOutcome:
    """Apply the screening rules (spec §4.1, §4.2 "App rule for the session gate", §4.3).

    - A systemic contraindication, and a precaution whose app action is "require clearance"
      (active cancer), block until a clearance that still holds on `today` is recorded.
    - An E or U red flag blocks until such a clearance is recorded; a referral documents the
      contact but does not lift the block.
    - An R red flag blocks until a referral (or a clearance that still holds) is recorded; then
      its regions, if the answer has any, are no-go zones.
    - Same-day items (fever, intoxication) are cleared for the day of the clearance only.

    Answers may repeat an id (the intake and today's check); an item counts as present when
    any answer says so. Unknown item ids are ignored (an intake written by a newer catalog
    must still open).
    """
    day = today or dt.date.today()
    cleared = {c.item_id: c for c in clearances if clearance_holds(c, day)}
    referral_list = list(referrals)
    referred = {flag for r in referral_list for flag in r.red_flag_ids}
    present: dict[str, list[str]] = {}
    for answer in answers:
        if answer.present:
            present.setdefault(answer.item_id, []).extend(answer.region_ids)
    blockers: list[Blocker] = []
    banners: list[Banner] = []
    no_go: dict[str, list[str]] = {}
    discouraged: dict[str, list[str]] = {}
    light = False
    missing_referrals: list[str] = []
    for item_id, region_ids in present.items():
        item = CONTRAINDICATIONS_BY_ID.get(item_id)
        if item is not None:
            if item.marks_regions:
                for region_id in dict.fromkeys(region_ids):
                    no_go.setdefault(region_id, []).append(item.id)
            item_clearance = cleared.get(item.id)
            gate = (item.category is ScreeningCategory.SYSTEMIC
                    or item.id in CLEARANCE_BEFORE_TREATMENT_IDS)
            if gate and item_clearance is None:
                same_day = " dated today" if item.id in SAME_DAY_ITEM_IDS else ""
                blockers.append(Blocker(
                    item.id, BlockKind.CLEARANCE_REQUIRED,
                    f"{item.label}: record a medical clearance{same_day} (who cleared, when, "
                    f"for what) before treating. {item.modification}"))
            elif item.category is ScreeningCategory.SYSTEMIC and item_clearance is not None:
                banners.append(Banner(item.id, BannerLevel.INFO,
                                      _clearance_banner(item.label, item_clearance)))
            if item.category is ScreeningCategory.PRECAUTION:
                text = item.banner or f"{item.label}: {item.modification}"
                if item.needs_clearance:
                    text += (" " + _clearance_banner("Cleared", item_clearance) if item_clearance
                             else " Medical clearance recommended.")
                banners.append(Banner(item.id, BannerLevel.CAUTION, text))
            elif item.category is ScreeningCategory.LOCAL and item.banner:
                banners.append(Banner(item.id, BannerLevel.CAUTION, item.banner))
            light = light or item.light_pressure
            for technique_id in item.discouraged_techniques:
                discouraged.setdefault(technique_id, []).append(item.id)
            continue
        flag = RED_FLAGS_BY_ID.get(item_id)
        if flag is None:
            continue
        clearance = cleared.get(flag.id)
        if flag.id not in referred:
            missing_referrals.append(flag.id)
        if flag.urgency is Urgency.ROUTINE:
            if flag.id in referred or clearance is not None:
                for region_id in dict.fromkeys(region_ids):
                    no_go.setdefault(region_id, []).append(flag.id)
                banners.append(Banner(flag.id, BannerLevel.CAUTION,
                                      f"Red flag referred ({flag.urgency.label}): "
                                      f"{flag.finding}."))
            else:
                blockers.append(Blocker(
                    flag.id, BlockKind.REFERRAL_REQUIRED,
                    f"Red flag – {flag.urgency.label}: {flag.finding} (possible concern: "
                    f"{flag.concern.lower()}). Record who was contacted, when and what was "
                    "said."))
        elif clearance is None:
            contact = ("A referral is on record; it documents the contact but does not lift "
                       "the block." if flag.id in referred
                       else "Record the referral (who was contacted, when, what was said).")
            blockers.append(Blocker(
                flag.id, BlockKind.CLEARANCE_REQUIRED,
                f"Red flag – {flag.urgency.label}: {flag.finding} (possible concern: "
                f"{flag.concern.lower()}). {contact} No session until a dated medical "
                "clearance (who cleared, when, for what) is recorded."))
        else:
            banners.append(Banner(flag.id, BannerLevel.URGENT,
                                  f"Red flag ({flag.urgency.label}): "
                                  + _clearance_banner(flag.finding, clearance)))
    banners.sort(key=lambda b: (b.level is not BannerLevel.URGENT,
                                b.level is not BannerLevel.CAUTION))
    return ScreeningOutcome(
        blockers=tuple(blockers),
        banners=tuple(banners),
        no_go_regions=_frozen(no_go),
        light_pressure=light,
        discouraged_techniques=_frozen(discouraged),
        referrals_required=tuple(missing_referrals),
        present_ids=frozenset(present),
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
            if is_trigger_point or deep or item_id in NEVER_TOUCH_IDS:
                what = ("A trigger point" if is_trigger_point
                        else "A deep technique" if deep else "Work")
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
