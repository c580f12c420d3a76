"""File → Export chart… and File → Import chart…: the exchange services for therapists.

The services do the work and keep the promises (whole files or none, one transaction, the
audit event); this module asks the questions, runs the service on a worker thread (a FHIR
export lays out the physician report, an import checks every field of the file) and says in
plain words what happened. The system dialogs are injectable so that tests answer them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.services import exchange
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.database import WriteFailure, classify_write_failure
from nmt_desktop.services.exchange import (
    ChartFileRefusedError,
    ChartNumberTakenError,
    ExportResult,
    ImportReport,
)
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.exchange.export_format_dialog import (
    ExportFormat,
    ask_export_format,
    suggested_export_name,
)
from nmt_desktop.ui.exchange.import_summary_dialog import ImportSummaryDialog
from nmt_desktop.ui.printing.background import BackgroundCall
from nmt_desktop.ui.printing.write_problems import explain_write_problem

FormatAsker = Callable[[QWidget, PatientRecord], ExportFormat | None]
# (parent, format, suggested path) -> the file (or CSV folder) to write, "" if cancelled
ExportTargetChooser = Callable[[QWidget, ExportFormat, str], str]
ImportFileChooser = Callable[[QWidget, str], str]  # (parent, start folder) -> file or ""
# (parent, the clash, a problem with the last number tried or "") -> new number, None = cancel
ChartNumberAsker = Callable[[QWidget, ChartNumberTakenError, str], str | None]

_EXPORTS = {ExportFormat.JSON: exchange.export_chart_json,
            ExportFormat.CSV: exchange.export_chart_csv,
            ExportFormat.FHIR: exchange.export_chart_fhir}


def ask_export_target(parent: QWidget, export_format: ExportFormat, suggested: str) -> str:
    if export_format.writes_folder:
        # The tables go into a new folder of their own inside the folder chosen here.
        suggested_path = Path(suggested)
        folder = QFileDialog.getExistingDirectory(
            parent, f"Choose where to put the folder {suggested_path.name}",
            str(suggested_path.parent))
        return str(Path(folder) / suggested_path.name) if folder else ""
    path, _filter = QFileDialog.getSaveFileName(parent, "Export chart as", suggested,
                                                "JSON files (*.json)")
    return path


def ask_import_file(parent: QWidget, folder: str) -> str:
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Import a chart file", folder,
        "NMT Desktop chart files (*.json);;All files (*)")
    return path


def ask_new_chart_number(parent: QWidget, taken: ChartNumberTakenError,
                         problem: str) -> str | None:
    question = (f"Chart number {taken.chart_number} is already used here by "
                f"{taken.owner_name}.\nFile the imported chart under a new chart number:")
    if problem:
        question = f"{problem}\n\n{question}"
    number, accepted = QInputDialog.getText(parent, "Chart number already used", question,
                                            text=taken.free_number)
    return number if accepted and number.strip() else None


class ChartExchangeActions(QObject):
    status = Signal(str)  # a line for the status bar when an export or import succeeded
    patient_imported = Signal(object)  # the PatientRecord just imported, to be opened
    dialog_opened = Signal(object)  # the summary or problem dialog now on screen
    finished = Signal(object)  # ExportResult, ImportReport, or the exception that stopped it

    def __init__(self, context: AppContext, parent: QWidget, *,
                 ask_format: FormatAsker = ask_export_format,
                 choose_export_target: ExportTargetChooser = ask_export_target,
                 choose_import_file: ImportFileChooser = ask_import_file,
                 ask_chart_number: ChartNumberAsker = ask_new_chart_number,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self._ask_format = ask_format
        self._choose_export_target = choose_export_target
        self._choose_import_file = choose_import_file
        self._ask_chart_number = ask_chart_number
        self._today = today
        self._job: BackgroundCall | None = None
        self._handlers: tuple[Callable[[Any], None], Callable[[Exception], None]] | None = None
        self._last_folder: Path | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    # -- export --------------------------------------------------------------------------------

    def export_chart(self, patient: PatientRecord | None) -> None:
        """Ask for the format and the place, then export the whole chart there."""
        if patient is None:
            self._context.events.error.emit("Open a patient first, then export their chart.")
            return
        if self.busy:
            return
        export_format = self._ask_format(self._parent, patient)
        if export_format is None:
            return
        name = suggested_export_name(patient.chart_number, export_format, self._today())
        chosen = self._choose_export_target(self._parent, export_format,
                                            str(self._start_folder() / name))
        if not chosen:
            return
        target = Path(chosen)
        if not export_format.writes_folder and not target.suffix:
            target = target.with_name(target.name + ".json")
        export = _EXPORTS[export_format]
        db = self._context.db  # the person who asked, even if someone else signs in meanwhile

        def succeeded(result: ExportResult) -> None:
            self._last_folder = target.parent
            self.status.emit(f"Exported the {export_format.short_name} of "
                             f"{patient.display_name} to {target}")

        def failed(problem: Exception) -> None:
            if isinstance(problem, OSError):
                where = Path(problem.filename) if problem.filename else target
                self._show_problem("Chart not exported", explain_write_problem(
                    where, problem, still_here="the chart is unchanged"))
            elif isinstance(problem, NotFoundError | ValidationError):
                self._show_problem("Chart not exported", f"Could not export the chart: {problem}")
            elif (failure := self._write_failure(problem)) is not None:
                self._show_problem("Chart not exported", failure.sentence)
            else:
                raise problem

        self._start(lambda: export(db, patient.uid, target),
                    succeeded, failed)

    # -- import --------------------------------------------------------------------------------

    def import_chart(self) -> None:
        """Ask for a chart file and merge it into this database; say what happened."""
        if self.busy:
            return
        chosen = self._choose_import_file(self._parent, str(self._start_folder()))
        if chosen:
            self._import(Path(chosen), None)

    def _import(self, path: Path, chart_number: str | None,
                clash: ChartNumberTakenError | None = None) -> None:
        db = self._context.db  # the person who asked, even if someone else signs in meanwhile

        def run() -> ImportReport:
            content = exchange.read_chart_file(path)  # refuses a huge file unread
            return exchange.import_chart(db, content,
                                         chart_number=chart_number)

        def succeeded(report: ImportReport) -> None:
            self._last_folder = path.parent
            self._context.events.changed.emit(report.changes)
            patient = self._context.read(patient_service.get_patient, report.patient_uid)
            self.patient_imported.emit(patient)
            self.status.emit(f"Imported chart {report.chart_number} ({report.patient_name}) "
                             f"from {path}")
            self._show_summary(ImportSummaryDialog(path.name, report, [], self._parent))

        def failed(problem: Exception) -> None:
            if isinstance(problem, ChartNumberTakenError):
                self._ask_again(path, problem, "")
            elif clash is not None and _is_chart_number_problem(problem):
                self._ask_again(path, clash, str(problem))
            elif isinstance(problem, ChartFileRefusedError):
                self._refuse(path, problem.problems)
            elif isinstance(problem, ConflictError | ValidationError):
                self._refuse(path, [str(problem)])
            elif (failure := self._write_failure(problem)) is not None:
                # One transaction: the database refused its commit, so nothing was imported.
                self._refuse(path, [failure.sentence])
            elif isinstance(problem, OSError):
                reason = problem.strerror or str(problem)
                self._refuse(path, [f"The file could not be read: {reason}."])
            else:
                raise problem

        self._start(run, succeeded, failed)

    def _ask_again(self, path: Path, clash: ChartNumberTakenError, problem: str) -> None:
        number = self._ask_chart_number(self._parent, clash, problem)
        if number is None:
            self.status.emit(f"{path.name} was not imported; nothing was changed.")
            return
        self._import(path, number, clash)

    def _write_failure(self, problem: Exception) -> WriteFailure | None:
        """A database failure in the shared words; reading the chosen file is not one."""
        if isinstance(problem, OSError) and problem.filename:
            return None
        return classify_write_failure(problem, self._context.db.sqlite_file)

    def _refuse(self, path: Path, reasons: list[str]) -> None:
        self._show_summary(ImportSummaryDialog(path.name, None, reasons, self._parent))

    # -- shared --------------------------------------------------------------------------------

    def _start_folder(self) -> Path:
        return self._last_folder or Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())

    def _start(self, call: Callable[[], Any], succeeded: Callable[[Any], None],
               failed: Callable[[Exception], None]) -> None:
        job = BackgroundCall(call, self)
        # Bound methods of this GUI-thread object: the worker's signals are queued to it.
        job.succeeded.connect(self._job_succeeded)
        job.failed.connect(self._job_failed)
        self._job, self._handlers = job, (succeeded, failed)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        job.start()

    def _job_succeeded(self, result: object) -> None:
        assert self._handlers is not None
        self._finish_job(result, self._handlers[0])

    def _job_failed(self, problem: Exception) -> None:
        assert self._handlers is not None
        self._finish_job(problem, self._handlers[1])

    def _finish_job(self, outcome: Any, handle: Callable[[Any], None]) -> None:
        job, self._job = self._job, None
        QApplication.restoreOverrideCursor()
        if job is not None:
            job.wait()  # it emitted its last signal; let the thread end before it is dropped
            job.deleteLater()
        try:
            handle(outcome)
        finally:
            self.finished.emit(outcome)

    def _show_summary(self, dialog: ImportSummaryDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _show_problem(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self._parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.dialog_opened.emit(box)


def _is_chart_number_problem(problem: Exception) -> bool:
    """The number typed for a clashing chart is taken too, or not a valid chart number."""
    return isinstance(problem, ValidationError) and "chart_number" in problem.field_errors and \
        not isinstance(problem, ChartFileRefusedError)
