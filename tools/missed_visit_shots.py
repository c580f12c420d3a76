"""Screenshot of the "Cancelled visit…" dialog (registered in tools/screenshots.py).

María's patient page, where the demo clinic already holds her cancelled visit and her
no-show (the line under the sessions); the dialog is about to record a clinic cancellation,
chosen with key 2 as a therapist would.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.patients.missed_visit_dialog import MissedVisitDialog

Shot = Callable[[MainWindow, Database], QWidget | None]


def missed_visit_dialog(window: MainWindow, db: Database) -> QWidget:
    """The dialog over María's page: today's date, key 2 pressed, a reason typed."""
    patient = patient_service.get_patient(db, demo_uid("maria"))
    window.open_patient(patient)
    dialog = MissedVisitDialog(window.context, patient, parent=window)
    dialog.show()
    QApplication.processEvents()
    target = dialog.focusWidget() or dialog
    QApplication.sendEvent(target, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_2,
                                             Qt.KeyboardModifier.NoModifier, "2"))
    dialog.fields["reason"].edit.setText("Therapist ill; rebooked for Thursday")
    return dialog


MISSED_VISIT_SHOTS: dict[str, Shot] = {
    "missed-visit-dialog.png": missed_visit_dialog,
}
