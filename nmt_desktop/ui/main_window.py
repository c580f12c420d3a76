"""The main window: patients on the left; the open patient or session on the right.

The first paint shows the patient list and the welcome text only. The patient and session
pages, the dialogs and the report actions import the services, SQLAlchemy and the body map, so
they are built after that paint (`build_pages`, called by ui/startup.py) or when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop import APP_NAME, __version__
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.backup_rotation import Occasion
from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services.records import ChangeSet, PatientRecord, SessionRecord
from nmt_desktop.ui import window_geometry
from nmt_desktop.ui.backups.backup_notice import BackupNotice
from nmt_desktop.ui.backups.scheduler import BackupScheduler
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.patients.patient_list import PatientListPanel

if TYPE_CHECKING:
    from nmt_desktop.ui.exchange.chart_exchange import ChartExchangeActions
    from nmt_desktop.ui.patients.patient_page import PatientPage
    from nmt_desktop.ui.printing.report_actions import ReportActions
    from nmt_desktop.ui.session.session_page import SessionPage


class MainWindow(QMainWindow):
    # Handled by ui/accounts/session_guard.py: who is at the keyboard.
    lock_requested = Signal()
    switch_user_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, context: AppContext, data_folder: str = "") -> None:
        super().__init__()
        self.context = context
        self._data_folder = data_folder
        self.setWindowTitle(APP_NAME)
        window_geometry.restore(self, "main_window", 1280, 820)
        self._quit_requested = False
        self._chart_on_screen: object = None  # the patient whose opening was last recorded
        self.signed_in_label = QLabel()
        self.statusBar().addPermanentWidget(self.signed_in_label)

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
        # Backups: taken on a worker thread; a failed or missing one shows above the pages.
        self.backups = BackupScheduler(context, self)
        self.backup_notice = BackupNotice(self.backups)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.backup_notice)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.backup_notice.status_label)
        self._build_menus()

        self.patient_list.open_requested.connect(self.open_patient)
        self.patient_list.new_requested.connect(self.new_patient)
        QShortcut(QKeySequence.StandardKey.Find, self, self.patient_list.focus_search)
        context.events.error.connect(self.show_problem)
        self.show_therapist()
        self.apply_permissions()

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
        if not self._back_up_on_close(asking=event.spontaneous() or self._quit_requested):
            self._quit_requested = False
            event.ignore()
            return
        self.backups.stop()
        self.backups.wait_until_idle()  # no backup thread outlives the window
        window_geometry.save(self, "main_window")
        super().closeEvent(event)

    def _back_up_on_close(self, asking: bool) -> bool:
        """A backup on close when something changed; if it fails, the therapist decides."""
        if not self.backups.active or not (self.backups.due or self.backups.status.stale):
            return True
        self.statusBar().showMessage("Backing up before closing…")
        problem = self.backups.back_up_now()
        if not problem or not asking:
            return True
        from nmt_desktop.ui.common import confirmations

        return confirmations.confirm_close_without_backup(self, problem)

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
        patient_page.apply_permissions(self.may)

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
        actions.before_import = lambda: self.backups.back_up_on_this_thread(
            Occasion.BEFORE_IMPORT)
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
        self.exchange_key_action = QAction("This clinic's exchange &key…", self)
        self.exchange_key_action.setStatusTip("The key other clinics encrypt chart files for, "
                                              "to copy and send them")
        self.exchange_key_action.triggered.connect(self.show_exchange_key)
        file_menu.addAction(self.exchange_key_action)
        file_menu.addSeparator()
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.setStatusTip("Replace the database with one of its backups (a "
                                         "backup of it as it is now is taken first)")
        self.restore_action.triggered.connect(self.restore_from_backup)
        file_menu.addAction(self.restore_action)
        self.encrypt_action = QAction("&Encrypt this database…", self)
        self.encrypt_action.setStatusTip("Make the database file unreadable without a "
                                         "password or the recovery code")
        self.encrypt_action.triggered.connect(self.encrypt_database)
        file_menu.addAction(self.encrypt_action)
        self.remember_key_action = QAction("Remember the &database key on this laptop", self)
        self.remember_key_action.setCheckable(True)
        self.remember_key_action.setStatusTip("Let this computer account open the encrypted "
                                              "file without a password (each person still "
                                              "signs in)")
        self.remember_key_action.triggered.connect(self.set_key_remembered)
        file_menu.addAction(self.remember_key_action)
        self.lock_action = QAction("&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setStatusTip("Cover every patient detail until you type your password")
        self.lock_action.triggered.connect(self.lock_requested)
        file_menu.addAction(self.lock_action)
        self.switch_user_action = QAction("S&witch user…", self)
        self.switch_user_action.setStatusTip("Lock, and let another person sign in")
        self.switch_user_action.triggered.connect(self.switch_user_requested)
        file_menu.addAction(self.switch_user_action)
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.request_quit)
        file_menu.addAction(quit_action)
        file_menu.aboutToShow.connect(self.show_database_actions)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.clinic_settings_action = QAction("&Clinic settings…", self)
        self.clinic_settings_action.setStatusTip("Letterhead on reports and scope of practice")
        self.clinic_settings_action.triggered.connect(self.edit_clinic_settings)
        edit_menu.addAction(self.clinic_settings_action)
        self.accounts_action = QAction("&Accounts…", self)
        self.accounts_action.setStatusTip("Who may use this database: add people, reset "
                                          "passwords, roles")
        self.accounts_action.triggered.connect(self.edit_accounts)
        edit_menu.addAction(self.accounts_action)
        self.backup_settings_action = QAction("&Backup settings…", self)
        self.backup_settings_action.setStatusTip("Where backups go and how many are kept")
        self.backup_settings_action.triggered.connect(self.edit_backup_settings)
        edit_menu.addAction(self.backup_settings_action)
        # Whoever is signed in when the menu opens (another person may have signed in since).
        edit_menu.aboutToShow.connect(self.show_database_actions)
        self.show_database_actions()

        self.edit_menu = edit_menu
        patient_menu = self.menuBar().addMenu("&Patient")
        self.start_session_action = QAction("Start &today's session", self)
        self.start_session_action.setShortcut(QKeySequence("Ctrl+T"))
        self.start_session_action.triggered.connect(lambda: self.patient_page.start_session())
        patient_menu.addAction(self.start_session_action)
        self.edit_details_action = QAction("&Edit details…", self)
        self.edit_details_action.setShortcut(QKeySequence("Ctrl+E"))
        self.edit_details_action.triggered.connect(
            lambda: self.edit_patient(self.patient_page.patient))
        patient_menu.addAction(self.edit_details_action)

        report_menu = self.report_menu = self.menuBar().addMenu("&Report")
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

    def show_database_actions(self) -> None:
        """The File and Edit menus' database actions for whoever is signed in now.

        Restore, encryption and backup settings for an owner/admin only (the services check
        it too); remembering an encrypted file's key for anyone signed in.
        """
        db = self.context.db
        manager = (db.sqlite_file is not None and db.signed_in
                   and db.person.may(Permission.MANAGE_CLINIC))
        self.restore_action.setVisible(manager)
        # An owner's plain file only: a server is encrypted by its own disk (refused anyway).
        self.encrypt_action.setVisible(manager and not db.encrypted)
        self.backup_settings_action.setVisible(manager)
        self.remember_key_action.setVisible(db.encrypted and db.signed_in)
        if db.encrypted and db.signed_in:
            from nmt_desktop.ui.accounts.remember_key import is_remembered

            self.remember_key_action.setChecked(is_remembered(self.context))

    def set_key_remembered(self, remember: bool) -> None:
        from nmt_desktop.ui.accounts.remember_key import set_remembered

        remembered = set_remembered(self.context, self, remember)
        self.remember_key_action.setChecked(remembered)
        if remembered == remember:
            self.statusBar().showMessage(
                "This laptop remembers the database key." if remembered
                else "This laptop no longer remembers the database key: the password "
                     "unlocks it.", 10_000)

    def edit_backup_settings(self) -> None:
        from nmt_desktop.ui.backups.backup_settings_dialog import BackupSettingsDialog

        if BackupSettingsDialog(self.context, parent=self).exec() and self.backups.active:
            self.backups.start()  # the newest backup in the (perhaps new) folder

    def restore_from_backup(self) -> None:
        from nmt_desktop.ui.backups.restore_dialog import RestoreDialog

        if not self.may_leave_session():
            return
        dialog = RestoreDialog(self.context, self.backups, parent=self)
        if dialog.exec() and dialog.result_record is not None:
            self.after_restore(dialog.result_record.safety_backup)

    def after_restore(self, safety_backup: object) -> None:
        """The handle now reads the restored file: every view shows it afresh."""
        self.pages.setCurrentWidget(self.welcome)
        self.export_chart_action.setEnabled(False)
        self.context.events.changed.emit(ChangeSet(
            patients=True, therapists=True, sessions=True, marks=True, notes=True,
            intake=True, outcomes=True, settings=True))
        self.statusBar().showMessage(
            f"Restored. The database as it was is kept in {safety_backup}.", 30_000)
    def show_exchange_key(self) -> None:
        from nmt_desktop.ui.exchange.exchange_key_dialog import ExchangeKeyDialog

        ExchangeKeyDialog(self.context, parent=self).exec()

    def edit_clinic_settings(self) -> None:
        from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog

        ClinicSettingsDialog(self.context, parent=self).exec()

    def show_shortcuts(self) -> None:
        from nmt_desktop.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    def encrypt_database(self) -> None:
        from nmt_desktop.ui.accounts.encrypt_database import encrypt_this_database

        self.encrypted_dialog = encrypt_this_database(self.context, self)
        self.show_database_actions()

    def edit_accounts(self) -> None:
        from nmt_desktop.ui.accounts.accounts_dialog import AccountsDialog

        AccountsDialog(self.context, parent=self).exec()

    def show_therapist(self) -> None:
        """Status line (kept while messages come and go): who is signed in, on which database."""
        self.signed_in_label.setText(f"{self.signed_in_text()}  ·  {self.context.db.location}")

    def signed_in_text(self) -> str:
        person, therapist = self.context.person, self.context.therapist
        if person is None:
            return "Nobody is signed in"
        who = therapist.signature if therapist is not None else person.display_name
        return f"Signed in: {who} ({person.role.label})"

    def may(self, permission: Permission) -> bool:
        person = self.context.person
        return person is not None and person.may(permission)

    def apply_permissions(self) -> None:
        """Hide what the signed-in person's role cannot use (the services refuse it anyway)."""
        for action, permission in (
                (self.new_patient_action, Permission.EDIT_PATIENTS),
                (self.edit_details_action, Permission.EDIT_PATIENTS),
                (self.export_chart_action, Permission.EXCHANGE),
                (self.import_chart_action, Permission.EXCHANGE),
                (self.clinic_settings_action, Permission.MANAGE_CLINIC),
                (self.accounts_action, Permission.MANAGE_ACCOUNTS),
                (self.start_session_action, Permission.CHART),
                (self.patient_summary_action, Permission.REPORTS),
                (self.physician_report_action, Permission.REPORTS)):
            action.setVisible(self.may(permission))
        self.report_menu.menuAction().setVisible(self.may(Permission.REPORTS))
        self.edit_menu.menuAction().setVisible(self.may(Permission.MANAGE_CLINIC)
                                               or self.may(Permission.MANAGE_ACCOUNTS))
        if self._patient_page is not None:
            self._patient_page.apply_permissions(self.may)

    def welcome_person(self, reset: bool) -> None:
        """After a sign-in: who is shown, what their role may use; another person starts afresh."""
        if reset:
            self.pages.setCurrentWidget(self.welcome)
            self._chart_on_screen = None
            if self._session_page is not None and self._session_page._chart is not None:
                # Undo must never replay the previous person's steps under the new name.
                self._session_page.chart.undo_stack.clear()
            self.export_chart_action.setEnabled(False)
            self.patient_list.refresh()
        self.show_therapist()
        self.apply_permissions()
        self.patient_list.focus_search()

    def commit_pending_text(self) -> None:
        """Save typed text now (before a lock or sign-out); a refusal stays on screen."""
        if self._session_page is not None and self._session_page._form is not None:
            self._session_page.form.flush()

    def clinic_name(self) -> str:
        from nmt_desktop.services.clinic import get_clinic_settings

        try:
            return self.context.read(get_clinic_settings).name
        except NotAllowedError:
            return ""

    def close_without_asking(self) -> None:
        """Nobody signed in and the sign-in window was closed: end the program."""
        self._quit_requested = False
        self.close()

    def may_leave_session(self, closing: bool = False) -> bool:
        """Unsaved typed text (the database refused it) is not left behind without asking."""
        if self._session_page is None or self._session_page._form is None:
            return True
        if not closing and self.pages.currentWidget() is not self._session_page:
            return True
        from nmt_desktop.ui.session.form.unsaved import may_leave

        return may_leave(self._session_page.form, self, closing)

    def open_patient(self, patient: PatientRecord) -> None:
        if not self.may(Permission.READ_CHARTS):
            # Front desk: demographics and contact details only, never the chart.
            self.edit_patient(patient)
            return
        if not self.may_leave_session():
            return
        self.patient_page.show_patient(patient)
        self.pages.setCurrentWidget(self.patient_page)
        self.export_chart_action.setEnabled(True)
        self._record_chart_opened(patient)

    def _record_chart_opened(self, patient: PatientRecord) -> None:
        """One access event per opening of a chart (not when the same chart is shown again)."""
        if self._chart_on_screen == patient.uid:
            return
        self._chart_on_screen = patient.uid
        from nmt_desktop.services import access_log

        db = self.context.db
        self.context.attempt(lambda: access_log.record_access(
            db, access_log.AccessAction("open_chart"), patient.uid))

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
            if self.may(Permission.READ_CHARTS):
                self.open_patient(dialog.saved)
            else:
                self.patient_list.refresh(dialog.saved.uid)

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
        if (dialog.exec() and dialog.saved is not None
                and self.may(Permission.READ_CHARTS)):
            self.open_patient(dialog.saved)
