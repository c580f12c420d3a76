"""Does the window stay responsive while the large clinic is backed up?

    .venv/bin/python -m bench.backup_responsiveness [--db FILE]

Opens the main window on the large clinic (bench/large_db.py, the full 20,000-patient file when
cached), starts the window's own backup (ui/backups/scheduler.py: the online backup in steps on
a worker thread, then the integrity check and row counts of the copy), and meanwhile lets a 5 ms
timer tick on the window's thread and types a patient search every 200 ms. Prints one JSON
object: how long the backup took, the longest and 99th-percentile gap between two ticks (the
longest the window could not react) and the search times during the backup, each beside the
same figures with no backup running. The backup file is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _gaps_while(app: object, until: object, search: object) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    gaps: list[float] = []
    searches: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    ticker.timeout.connect(tick)
    typist = QTimer()
    typist.setInterval(200)

    def type_search() -> None:
        started = time.perf_counter()
        search()  # type: ignore[operator]
        searches.append((time.perf_counter() - started) * 1000)

    typist.timeout.connect(type_search)
    ticker.start()
    typist.start()
    while not until():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.001)
    ticker.stop()
    typist.stop()
    return gaps, searches


def measure(database: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from bench.common import percentile, quiet_offscreen_qt
    from nmt_desktop.services.database import Database
    from nmt_desktop.ui.context import AppContext
    from nmt_desktop.ui.main_window import MainWindow

    quiet_offscreen_qt()
    app = QApplication.instance() or QApplication([])
    db = Database.open(f"sqlite:///{database}")
    window = MainWindow(AppContext(db))
    window.show()
    app.processEvents()
    names = iter(["mar", "ng", "lu", "zo", "ob", "ka", "st"] * 1000)

    def search() -> None:
        window.patient_list.search.setText(next(names))

    idle_end = time.monotonic() + 5
    idle_gaps, idle_searches = _gaps_while(app, lambda: time.monotonic() > idle_end, search)
    scheduler = window.backups
    scheduler.active = True
    started = time.monotonic()
    scheduler.back_up_in_background()
    gaps, searches = _gaps_while(app, lambda: not scheduler.busy, search)
    took = time.monotonic() - started
    scheduler.wait_until_idle()
    record = scheduler.status.newest
    problem = scheduler.status.problem
    size_mb = database.stat().st_size / 1e6
    if record is not None:
        record.path.unlink()
    window.backups.stop()
    window.close()
    db.close()
    if problem:
        raise SystemExit(f"the backup failed: {problem}")
    return {
        "database_mb": round(size_mb), "backup_s": round(took, 1),
        "backup_mb_per_s": round(size_mb / took),
        "tick_gap_max_ms": round(max(gaps), 1), "tick_gap_p99_ms": round(percentile(gaps, .99), 1),
        "idle_tick_gap_max_ms": round(max(idle_gaps), 1),
        "idle_tick_gap_p99_ms": round(percentile(idle_gaps, .99), 1),
        "search_during_backup_ms_p50": round(percentile(searches, .5), 1),
        "search_during_backup_ms_max": round(max(searches), 1),
        "search_idle_ms_p50": round(percentile(idle_searches, .5), 1),
        "searches_during_backup": len(searches),
    }


def main() -> None:
    from bench.common import FULL
    from bench.large_db import Size, cache_path

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: the cached full large clinic)")
    args = parser.parse_args()
    database = args.db or cache_path(Size.scaled(FULL))
    if not database.exists():
        raise SystemExit(f"{database} does not exist: build it with python -m bench.large_db")
    print(json.dumps(measure(database)))


if __name__ == "__main__":
    main()
