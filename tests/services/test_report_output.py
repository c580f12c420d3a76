"""Report files: rendered, saved whole or not at all, and every export and print audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.report_data import (
    ReportKind,
    record_report_output,
    render_patient_summary_pdf,
    render_physician_report_pdf,
    save_report,
    write_patient_summary_pdf,
    write_physician_report_pdf,
)
from tests import report_demo
from tests.people import TEST_ACTOR
from tests.report_demo import DEMO_TODAY
from tests.reports.pdf_tools import flat, reader, text

D = dt.date


demo_template = report_demo.demo_template
demo_file = report_demo.demo_file
demo_db = report_demo.demo_db


def report_events(db: Database) -> list[AuditEvent]:
    with db.reading() as session:
        return list(session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "report").order_by(AuditEvent.id)))


def test_rendering_for_a_preview_records_nothing(demo_db: Database) -> None:
    report = render_patient_summary_pdf(demo_db, "D1003")
    assert report.pdf.startswith(b"%PDF") and report.kind is ReportKind.PATIENT_SUMMARY
    assert report.patient_uid == demo_uid("zoe") and report.session_date == D(2025, 6, 23)
    assert report.suggested_filename == "D1003-visit-summary-2025-06-23.pdf"
    assert report_events(demo_db) == []


def test_writing_the_patient_summary_saves_the_pdf_and_records_an_export(
    demo_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "summary.pdf"
    report = write_patient_summary_pdf(demo_db, "D1003", out)
    assert out.read_bytes() == report.pdf
    assert "Zoë Łukasiewicz" in text(report.pdf)
    (event,) = report_events(demo_db)
    assert (event.action, event.actor, event.entity_uid) == ("export", TEST_ACTOR, report.uid)
    assert event.patient_uid == demo_uid("zoe")
    assert event.detail == {"kind": "patient_summary", "session": str(report.session_uid),
                            "file": "summary.pdf"}
    assert list(folder.iterdir()) == [out]  # no temporary file left behind


def test_writing_the_physician_report_records_period_and_encryption(
    demo_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    report = write_physician_report_pdf(demo_db, "D1002", out,
                                        D(2025, 6, 1), D(2025, 6, 30), password="s3cret",
                                        today=DEMO_TODAY)
    assert reader(out.read_bytes()).is_encrypted
    assert "O'Brien" in text(out.read_bytes(), "s3cret")
    (event,) = report_events(demo_db)
    assert event.detail == {"kind": "physician_report", "period_from": "2025-06-01",
                            "period_to": "2025-06-30", "encrypted": True, "file": "report.pdf"}
    assert report.suggested_filename == "D1002-progress-report-2025-06-01-to-2025-06-30.pdf"


def test_print_is_recorded_with_the_printer(demo_db: Database) -> None:
    report = render_physician_report_pdf(demo_db, "D1005", today=DEMO_TODAY)
    record_report_output(demo_db, report, "print", "Front desk laser")
    (event,) = report_events(demo_db)
    assert event.action == "print" and event.detail["printer"] == "Front desk laser"
    assert event.detail["encrypted"] is False
    assert "Παπαδόπουλος" in text(report.pdf)


@pytest.mark.parametrize("target", ["missing/dir/out.pdf", "."])
def test_unwritable_target_writes_nothing_and_records_nothing(
    demo_db: Database, tmp_path: Path, target: str
) -> None:
    report = render_patient_summary_pdf(demo_db, "D1001")
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / target
    with pytest.raises(OSError) as caught:
        save_report(demo_db, report, path)
    # The error names the file the user chose, not a temporary one
    assert caught.value.filename == str(path)
    assert report_events(demo_db) == []
    assert list(folder.iterdir()) == []


def test_failed_audit_takes_the_file_back(demo_db: Database, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    report = render_patient_summary_pdf(demo_db, "D1001")
    from nmt_desktop.services.report_data import output

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(output, "record_report_output", refuse)
    out = tmp_path / "summary.pdf"
    with pytest.raises(RuntimeError):
        save_report(demo_db, report, out)
    assert not out.exists()


def test_empty_password_is_refused(demo_db: Database) -> None:
    with pytest.raises(ValidationError, match="password is empty"):
        render_physician_report_pdf(demo_db, "D1001", password="")


def test_patient_without_sessions_gets_valid_pdfs_that_say_so(db: Database) -> None:
    from tests.services.report_charts import add_patient, new_clinic

    add_patient(new_clinic(db), "Ann", "Smith", "A-7")
    summary = render_patient_summary_pdf(db, "A-7")
    assert "No treatment session has been recorded yet" in " ".join(text(summary.pdf).split())
    assert summary.suggested_filename == "A-7-visit-summary-no-visit.pdf"
    report = render_physician_report_pdf(db, "A-7", today=D(2025, 3, 3))
    assert flat("No treatment sessions were recorded") in flat(text(report.pdf))
