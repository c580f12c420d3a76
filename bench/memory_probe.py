"""Peak memory of the app with the biggest chart of the large clinic open.

    .venv/bin/python -m bench.memory_probe DATABASE CHART_NUMBER

Run in a fresh process by bench/__main__.py: opens the database as the app does, shows the
main window, opens the patient and their latest session on the body map, lets Qt paint, and
prints the process's own peak resident set size in megabytes as JSON (see `peak_rss_mb`).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_mb() -> float:
    """This process's own peak resident set size, in megabytes.

    On Linux, `ru_maxrss` is not this process's own: a child started by `subprocess` inherits
    the peak of the process that started it (the kernel keeps the larger of the two across
    fork and exec). Right after the bench built the large clinic in-process its own peak was
    hundreds of megabytes, and every probe started afterwards reported that instead of its own
    (issue #17, point 8). VmHWM in /proc/self/status is the high-water mark of this process's
    address space alone, which exec starts afresh; it counts file pages mapped in (SQLite's
    -shm) like ru_maxrss does.
    """
    own_peak_kb = _vm_high_water_kb()
    if own_peak_kb is not None:
        return own_peak_kb / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # macOS reports bytes, other systems kilobytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _vm_high_water_kb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None  # no /proc (macOS, Windows)
    return None


def main(database: str, chart_number: str) -> int:
    from PySide6.QtWidgets import QApplication

    from bench.common import quiet_offscreen_qt
    from nmt_desktop.db.database import Database
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services import sessions as session_service
    from nmt_desktop.services.program_person import program_person
    from nmt_desktop.ui.startup import show_main_window

    quiet_offscreen_qt()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="nmt-bench-rss-") as folder:
        db = Database.open(f"sqlite:///{database}").signed_in_as(program_person("bench"))
        window = show_main_window(db, folder)
        assert window is not None
        patient = patient_service.get_patient(db, chart_number)
        window.open_patient(patient)
        latest = session_service.list_sessions(db, patient.uid)[0]
        window.open_session(latest)
        window.repaint()
        app.processEvents()
        result = {"peak_rss_mb": round(peak_rss_mb(), 1),
                  "marks_on_map": window.session_page.chart.scene.items().__len__()}
        window.close()
        db.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
