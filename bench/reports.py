"""Patient summary and physician report: PDF bytes for a chart of 24 sessions.

    .venv/bin/python -m bench.reports [--runs 5]

A patient with 24 weekly sessions (trigger points, pain zones and tension ratings that ease
over time) is charted through the real services into a fresh SQLite database. Each sample is
what a click on "Preview" costs: `render_patient_summary_pdf` / `render_physician_report_pdf`
(report data read from the database, then the ReportLab renderer) up to the PDF bytes. The
first render of each kind is a warm-up (fonts are parsed once per process) and not counted.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from bench.common import median, run_alone, timed_ms

SESSIONS = 24
ACTOR = "bench"
# Region, muscle: the neck-and-shoulder pattern the demo clinic's first patient also has.
TRIGGER_POINTS = (("shoulder_top_left", "upper_trapezius"),
                  ("shoulder_top_right", "upper_trapezius"),
                  ("neck_posterior_left", "levator_scapulae"),
                  ("occiput_left", "suboccipitals"))
PAIN_REGIONS = ("temple_left", "neck_posterior_left", "shoulder_top_left")
TENSION_REGIONS = ("shoulder_top_left", "shoulder_top_right")


def chart_patient(db: object, therapist_uid: uuid.UUID) -> uuid.UUID:
    """A 24-session patient charted through the services, as a therapist would."""
    from nmt_desktop.db.database import Database
    from nmt_desktop.domain.atlas import load_atlas
    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services import charting
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services import sessions as session_service
    from nmt_desktop.services.program_person import program_person


    assert isinstance(db, Database)
    as_therapist = db.signed_in_as(program_person("Alex Morgan", therapist_uid))
    atlas = load_atlas()
    patient, _ = patient_service.create_patient(
        db, PatientInput("Zoë", "Łukasiewicz-Ñúñez", "1979-11-03", "B2400",
                         referring_physician="Dr. 山田 Hana",
                         referral_reason="Neck & shoulder pain <since 2024>"))
    first = dt.datetime(2025, 1, 7, 15, 0, tzinfo=dt.UTC)
    for week in range(SESSIONS):
        record, _ = session_service.start_session(as_therapist, patient.uid,
                                                  started_at=first + dt.timedelta(weeks=week))
        easing = week / (SESSIONS - 1)
        for index, (region_id, muscle_id) in enumerate(TRIGGER_POINTS):
            if easing > 0.5 and index % 2:
                continue
            x, y = atlas.label_point(region_id)
            charting.place_trigger_point(db, record.uid, x, y, muscle_id=muscle_id,
                                         status="active" if easing < 0.6 else "latent",
                                         tenderness_grade=max(0, 3 - round(3 * easing)),
                                         techniques=["ischemic_compression"])
        charting.paint_pain_zones(db, record.uid, PAIN_REGIONS[: 3 - round(2 * easing)],
                                  max(1, 7 - round(5 * easing)), ["aching"])
        for region_id in TENSION_REGIONS:
            charting.rate_tension(db, record.uid, region_id, max(0, 3 - round(2 * easing)),
                                  ["ropy"])
    return patient.uid


def measure(runs: int) -> dict[str, float]:
    from nmt_desktop.db.database import Database
    from nmt_desktop.services import therapists as therapist_service
    from nmt_desktop.services.program_person import program_person
    from nmt_desktop.services.report_data import (
        render_patient_summary_pdf,
        render_physician_report_pdf,
    )

    with tempfile.TemporaryDirectory(prefix="nmt-bench-reports-") as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'reports.sqlite'}")
        db = db.signed_in_as(program_person("bench"))
        try:
            therapist, _ = therapist_service.create_therapist(db, "Alex Morgan", "LMT, CNMT",
                                                              "MA-104233")
            patient_uid = chart_patient(db, therapist.uid)
            summary = render_patient_summary_pdf(db, patient_uid).pdf
            physician = render_physician_report_pdf(db, patient_uid).pdf
            assert summary.startswith(b"%PDF") and physician.startswith(b"%PDF")
            patient_ms, physician_ms = [], []
            for _ in range(runs):
                patient_ms.append(timed_ms(lambda: render_patient_summary_pdf(db, patient_uid)))
                physician_ms.append(
                    timed_ms(lambda: render_physician_report_pdf(db, patient_uid)))
        finally:
            db.close()
    return {"patient_report_ms": round(median(patient_ms), 1),
            "physician_report_ms": round(median(physician_ms), 1)}


def main() -> None:
    run_alone(__doc__ or "", measure)


if __name__ == "__main__":
    main()
