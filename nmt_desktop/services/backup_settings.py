"""Where the clinic's automatic backups go and how many are kept (owner/admin).

The values live in clinic_settings (backup_folder, backup_keep_daily/_weekly/_monthly, from the
accounts schema); this is the one use case that changes them, apart from the letterhead and
scope-of-practice settings of services/clinic.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import ClinicSettings
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.backup_rotation import KeepPolicy
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.validation import clean_text
from nmt_desktop.services.clinic import SETTINGS_ROW_ID, settings_row
from nmt_desktop.services.records import ChangeSet

#: More than this many backups of one period is a typing error, not a policy.
MAX_KEEP = 400


@dataclass(frozen=True)
class BackupSettingsRecord:
    folder: str  # empty: `backups/` beside the database file
    keep: KeepPolicy


def get_backup_settings(db: Database) -> BackupSettingsRecord:
    authorize(db, Permission.MANAGE_CLINIC)
    with db.reading() as orm:
        row = settings_row(orm)
        if row is None:
            return BackupSettingsRecord("", KeepPolicy())
        return BackupSettingsRecord(row.backup_folder, KeepPolicy(
            row.backup_keep_daily, row.backup_keep_weekly, row.backup_keep_monthly))


def _clean_folder(folder: str) -> str:
    text = clean_text("backup_folder", folder, 1000, multiline=False).strip()
    if not text:
        return ""
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise ValidationError({"backup_folder": "Give the backup folder's full path."})
    if not path.is_dir():
        raise ValidationError({"backup_folder": f"The folder {path} does not exist (is the disk "
                                                "connected?)."})
    if not os.access(path, os.W_OK):
        raise ValidationError({"backup_folder": f"The folder {path} cannot be written to."})
    return str(path)


def _clean_keep(keep: KeepPolicy) -> dict[str, int]:
    counts = {"backup_keep_daily": keep.daily, "backup_keep_weekly": keep.weekly,
              "backup_keep_monthly": keep.monthly}
    for name, value in counts.items():
        if not 0 <= value <= MAX_KEEP:
            raise ValidationError({name: f"Keep between 0 and {MAX_KEEP} backups."})
    return counts


def update_backup_settings(db: Database, folder: str,
                           keep: KeepPolicy) -> tuple[BackupSettingsRecord, ChangeSet]:
    """Choose the backup folder (empty: beside the database) and the rotation counts.

    Owner/admin only. A chosen folder must exist and be writable now (the disk connected), so
    that a typing error is caught here rather than by the next backup.
    """
    person = authorize(db, Permission.MANAGE_CLINIC)
    clean = {"backup_folder": _clean_folder(folder), **_clean_keep(keep)}
    with db.transaction() as orm:
        row = settings_row(orm)
        if row is None:
            row = ClinicSettings(id=SETTINGS_ROW_ID, name="", address="", phone="", email="",
                                 logo_png=None, disabled_techniques=[])
            orm.add(row)
        changed = apply_field_changes(row, clean)
        if changed:
            record_event(orm, person, "change", "clinic_settings", None, None,
                         fields=changed, **{name: clean[name] for name in changed})
        record = BackupSettingsRecord(row.backup_folder, KeepPolicy(
            row.backup_keep_daily, row.backup_keep_weekly, row.backup_keep_monthly))
    return record, ChangeSet(settings=True)
