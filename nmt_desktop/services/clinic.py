"""The clinic's settings: letterhead for reports and the techniques within its scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import ClinicSettings
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.techniques import TECHNIQUES, TECHNIQUES_BY_ID, Technique
from nmt_desktop.services._uow.access import authorize, signed_in
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.row_versions import (
    check_version,
    lock_for_edit,
    stale_writes_refused,
)
from nmt_desktop.services._uow.validation import clean_text
from nmt_desktop.services.records import ChangeSet

SETTINGS_ROW_ID = 1
MAX_LOGO_BYTES = 2_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SETTINGS_FIELDS = frozenset({"name", "address", "phone", "email", "logo_png",
                             "disabled_techniques"})


@dataclass(frozen=True)
class ClinicSettingsRecord:
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    logo_png: bytes | None = None
    disabled_techniques: frozenset[str] = frozenset()
    #: The row version an edit sends back as `expected_version` (0: nothing stored yet).
    version: int = 0

    def enabled_techniques(self) -> tuple[Technique, ...]:
        """The techniques offered in pickers, in catalog order."""
        return tuple(t for t in TECHNIQUES if t.id not in self.disabled_techniques)


def _record(row: ClinicSettings | None) -> ClinicSettingsRecord:
    if row is None:
        return ClinicSettingsRecord()
    return ClinicSettingsRecord(row.name, row.address, row.phone, row.email, row.logo_png,
                                frozenset(row.disabled_techniques), row.row_version or 0)


def settings_row(orm: Session) -> ClinicSettings | None:
    return orm.get(ClinicSettings, SETTINGS_ROW_ID)


def disabled_techniques(orm: Session) -> frozenset[str]:
    """Technique ids the clinic switched off (scope of practice), inside a transaction."""
    row = settings_row(orm)
    return frozenset(row.disabled_techniques) if row is not None else frozenset()


def get_clinic_settings(db: Database) -> ClinicSettingsRecord:
    """The settings, or empty defaults when none were ever saved."""
    signed_in(db)
    with db.reading() as orm:
        return _record(settings_row(orm))


def _clean_techniques(value: Iterable[str]) -> list[str]:
    if isinstance(value, str):
        raise ValidationError({"disabled_techniques": "Give a list of technique ids."})
    ids = list(dict.fromkeys(str(t) for t in value))
    unknown = [t for t in ids if t not in TECHNIQUES_BY_ID]
    if unknown:
        raise ValidationError({"disabled_techniques": f"Unknown technique {unknown[0]!r}."})
    order = {t.id: n for n, t in enumerate(TECHNIQUES)}
    return sorted(ids, key=order.__getitem__)


def _clean_logo(value: Any) -> bytes | None:
    if value is None or value == b"":
        return None
    if not isinstance(value, bytes | bytearray):
        raise ValidationError({"logo_png": "The logo must be a PNG image."})
    if not bytes(value).startswith(PNG_SIGNATURE):
        raise ValidationError({"logo_png": "The logo must be a PNG image."})
    if len(value) > MAX_LOGO_BYTES:
        raise ValidationError({"logo_png": "The logo is too large (at most 2 MB)."})
    return bytes(value)


def _clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - SETTINGS_FIELDS
    if unknown:
        raise ValidationError({"fields": f"Unknown setting {sorted(unknown)[0]!r}."})
    limits = {"name": 200, "phone": 40, "email": 120}
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "logo_png":
            clean[name] = _clean_logo(value)
        elif name == "disabled_techniques":
            clean[name] = _clean_techniques(value)
        elif name == "address":
            clean[name] = clean_text(name, value, 1000)
        else:
            clean[name] = clean_text(name, value, limits[name], multiline=False).strip()
    return clean


def update_clinic_settings(
    db: Database, changes: Mapping[str, Any], expected_version: int | None = None,
) -> tuple[ClinicSettingsRecord, ChangeSet]:
    """Change some settings; the audit event names the fields that changed.

    `expected_version`: the settings' version the dialog started from (StaleEditError if
    someone saved them since; 0 when nothing was stored yet).
    """
    who = authorize(db, Permission.MANAGE_CLINIC)
    clean = _clean(changes)

    def write() -> ClinicSettingsRecord:
        with db.transaction() as orm:
            row = settings_row(orm)
            if row is not None:
                lock_for_edit(orm, row)
            check_version(orm, row, expected_version, "the clinic settings", "clinic_settings")
            if row is None:
                row = ClinicSettings(id=SETTINGS_ROW_ID, name="", address="", phone="",
                                     email="", logo_png=None, disabled_techniques=[])
                orm.add(row)
            changed = apply_field_changes(row, clean)
            if changed:
                detail: dict[str, Any] = {"fields": changed}
                if "disabled_techniques" in changed:
                    detail["disabled_techniques"] = clean["disabled_techniques"]
                record_event(orm, who, "change", "clinic_settings", None, None, **detail)
                orm.flush()
            return _record(row)

    def current(orm: Session) -> tuple[None, int]:
        row = settings_row(orm)
        return None, row.row_version if row is not None else 0

    with stale_writes_refused(db, "the clinic settings", "clinic_settings", current):
        record = retry_races(write, "Saving the clinic settings",
                             blind=expected_version is None)
    return record, ChangeSet(settings=True)
