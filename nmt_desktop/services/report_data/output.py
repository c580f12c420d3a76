"""Report files: render to PDF, save or print, and record every export and print.

Rendering alone (for a preview) writes nothing. Saving writes the file completely or not at
all, then records an "export" event; the app records a "print" event after printing. An event
is written only once the output exists, so the audit trail never claims a report that was
not produced, and a report that could not be recorded is taken back.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.reports import render_patient_summary, render_physician_report
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services.audit import log_event
from nmt_desktop.services.report_data.history import LATEST
from nmt_desktop.services.report_data.patient_summary import patient_summary_for
from nmt_desktop.services.report_data.physician_report import physician_report_for
from nmt_desktop.services.whole_files import removed_on_failure, write_whole_file

OutputAction = Literal["export", "print"]


class ReportKind(StrEnum):
    PATIENT_SUMMARY = "patient_summary"
    PHYSICIAN_REPORT = "physician_report"

    @property
    def label(self) -> str:
        return "Visit summary" if self is ReportKind.PATIENT_SUMMARY else "Progress report"


@dataclass(frozen=True)
class RenderedReport:
    """The PDF of one report and what it is about (for the audit trail and file names).

    Attributes:
        kind: Which report.
        pdf: The finished PDF.
        patient_uid: The patient it is about.
        chart_number: The patient's chart number, for a file name.
        session_uid: The session of a patient summary; None if the patient had none yet.
        session_date: That session's day.
        period_start: First day covered by a physician report.
        period_end: Last day covered by a physician report.
        encrypted: Whether the PDF needs a password to open.
        uid: Identifies this rendering in the audit trail.
    """

    kind: ReportKind
    pdf: bytes
    patient_uid: uuid.UUID
    chart_number: str
    session_uid: uuid.UUID | None = None
    session_date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    encrypted: bool = False
    uid: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def suggested_filename(self) -> str:
        """A file name that sorts by patient and tells the reports apart."""
        chart = re.sub(r"[^\w-]+", "_", self.chart_number, flags=re.ASCII).strip("_") or "chart"
        if self.kind is ReportKind.PATIENT_SUMMARY:
            day = self.session_date.isoformat() if self.session_date else "no-visit"
            return f"{chart}-visit-summary-{day}.pdf"
        start = self.period_start.isoformat() if self.period_start else ""
        end = self.period_end.isoformat() if self.period_end else ""
        return f"{chart}-progress-report-{start}-to-{end}.pdf"

    def audit_detail(self) -> dict[str, str | bool]:
        """What the audit event says about this report (never its content)."""
        detail: dict[str, str | bool] = {"kind": self.kind.value}
        if self.kind is ReportKind.PATIENT_SUMMARY:
            detail["session"] = str(self.session_uid) if self.session_uid else ""
        else:
            detail["period_from"] = self.period_start.isoformat() if self.period_start else ""
            detail["period_to"] = self.period_end.isoformat() if self.period_end else ""
            detail["encrypted"] = self.encrypted
        return detail


def render_patient_summary_pdf(
    db: Database, patient_ref: uuid.UUID | str, session_ref: uuid.UUID | str = LATEST
) -> RenderedReport:
    """The take-home sheet as PDF, for a preview; nothing is recorded yet."""
    authorize(db, Permission.REPORTS)
    data, subject = patient_summary_for(db, patient_ref, session_ref)
    return RenderedReport(
        kind=ReportKind.PATIENT_SUMMARY,
        pdf=render_patient_summary(data),
        patient_uid=subject.patient_uid,
        chart_number=data.patient.chart_number,
        session_uid=subject.session_uid,
        session_date=data.session_date,
    )


def render_physician_report_pdf(
    db: Database,
    patient_ref: uuid.UUID | str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    password: str | None = None,
    today: dt.date | None = None,
) -> RenderedReport:
    """The progress report as PDF (encrypted with `password` if given); nothing recorded yet."""
    authorize(db, Permission.REPORTS)
    if password is not None and not password:
        raise ValidationError({"password": "The password is empty; give one or leave it out."})
    data, subject = physician_report_for(db, patient_ref, date_from, date_to, today)
    return RenderedReport(
        kind=ReportKind.PHYSICIAN_REPORT,
        pdf=render_physician_report(data, password),
        patient_uid=subject.patient_uid,
        chart_number=data.patient.chart_number,
        period_start=data.period_start,
        period_end=data.period_end,
        encrypted=bool(password),
    )


def record_report_output(
    db: Database, report: RenderedReport, action: OutputAction, destination: str = ""
) -> None:
    """Record that a report left the chart: "export" (saved to a file) or "print".

    `destination` names the file or printer; only a file's name is kept, not its folder.
    """
    authorize(db, Permission.REPORTS)
    if action not in ("export", "print"):
        raise ValueError(f"unknown report output action {action!r}")
    where = {"file": Path(destination).name} if action == "export" else {"printer": destination}
    log_event(db, action, "report", report.uid, report.patient_uid,
              **report.audit_detail(), **where)


def save_report(db: Database, report: RenderedReport, path: Path) -> Path:
    """Write the PDF to `path` and record the export.

    Raises:
        OSError: The file could not be written; nothing was written and nothing recorded.
    """
    authorize(db, Permission.REPORTS)
    write_whole_file(path, report.pdf)
    with removed_on_failure([path]):
        record_report_output(db, report, "export", str(path))
    return path


def write_patient_summary_pdf(
    db: Database,
    patient_ref: uuid.UUID | str,
    path: Path,
    session_ref: uuid.UUID | str = LATEST,
) -> RenderedReport:
    """Render the take-home sheet, save it to `path` and record the export."""
    authorize(db, Permission.REPORTS)
    report = render_patient_summary_pdf(db, patient_ref, session_ref)
    save_report(db, report, path)
    return report


def write_physician_report_pdf(
    db: Database,
    patient_ref: uuid.UUID | str,
    path: Path,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    password: str | None = None,
    today: dt.date | None = None,
) -> RenderedReport:
    """Render the progress report, save it to `path` and record the export."""
    authorize(db, Permission.REPORTS)
    report = render_physician_report_pdf(db, patient_ref, date_from, date_to, password, today)
    save_report(db, report, path)
    return report
