"""Report use cases: build report data from the chart, render it, save or print it.

`build_patient_summary` and `build_physician_report` return the frozen data the renderers
print (tested as data). `render_*_pdf` turn it into a `RenderedReport` for a preview;
`save_report` and `record_report_output` put it out and write the audit event;
`write_*_pdf` do all of that in one call (the command line uses them).
"""

from __future__ import annotations

from nmt_desktop.services.report_data.history import LATEST
from nmt_desktop.services.report_data.output import (
    OutputAction,
    RenderedReport,
    ReportKind,
    record_report_output,
    render_patient_summary_pdf,
    render_physician_report_pdf,
    save_report,
    write_patient_summary_pdf,
    write_physician_report_pdf,
)
from nmt_desktop.services.report_data.patient_summary import build_patient_summary
from nmt_desktop.services.report_data.physician_report import (
    build_physician_report,
    check_period,
)

__all__ = [
    "LATEST",
    "OutputAction",
    "RenderedReport",
    "ReportKind",
    "build_patient_summary",
    "build_physician_report",
    "check_period",
    "record_report_output",
    "render_patient_summary_pdf",
    "render_physician_report_pdf",
    "save_report",
    "write_patient_summary_pdf",
    "write_physician_report_pdf",
]
