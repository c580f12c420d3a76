"""Render every page of both reports for the richest demo patient into docs/ as PNG.

    .venv/bin/python tools/report_pages.py

The demo clinic is loaded into a throwaway database with a fixed "today", so the pictures
come out the same on every run and every machine: docs/report-patient-p1.png …,
docs/report-physician-p1.png … No PDF is kept.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Fixed so that the demo's visit dates, and so the pictures, never change.
DEMO_TODAY = dt.date(2025, 6, 30)
# 1.5 × 72 dpi: an A4 page is 893 × 1263 pixels, small text still readable on screen.
SCALE = 1.5

sys.path.insert(0, str(ROOT))

from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.services import sessions as session_service  # noqa: E402
from nmt_desktop.services.demo import DEMO_PATIENTS, demo_uid, load_demo_clinic  # noqa: E402
from nmt_desktop.services.report_data import (  # noqa: E402
    render_patient_summary_pdf,
    render_physician_report_pdf,
)


def richest_patient(db: Database) -> str:
    """Chart number of the demo patient with the most charted visits."""
    counts = {
        demo.details.chart_number: sum(
            s.mark_count > 0 for s in session_service.list_sessions(db, demo_uid(demo.key))
        )
        for demo in DEMO_PATIENTS
    }
    return max(counts, key=lambda chart: (counts[chart], chart == "D1001"))


def write_pages(pdf: bytes, stem: str) -> list[Path]:
    """One PNG per page, on white, named docs/<stem>-p<N>.png."""
    for stale in DOCS.glob(f"{stem}-p*.png"):
        stale.unlink()
    written = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=SCALE, fill_color=(255, 255, 255, 255)).to_pil()
            target = DOCS / f"{stem}-p{number}.png"
            image.convert("RGB").save(target, optimize=True)
            written.append(target)
    finally:
        document.close()
    return written


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nmt-report-pages-") as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'demo.sqlite'}")
        try:
            load_demo_clinic(db, today=DEMO_TODAY)
            chart = richest_patient(db)
            summary = render_patient_summary_pdf(db, chart)
            report = render_physician_report_pdf(db, chart, today=DEMO_TODAY)
        finally:
            db.close()
    for written in (write_pages(summary.pdf, "report-patient"),
                    write_pages(report.pdf, "report-physician")):
        for path in written:
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
