"""Where the physician report places the period at a glance (frequency map, outcome chart).

The report's own module calls these two functions at one point each, so the content of the
report and these figures can change independently.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Spacer

from nmt_desktop.reports.bodymap_flowable import BodyMapFlowable, MapGroup
from nmt_desktop.reports.progress_data import ProgressFigures
from nmt_desktop.reports.progress_figures import FrequencyMapFlowable, outcome_chart


def frequency_maps(groups: Sequence[MapGroup], progress: ProgressFigures,
                   max_figure_height: float) -> BodyMapFlowable:
    """The first and latest maps with the period's pain-frequency map as a third."""
    return FrequencyMapFlowable(
        groups, progress.regions, f"Pain frequency · {progress.visits} visits",
        progress.visits, max_figure_height=max_figure_height, glyph_cell=5.5,
    )


def outcome_chart_flowables(progress: ProgressFigures | None, width: float) -> list[Flowable]:
    """The questionnaire chart when some questionnaire was scored twice or more in the period."""
    if progress is None:
        return []
    counts = {m: sum(o.measure == m for o in progress.outcomes) for m in ("ndi", "odi", "psfs")}
    if max(counts.values()) < 2:
        return []
    return [outcome_chart(progress.outcomes, progress.thresholds, width), Spacer(1, 2)]
