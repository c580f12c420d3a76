"""Export use cases: one patient's chart as JSON, CSV tables or a FHIR R4 document bundle.

Each export reads the chart in one snapshot, writes its file(s) whole (a temporary file
renamed into place, so a failure never leaves half a file) and then records an "export"
event on the chart. If the event cannot be recorded, the files are removed again: an export
the audit trail does not know about must not stay on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.audit import log_event
from nmt_desktop.services.exchange.chart_document import ChartDocument, count_records, read_chart
from nmt_desktop.services.exchange.csv_tables import chart_tables
from nmt_desktop.services.exchange.fhir_bundle import chart_bundle
from nmt_desktop.services.exchange.layout import FORMAT_VERSION
from nmt_desktop.services.whole_files import removed_on_failure, write_whole_file

#: Produces the physician progress report PDF for a patient (by uid), for the FHIR bundle.
ReportPdfSource = Callable[[Database, uuid.UUID], bytes]


@dataclass(frozen=True)
class ExportResult:
    """What was exported, where to, and how much."""

    format: str
    paths: tuple[Path, ...]
    patient_uid: uuid.UUID
    chart_number: str
    counts: dict[str, int]


def chart_document(
    db: Database, patient_ref: uuid.UUID | str, exported_at: dt.datetime | None = None
) -> ChartDocument:
    """The whole chart of one patient as a JSON-ready document (nothing is recorded)."""
    authorize(db, Permission.EXCHANGE)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        return read_chart(orm, patient, exported_at or dt.datetime.now(dt.UTC))


def chart_json(document: ChartDocument) -> bytes:
    """The chart file's bytes: UTF-8 JSON, names written as they are (not escaped)."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _record_export(
    db: Database, document: ChartDocument, written: list[Path], who: SignedInPerson, **detail: Any
) -> ExportResult:
    patient = document["patient"]
    patient_uid = uuid.UUID(patient["uid"])
    counts = count_records(document)
    with removed_on_failure(written):
        log_event(db, "export", "chart", patient_uid, patient_uid,
                  files=[p.name for p in written], records=counts, **detail)
    return ExportResult(detail["format"], tuple(written), patient_uid, patient["chart_number"],
                        counts)


def export_chart_json(
    db: Database, patient_ref: uuid.UUID | str, path: Path
) -> ExportResult:
    """Write the chart file (importable on another database) and record the export."""
    who = authorize(db, Permission.EXCHANGE)
    document = chart_document(db, patient_ref)
    write_whole_file(path, chart_json(document))
    return _record_export(db, document, [path], who, format="json",
                          format_version=FORMAT_VERSION)


def export_chart_csv(
    db: Database, patient_ref: uuid.UUID | str, folder: Path
) -> ExportResult:
    """Write sessions.csv and one CSV per kind of mark into `folder` (created if missing).

    The files are UTF-8 with a byte-order mark so that spreadsheet programs read accents and
    CJK names correctly.
    """
    who = authorize(db, Permission.EXCHANGE)
    document = chart_document(db, patient_ref)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "Not a directory (CSV export needs a folder)", str(folder))
    tables = [(table.file_name, table.text().encode("utf-8-sig"))
              for table in chart_tables(document)]
    if folder.exists():
        # The user's own folder: each file written whole, all taken back if one fails.
        written: list[Path] = []
        with removed_on_failure(written):
            for name, content in tables:
                write_whole_file(folder / name, content)
                written.append(folder / name)
        return _record_export(db, document, written, who, format="csv")
    # A new folder is filled under a hidden name beside it and renamed when complete, so a
    # failure (or a kill) never leaves a half-filled or empty folder under the chosen name.
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        staging.mkdir()
        for name, content in tables:
            write_whole_file(staging / name, content)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        return _record_export(db, document, [folder / name for name, _ in tables], who,
                              format="csv")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # only our files: the folder was new
        raise


def physician_report_pdf(db: Database, patient_uid: uuid.UUID) -> bytes:
    """The physician progress report over the whole chart, as printed (not recorded here)."""
    authorize(db, Permission.REPORTS)
    from nmt_desktop.services.report_data import render_physician_report_pdf

    return render_physician_report_pdf(db, patient_uid).pdf


def export_chart_fhir(
    db: Database, patient_ref: uuid.UUID | str, path: Path,
    report_pdf: ReportPdfSource | None = physician_report_pdf,
) -> ExportResult:
    """Write the chart as a FHIR R4 document bundle (JSON) and record the export.

    Args:
        db: The database.
        patient_ref: Chart number or uid.
        path: The bundle file to write.
        actor: Who exports, for the audit trail.
        report_pdf: Makes the physician report embedded as a DocumentReference; None leaves
            the report out.
    """
    who = authorize(db, Permission.EXCHANGE)
    document = chart_document(db, patient_ref)
    pdf = report_pdf(db, uuid.UUID(document["patient"]["uid"])) if report_pdf else None
    bundle = chart_bundle(document, pdf)
    content = (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_whole_file(path, content)
    return _record_export(db, document, [path], who, format="fhir",
                          fhir_version="4.0.1", report_attached=pdf is not None)
