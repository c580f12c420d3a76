"""Screenshots of the SOAP session form (registered in tools/screenshots.py).

Each shot drives the real window the way a therapist would: start from the last session,
type, open a questionnaire, sign, amend.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.domain.outcomes import OutcomeMeasure
from nmt_desktop.services import copy_forward
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.records import SessionRecord
from nmt_desktop.ui.main_window import MainWindow

Shot = Callable[[MainWindow, Database], QWidget | None]
LAPTOP = (1366, 768)



def _open(window: MainWindow, db: Database, key: str, pick: Callable[[list[SessionRecord]],
                                                                      SessionRecord]) -> None:
    patient = patient_service.get_patient(db, demo_uid(key))
    window.open_patient(patient)
    window.open_session(pick(session_service.list_sessions(db, patient.uid)))


def draft_copied_forward(window: MainWindow, db: Database) -> None:
    """Today's session started from the last one; the chief complaint already re-typed."""
    patient = patient_service.get_patient(db, demo_uid("maria"))
    window.open_patient(patient)
    assert window.context.therapist is not None
    latest = session_service.list_sessions(db, patient.uid)[0]
    record, _ = copy_forward.start_session_from_previous(window.context.db, latest.uid)
    window.open_session(record)
    form = window.session_page.form
    form.show_page("S")
    complaint = form.fields["chief_complaint"].editor
    complaint.setPlainText("Headache at the left temple on 2 days this week, less intense")
    form.fields["nrs_now"].editor.setValue(3)
    form.fields["nrs_best"].editor.setValue(1)
    form.fields["nrs_worst"].editor.setValue(5)
    form.flush()
    complaint.setFocus()
    complaint.moveCursor(complaint.textCursor().MoveOperation.End)


def signed_with_amendment(window: MainWindow, db: Database) -> None:
    """A signed session: read-only form, goal progress, and the amendment under it."""
    def amended(sessions: list[SessionRecord]) -> SessionRecord:
        return next(s for s in sessions if s.amendment_count)

    _open(window, db, "maria", amended)
    window.session_page.form.show_page("A")


def outcomes_tab(window: MainWindow, db: Database) -> None:
    """Today's NDI, item by item, judged against the baseline; one item skipped."""
    # The demo's own draft, not the copied-forward one another shot may have started.
    _open(window, db, "maria",
          lambda sessions: next(s for s in sessions if s.copied_from_uid is None))
    form = window.session_page.form
    form.show_page("Outcomes")
    form.outcomes.start_new(OutcomeMeasure.NDI)
    editor = form.outcomes.editor
    assert editor is not None
    # Today's NDI is already on file; "driving" is cleared (the patient skipped it).
    driving = editor.item_rows[7]
    chosen = driving.value()
    if chosen is not None:
        driving.buttons[chosen].click()
    form.flush()


def plan_on_a_laptop(window: MainWindow, db: Database) -> None:
    """The P tab on a 1366×768 clinic laptop, patient list still open."""
    window.resize(*LAPTOP)
    _open(window, db, "james", lambda sessions: sessions[0])
    form = window.session_page.form
    form.show_page("P")
    QApplication.processEvents()
    window.session_page.chart.view.fit()


def objective_tab(window: MainWindow, db: Database) -> None:
    _open(window, db, "zoe", lambda sessions: sessions[0])
    form = window.session_page.form
    form.show_page("O")
    form.rom.add_combo.setCurrentIndex(form.rom.add_combo.findData("wrist/extension"))
    form.rom.add_combo.activated.emit(form.rom.add_combo.currentIndex())
    row = form.rom.rows[("wrist", "extension", True)]
    row.boxes[next(iter(row.boxes))].setValue(70)
    list(row.boxes.values())[1].setValue(50)
    form.flush()
    form.setFocus(Qt.FocusReason.OtherFocusReason)


SESSION_FORM_SHOTS: dict[str, Shot] = {
    "session-form-draft.png": draft_copied_forward,
    "session-form-signed.png": signed_with_amendment,
    "session-form-outcomes.png": outcomes_tab,
    "session-form-objective.png": objective_tab,
    "session-form-laptop.png": plan_on_a_laptop,
}
