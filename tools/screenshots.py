"""Regenerate the reference screenshots in docs/ from the demo clinic (offscreen, no display).

    .venv/bin/python tools/screenshots.py

Each picture is the real main window, grabbed after the same calls a therapist's clicks make.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

from accounts_shots import ACCOUNTS_SHOTS  # noqa: E402
from backup_shots import BACKUP_SHOTS  # noqa: E402
from exchange_shots import EXCHANGE_SHOTS  # noqa: E402
from missed_visit_shots import MISSED_VISIT_SHOTS  # noqa: E402
from progress_shots import PROGRESS_SHOTS  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screening_shots import SCREENING_SHOTS  # noqa: E402
from session_form_shots import SESSION_FORM_SHOTS  # noqa: E402

from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.services import patients as patient_service  # noqa: E402
from nmt_desktop.services import sessions as session_service  # noqa: E402
from nmt_desktop.services.demo import demo_uid, load_demo_clinic  # noqa: E402
from nmt_desktop.services.program_person import program_person  # noqa: E402
from nmt_desktop.ui.bodymap.tools import Tool  # noqa: E402
from nmt_desktop.ui.clinic.clinic_settings_dialog import ClinicSettingsDialog  # noqa: E402
from nmt_desktop.ui.main_window import MainWindow  # noqa: E402
from nmt_desktop.ui.printing.page_view import ZoomMode  # noqa: E402
from nmt_desktop.ui.printing.preview_dialog import ReportPreviewDialog  # noqa: E402
from nmt_desktop.ui.session.compare_dialog import CompareDialog  # noqa: E402
from nmt_desktop.ui.startup import show_main_window  # noqa: E402

Shot = Callable[[MainWindow, Database], QWidget | None]
LAPTOP = (1366, 768)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def patient_view(window: MainWindow, db: Database) -> None:
    patient = patient_service.get_patient(db, demo_uid("maria"))
    window.patient_list.search.setText("fer")
    window.open_patient(patient)


def session_view(window: MainWindow, db: Database) -> None:
    patient = patient_service.get_patient(db, demo_uid("maria"))
    latest = session_service.list_sessions(db, patient.uid)[0]
    window.open_patient(patient)
    window.open_session(latest)


def empty_session(window: MainWindow, db: Database) -> None:
    patient = patient_service.get_patient(db, demo_uid("taro"))
    window.open_patient(patient)
    assert window.context.therapist is not None
    record, _ = session_service.start_session(window.context.db, patient.uid)
    window.open_session(record)


def ghost_session(window: MainWindow, db: Database) -> None:
    session_view(window, db)
    window.session_page.chart.ghost_toggle.setChecked(True)


def pain_tool(window: MainWindow, db: Database) -> None:
    patient = patient_service.get_patient(db, demo_uid("taro"))
    window.open_patient(patient)
    window.open_session(session_service.list_sessions(db, patient.uid)[-1])
    window.session_page.chart.set_tool(Tool.PAIN_ZONE)


def one_click_trigger_point(window: MainWindow, db: Database) -> None:
    """One click with the trigger-point tool: the likeliest muscle is already chosen."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from nmt_desktop.domain.atlas import load_atlas

    empty_session(window, db)
    settle(QApplication.instance())  # type: ignore[arg-type]
    chart = window.session_page.chart
    x, y = load_atlas().label_point("shoulder_top_right")
    QTest.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(x, y))


def legend_open(window: MainWindow, db: Database) -> None:
    session_view(window, db)
    window.session_page.chart.legend_overlay.set_open(True)


def comparison(window: MainWindow, db: Database) -> QWidget:
    patient = patient_service.get_patient(db, demo_uid("maria"))
    sessions = session_service.list_sessions(db, patient.uid)
    dialog = CompareDialog(window.context, patient.uid, sessions[-1].uid, sessions[0].uid,
                           parent=window)
    dialog.resize(*LAPTOP)
    dialog.show()
    return dialog


def report_preview(window: MainWindow, db: Database) -> QWidget:
    patient = patient_service.get_patient(db, demo_uid("maria"))
    window.open_patient(patient)
    opened: list[QWidget] = []
    window.reports.preview_opened.connect(opened.append)
    window.reports.patient_summary(patient)
    while not opened:  # the report is made on a worker thread
        QApplication.processEvents()
    dialog = opened[0]
    assert isinstance(dialog, ReportPreviewDialog)
    dialog.resize(1000, 900)
    dialog.set_zoom(ZoomMode.FIT_PAGE)
    dialog.view.render_all_now()
    return dialog


def clinic_settings(window: MainWindow, db: Database) -> QWidget:
    dialog = ClinicSettingsDialog(window.context, parent=window)
    dialog.show()
    return dialog


SHOTS: dict[str, Shot] = {
    "main-window.png": patient_view,
    "session-charted.png": session_view,
    "session-empty.png": empty_session,
    "session-ghost.png": ghost_session,
    "session-pain-tool.png": pain_tool,
    "session-trigger-point.png": one_click_trigger_point,
    "session-legend.png": legend_open,
    "session-comparison.png": comparison,
    "report-preview.png": report_preview,
    "clinic-settings.png": clinic_settings,
}
SHOTS.update(SESSION_FORM_SHOTS)
SHOTS.update(SCREENING_SHOTS)
SHOTS.update(PROGRESS_SHOTS)
SHOTS.update(MISSED_VISIT_SHOTS)
SHOTS.update(ACCOUNTS_SHOTS)
SHOTS.update(BACKUP_SHOTS)
SHOTS.update(EXCHANGE_SHOTS)  # last: it changes María's chart


def main(names: list[str]) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NMT_DATA_DIR"] = folder  # window geometry is not read from or saved to
        opened = Database.open(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        load_demo_clinic(opened)
        # The screenshots act as the program itself (the window then charts as the demo
        # therapist); the sign-in shots make their own front door on the same file.
        db = opened.signed_in_as(program_person("screenshots"))
        for name, shot in SHOTS.items():
            if names and name not in names:
                continue
            window = show_main_window(db, folder)
            assert window is not None
            window.resize(*LAPTOP)  # the common clinic laptop, maximized
            shown = shot(window, db) or window
            settle(app)
            shown.grab().save(str(DOCS / name))
            print(f"wrote docs/{name}")
            for other in QApplication.topLevelWidgets():  # a dialog or the lock screen
                if other.isVisible() and other is not window:
                    getattr(other, "release", other.close)()
            window.close()
        opened.close()


if __name__ == "__main__":
    main(sys.argv[1:])
