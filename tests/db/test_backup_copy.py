"""A backup is copied online, checked, flushed and named only when whole."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from nmt_desktop.db import backup_copy
from nmt_desktop.db.backup_copy import BackupFailedError, row_counts, write_verified_backup
from nmt_desktop.db.backup_files import backups_in
from nmt_desktop.domain.backup_rotation import Occasion
from tests.faults.filesystems import fill, tiny_filesystem

NOON = dt.datetime(2026, 12, 2, 5, 30, 12, tzinfo=dt.UTC)


def make_source(path: Path, rows: int = 500) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("CREATE TABLE other (id INTEGER PRIMARY KEY)")
    connection.executemany("INSERT INTO note (body) VALUES (?)",
                           [("x" * 500,) for _ in range(rows)])
    connection.commit()
    connection.close()
    return path


def test_a_backup_is_checked_and_named_by_its_utc_time(tmp_path: Path) -> None:
    # GIVEN a database in WAL mode
    source = make_source(tmp_path / "chart.sqlite")
    # WHEN it is backed up
    written = write_verified_backup(source, tmp_path / "backups", taken_at=NOON)
    # THEN the file has the time in its name, the same rows, and its own rollback journal
    assert written.path.name == "nmt-backup-20261202T053012Z.sqlite"
    assert written.occasion is Occasion.SCHEDULED
    with sqlite3.connect(written.path) as copy:
        assert row_counts(copy) == {"note": 500, "other": 0}
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [written.path.name]


def test_an_occasion_is_named_after_the_time(tmp_path: Path) -> None:
    source = make_source(tmp_path / "chart.sqlite")
    written = write_verified_backup(source, tmp_path, taken_at=NOON,
                                    occasion=Occasion.BEFORE_IMPORT)
    assert written.path.name == "nmt-backup-20261202T053012Z-before-import.sqlite"
    assert backups_in(tmp_path)[0].occasion is Occasion.BEFORE_IMPORT


def test_both_files_are_opened_through_the_given_connect(tmp_path: Path) -> None:
    # An encrypted database is backed up with its own key: the factory opens both files.
    source = make_source(tmp_path / "chart.sqlite")
    opened: list[str] = []

    def keyed(path: Path) -> sqlite3.Connection:
        opened.append(path.name)
        return sqlite3.connect(path)

    write_verified_backup(source, tmp_path / "b", connect=keyed, taken_at=NOON)
    assert opened[0] == "chart.sqlite"
    assert opened[1] == ".nmt-backup-20261202T053012Z.sqlite.partial"


def test_the_copy_is_one_snapshot_while_another_connection_writes(tmp_path: Path) -> None:
    # GIVEN a writer adding rows all the time, and a copy taken one page per step
    source = make_source(tmp_path / "chart.sqlite", rows=2000)
    stop = threading.Event()

    def write() -> None:
        writer = sqlite3.connect(source)
        while not stop.is_set():
            writer.execute("INSERT INTO note (body) VALUES ('more')")
            writer.commit()
        writer.close()

    steps: list[int] = []
    thread = threading.Thread(target=write)
    thread.start()
    try:
        written = write_verified_backup(source, tmp_path / "b", taken_at=NOON, pages_per_step=1,
                                        progress=lambda remaining, _total: steps.append(remaining))
    finally:
        stop.set()
        thread.join()
    # THEN it took many steps, and passed its own check (counts equal at the same snapshot)
    assert len(steps) > 100
    with sqlite3.connect(written.path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_a_copy_that_fails_its_check_gets_no_backup_name(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    source = make_source(tmp_path / "chart.sqlite")
    monkeypatch.setattr(backup_copy, "integrity", lambda _c: "*** in database main *** Page 3")
    with pytest.raises(BackupFailedError, match="integrity check"):
        write_verified_backup(source, tmp_path / "b", taken_at=NOON)
    assert list((tmp_path / "b").iterdir()) == []


def test_a_chosen_folder_that_is_missing_is_not_created(tmp_path: Path) -> None:
    source = make_source(tmp_path / "chart.sqlite")
    usb = tmp_path / "usb-disk" / "backups"
    with pytest.raises(BackupFailedError, match="missing") as why:
        write_verified_backup(source, usb, taken_at=NOON, create_folder=False)
    assert why.value.folder_unusable and not usb.exists()


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    source = make_source(tmp_path / "chart.sqlite", rows=4000)  # about 2 MB
    with tiny_filesystem(tmp_path / "tiny", size_kb=1024) as tiny:
        with pytest.raises(BackupFailedError, match="full") as why:
            write_verified_backup(source, tiny, taken_at=NOON)
        assert why.value.folder_unusable
        assert list(tiny.iterdir()) == []


def test_a_read_only_folder_is_said_so(tmp_path: Path) -> None:
    source = make_source(tmp_path / "chart.sqlite")
    with tiny_filesystem(tmp_path / "ro") as folder:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(BackupFailedError, match="read-only") as why:
            write_verified_backup(source, folder, taken_at=NOON)
        assert why.value.folder_unusable


def test_a_full_disk_refuses_and_a_retry_succeeds_once_there_is_space(tmp_path: Path) -> None:
    # A disk that fills up refuses; freeing space lets the retry succeed.
    source = make_source(tmp_path / "chart.sqlite", rows=50)
    with tiny_filesystem(tmp_path / "tiny", size_kb=2048) as tiny:
        filler = fill(tiny)
        with pytest.raises(BackupFailedError, match="full"):
            write_verified_backup(source, tiny, taken_at=NOON)
        filler.unlink()
        written = write_verified_backup(source, tiny, taken_at=NOON)
        assert written.path.exists()


def test_an_upgrade_stops_before_touching_the_file_when_its_backup_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from nmt_desktop.db.database import Database
    from nmt_desktop.db.errors import SchemaChangeFailedError
    from nmt_desktop.db.schema import KNOWN_REVISIONS

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "db"
    old = tmp_path / "old.sqlite"
    older = [r for r in KNOWN_REVISIONS[:-1] if (fixture / f"{r}.sqlite").exists()][-1]
    shutil.copy(fixture / f"{older}.sqlite", old)
    before = old.read_bytes()
    monkeypatch.setattr(backup_copy, "integrity", lambda _c: "row 7 missing from index")
    with pytest.raises(SchemaChangeFailedError, match="no backup could be taken first"):
        Database.open(f"sqlite:///{old}")
    assert old.read_bytes() == before
    assert list((tmp_path / "backups").iterdir()) == []
