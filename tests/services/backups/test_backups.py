"""Automatic backups go where the clinic says, keep its counts, and are listed with counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import ConflictError, NotAllowedError
from nmt_desktop.services import backups
from nmt_desktop.services.backups import BackupFailedError, Occasion
from nmt_desktop.services.clinic import SETTINGS_ROW_ID
from tests.services.backups.helpers import add_patients, person


def set_backup_settings(db: Database, **values: object) -> None:
    from nmt_desktop.db.models import ClinicSettings

    with db.transaction() as orm:
        row = orm.get(ClinicSettings, SETTINGS_ROW_ID)
        if row is None:
            row = ClinicSettings(id=SETTINGS_ROW_ID, name="", address="", phone="", email="",
                                 logo_png=None, disabled_techniques=[])
            orm.add(row)
        for name, value in values.items():
            setattr(row, name, value)


def ticking_clock(start: dt.datetime, step: dt.timedelta):  # noqa: ANN201
    moments = iter(start + step * n for n in range(10_000))
    return lambda: next(moments)


def test_backups_go_beside_the_database_by_default(db: Database) -> None:
    add_patients(db, ["Ann", "Bo"])
    record = backups.back_up_now(db)
    assert db.sqlite_file is not None
    assert record.path.parent == db.sqlite_file.parent / "backups"
    assert record.size_bytes > 0 and record.occasion is Occasion.SCHEDULED
    assert backups.newest_backup(db) == record


def test_the_clinic_chooses_the_folder_and_the_counts(db: Database, tmp_path: Path) -> None:
    # GIVEN a chosen folder that keeps 2 days, no weeks and 1 month
    chosen = tmp_path / "usb"
    chosen.mkdir()
    set_backup_settings(db, backup_folder=str(chosen), backup_keep_daily=2,
                        backup_keep_weekly=0, backup_keep_monthly=1)
    # WHEN a backup is taken on each of five days
    clock = ticking_clock(dt.datetime(2026, 11, 20, 17, tzinfo=dt.UTC), dt.timedelta(days=1))
    for _ in range(5):
        backups.back_up_now(db, now=clock)
    # THEN the last two days are left in the chosen folder (one of them also the month's)
    left = sorted(p.name for p in chosen.iterdir())
    assert left == ["nmt-backup-20261123T170000Z.sqlite", "nmt-backup-20261124T170000Z.sqlite"]


def test_a_chosen_folder_that_went_away_fails_visibly(db: Database, tmp_path: Path) -> None:
    set_backup_settings(db, backup_folder=str(tmp_path / "unplugged"))
    with pytest.raises(BackupFailedError, match="missing") as why:
        backups.back_up_now(db)
    assert why.value.folder_unusable
    assert backups.newest_backup(db) is None


def test_the_list_shows_date_size_and_counts_for_the_owner_only(db: Database) -> None:
    add_patients(db, ["Ann", "Bo", "Cy"], sessions_each=2)
    backups.back_up_now(db, Occasion.BEFORE_IMPORT)
    owner_db = db.signed_in_as(person(Role.OWNER))
    [listed] = backups.list_backups(owner_db)
    assert (listed.patient_count, listed.session_count) == (3, 6)
    assert listed.backup.occasion is Occasion.BEFORE_IMPORT and listed.backup.size_bytes > 0
    with pytest.raises(NotAllowedError):
        backups.list_backups(db.signed_in_as(person(Role.THERAPIST)))


def test_a_damaged_file_in_the_folder_is_listed_with_its_problem(db: Database) -> None:
    record = backups.back_up_now(db)
    broken = record.path.with_name("nmt-backup-20200101T000000Z.sqlite")
    broken.write_bytes(b"this is not a database at all" * 200)
    listed = backups.list_backups(db.signed_in_as(person()))
    assert [s.problem != "" for s in listed] == [False, True]
    assert "not a database" in listed[1].problem


def test_a_server_database_is_not_backed_up_here() -> None:
    db = Database(None, "postgresql+psycopg://u@127.0.0.1:1/x").signed_in_as(person())
    with pytest.raises(ConflictError, match="pg_dump"):
        backups.back_up_now(db)
