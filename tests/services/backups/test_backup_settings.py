"""The owner chooses the backup folder and the counts; checked, audited, owner only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.backup_rotation import KeepPolicy
from nmt_desktop.domain.errors import NotAllowedError, ValidationError
from nmt_desktop.services import backups
from nmt_desktop.services.backup_settings import get_backup_settings, update_backup_settings
from tests.services.backups.helpers import person


def test_the_owner_chooses_a_folder_and_counts(db: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    owner = db.signed_in_as(person(Role.OWNER))
    record, changes = update_backup_settings(owner, str(usb), KeepPolicy(5, 4, 3))
    assert changes.settings and record.folder == str(usb) and record.keep == KeepPolicy(5, 4, 3)
    assert get_backup_settings(db) == record
    place = backups.backup_place(db)
    assert (place.folder, place.chosen, place.policy) == (usb, True, KeepPolicy(5, 4, 3))
    with db.reading() as orm:
        [event] = orm.scalars(select(AuditEvent).where(
            AuditEvent.entity_type == "clinic_settings")).all()
    assert event.detail["fields"] == ["backup_folder", "backup_keep_daily", "backup_keep_monthly",
                                      "backup_keep_weekly"]
    # back to the default: empty
    update_backup_settings(owner, "", KeepPolicy())
    assert backups.backup_place(db).chosen is False


@pytest.mark.parametrize(("folder", "words"), [
    ("relative/folder", "full path"),
    ("/no/such/usb/disk", "does not exist"),
])
def test_a_folder_that_cannot_be_used_is_refused(db: Database, folder: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        update_backup_settings(db.signed_in_as(person()), folder, KeepPolicy())


def test_keeping_nothing_or_too_many_is_refused(db: Database) -> None:
    owner = db.signed_in_as(person())
    with pytest.raises(ValidationError, match="between 0 and"):
        update_backup_settings(owner, "", KeepPolicy(5000, 1, 1))
    with pytest.raises(ValueError, match="at least one"):
        KeepPolicy(0, 0, 0)


def test_only_an_owner_changes_backup_settings(db: Database) -> None:
    with pytest.raises(NotAllowedError):
        update_backup_settings(db.signed_in_as(person(Role.THERAPIST)), "", KeepPolicy())
