"""Rendered reports shared by the report tests (rendering is the slow part)."""

from __future__ import annotations

import pytest

from nmt_desktop.reports import render_patient_summary, render_physician_report
from tests.reports import factories


@pytest.fixture(scope="session")
def summary_pdf() -> bytes:
    return render_patient_summary(factories.patient_summary(logo=factories.tiny_png()))


@pytest.fixture(scope="session")
def physician_pdf() -> bytes:
    return render_physician_report(factories.physician_report(count=24))
