"""The copy before an upgrade goes where the clinic's other backups go, so a restore lists it."""

from __future__ import annotations

import shutil
from pathlib import Path

from nmt_desktop.db import opening
from nmt_desktop.db.cipher import PLAIN
from nmt_desktop.db.database import Database
from nmt_desktop.domain.backup_rotation import KeepPolicy
from nmt_desktop.services.backup_settings import update_backup_settings
from tests.people import TEST_OWNER

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def _clinic_backing_up_to(tmp_path: Path, folder: Path | None) -> Path:
    path = tmp_path / "clinic.sqlite"
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    if folder is not None:
        folder.mkdir(exist_ok=True)
        update_backup_settings(db, str(folder), KeepPolicy())
    db.close()
    return path


def test_the_clinics_chosen_folder_takes_the_copy_before_an_upgrade(tmp_path: Path) -> None:
    usb = tmp_path / "usb disk"
    path = _clinic_backing_up_to(tmp_path, usb)
    assert opening._upgrade_backup_folder(path, PLAIN) == usb


def test_a_chosen_folder_that_is_not_there_now_falls_back_beside_the_file(
        tmp_path: Path) -> None:
    usb = tmp_path / "usb disk"
    path = _clinic_backing_up_to(tmp_path, usb)
    shutil.rmtree(usb)  # the disk is not plugged in today
    assert opening._upgrade_backup_folder(path, PLAIN) == tmp_path / "backups"


def test_no_choice_or_a_schema_older_than_the_setting_means_beside_the_file(
        tmp_path: Path) -> None:
    assert opening._upgrade_backup_folder(_clinic_backing_up_to(tmp_path, None),
                                          PLAIN) == tmp_path / "backups"
    old = tmp_path / "old" / "clinic.sqlite"
    old.parent.mkdir()
    shutil.copyfile(FIXTURES / "0005.sqlite", old)
    assert opening._upgrade_backup_folder(old, PLAIN) == old.parent / "backups"


def test_upgrading_an_old_file_names_where_its_copy_went(tmp_path: Path) -> None:
    old = tmp_path / "clinic.sqlite"
    shutil.copyfile(FIXTURES / "0005.sqlite", old)
    db = Database.open(f"sqlite:///{old}")
    change = db.schema_change
    db.close()
    assert change is not None and change.backup is not None
    assert change.backup.parent == tmp_path / "backups"
    assert str(change.backup) in change.message()
