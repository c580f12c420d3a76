"""Click on the map → trigger-point marker drawn and its row durably committed.

    .venv/bin/python -m bench.click_to_mark [--clicks N]

Each sample: a real mouse press and release on the body-map viewport (QTest), through the scene,
the charting service (one SQLite transaction with synchronous=FULL), the change broadcast and
the incremental scene update, ending when the viewport has repainted synchronously. The editor
that opens after a click is closed between samples and not counted.

Floor, interleaved with the clicks in the same run: the same trigger-point row committed through
raw sqlite3 with the app's pragmas (WAL, synchronous=FULL, foreign keys) in one transaction, plus
one synchronous repaint of the same view: what a durable mark costs at the least.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.common import median, percentile, quiet_offscreen_qt, ratio  # noqa: E402
from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.domain.atlas import load_atlas  # noqa: E402
from nmt_desktop.services import patients as patient_service  # noqa: E402
from nmt_desktop.services import sessions as session_service  # noqa: E402
from nmt_desktop.services.demo import demo_uid, load_demo_clinic  # noqa: E402
from nmt_desktop.services.program_person import program_person  # noqa: E402
from nmt_desktop.ui.startup import show_main_window  # noqa: E402


def body_grid(count: int, step: float = 22.0) -> list[tuple[float, float]]:
    """Points inside the body, far enough apart that no click lands on an earlier marker."""
    atlas = load_atlas()
    width, height = atlas.document_size()
    def well_inside(x: float, y: float) -> bool:
        # Pixel rounding must not push a click across the body outline.
        return all(atlas.region_at(x + dx, y + dy) for dx in (-4, 0, 4) for dy in (-4, 0, 4))

    spots = [(x * step, y * step) for y in range(int(height / step))
             for x in range(int(width / step)) if well_inside(x * step, y * step)]
    assert len(spots) >= count, f"only {len(spots)} spots on the grid"
    return spots[:: max(1, len(spots) // count)][:count]


def floor_connection(path: Path) -> sqlite3.Connection:
    """A raw connection set up as the app's engine sets up its own (db/engine.py)."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "busy_timeout=5000"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def commit_same_row(connection: sqlite3.Connection, columns: list[str], row_id: int) -> None:
    """Insert a copy of trigger point `row_id` (a new uid) in its own committed transaction."""
    names = ", ".join(columns)
    picked = ", ".join("?" if c == "uid" else c for c in columns)
    connection.execute("BEGIN")
    connection.execute(f"INSERT INTO trigger_point ({names}) SELECT {picked} "
                       "FROM trigger_point WHERE id = ?", (uuid.uuid4().hex, row_id))
    connection.execute("COMMIT")


def measure(clicks: int) -> dict[str, float]:
    quiet_offscreen_qt()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        db = db.signed_in_as(program_person("bench"))
        load_demo_clinic(db)
        window = show_main_window(db, folder)
        assert window is not None
        window.resize(1360, 860)
        patient_uid = demo_uid("maria")
        therapist = window.context.therapist
        assert therapist is not None
        record, _ = session_service.start_session(window.context.db, patient_uid)
        window.open_patient(patient_service.get_patient(db, patient_uid))
        window.open_session(record)
        editor = window.session_page.chart
        app.processEvents()
        spots = body_grid(clicks)
        samples: list[float] = []
        floors: list[float] = []
        raw = floor_connection(Path(folder) / "bench.sqlite")
        columns = [row[1] for row in raw.execute("PRAGMA table_info(trigger_point)")
                   if row[1] != "id"]
        uid_type = next(row[2] for row in raw.execute("PRAGMA table_info(trigger_point)")
                        if row[1] == "uid")
        assert "CHAR" in uid_type.upper() or "TEXT" in uid_type.upper(), uid_type
        for x, y in spots:
            point = editor.view.mapFromScene(x, y)
            start = time.perf_counter()
            QTest.mousePress(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
            QTest.mouseRelease(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
            editor.view.viewport().repaint()
            samples.append((time.perf_counter() - start) * 1000)
            editor.editor.hide()
            app.processEvents()
            last_id = raw.execute("SELECT max(id) FROM trigger_point").fetchone()[0]
            start = time.perf_counter()
            commit_same_row(raw, columns, last_id)
            editor.view.viewport().repaint()
            floors.append((time.perf_counter() - start) * 1000)
        raw.close()
        placed = len(editor.chart.trigger_points) if editor.chart else 0
        window.close()
        db.close()
    assert placed == clicks, f"expected {clicks} markers, found {placed}"
    floor = median(floors)
    return {"click_to_mark_ms_p50": round(median(samples), 2),
            "click_to_mark_ms_p95": round(percentile(samples, 0.95), 2),
            "click_to_mark_floor_ms": round(floor, 2),
            "click_to_mark_ratio": ratio(median(samples), floor),
            "clicks": clicks}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clicks", type=int, default=100)
    print(json.dumps(measure(parser.parse_args().clicks)))
