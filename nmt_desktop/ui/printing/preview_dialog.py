"""Preview a finished report, then print it or save it as a PDF.

What is shown is the report's own PDF, so the printout and the saved file are exactly what the
therapist looked at. Output goes through services (`services.report_data`), which write the
audit event only once the file is complete; a print is recorded once the printer took every
page. The two system dialogs (file chooser, print dialog) are injectable so tests answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.services import report_data
from nmt_desktop.services.report_data import RenderedReport
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.printing.page_view import PageView, ZoomMode
from nmt_desktop.ui.printing.pdf_pages import PdfPages
from nmt_desktop.ui.printing.printer_output import PrintError, print_pages
from nmt_desktop.ui.printing.write_problems import explain_write_problem

SavePathChooser = Callable[[QWidget, str], str]  # (parent, suggested path) -> path or ""
PrinterChooser = Callable[[QPrinter, QWidget], bool]  # fills in the printer; False = cancelled


# Where the last report was saved during this run, so the next one is offered the same folder.
_last_folder: Path | None = None


def ask_where_to_save(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, "Save report as PDF", suggested,
                                                "PDF documents (*.pdf)")
    return path


def ask_for_printer(printer: QPrinter, parent: QWidget) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print report")
    if printer.toPage() > 0:
        dialog.setMinMax(1, printer.toPage())
    return dialog.exec() == QDialog.DialogCode.Accepted


class ReportPreviewDialog(QDialog):
    def __init__(self, context: AppContext, report: RenderedReport, title: str,
                 password: str | None = None, parent: QWidget | None = None, *,
                 choose_save_path: SavePathChooser = ask_where_to_save,
                 choose_printer: PrinterChooser = ask_for_printer) -> None:
        super().__init__(parent)
        self._context = context
        self.report = report
        self.title = title
        self._choose_save_path = choose_save_path
        self._choose_printer = choose_printer
        # An encrypted report needs its password to be shown; it is kept only while open.
        self.pages = PdfPages(report.pdf, password)
        self.setWindowTitle(f"Preview — {title}")
        room = self.screen().availableGeometry()  # a 1366 x 768 laptop must fit it too
        self.resize(min(900, room.width() - 40), min(980, room.height() - 60))

        self.view = PageView(self)
        self.page_label = QLabel()
        self.page_label.setMinimumWidth(90)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for mode in ZoomMode:
            self.zoom.addItem(mode.value, mode)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.print_action = self._action("&Print…", QKeySequence.StandardKey.Print, self.print)
        self.save_action = self._action("&Save as PDF…", QKeySequence.StandardKey.Save,
                                        self.save_as_pdf)
        self.previous_action = self._action("◀ Previous", QKeySequence(Qt.Key.Key_PageUp),
                                            self.view.previous_page)
        self.next_action = self._action("Next ▶", QKeySequence(Qt.Key.Key_PageDown),
                                        self.view.next_page)
        for key, mode in (("Ctrl+0", ZoomMode.FIT_PAGE), ("Ctrl+1", ZoomMode.ACTUAL_SIZE),
                          ("Ctrl+2", ZoomMode.FIT_WIDTH)):
            self.addAction(self._action(mode.value, QKeySequence(key),
                                        lambda _=False, m=mode: self.set_zoom(m)))
        toolbar = QToolBar()
        toolbar.addAction(self.print_action)
        toolbar.addAction(self.save_action)
        toolbar.addSeparator()
        toolbar.addAction(self.previous_action)
        toolbar.addWidget(self.page_label)
        toolbar.addAction(self.next_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Zoom "))
        toolbar.addWidget(self.zoom)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        close_action = QAction("Close", self)
        close_action.setToolTip("Close the preview (Esc)")
        close_action.triggered.connect(self.reject)
        toolbar.addAction(close_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)

        self.view.current_page_changed.connect(self._show_page_number)
        self.zoom.currentIndexChanged.connect(lambda _i: self.set_zoom(self.zoom.currentData()))
        self.view.set_pages(self.pages)
        self.view.setFocus()

    def _action(self, text: str, keys: QKeySequence | QKeySequence.StandardKey,
                slot: Callable[..., object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setToolTip(f"{text.replace('&', '')} ({QKeySequence(keys).toString()})")
        action.triggered.connect(slot)
        return action

    # -- navigation ----------------------------------------------------------------------------

    def set_zoom(self, mode: ZoomMode) -> None:
        self.zoom.blockSignals(True)
        self.zoom.setCurrentIndex(self.zoom.findData(mode))
        self.zoom.blockSignals(False)
        self.view.set_zoom(mode)

    def _show_page_number(self, index: int) -> None:
        count = self.pages.count
        self.page_label.setText(f"Page {index + 1} of {count}")
        self.previous_action.setEnabled(index > 0)
        self.next_action.setEnabled(index < count - 1)

    # -- output --------------------------------------------------------------------------------

    def save_as_pdf(self) -> Path | None:
        """Ask where, write the exact bytes shown, audit; on failure say why and keep going."""
        folder = _last_folder or Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        chosen = self._choose_save_path(self, str(folder / self.report.suggested_filename))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            saved = report_data.save_report(self._context.db, self.report, path)
        except OSError as problem:
            self._tell(explain_write_problem(path, problem), problem=True)
            return None
        _remember_folder(saved.parent)
        self._tell(f"Saved as {saved}")
        return saved

    def print(self) -> bool:
        """Ask for a printer, print every page at its resolution, audit what was printed."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, self.pages.count)
        if not self._choose_printer(printer, self):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            printed = print_pages(self.pages, printer)
        except PrintError as problem:
            self._tell(str(problem), problem=True)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        report_data.record_report_output(self._context.db, self.report, "print",
                                         _printer_description(printer))
        self._tell(f"Sent {printed} page{'s' if printed != 1 else ''} to "
                   f"{_printer_description(printer)}.")
        return True

    def _tell(self, message: str, problem: bool = False) -> None:
        self.notice.setText(("⚠ " if problem else "✓ ") + message)
        set_role(self.notice, "problem" if problem else "notice")
        self.notice.setAccessibleDescription(message)
        self.notice.show()

    def done(self, result: int) -> None:
        self.view.clear()
        super().done(result)


def _printer_description(printer: QPrinter) -> str:
    if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat:
        return f"PDF file {Path(printer.outputFileName()).name}"
    return printer.printerName() or "the printer"


def _remember_folder(folder: Path) -> None:
    global _last_folder
    _last_folder = folder
