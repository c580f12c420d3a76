"""Outcome questionnaires a physician recognises, and whether a change matters (spec §5.5).

Missing answers, as the instruments prescribe:
- NDI (Vernon & Mior) and ODI (Fairbank, v2.1): the score is taken over the answered items,
  sum ÷ (5 × answered) × 100, so one or two skipped items (often "driving" or "sex life") do
  not lower the score. With three or more items unanswered (fewer than 8 of 10) the form is
  invalid and gets no score: more than two missing is the usual cut-off in clinical practice
  and the scoring notes of both instruments, and beyond it the percentage describes too few
  activities to compare with another visit.
- PSFS (Stratford): the mean of the activities the patient rated (3 to 5 are recommended; at
  least one is needed). An activity without a rating is left out of the mean.

Clinically important change (improvement for the patient; thresholds of §5.5):
NDI 10 %-points (Vernon: 5 raw points), ODI 10 points, PSFS 2 points on the mean, NRS 2 points
or 30 % of the baseline (Farrar 2001).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from nmt_desktop.domain.errors import ValidationError


class OutcomeMeasure(StrEnum):
    NDI = "ndi"
    ODI = "odi"
    PSFS = "psfs"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def higher_is_better(self) -> bool:
        return self is OutcomeMeasure.PSFS

    @property
    def unit(self) -> str:
        return "/10" if self is OutcomeMeasure.PSFS else "%"


_LABELS = {
    OutcomeMeasure.NDI: "Neck Disability Index",
    OutcomeMeasure.ODI: "Oswestry Disability Index",
    OutcomeMeasure.PSFS: "Patient-Specific Functional Scale",
}


class GoalProgressStatus(StrEnum):
    """How far a session found the patient toward one intake goal."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


NDI_ITEMS: tuple[str, ...] = (
    "Pain intensity", "Personal care", "Lifting", "Reading", "Headaches", "Concentration",
    "Work", "Driving", "Sleeping", "Recreation",
)
ODI_ITEMS: tuple[str, ...] = (
    "Pain intensity", "Personal care", "Lifting", "Walking", "Sitting", "Standing",
    "Sleeping", "Sex life", "Social life", "Travelling",
)
ITEM_MAX = 5
MAX_MISSING_ITEMS = 2
PSFS_MIN_ACTIVITIES, PSFS_MAX_ACTIVITIES = 1, 5
PSFS_MAX = 10


@dataclass(frozen=True)
class PsfsActivity:
    """An activity the patient finds hard, rated 0 (unable) to 10 (as before the problem)."""

    activity: str
    score: int | None


@dataclass(frozen=True)
class OutcomeScore:
    """A scored questionnaire.

    Attributes:
        score: NDI/ODI as a percentage 0–100; PSFS as the mean 0–10; None when invalid.
        answered: Items (or rated activities) that count.
        total_items: Items on the form (activities named, for PSFS).
        raw_sum: Sum of the answered items.
        band: Severity band of the instrument ("" for PSFS and invalid forms).
        note: How missing items were handled, or why the form is invalid.
    """

    measure: OutcomeMeasure
    score: float | None
    answered: int
    total_items: int
    raw_sum: int
    valid: bool
    band: str = ""
    note: str = ""


def _check_items(measure: OutcomeMeasure, items: Sequence[int | None]) -> None:
    if len(items) != len(NDI_ITEMS):
        raise ValidationError({"items": f"The {measure.label} has {len(NDI_ITEMS)} items; "
                                        f"{len(items)} were given."})
    for number, value in enumerate(items, start=1):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ITEM_MAX:
            raise ValidationError({"items": f"Item {number} must be a whole number from 0 to "
                                            f"{ITEM_MAX}, or left unanswered."})


def _percent_score(measure: OutcomeMeasure, items: Sequence[int | None]) -> OutcomeScore:
    _check_items(measure, items)
    answered = [v for v in items if v is not None]
    missing = len(items) - len(answered)
    raw = sum(answered)
    if missing > MAX_MISSING_ITEMS:
        return OutcomeScore(measure, None, len(answered), len(items), raw, False,
                            note=f"{missing} items unanswered: at most {MAX_MISSING_ITEMS} may "
                                 "be missing, so the form cannot be scored.")
    percent = round(raw * 100 / (ITEM_MAX * len(answered)), 1)
    band = _ndi_band(percent) if measure is OutcomeMeasure.NDI else _odi_band(percent)
    note = ""
    if missing:
        plural = "item" if missing == 1 else "items"
        note = f"{missing} {plural} unanswered: scored over the {len(answered)} answered."
    return OutcomeScore(measure, percent, len(answered), len(items), raw, True, band, note)


def _ndi_band(percent: float) -> str:
    # Vernon's raw bands 0–4, 5–14, 15–24, 25–34, >34 of 50, as percentages.
    for upper, band in ((10, "No disability"), (30, "Mild"), (50, "Moderate"), (70, "Severe")):
        if percent < upper:
            return band
    return "Complete"


ODI_BANDS: tuple[tuple[int, str], ...] = (
    (20, "Minimal (0–20 %)"), (40, "Moderate (21–40 %)"), (60, "Severe (41–60 %)"),
    (80, "Very severe (61–80 %)"), (100, "Extreme (81–100 %)"))


