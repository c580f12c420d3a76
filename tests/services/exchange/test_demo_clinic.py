"""Every chart of the demo clinic travels: JSON round trip, valid FHIR, CSV of every record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fhir.resources.bundle import Bundle

from nmt_desktop.db.database import Database
from nmt_desktop.services.demo import load_demo_clinic
from nmt_desktop.services.exchange import (
    chart_document,
    chart_json,
    export_chart_csv,
    import_chart,
)
from nmt_desktop.services.exchange.chart_document import count_records
from nmt_desktop.services.exchange.fhir_bundle import chart_bundle
from nmt_desktop.services.patient_search import search_patients


def test_every_demo_chart_round_trips(source: Database, any_db: Database) -> None:
    # GIVEN the demo clinic, charted through the app's own services
    load_demo_clinic(source)
    charts = search_patients(source, "", True, limit=100)
    assert charts
    for patient in charts:
        exported = chart_document(source, patient.uid)
        # WHEN each chart is imported into an empty database
        report = import_chart(any_db, chart_json(exported))
        # THEN it comes back identical, every record added once
        again = chart_document(any_db, patient.uid)
        exported.pop("exported_at")
        again.pop("exported_at")
        assert again == exported, patient.chart_number
        counts = count_records(exported)
        assert report.created.get("sessions", 0) == counts["sessions"]
        assert not report.kept_signed


def test_every_demo_chart_is_valid_fhir_and_csv(source: Database, tmp_path: Path) -> None:
    load_demo_clinic(source)
    for patient in search_patients(source, "", True, limit=100):
        document = chart_document(source, patient.uid)
        Bundle.parse_obj(chart_bundle(document, b"%PDF-1.7\n%%EOF\n"))
        folder = tmp_path / patient.chart_number
        result = export_chart_csv(source, patient.uid, folder)
        sessions_csv = (folder / "sessions.csv").read_text("utf-8-sig").splitlines()
        assert len(sessions_csv) == 1 + len(document["sessions"])
        assert result.counts["sessions"] == len(document["sessions"])


def test_altered_copy_of_a_demo_signed_session_leaves_it_as_it_was(source: Database) -> None:
    # GIVEN a demo chart whose sessions were signed by the signing service
    load_demo_clinic(source)
    patient = search_patients(source, "", True, limit=100)[0]
    original = chart_document(source, patient.uid)
    signed = next(s for s in original["sessions"] if s["status"] == "signed")
    altered = chart_document(source, patient.uid)
    copy = next(s for s in altered["sessions"] if s["uid"] == signed["uid"])
    copy["notes"][0]["assessment"] = "Rewritten after signing"
    # Newer than the signed copy (a stamp in the future is refused: test_import_rules.py).
    copy["notes"][0]["updated_at"] = dt.datetime.now(dt.UTC).isoformat()
    # WHEN the altered copy is imported back
    report = import_chart(source, chart_json(altered))
    # THEN the signed session is as it was, and the import says so
    assert [str(k.uid) for k in report.kept_signed] == [signed["uid"]]
    after = chart_document(source, patient.uid)
    assert next(s for s in after["sessions"] if s["uid"] == signed["uid"]) == signed
