"""The Progress view of the biggest chart of the large clinic: first frame and period switch.

    .venv/bin/python -m bench.progress_view DATABASE CHART_NUMBER [--switches 9]

Run in a fresh process by bench/__main__.py, as a therapist meets it: the main window shows
the patient on the Sessions tab, then a click on the Progress tab. Figures, in milliseconds:

- progress_open_ms: from the tab click to the first complete frame (window.repaint() returns
  with every chart, the map and the visible strip painted), after the patient page has been
  on screen for a second, as a therapist meets it: the page prepares the view meanwhile
  (pyqtgraph and numpy imported, charts built). It includes reading the whole course (one
  service call), figuring it and painting.
- progress_open_cpu_ms: the CPU time this process spent in that click (all threads); on a
  machine shared with other work it shows what the click costs apart from waiting for a core.
- progress_open_cold_ms (`--cold`): the same click at once after the patient opens, so the
  import and the building are paid inside the click.
- progress_open_floor_ms: the same click on the Sessions tab back and forth (a tab switch
  that repaints the same area with a plain list): what any page of that size costs.
- progress_switch_ms: median of `--switches` period changes (whole course ↔ last 12, 8, 4
  weeks), each up to the repainted frame.
- progress_peak_rss_mb: the process's peak resident memory with the view open.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The period changes of one round, ending on the whole course (the biggest figure set).
PERIODS = ("12w", "8w", "4w", "whole")


def measure(database: str, chart_number: str, switches: int,
            cold: bool = False) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from bench.common import median, quiet_offscreen_qt, timed_ms
    from nmt_desktop.db.database import Database
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services.program_person import program_person
    from nmt_desktop.ui.startup import show_main_window

    quiet_offscreen_qt()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="nmt-bench-progress-") as folder:
        db = Database.open(f"sqlite:///{database}").signed_in_as(program_person("bench"))
        window = show_main_window(db, folder)
        assert window is not None
        window.resize(1366, 768)
        window.open_patient(patient_service.get_patient(db, chart_number))
        page = window.patient_page
        window.repaint()
        app.processEvents()
        if cold:
            opened = timed_ms(lambda: (page.tabs.setCurrentWidget(page.progress_tab),
                                       app.processEvents(), window.repaint()))
            window.close()
            db.close()
            return {"progress_open_cold_ms": round(opened, 1)}
        # The therapist reads the page before clicking the tab; the page prepares the view
        # meanwhile (on a busy machine that can take more than the usual second).
        from PySide6.QtTest import QTest

        deadline = time.monotonic() + 20
        while page.progress_view is None and time.monotonic() < deadline:
            QTest.qWait(50)
        assert page.progress_view is not None, "the patient page did not prepare the view"
        QTest.qWait(200)

        def open_progress() -> None:
            page.tabs.setCurrentWidget(page.progress_tab)
            app.processEvents()
            window.repaint()

        def back_and_forth() -> None:
            page.tabs.setCurrentIndex(0)
            window.repaint()

        cpu_start = time.process_time()
        opened = timed_ms(open_progress)
        opened_cpu = (time.process_time() - cpu_start) * 1000
        view = page.progress_view
        assert view is not None and view.figures is not None
        visits = len(view.figures.visits)
        floor = median([timed_ms(back_and_forth) for _ in range(3)])
        page.tabs.setCurrentWidget(page.progress_tab)
        window.repaint()
        from nmt_desktop.domain.progress import PeriodKind

        samples = []
        for n in range(max(1, switches)):
            kind = PeriodKind(PERIODS[n % len(PERIODS)])

            def switch(kind: PeriodKind = kind) -> None:
                view.period.setCurrentIndex(view.period.findData(kind.value))
                window.repaint()

            samples.append(timed_ms(switch))
        window.close()
        db.close()
    from bench.memory_probe import peak_rss_mb

    return {"progress_open_ms": round(opened, 1), "progress_open_floor_ms": round(floor, 1),
            "progress_open_cpu_ms": round(opened_cpu, 1),
            "progress_switch_ms": round(median(samples), 1), "progress_visits": visits,
            "progress_peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database")
    parser.add_argument("chart_number")
    parser.add_argument("--switches", type=int, default=9)
    parser.add_argument("--cold", action="store_true", help="click the tab at once")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.database, args.chart_number, args.switches, args.cold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
