"""One patient: details, today's session button, and the sessions, newest first."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services import missed_visits as missed_visit_service
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.missed_visits import MissedVisitRecord
from nmt_desktop.services.records import ChangeSet, PatientRecord, SessionRecord
from nmt_desktop.ui.common.formatting import local_datetime_text
from nmt_desktop.ui.common.style import MUTED, set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.intake_summary import IntakeSummary

if TYPE_CHECKING:
    from nmt_desktop.ui.progress.view import ProgressView

SessionRole = Qt.ItemDataRole.UserRole + 1
#: The Progress view is built this long after a patient opens (after the page's paint).
PREPARE_PROGRESS_AFTER_MS = 300


def missed_visit_text(missed: list[MissedVisitRecord]) -> str:
    """One line under the sessions, newest first.

    "Not attended (2): 24 Mar 2025 no-show; 10 Mar 2025 cancelled by the patient (flu)"
    """
    if not missed:
        return ""
    parts = [f"{m.on_date.strftime('%d %b %Y').lstrip('0')} {m.kind.label.lower()}"
             + (f" ({m.reason})" if m.reason else "") for m in reversed(missed)]
    return f"Not attended ({len(missed)}): " + "; ".join(parts)


class PatientPage(QWidget):
    session_open_requested = Signal(object)  # SessionRecord
    edit_requested = Signal(object)  # PatientRecord
    summary_requested = Signal()
    physician_report_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.patient: PatientRecord | None = None
        self._sessions_stale = False

        self.title = QLabel()
        set_role(self.title, "title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton("Start today's session")
        self.start_button.setToolTip("Ctrl+T")
        self.start_button.setDefault(True)
        self.copy_forward_button = QPushButton("Start from last session")
        self.copy_forward_button.setToolTip(
            "Today's session with the last session's notes, posture findings and home care "
            "copied, marked until you edit or confirm them")
        self.edit_button = QPushButton("Edit details…")
        self.missed_button = QPushButton("Cancelled &visit…")
        self.missed_button.setToolTip("Record a visit the patient or the clinic cancelled, or a "
                                      "no-show: the physician report counts them")
        self.archive_button = QPushButton()
        self.summary_button = QPushButton("Patient summary…")
        self.summary_button.setToolTip("Preview and print the selected session's take-home "
                                       "sheet (Ctrl+P)")
        self.physician_button = QPushButton("Physician report…")
        self.physician_button.setToolTip("Progress report to the referring physician "
                                          "(Ctrl+Shift+P)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.copy_forward_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.missed_button)
        buttons.addWidget(self.summary_button)
        buttons.addWidget(self.physician_button)
        buttons.addStretch()
        buttons.addWidget(self.archive_button)

        sessions_label = QLabel("Sessions")
        set_role(sessions_label, "heading-spaced")
        self.sessions = QTreeWidget()
        self.sessions.setHeaderLabels(["Date", "Therapist", "Duration", "Status", "Marks"])
        self.sessions.setRootIsDecorated(False)
        self.sessions.setAlternatingRowColors(True)
        self.sessions.setAccessibleName("Sessions, newest first")
        self.sessions.setColumnWidth(0, 190)
        self.sessions.setColumnWidth(1, 180)
        self.empty_sessions = QLabel("No sessions yet. Start today's session to begin charting.")
        set_role(self.empty_sessions, "empty")
        self.missed_visits = QLabel()
        self.missed_visits.setWordWrap(True)
        self.missed_visits.setTextFormat(Qt.TextFormat.PlainText)  # reasons show as typed
        set_role(self.missed_visits, "muted")
        self.missed_visits.setAccessibleName("Cancelled or missed visits")
        self.intake = IntakeSummary(context)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.intake)
        layout.addLayout(buttons)
        sessions_tab = QWidget()
        sessions_layout = QVBoxLayout(sessions_tab)
        sessions_layout.setContentsMargins(0, 0, 0, 0)
        sessions_layout.addWidget(sessions_label)
        sessions_layout.addWidget(self.empty_sessions)
        sessions_layout.addWidget(self.sessions, 1)
        sessions_layout.addWidget(self.missed_visits)
        # Progress (issue 18) is built when first shown: pyqtgraph stays off the start-up path.
        self.tabs = QTabWidget()
        self.tabs.addTab(sessions_tab, "Sessions")
        self.progress_tab = QWidget()
        QVBoxLayout(self.progress_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.progress_tab, "Progress")
        self.progress_view: ProgressView | None = None
        self._progress_stale = True
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.start_button.clicked.connect(self.start_session)
        self.copy_forward_button.clicked.connect(self.start_from_previous)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.patient))
        self.missed_button.clicked.connect(self.record_missed_visit)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.summary_button.clicked.connect(self.summary_requested)
        self.physician_button.clicked.connect(self.physician_report_requested)
        self.sessions.itemActivated.connect(
            lambda item, _col: self.session_open_requested.emit(item.data(0, SessionRole))
        )
        context.events.changed.connect(self._on_changed)

    def show_patient(self, patient: PatientRecord) -> None:
        self.patient = patient
        today = dt.date.today()
        self.title.setText(patient.display_name)
        rows = [
            ("Chart", patient.chart_number),
            ("Born", f"{patient.date_of_birth.isoformat()} (age {patient.age_on(today)})"),
            ("Phone", patient.phone),
            ("Email", patient.email),
            ("Referred by", patient.referring_physician),
            ("Reason", patient.referral_reason),
        ]
        # Patient text is escaped: a name such as "<b>" must show as typed, not as markup.
        self.details.setText(" &nbsp;·&nbsp; ".join(
            f"<span style='color:{MUTED}'>{label}</span> {html.escape(value)}"
            for label, value in rows if value
        ) + ("<br><b>Archived</b>" if patient.archived else ""))
        self.archive_button.setText("Unarchive" if patient.archived else "Archive")
        self.start_button.setEnabled(not patient.archived)
        self.intake.show_patient(patient)
        self._load_sessions()
        self._progress_stale = True
        if self.tabs.currentWidget() is self.progress_tab:
            self.show_progress()
        elif self.progress_view is None:
            self._prepare_progress()

    def _load_sessions(self) -> None:
        self._sessions_stale = False
        if self.patient is None:
            return
        records = self._context.read(session_service.list_sessions, self.patient.uid)
        self.sessions.clear()
        for record in records:
            self.sessions.addTopLevelItem(self._item(record))
        first = self.sessions.topLevelItem(0)
        if first is not None:
            self.sessions.setCurrentItem(first)
        self.empty_sessions.setVisible(not records)
        self.sessions.setVisible(bool(records))
        self.copy_forward_button.setEnabled(bool(records) and not self.patient.archived)
        self._load_missed_visits()

    def _load_missed_visits(self) -> None:
        assert self.patient is not None
        missed = self._context.read(missed_visit_service.list_missed_visits, self.patient.uid)
        self.missed_visits.setText(missed_visit_text(missed))
        self.missed_visits.setVisible(bool(missed))
        self.missed_button.setEnabled(not self.patient.archived)

    def record_missed_visit(self) -> None:
        if self.patient is None or self.patient.archived:
            return
        from nmt_desktop.ui.patients.missed_visit_dialog import MissedVisitDialog

        MissedVisitDialog(self._context, self.patient, self).exec()

    @staticmethod
    def _item(record: SessionRecord) -> QTreeWidgetItem:
        item = QTreeWidgetItem([
            local_datetime_text(record.started_at),
            record.therapist_name,
            f"{record.duration_minutes} min",
            record.status.value.capitalize(),
            str(record.mark_count),
        ])
        item.setData(0, SessionRole, record)
        return item

    def start_session(self) -> None:
        if self.patient is None or self.patient.archived or self._context.therapist is None:
            return
        from nmt_desktop.ui.common import confirmations
        from nmt_desktop.ui.intake.screening_start import confirm_session_start
        from nmt_desktop.ui.intake.today_check import ask_today_check

        # A second session on the same day only when meant: offer today's first.
        today = [s for s in self._context.read(session_service.list_sessions, self.patient.uid)
                 if s.started_at.astimezone().date() == dt.date.today()]
        if today:
            choice = confirmations.ask_about_today(self, today[0])
            if choice == confirmations.OPEN:
                self.session_open_requested.emit(today[0])
                return
            if choice != confirmations.SECOND:
                return
        # Spec §4.3: today's short check first; then the §4.2 gate over intake and answers.
        check = ask_today_check(self._context, self.patient, self)
        if check is None or not confirm_session_start(self._context, self.patient, self,
                                                      check):
            return
        try:
            record = self._context.apply(session_service.start_session, self.patient.uid,
                                         today_check=check)
        except ConflictError as error:  # e.g. the intake changed on another computer
            self._context.events.error.emit(str(error))
            return
        self.session_open_requested.emit(record)

    def start_from_previous(self) -> None:
        if self.patient is None:
            return
        from nmt_desktop.ui.session.form.copy_forward import start_from_previous

        record = start_from_previous(self._context, self.patient, self)
        if record is not None:
            self.session_open_requested.emit(record)

    def toggle_archived(self) -> None:
        if self.patient is None:
            return
        updated = self._context.apply(patient_service.set_archived, self.patient.uid,
                                      not self.patient.archived)
        self.show_patient(updated)

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.patient is None or changes.patient_uid not in (None, self.patient.uid):
            return
        if changes.patients:
            self.show_patient(self._context.read(patient_service.get_patient, self.patient.uid))
        elif changes.sessions or changes.marks:
            self._progress_stale = True
            if self.isHidden():
                # Behind the session page every mark would re-read the whole list (hundreds of
                # sessions on a long chart) inside the click; refresh when the page comes back.
                self._sessions_stale = True
            else:
                self._load_sessions()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._sessions_stale:
            self._load_sessions()
        if self._progress_stale and self.tabs.currentWidget() is self.progress_tab:
            self.show_progress()

    def _prepare_progress(self) -> None:
        """Build the Progress view while the therapist reads this page, in small steps.

        Importing pyqtgraph and numpy, reading the atlas and building the charts cost about half
        a second once per run; done at the click they would delay the view's first frame past
        its 300 ms. Each step is its own timer tick, so a key or click in between is served.
        """
        steps = [
            lambda: __import__("nmt_desktop.ui.progress.view"),
            lambda: __import__("nmt_desktop.domain.atlas", fromlist=["load_atlas"]).load_atlas(),
            self._build_progress_view,
        ]

        def run_next() -> None:
            if self.progress_view is None and steps:
                steps.pop(0)()
                QTimer.singleShot(0, self, run_next)

        # With the page as context: a page closed meanwhile cancels the steps.
        QTimer.singleShot(PREPARE_PROGRESS_AFTER_MS, self, run_next)

    def _build_progress_view(self) -> ProgressView:
        if self.progress_view is None:
            from nmt_desktop.ui.progress.view import ProgressView

            self.progress_view = ProgressView(self._context)
            self.progress_view.visit_open_requested.connect(self.session_open_requested)
            self.progress_view.problem.connect(self._context.events.error)
            layout = self.progress_tab.layout()
            assert layout is not None
            layout.addWidget(self.progress_view)
        return self.progress_view

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.progress_tab and self._progress_stale:
            self.show_progress()

    def show_progress(self) -> ProgressView:
        """Build the Progress view if not yet done, and show the open patient's course."""
        view = self._build_progress_view()
        view.show()  # the layout alone would show it only on the next loop
        if self.patient is not None:
            self._progress_stale = False
            view.show_patient(self.patient)
        return view
