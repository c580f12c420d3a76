"""Report data: frozen, derived counts, and no ReportLab import for whoever builds it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import pytest

from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.reports.data import (
    GoalStatus,
    MapMarks,
    PainZoneMark,
    PlanSection,
    SessionRow,
)
from tests.reports import factories


def test_report_data_is_frozen() -> None:
    # GIVEN report data as a service would hand it over
    data = factories.physician_report(count=3)
    # WHEN / THEN a renderer (or anyone) cannot change it
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.visits_cancelled = 5  # type: ignore[misc]
    assert isinstance(data.sessions, tuple)
    assert isinstance(data.muscle_trends[0].statuses, tuple)


def test_visits_attended_counts_session_rows() -> None:
    data = factories.physician_report(count=24)
    assert data.visits_attended == 24
    assert factories.physician_report(count=0).visits_attended == 0


def test_muscle_trends_have_one_status_per_session() -> None:
    data = factories.physician_report(count=24)
    for trend in data.muscle_trends:
        assert len(trend.statuses) == len(data.sessions)
    assert data.muscle_trends[0].statuses[0] is TriggerPointStatus.ACTIVE


def test_empty_parts_say_they_are_empty() -> None:
    assert MapMarks().is_empty
    assert not MapMarks(pain_zones=(PainZoneMark("temple_left", 3),)).is_empty
    assert PlanSection().is_empty
    assert not PlanSection(frequency="weekly").is_empty
    assert GoalStatus.PARTLY_MET.label == "Partly met"


def test_session_row_defaults_leave_measurements_unknown() -> None:
    row = SessionRow(date(2025, 1, 1))
    assert row.nrs_before is None and row.pain_extent_pct is None and row.techniques == ()


def test_importing_report_data_does_not_import_reportlab() -> None:
    # Services build report data on the start-up path; ReportLab must load only to render.
    code = (
        "import sys, nmt_desktop.reports, nmt_desktop.reports.data; "
        "sys.exit(1 if 'reportlab' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 0
