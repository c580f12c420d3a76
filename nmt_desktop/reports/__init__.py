"""PDF reports: the patient's take-home sheet and the progress report to the physician.

Renderers take frozen data (`reports.data`) and return PDF bytes; no database, no Qt. The entry
points import ReportLab only when called, so importing this package (or `reports.data`, which
services fill) keeps ReportLab off the application's start-up path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nmt_desktop.reports.data import PatientSummaryData, PhysicianReportData


def render_patient_summary(data: PatientSummaryData) -> bytes:
    """Render the patient's take-home sheet (1-2 pages) to PDF bytes."""
    from nmt_desktop.reports.patient_summary import render_patient_summary as render

    return render(data)


def render_physician_report(data: PhysicianReportData, password: str | None = None) -> bytes:
    """Render the progress report (1-3 pages) to PDF bytes.

    With a `password`, the finished PDF is encrypted with AES-256 (`reports.encryption`); the
    caller checks the password against `domain.report_password` first.
    """
    from nmt_desktop.reports.physician_report import render_physician_report as render

    pdf = render(data)
    if password is None:
        return pdf
    from nmt_desktop.reports.encryption import protect_with_password

    return protect_with_password(pdf, password)


__all__ = ["render_patient_summary", "render_physician_report"]
