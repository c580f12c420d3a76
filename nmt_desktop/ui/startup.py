"""Bring up the main window, asking for a therapist profile on the very first start.

What the first paint needs (the patient list, who is charting) is read without SQLAlchemy;
`finish_start`, run once that paint is on screen, creates the engine and builds the patient and
session pages, one step per event-loop turn, so that the window is ready before the first click.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from nmt_desktop.services.database import Database
from nmt_desktop.services.program_person import program_person
from nmt_desktop.services.therapist_roster import list_therapists
from nmt_desktop.ui.common.theme import apply_theme
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow


def ensure_therapist(context: AppContext, parent: MainWindow | None = None) -> bool:
    """Pick the clinic's first therapist, or ask for a profile when there is none yet."""
    therapists = context.read(list_therapists)
    if therapists:
        context.act_as_therapist(therapists[0])
        return True
    from nmt_desktop.ui.clinic.therapist_dialog import TherapistDialog

    dialog = TherapistDialog(context, first_start=True, parent=parent)
    if dialog.exec() and dialog.saved is not None:
        context.act_as_therapist(dialog.saved)
        return True
    return False


def finish_start(window: MainWindow) -> None:
    """After the first paint: connect the engine, then build the pages (each in its own turn)."""

    def connect() -> None:
        window.context.db.connect()
        QTimer.singleShot(0, window.build_pages)

    QTimer.singleShot(0, connect)


def show_main_window(db: Database, data_folder: str) -> MainWindow | None:
    apply_theme()
    context = AppContext(db)
    # TRANSITIONAL (replaced by the sign-in window, #13): the window acts as the program, then
    # as the first therapist.
    context.act_as(db.signed_in_as(program_person("start-up")), None)
    window = MainWindow(context, data_folder)
    window.show()
    if not ensure_therapist(context, window):
        window.close()
        return None
    window.show_therapist()
    window.patient_list.focus_search()
    return window
