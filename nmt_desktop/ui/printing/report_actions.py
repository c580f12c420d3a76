"""The Report menu's use cases: make a report for the open patient and show its preview.

The report is made on a worker thread (see `background.py`), so the window stays responsive
while ReportLab lays out the pages; the preview opens when it is ready and `preview_opened`
says so. The period chooser and the preview's system dialogs are injectable for tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.services import report_data
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.services.report_data import RenderedReport
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.printing.background import BackgroundCall
from nmt_desktop.ui.printing.physician_report_dialog import (
    PhysicianReportDialog,
    PhysicianReportOptions,
)
from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog

OptionsAsker = Callable[[QWidget, PatientRecord, dt.date | None], PhysicianReportOptions | None]


def ask_physician_report_options(parent: QWidget, patient: PatientRecord,
                                 first_session: dt.date | None) -> PhysicianReportOptions | None:
    dialog = PhysicianReportDialog(patient.display_name, first_session, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.options


class ReportActions(QObject):
    preview_opened = Signal(object)  # the ReportPreviewDialog, once the report is ready

    def __init__(self, context: AppContext, parent: QWidget,
                 ask_options: OptionsAsker = ask_physician_report_options,
                 **preview_options: Any) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self._ask_options = ask_options
        self._preview_options = preview_options  # passed on to ReportPreviewDialog (tests)
        self._job: BackgroundCall | None = None
        self._title: Callable[[RenderedReport], str] = str
        self._password: str | None = None

    @property
    def busy(self) -> bool:
        """A report is being made; another request waits for it to finish."""
        return self._job is not None

    def patient_summary(self, patient: PatientRecord | None,
                        session: SessionRecord | None = None) -> None:
        """Preview the take-home sheet for `session` (the latest session if None)."""
        if patient is None:
            self._context.events.error.emit("Open a patient first, then print their summary.")
            return
        session_ref = session.uid if session is not None else report_data.LATEST

        def title(report: RenderedReport) -> str:
            day = (date_text(report.session_date) if report.session_date
                   else "no visit yet")
            return f"{report.kind.label} — {patient.display_name}, {day}"

        self._start(partial(report_data.render_patient_summary_pdf, self._context.db,
                            patient.uid, session_ref), title)

    def physician_report(self, patient: PatientRecord | None) -> None:
        """Ask for the period (and an optional password), then preview the progress report."""
        if patient is None:
            self._context.events.error.emit("Open a patient first, then write their report.")
            return
        if self.busy:
            return
        options = self._ask_options(self._parent, patient, self._first_session_day(patient))
        if options is None:
            return
        period = f"{date_text(options.date_from)} – {date_text(options.date_to)}"
        self._start(partial(report_data.render_physician_report_pdf, self._context.db,
                            patient.uid, options.date_from, options.date_to, options.password),
                    lambda report: f"{report.kind.label} — {patient.display_name}, {period}",
                    options.password)

    def _first_session_day(self, patient: PatientRecord) -> dt.date | None:
        sessions = self._context.read(session_service.list_sessions, patient.uid)
        return sessions[-1].started_at.astimezone().date() if sessions else None

    # -- the worker ----------------------------------------------------------------------------

    def _start(self, render: Callable[[], RenderedReport],
               title: Callable[[RenderedReport], str], password: str | None = None) -> None:
        if self.busy:
            return
        self._title, self._password = title, password
        job = BackgroundCall(render, self)
        job.succeeded.connect(self._show_preview)
        job.failed.connect(self._report_failed)
        self._job = job
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        job.start()

    def _finish_job(self) -> None:
        job, self._job = self._job, None
        self._password = None
        QApplication.restoreOverrideCursor()
        if job is not None:
            job.wait()  # it emitted its last signal; let the thread end before it is dropped
            job.deleteLater()

    def _show_preview(self, report: RenderedReport) -> None:
        password = self._password
        self._finish_job()
        self._record_preview(report)
        # The preview holds the password while it is open; nothing here keeps it longer.
        dialog = ReportPreviewDialog(self._context, report, self._title(report), password,
                                     self._parent, **self._preview_options)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preview_opened.emit(dialog)

    def _record_preview(self, report: RenderedReport) -> None:
        """One access event per preview window (its printing and saving are recorded apart)."""
        from nmt_desktop.services import access_log

        db = self._context.db
        self._context.attempt(lambda: access_log.record_access(
            db, access_log.AccessAction("preview_report"), report.patient_uid, report.uid,
            report=report.kind.value))

    def _report_failed(self, problem: Exception) -> None:
        self._finish_job()
        if isinstance(problem, NotFoundError | ValidationError):
            self._context.events.error.emit(f"Could not make the report: {problem}")
            return
        raise problem
