"""Bring up the main window, asking for a therapist profile on the very first start."""

from __future__ import annotations

from nmt_desktop.db.database import Database
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.dialogs.therapist_dialog import TherapistDialog
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.theme import apply_theme


def ensure_therapist(context: AppContext, parent: MainWindow | None = None) -> bool:
    """Pick the clinic's first therapist, or ask for a profile when there is none yet."""
    therapists = context.read(therapist_service.list_therapists)
    if therapists:
        context.therapist = therapists[0]
        return True
    dialog = TherapistDialog(context, first_start=True, parent=parent)
    if dialog.exec() and dialog.saved is not None:
        context.therapist = dialog.saved
        return True
    return False


def show_main_window(db: Database, data_folder: str) -> MainWindow | None:
    apply_theme()
    context = AppContext(db)
    window = MainWindow(context, data_folder)
    window.show()
    if not ensure_therapist(context, window):
        window.close()
        return None
    window.show_therapist()
    window.patient_list.focus_search()
    return window
