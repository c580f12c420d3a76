"""Files that leave the chart are the owner's alone: created 0o600, never readable by others.

Checked on POSIX with os.stat, under the common umask 022 that would otherwise give 0o644: the
whole-file writer itself, a replaced file that was readable by everyone, and every export and
saved report that goes through it (chart JSON, CSV tables, FHIR bundle, PDFs).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services import whole_files
from nmt_desktop.services.exchange import export_chart_csv, export_chart_fhir, export_chart_json
from nmt_desktop.services.report_data import write_patient_summary_pdf, write_physician_report_pdf
from nmt_desktop.services.whole_files import write_whole_file
from tests.services.exchange.charts import Chart, make_chart

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The umask of most desktops (022): without an explicit mode, files come out 0o644."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


def test_a_new_file_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    write_whole_file(path, b"{}")
    assert mode(path) == 0o600
    assert path.read_bytes() == b"{}"


def test_a_file_everyone_could_read_is_replaced_by_an_owner_only_one(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_whole_file(path, b"new")
    assert mode(path) == 0o600 and path.read_bytes() == b"new"


def test_the_mode_is_set_when_the_file_is_created_not_after_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a look at the temporary file at the moment its content is flushed to disk
    seen: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        seen.append(stat.S_IMODE(os.fstat(descriptor).st_mode))
        real_fsync(descriptor)

    monkeypatch.setattr(whole_files.os, "fsync", fsync)
    monkeypatch.setattr(whole_files.os, "chmod", None)  # a chmod after writing would fail here
    # WHEN
    write_whole_file(tmp_path / "chart.csv", b"a,b\n")
    # THEN it was already 0o600 while the content was being written
    assert seen == [0o600]


def test_chart_json_csv_and_fhir_exports_are_owner_only(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    json_file = export_chart_json(source, chart.chart_number, tmp_path / "chart.json")
    fhir_file = export_chart_fhir(source, chart.chart_number, tmp_path / "bundle.json")
    new_folder = export_chart_csv(source, chart.chart_number, tmp_path / "tables")
    existing = tmp_path / "mine"
    existing.mkdir()
    into_existing = export_chart_csv(source, chart.chart_number, existing)
    files = [*json_file.paths, *fhir_file.paths, *new_folder.paths, *into_existing.paths]
    assert len(files) > 4
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    # the folder the export created holds only the owner's files, and is the owner's too
    assert mode(tmp_path / "tables") == 0o700


def test_saved_reports_are_owner_only(source: Database, chart: Chart, tmp_path: Path) -> None:
    summary = tmp_path / "summary.pdf"
    report = tmp_path / "report.pdf"
    write_patient_summary_pdf(source, chart.chart_number, summary)
    write_physician_report_pdf(source, chart.chart_number, report,
                               password="Harbour-fax-2025")
    assert (mode(summary), mode(report)) == (0o600, 0o600)
