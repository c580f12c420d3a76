"""The Report menu's use cases: build a report for the open patient and show its preview.

Rendering takes a fraction of a second (ReportLab, a few pages), so it runs on the GUI thread
under a wait cursor; the preview then rasterises pages lazily. Both system-facing steps (the
period chooser, the preview window) are injectable so tests can drive them without dialogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.results import PatientRecord, SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.printing.physician_report_dialog import (
    PhysicianReportDialog,
    PhysicianReportOptions,
)

if TYPE_CHECKING:
    # Report building and the PDF preview (PDFium) load on the first report, not at start-up.
    from nmt_desktop.services.report_data import RenderedReport
    from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog

OptionsAsker = Callable[[QWidget, PatientRecord, dt.date | None], PhysicianReportOptions | None]


def ask_physician_report_options(parent: QWidget, patient: PatientRecord,
                                 first_session: dt.date | None) -> PhysicianReportOptions | None:
    dialog = PhysicianReportDialog(patient.display_name, first_session, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options


class ReportActions:
    def __init__(self, context: AppContext, parent: QWidget,
                 ask_options: OptionsAsker = ask_physician_report_options,
                 **preview_options: Any) -> None:
        self._context = context
        self._parent = parent
        self._ask_options = ask_options
        self._preview_options = preview_options  # passed on to ReportPreviewDialog (tests)

    def patient_summary(self, patient: PatientRecord | None,
                        session: SessionRecord | None = None) -> ReportPreviewDialog | None:
        """Preview the take-home sheet for `session` (the latest session if None)."""
        if patient is None:
            self._context.events.error.emit("Open a patient first, then print their summary.")
            return None
        from nmt_desktop.services import report_data

        session_ref = session.uid if session is not None else report_data.LATEST
        report = self._render(report_data.render_patient_summary_pdf, patient.uid, session_ref)
        if report is None:
            return None
        day = report.session_date.strftime("%d %b %Y") if report.session_date else "no visit yet"
        return self._preview(report, f"{report.kind.label} — {patient.display_name}, {day}")

    def physician_report(self, patient: PatientRecord | None) -> ReportPreviewDialog | None:
        """Ask for the period (and an optional password), then preview the progress report."""
        if patient is None:
            self._context.events.error.emit("Open a patient first, then write their report.")
            return None
        options = self._ask_options(self._parent, patient, self._first_session_day(patient))
        if options is None:
            return None
        from nmt_desktop.services import report_data

        report = self._render(report_data.render_physician_report_pdf, patient.uid,
                              options.date_from, options.date_to, options.password)
        if report is None:
            return None
        period = f"{options.date_from:%d %b %Y} – {options.date_to:%d %b %Y}"
        return self._preview(report, f"{report.kind.label} — {patient.display_name}, {period}",
                             options.password)

    def _first_session_day(self, patient: PatientRecord) -> dt.date | None:
        sessions = self._context.read(session_service.list_sessions, patient.uid)
        return sessions[-1].started_at.astimezone().date() if sessions else None

    def _render(self, render: Callable[..., RenderedReport], *args: Any) -> RenderedReport | None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self._context.read(render, *args)
        except (NotFoundError, ValidationError) as problem:
            self._context.events.error.emit(f"Could not make the report: {problem}")
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def _preview(self, report: RenderedReport, title: str,
                 password: str | None = None) -> ReportPreviewDialog:
        from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog

        dialog = ReportPreviewDialog(self._context, report, title, password, self._parent,
                                     **self._preview_options)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
