"""What the physician report prints of the course at a glance (issue 18).

Kept beside `reports/data.py` rather than inside it: the figures come from the same domain
computations the app's Progress view uses, so the report and the screen show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from nmt_desktop.domain.progress import OutcomeReading, RegionFrequency, ThresholdProgress


@dataclass(frozen=True)
class ProgressFigures:
    """The period's pain-frequency map and its questionnaires against their thresholds.

    Attributes:
        visits: Visits in the period (the denominator of every share).
        regions: How often each region was painted by the patient, most often first.
        outcomes: Valid NDI, ODI and PSFS scores of the period, in date order.
        thresholds: Each questionnaire against its clinically important change from the
            period's first score.
    """

    visits: int
    regions: tuple[RegionFrequency, ...] = ()
    outcomes: tuple[OutcomeReading, ...] = ()
    thresholds: tuple[ThresholdProgress, ...] = ()