def _odi_band(percent: float) -> str:
    # Fairbank's bands with neutral names and their ranges: the original "crippled" and
    # "bed-bound or exaggerating" are not words to print to a physician about a patient.
    for upper, band in ODI_BANDS:
        if percent <= upper:
            return band
    return ODI_BANDS[-1][1]


def score_ndi(items: Sequence[int | None]) -> OutcomeScore:
    """Neck Disability Index: 10 items 0–5, as a percentage over the answered items."""
    return _percent_score(OutcomeMeasure.NDI, items)


def score_odi(items: Sequence[int | None]) -> OutcomeScore:
    """Oswestry Disability Index: 10 sections 0–5, sum ÷ (5 × answered) × 100."""
    return _percent_score(OutcomeMeasure.ODI, items)


def score_psfs(activities: Sequence[PsfsActivity]) -> OutcomeScore:
    """Patient-Specific Functional Scale: the mean rating of the named activities."""
    measure = OutcomeMeasure.PSFS
    if not PSFS_MIN_ACTIVITIES <= len(activities) <= PSFS_MAX_ACTIVITIES:
        raise ValidationError({"items": f"Name {PSFS_MIN_ACTIVITIES} to {PSFS_MAX_ACTIVITIES} "
                                        "activities."})
    for number, entry in enumerate(activities, start=1):
        if not entry.activity.strip():
            raise ValidationError({"items": f"Activity {number} needs a name."})
        value = entry.score
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not 0 <= value <= PSFS_MAX):
            raise ValidationError({"items": f"The rating of activity {number} must be a whole "
                                            f"number from 0 to {PSFS_MAX}."})
    rated = [a.score for a in activities if a.score is not None]
    if not rated:
        return OutcomeScore(measure, None, 0, len(activities), 0, False,
                            note="No activity is rated, so there is no score.")
    unrated = len(activities) - len(rated)
    note = f"{unrated} activity not rated: mean of the rated ones." if unrated == 1 else (
        f"{unrated} activities not rated: mean of the rated ones." if unrated else "")
    return OutcomeScore(measure, round(sum(rated) / len(rated), 2), len(rated),
                        len(activities), sum(rated), True, note=note)


def score_outcome(
    measure: OutcomeMeasure | str, items: Sequence[int | None] | Sequence[PsfsActivity]
) -> OutcomeScore:
    """Score any supported questionnaire; raises ValidationError on impossible answers."""
    try:
        which = OutcomeMeasure(measure)
    except ValueError:
        raise ValidationError({"measure": f"Unknown questionnaire {measure!r}."}) from None
    if which is OutcomeMeasure.PSFS:
        if not all(isinstance(a, PsfsActivity) for a in items):
            raise ValidationError({"items": "PSFS answers are activities with a rating."})
        return score_psfs([a for a in items if isinstance(a, PsfsActivity)])
    if any(isinstance(v, PsfsActivity) for v in items):
        raise ValidationError({"items": f"The {which.label} is answered item by item."})
    values = [v for v in items if not isinstance(v, PsfsActivity)]
    return score_ndi(values) if which is OutcomeMeasure.NDI else score_odi(values)


MCID: Mapping[str, float] = MappingProxyType({"ndi": 10.0, "odi": 10.0, "psfs": 2.0, "nrs": 2.0})
NRS_RELATIVE_MCID = 0.30
_THRESHOLD_TEXT = {
    "ndi": "10 %-points (5 raw points, Vernon)",
    "odi": "10 points",
    "psfs": "2 points on the mean",
    "nrs": "2 points and 30 % of baseline",
}
_EPSILON = 1e-9


@dataclass(frozen=True)
class MeaningfulChange:
    """Baseline against current, judged by the measure's clinically important change.

    Attributes:
        change: current − baseline, as the numbers read.
        improvement: The change signed so that a positive value is better for the patient.
        meaningful: The improvement reaches the threshold.
        worsened: The deterioration reaches the threshold.
    """

    measure: str
    baseline: float
    current: float
    change: float
    improvement: float
    threshold: float
    threshold_text: str
    meaningful: bool
    worsened: bool


def judge_change(measure: str, baseline: float, current: float) -> MeaningfulChange:
    """Judge a change from baseline for "ndi", "odi", "psfs" or "nrs"."""
    if measure not in MCID:
        raise ValidationError({"measure": f"No change threshold for {measure!r}."})
    threshold = MCID[measure]
    change = current - baseline
    improvement = change if measure == "psfs" else -change

    # NRS (issue #12, spec §3.1): an improvement counts only when it is at least 2 points AND
    # at least 30 % of baseline, so 3 → 2 or 1 → 0 (within the scale's error) never counts, and
    # a high baseline needs a larger raw change. A deterioration is judged by points only.
    relative = (measure != "nrs" or (baseline > 0 and improvement > 0
                                     and improvement / baseline + _EPSILON >= NRS_RELATIVE_MCID))
    return MeaningfulChange(
        measure=measure, baseline=baseline, current=current, change=round(change, 2),
        improvement=round(improvement, 2), threshold=threshold,
        threshold_text=_THRESHOLD_TEXT[measure],
        meaningful=improvement + _EPSILON >= threshold and relative,
        worsened=-improvement + _EPSILON >= threshold,
    )
