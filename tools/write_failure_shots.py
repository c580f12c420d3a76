"""Screenshots of the write-failure states (offscreen, no display):

    .venv/bin/python tools/write_failure_shots.py

docs/autosave-not-saved.png: notes typed while the disk is full (a connection whose writes
fail with SQLite's "database or disk is full"). docs/map-waiting.png: two trigger points
clicked while another program holds the chart file's write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import Engine, event  # noqa: E402

from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.domain.atlas import load_atlas  # noqa: E402
from nmt_desktop.services import patients as patient_service  # noqa: E402
from nmt_desktop.services import sessions as session_service  # noqa: E402
from nmt_desktop.services.demo import demo_uid, load_demo_clinic  # noqa: E402
from nmt_desktop.ui.main_window import MainWindow  # noqa: E402
from nmt_desktop.ui.startup import show_main_window  # noqa: E402

LAPTOP = (1366, 768)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


@contextlib.contextmanager
def disk_full() -> Iterator[None]:
    def fail(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", fail)


def new_session(window: MainWindow, db: Database, key: str) -> None:
    patient = patient_service.get_patient(db, demo_uid(key))
    window.open_patient(patient)
    assert window.context.therapist is not None
    record, _ = session_service.start_session(window.context.db, patient.uid)
    window.open_session(record)


def autosave_not_saved(app: QApplication, window: MainWindow, db: Database) -> None:
    new_session(window, db, "taro")
    form = window.session_page.form
    form.show_page("S")
    complaint = form.fields["chief_complaint"].editor
    with disk_full():
        complaint.setFocus()
        QTest.keyClicks(complaint, "Low back pain since lifting boxes on Saturday; worse "
                        "when sitting, eases when walking")
        form.flush()
        settle(app)
        window.grab().save(str(DOCS / "autosave-not-saved.png"))
    form.flush()


def map_waiting(app: QApplication, window: MainWindow, db: Database) -> None:
    new_session(window, db, "taro")
    chart = window.session_page.chart
    chart.view.fit()
    settle(app)
    path = db.sqlite_file
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        for region in ("shoulder_top_left", "shoulder_top_right"):
            x, y = load_atlas().label_point(region)
            point: QPoint = chart.view.mapFromScene(x, y)
            QTest.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        settle(app)
        window.grab().save(str(DOCS / "map-waiting.png"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    while chart.writes.is_waiting():
        app.processEvents()
    chart.editor.hide()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        load_demo_clinic(db)
        for shot in (autosave_not_saved, map_waiting):
            window = show_main_window(db, folder)
            assert window is not None
            window.resize(*LAPTOP)
            settle(app)
            shot(app, window, db)
            print(f"wrote docs/ for {shot.__name__}")
            window.close()
        db.close()


if __name__ == "__main__":
    main()
