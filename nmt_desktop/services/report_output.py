"""A finished report leaves the app: saved as a PDF file or printed, and audited either way.

The app shows a report before it goes anywhere, so rendering (read-only) and output are two
steps: the exact bytes the therapist looked at are the bytes saved or printed, and the audit
event is written only once they have really left (the file is complete on disk, or the printer
took every page).
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.services.audit import record_event


class ReportKind(StrEnum):
    PATIENT_SUMMARY = "patient-summary"
    PHYSICIAN_REPORT = "physician-report"


@dataclass(frozen=True)
class ReportDocument:
    """One rendered report, ready to preview, save or print.

    `detail` says which session or period it covers and goes into the audit trail. `password`
    is only kept to open an encrypted report for the preview; it is never stored or audited.
    """

    kind: ReportKind
    patient_uid: uuid.UUID
    title: str
    file_name: str
    pdf: bytes
    detail: dict[str, str] = field(default_factory=dict)
    password: str | None = field(default=None, repr=False)


class ReportOutputError(Exception):
    """The report could not be written; no file was left behind and nothing was audited."""


_WRITE_PROBLEMS = {
    errno.ENOSPC: "The disk is full.",
    getattr(errno, "EDQUOT", errno.ENOSPC): "The disk quota is used up.",
    errno.EACCES: "You are not allowed to write in that folder.",
    errno.EPERM: "You are not allowed to write in that folder.",
    errno.EROFS: "That disk is read-only.",
    errno.ENOENT: "That folder does not exist.",
    errno.ENOTDIR: "That folder does not exist.",
    errno.EISDIR: "That name belongs to a folder.",
}


def save_report(db: Database, document: ReportDocument, path: Path, actor: str) -> Path:
    """Write the report's bytes to `path` (replacing it whole) and audit the export.

    The bytes go to a temporary file beside `path` first and replace it only when complete, so
    a full disk or a pulled USB stick never leaves a truncated PDF or destroys an older one.
    """
    path = Path(path)
    try:
        _write_whole(path, document.pdf)
    except OSError as problem:
        reason = _WRITE_PROBLEMS.get(problem.errno or 0, problem.strerror or str(problem))
        raise ReportOutputError(f"Could not save the report as {path}: {reason} "
                                "Nothing was written; choose another place.") from problem
    with db.transaction() as orm:
        record_event(orm, actor, "export", "report", None, document.patient_uid,
                     kind=str(document.kind), format="pdf", file=path.name,
                     encrypted=document.password is not None, **document.detail)
    return path


def record_printed(db: Database, document: ReportDocument, actor: str, printer: str,
                   pages: int) -> None:
    """Audit a report that was sent to a printer (or to a print-to-file driver)."""
    with db.transaction() as orm:
        record_event(orm, actor, "print", "report", None, document.patient_uid,
                     kind=str(document.kind), printer=printer, pages=pages, **document.detail)


def _write_whole(path: Path, data: bytes) -> None:
    # Not mkstemp: its private 0600 mode would stick to the saved PDF.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with temporary.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise
