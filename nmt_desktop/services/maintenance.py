"""Use cases for the clinic's IT person: check the database, back it up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from nmt_desktop.db.database import Database
from nmt_desktop.db.migrate import backup_sqlite
from nmt_desktop.db.models import Patient, TreatmentSession
from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services._uow.access import authorize


@dataclass(frozen=True)
class CheckReport:
    location: str
    schema_revision: str
    schema_current: bool
    integrity: str
    patient_count: int
    session_count: int

    @property
    def ok(self) -> bool:
        return self.schema_current and self.integrity == "ok"


def check_database(db: Database) -> CheckReport:
    authorize(db, Permission.MANAGE_CLINIC)
    with db.reading() as orm:
        revision = orm.scalar(text("SELECT version_num FROM alembic_version")) or "none"
        if db.dialect == "sqlite":
            rows = [r[0] for r in orm.execute(text("PRAGMA integrity_check"))]
            integrity = "ok" if rows == ["ok"] else "; ".join(rows[:5])
        else:
            orm.execute(text("SELECT 1"))
            integrity = "ok"
        patients = orm.scalar(select(func.count()).select_from(Patient)) or 0
        sessions = orm.scalar(select(func.count()).select_from(TreatmentSession)) or 0
    return CheckReport(db.location, revision, revision == SCHEMA_HEAD, integrity, patients,
                       sessions)


def backup_database(db: Database, target: Path) -> Path:
    """A consistent copy of the SQLite file, safe while the app is writing to it."""
    authorize(db, Permission.MANAGE_CLINIC)
    source = db.sqlite_file
    if source is None:
        raise ConflictError(
            "backup copies the SQLite file only; back up a PostgreSQL server with pg_dump."
        )
    target = target.expanduser().resolve()
    if target == source.resolve():
        raise ConflictError("the backup file must not be the database itself.")
    if target.exists():
        raise ConflictError(f"{target} already exists; choose a new file name.")
    partial = target.with_name(target.name + ".partial")
    try:
        backup_sqlite(source, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Only a finished copy gets the real name: a full disk leaves no half backup behind.
    partial.replace(target)
    return target
