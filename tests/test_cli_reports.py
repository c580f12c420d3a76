"""`nmt-desktop report patient|physician`: PDFs that read right, audited, and clean failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from tests import report_demo
from tests.people import TEST_OWNER
from tests.reports.pdf_tools import (
    assert_no_missing_glyphs,
    flat,
    page_count,
    reader,
    structure_check,
    text,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


demo_template = report_demo.demo_template
demo_copy = report_demo.demo_file


@pytest.fixture
def demo_file(demo_copy: Path) -> str:
    return str(demo_copy)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def report_events(db_file: str) -> list[AuditEvent]:
    db = Database.open(f"sqlite:///{db_file}").signed_in_as(TEST_OWNER)
    try:
        with db.reading() as session:
            return list(session.scalars(
                select(AuditEvent).where(AuditEvent.entity_type == "report")))
    finally:
        db.close()


def test_patient_summary_pdf_from_the_command_line(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path
) -> None:
    # WHEN the summary of Taro Yamada's latest visit is written
    out = out_dir / "summary.pdf"
    code, printed, err = run(capsys, "--db", demo_file, "report", "patient", "--patient",
                             "D1004", "--out", str(out))
    # THEN it is a sound PDF of one or two pages that names him and what was found
    assert (code, err) == (0, "")
    assert "Visit summary" in printed and str(out) in printed
    pdf = out.read_bytes()
    structure_check(pdf)
    assert 1 <= page_count(pdf) <= 2
    words = text(pdf)
    assert_no_missing_glyphs(words)
    assert flat("太郎 山田") in flat(words) and "D1004" in words
    for expected in ("in your left buttock (the piriformis)", "3 out of 10 when you arrived",
                     "1 out of 10 when you left", "Figure-4 / piriformis", "Clamshell",
                     "Harbourside Neuromuscular Clinic", "Monday 7 Jul 2025"):
        assert flat(expected) in flat(words), expected
    (event,) = report_events(demo_file)
    assert event.action == "export" and event.actor.startswith("command line")
    assert event.detail["kind"] == "patient_summary" and event.detail["file"] == "summary.pdf"


def test_physician_report_pdf_with_period_and_password(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path
) -> None:
    out = out_dir / "report.pdf"
    code, printed, err = run(capsys, "--db", demo_file, "report", "physician", "--patient",
                             "D1001", "--from", "2000-01-01", "--to", "2999-12-31",
                             "--password", "fax-0198", "--out", str(out))
    assert (code, err) == (0, "")
    assert "password-protected" in printed
    pdf = out.read_bytes()
    assert reader(pdf).is_encrypted
    structure_check(pdf, password="fax-0198")
    assert 1 <= len(reader(pdf, "fax-0198").pages) <= 3
    words = text(pdf, "fax-0198")
    assert_no_missing_glyphs(words)
    for expected in ("María Fernández-López", "D1001", "6 attended", "Dr. Helen Okafor",
                     "Upper trapezius", "Alex Morgan", "MA-104233", "1 Jan 2000",
                     "31 Dec 2999", "Pain now, NRS 0–10", "−5 (−71 %)",
                     "Neck Disability Index", "−28 %-points (−53 %)", "Cervical spine",
                     "DRAFT – 1 visit not signed yet", "Page 3 of 3"):
        assert flat(expected) in flat(words), expected
    (event,) = report_events(demo_file)
    assert event.detail == {"kind": "physician_report", "period_from": "2000-01-01",
                            "period_to": "2999-12-31", "encrypted": True,
                            "file": "report.pdf"}


def test_physician_report_defaults_to_first_visit_until_today(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path
) -> None:
    out = out_dir / "report.pdf"
    code, printed, _ = run(capsys, "--db", demo_file, "report", "physician", "--patient",
                           "D1005", "--out", str(out))
    assert code == 0 and "for chart D1005" in printed
    words = text(out.read_bytes())
    assert flat("Δημήτρης Παπαδόπουλος") in flat(words) and "3 attended" in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["patient", "--patient", "D9999"], "No patient with chart number or uid D9999"),
        (["patient", "--patient", "D1001", "--session", "abc"], "neither 'latest' nor"),
        (["physician", "--patient", "D1001", "--from", "2025-02-30"], "--from '2025-02-30' is "
                                                                       "not a date"),
        (["physician", "--patient", "D1001", "--to", "31/12/2025"], "YYYY-MM-DD"),
        (["physician", "--patient", "D1001", "--from", "2025-05-01", "--to", "2025-04-01"],
         "starts (2025-05-01) after it ends (2025-04-01)"),
        (["physician", "--patient", "D1001", "--password", ""], "password is empty"),
    ],
)
def test_bad_requests_fail_with_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, args: list[str],
    message: str
) -> None:
    out = out_dir / "report.pdf"
    code, printed, err = run(capsys, "--db", demo_file, "report", *args, "--out", str(out))
    assert (code, printed) == (1, "")
    assert err.count("\n") == 1 and message in err
    assert list(out_dir.iterdir()) == []
    assert report_events(demo_file) == []


@pytest.mark.parametrize("target", ["no/such/folder/report.pdf", "."])
def test_unwritable_out_path_fails_with_one_line_and_records_nothing(
    capsys: pytest.CaptureFixture[str], demo_file: str, out_dir: Path, target: str
) -> None:
    out = out_dir / target
    code, printed, err = run(capsys, "--db", demo_file, "report", "patient", "--patient",
                             "D1001", "--out", str(out))
    assert (code, printed) == (1, "")
    assert err.count("\n") == 1 and str(out) in err
    assert list(out_dir.iterdir()) == []
    assert report_events(demo_file) == []


def test_patient_without_sessions_gets_reports_that_say_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, out_dir: Path
) -> None:
    db_file = str(tmp_path / "empty.sqlite")
    run(capsys, "--db", db_file, "patients", "add", "--given", "Zoë", "--family", "O'Brien",
        "--dob", "1990-01-22", "--chart-number", "A-1")
    summary, report = out_dir / "s.pdf", out_dir / "r.pdf"
    assert run(capsys, "--db", db_file, "report", "patient", "--patient", "A-1", "--out",
               str(summary))[0] == 0
    assert run(capsys, "--db", db_file, "report", "physician", "--patient", "A-1", "--out",
               str(report))[0] == 0
    assert "No treatment session has been recorded yet" in " ".join(
        text(summary.read_bytes()).split())
    assert flat("No treatment sessions were recorded") in flat(text(report.read_bytes()))
    structure_check(summary.read_bytes())
    structure_check(report.read_bytes())
