"""The physician report's period at a glance: pain-frequency map and outcome chart on paper."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reportlab.graphics.shapes import Drawing, Group, String

from nmt_desktop.domain.progress import OutcomeReading, RegionFrequency, threshold_progress
from nmt_desktop.reports import render_physician_report
from nmt_desktop.reports.progress_data import ProgressFigures
from nmt_desktop.reports.progress_figures import outcome_chart
from tests.reports import factories
from tests.reports.pdf_tools import flat, page_count, text

D = date
NDI = [(D(2025, 3, 3), 44.0), (D(2025, 3, 24), 38.0), (D(2025, 4, 14), 30.0)]
PSFS = [(D(2025, 3, 3), 3.0), (D(2025, 4, 14), 4.0)]


def _figures(visits: int) -> ProgressFigures:
    outcomes = tuple(OutcomeReading("ndi", d, s) for d, s in NDI) + tuple(
        OutcomeReading("psfs", d, s) for d, s in PSFS)
    thresholds = tuple(t for t in (threshold_progress("ndi", NDI), threshold_progress("psfs", PSFS))
                       if t is not None)
    return ProgressFigures(
        visits=visits,
        regions=(RegionFrequency("temple_left", visits, visits, 5.5),
                 RegionFrequency("neck_posterior_left", visits // 2, visits, 4.0),
                 RegionFrequency("shoulder_top_left", 1, visits, 3.0)),
        outcomes=outcomes,
        thresholds=thresholds,
    )


def _strings(node: Drawing | Group) -> list[str]:
    found = []
    for child in node.contents:
        if isinstance(child, String):
            found.append(child.text)
        elif isinstance(child, Group):
            found += _strings(child)
    return found


def test_frequency_map_and_outcome_chart_print_within_three_pages() -> None:
    data = factories.physician_report(count=24)
    pdf = render_physician_report(replace(data, progress=_figures(24)))
    printed = flat(text(pdf))
    assert flat("Pain frequency · 24 visits") in printed
    assert flat("Painted by the patient, share of 24 visits:") in printed
    assert flat("75–100 %") in printed
    # NDI 44 → 30 reached its 10-point change on 14 Apr; PSFS 3 → 4 did not reach 2 points
    assert flat("NDI target: reached 14 Apr") in printed
    assert flat("PSFS target: not reached") in printed
    assert 1 <= page_count(pdf) <= 3


def test_outcome_chart_puts_each_measure_in_percent_of_its_scale() -> None:
    figures = _figures(6)
    chart = outcome_chart(figures.outcomes, figures.thresholds, width=480)
    strings = _strings(chart)
    assert "NDI, % disability (lower is better)" in strings
    assert "PSFS, % of 10 (higher is better)" in strings
    assert "ODI, % disability (lower is better)" not in strings  # no ODI in the period
    assert [s for s in strings if s.isdigit()] == ["0", "25", "50", "75", "100"]


def test_without_repeated_questionnaires_there_is_no_outcome_chart() -> None:
    data = factories.physician_report(count=3)
    single = ProgressFigures(visits=3, outcomes=(OutcomeReading("ndi", D(2025, 3, 3), 40.0),))
    pdf = render_physician_report(replace(data, progress=single))
    assert flat("NDI target") not in flat(text(pdf))
    assert flat("clinically important change") not in flat(text(pdf))
