"""Screenshots of the Progress view (issue 18), registered in tools/screenshots.py.

The demo patient with the most visits, whole course: trends with their clinically important
bands, the pain-frequency map and every visit side by side; then the same period with the map
switched to active trigger points by muscle.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.demo import DEMO_PATIENTS, demo_uid
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.progress.frequency_map import Layer

Shot = Callable[[MainWindow, Database], QWidget | None]


def most_visits(db: Database) -> PatientRecord:
    """The demo patient with the most sessions (María on a tie, as in the report pages)."""
    counts = {demo.key: len(session_service.list_sessions(db, demo_uid(demo.key)))
              for demo in DEMO_PATIENTS}
    key = max(counts, key=lambda k: (counts[k], k == "maria"))
    return patient_service.get_patient(db, demo_uid(key))


def progress_view(window: MainWindow, db: Database) -> None:
    window.open_patient(most_visits(db))
    page = window.patient_page
    page.tabs.setCurrentWidget(page.progress_tab)


def progress_trigger_points(window: MainWindow, db: Database) -> None:
    progress_view(window, db)
    view = window.patient_page.show_progress()
    for button in view.layer_buttons.buttons():
        if button.property("layer") == Layer.TRIGGER_POINTS.value:
            button.click()


PROGRESS_SHOTS: dict[str, Shot] = {
    "progress-view.png": progress_view,
    "progress-trigger-points.png": progress_trigger_points,
}
