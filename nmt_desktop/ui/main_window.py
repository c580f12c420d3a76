"""The main window: patients on the left; the open patient or session on the right.

The first paint shows the patient list and the welcome text only. The patient and session
pages, the dialogs and the report actions import the services, SQLAlchemy and the body map, so
they are built after that paint (`build_pages`, called by ui/startup.py) or when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)

from nmt_desktop import APP_NAME, __version__
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui import window_geometry
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.patients.patient_list import PatientListPanel

if TYPE_CHECKING:
    from nmt_desktop.ui.exchange.chart_exchange import ChartExchangeActions
    from nmt_desktop.ui.patients.patient_page import PatientPage
    from nmt_desktop.ui.printing.report_actions import ReportActions
    from nmt_desktop.ui.session.session_page import SessionPage


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, data_folder: str = "") -> None:
        super().__init__()
        self.context = context
        self._data_folder = data_folder
        self.setWindowTitle(APP_NAME)
        window_geometry.restore(self, "main_window", 1280, 820)
        self._quit_requested = False

        self.patient_list = PatientListPanel(context)
        self._patient_page: PatientPage | None = None
        self._session_page: SessionPage | None = None
        self._reports: ReportActions | None = None
        self._exchange: ChartExchangeActions | None = None
        self.welcome = QLabel("Pick a patient on the left, or create one with Ctrl+N.")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.welcome, "welcome")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)

        splitter = QSplitter()
        splitter.addWidget(self.patient_list)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        self.setCentralWidget(splitter)
        self._build_menus()

        self.patient_list.open_requested.connect(self.open_patient)
        self.patient_list.new_requested.connect(self.new_patient)
        QShortcut(QKeySequence.StandardKey.Find, self, self.patient_list.focus_search)
        context.events.error.connect(self.show_problem)
        self.show_therapist()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Typed text the database has not taken yet is never left behind without asking.
        if not self.may_leave_session(closing=True):
            self._quit_requested = False
            event.ignore()
            return
        # Asked when the therapist closes the window (File → Quit or the window's ×), not
        # when the program closes it.
        if (event.spontaneous() or self._quit_requested) and not self._confirm_quit():
            self._quit_requested = False
            event.ignore()
            return
        window_geometry.save(self, "main_window")
        super().closeEvent(event)

    def request_quit(self) -> None:
        """File → Quit: list unsigned drafts first."""
        self._quit_requested = True
        self.close()

    def _confirm_quit(self) -> bool:
        therapist = self.context.therapist
        if therapist is None:
            return True
        from nmt_desktop.services import sessions as session_service
        from nmt_desktop.ui.common import confirmations
        from nmt_desktop.ui.common.formatting import local_datetime_text

        drafts = self.context.read(session_service.unsigned_drafts, therapist.uid)
        if not drafts:
            return True
        lines = [f"{name} — {local_datetime_text(record.started_at)}" for name, record in drafts]
        return confirmations.confirm_quit_with_drafts(self, lines)

    def build_pages(self) -> None:
        """Build the patient and session pages and the report actions (once)."""
        if self._patient_page is not None:
            return
        from nmt_desktop.ui.patients.patient_page import PatientPage
        from nmt_desktop.ui.printing.report_actions import ReportActions
        from nmt_desktop.ui.session.session_page import SessionPage

        patient_page = PatientPage(self.context)
        session_page = SessionPage(self.context)
        self._patient_page, self._session_page = patient_page, session_page
        self._reports = ReportActions(self.context, self)
        self.pages.addWidget(patient_page)
        self.pages.addWidget(session_page)
        patient_page.session_open_requested.connect(self.open_session)
        patient_page.edit_requested.connect(self.edit_patient)
        session_page.back_requested.connect(self._back_to_patient)
        patient_page.summary_requested.connect(self.preview_patient_summary)
        patient_page.physician_report_requested.connect(self.physician_report_action.trigger)
        session_page.summary_requested.connect(self.preview_patient_summary)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), session_page, self._back_to_patient)

    @property
    def patient_page(self) -> PatientPage:
        self.build_pages()
        assert self._patient_page is not None
        return self._patient_page

    @property
    def session_page(self) -> SessionPage:
        self.build_pages()
        assert self._session_page is not None
        return self._session_page

    @property
    def reports(self) -> ReportActions:
        self.build_pages()
        assert self._reports is not None
        return self._reports

    @reports.setter
    def reports(self, actions: ReportActions) -> None:
        self.build_pages()
        self._reports = actions

    @property
    def exchange(self) -> ChartExchangeActions:
        """File → Export chart… and Import chart… (built when first used)."""
        if self._exchange is None:
            from nmt_desktop.ui.exchange.chart_exchange import ChartExchangeActions

            self.exchange = ChartExchangeActions(self.context, self)
        assert self._exchange is not None
        return self._exchange

    @exchange.setter
    def exchange(self, actions: ChartExchangeActions) -> None:
        self._exchange = actions
        actions.status.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        actions.patient_imported.connect(self.open_patient)

    def patient_on_screen(self) -> PatientRecord | None:
        if self.pages.currentWidget() is self._session_page:
            return self.session_page.patient
        return self._patient_page.patient if self._patient_page is not None else None

    def show_problem(self, message: str) -> None:
        self.statusBar().showMessage(f"⚠ {message}", 10_000)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_patient_action = QAction("&New patient…", self)
        self.new_patient_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_patient_action.triggered.connect(self.new_patient)
        file_menu.addAction(self.new_patient_action)
        file_menu.addSeparator()
        self.export_chart_action = QAction("&Export chart…", self)
        self.export_chart_action.setStatusTip("Save the open patient's chart as a chart file, "
                                              "spreadsheet tables or a FHIR bundle")
        self.export_chart_action.setEnabled(False)  # until a patient is open
        self.export_chart_action.triggered.connect(
            lambda: self.exchange.export_chart(self.patient_on_screen()))
        file_menu.addAction(self.export_chart_action)
        self.import_chart_action = QAction("&Import chart…", self)
        self.import_chart_action.setStatusTip("Add or update a chart from a chart file "
                                              "exported on another laptop")
        self.import_chart_action.triggered.connect(lambda: self.exchange.import_chart())
        file_menu.addAction(self.import_chart_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.clinic_settings_action = QAction("&Clinic settings…", self)
        self.clinic_settings_action.setStatusTip("Letterhead on reports and scope of practice")
        self.clinic_settings_action.triggered.connect(self.edit_clinic_settings)
        edit_menu.addAction(self.clinic_settings_action)

        patient_menu = self.menuBar().addMenu("&Patient")
        self.start_session_action = QAction("Start &today's session", self)
        self.start_session_action.setShortcut(QKeySequence("Ctrl+T"))
        self.start_session_action.triggered.connect(lambda: self.patient_page.start_session())
        patient_menu.addAction(self.start_session_action)
        edit_action = QAction("&Edit details…", self)
        edit_action.setShortcut(QKeySequence("Ctrl+E"))
        edit_action.triggered.connect(lambda: self.edit_patient(self.patient_page.patient))
        patient_menu.addAction(edit_action)

        report_menu = self.menuBar().addMenu("&Report")
        self.patient_summary_action = QAction("&Patient summary…", self)
        self.patient_summary_action.setShortcut(QKeySequence("Ctrl+P"))
        self.patient_summary_action.setStatusTip("Preview, print or save the take-home sheet "
                                                 "for the session in view (else the latest)")
        self.patient_summary_action.triggered.connect(self.preview_patient_summary)
        report_menu.addAction(self.patient_summary_action)
        self.physician_report_action = QAction("P&hysician progress report…", self)
        self.physician_report_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.physician_report_action.triggered.connect(
            lambda: self.reports.physician_report(self.patient_page.patient))
        report_menu.addAction(self.physician_report_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = QAction("&Keyboard shortcuts", self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        about = QAction("&About NMT Desktop", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def about_text(self) -> str:
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Offline charting for neuromuscular and massage therapists.</p>"
            f"<p><b>Database:</b> {self.context.db.location}<br>"
            f"<b>Data folder:</b> {self._data_folder or '—'}</p>"
            "<p>Nothing leaves this computer except to a database server you configured.</p>"
        )

    def edit_clinic_settings(self) -> None:
        from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog

        ClinicSettingsDialog(self.context, parent=self).exec()

    def show_shortcuts(self) -> None:
        from nmt_desktop.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    def show_therapist(self) -> None:
        """Status line: who is charting, on which database."""
        therapist = self.context.therapist
        who = f"Charting as {therapist.signature}" if therapist else "No therapist profile"
        self.statusBar().showMessage(f"{who}  ·  {self.context.db.location}")

    def may_leave_session(self, closing: bool = False) -> bool:
        """Unsaved typed text (the database refused it) is not left behind without asking."""
        if self._session_page is None or self._session_page._form is None:
            return True
        if not closing and self.pages.currentWidget() is not self._session_page:
            return True
        from nmt_desktop.ui.session.form.unsaved import may_leave

        return may_leave(self._session_page.form, self, closing)

    def open_patient(self, patient: PatientRecord) -> None:
        if not self.may_leave_session():
            return
        self.patient_page.show_patient(patient)
        self.pages.setCurrentWidget(self.patient_page)
        self.export_chart_action.setEnabled(True)

    def open_session(self, session: SessionRecord) -> None:
        from nmt_desktop.services import patients as patient_service

        if not self.may_leave_session():
            return
        patient = self.context.read(patient_service.get_patient, session.patient_uid)
        self.session_page.show_session(patient, session)
        self.pages.setCurrentWidget(self.session_page)
        # Keys go to the map, not to the patient search that had the focus.
        self.session_page.chart.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.export_chart_action.setEnabled(True)

    def preview_patient_summary(self) -> None:
        """The summary of the session on screen, or the one selected in the patient's list."""
        from nmt_desktop.ui.patients.patient_page import SessionRole

        session = None
        if self.pages.currentWidget() is self.session_page:
            session = self.session_page.session
        elif self.pages.currentWidget() is self.patient_page:
            item = self.patient_page.sessions.currentItem()
            session = item.data(0, SessionRole) if item is not None else None
        self.reports.patient_summary(self.patient_page.patient, session)

    def _back_to_patient(self) -> None:
        if self.patient_page.patient is not None and self.may_leave_session():
            self.pages.setCurrentWidget(self.patient_page)

    def new_patient(self) -> None:
        from nmt_desktop.ui.patients.patient_dialog import PatientDialog

        dialog = PatientDialog(self.context, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.open_patient(dialog.saved)

    def edit_patient(self, patient: PatientRecord | None) -> None:
        if patient is None:
            return
        from nmt_desktop.services.patients import get_patient
        from nmt_desktop.ui.patients.patient_dialog import PatientDialog

        # As stored now: the dialog's save is refused if someone saves the patient after this.
        current = self.context.attempt(lambda: self.context.read(get_patient, patient.uid))
        if current is None:
            return
        dialog = PatientDialog(self.context, current, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self.open_patient(dialog.saved)
