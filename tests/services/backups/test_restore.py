"""Restore: checked before anything is touched, a safety backup first, an atomic swap, audited."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services import backups
from nmt_desktop.services.backups import RestoreRefusedError
from nmt_desktop.services.patient_search import search_patients
from tests.services.backups.helpers import add_patients, patient_names, person

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def owner_db(db: Database) -> Database:
    return db.signed_in_as(person(Role.OWNER))


def database_file(db: Database) -> Path:
    assert db.sqlite_file is not None
    return db.sqlite_file


def file_state(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def test_a_restore_round_trips_with_counts(owner_db: Database) -> None:
    # GIVEN a backup with two patients, then a third patient added after it
    add_patients(owner_db, ["Ann", "Bo"], sessions_each=2)
    backup = backups.back_up_now(owner_db)
    add_patients(owner_db, ["Cy"])
    # WHEN the backup is restored
    result = backups.restore_backup(owner_db, backup.path)
    # THEN the database holds the backup's data, the counts are reported, the handle works on
    # the restored file, and the safety backup holds what was there before
    assert (result.patient_count, result.session_count) == (2, 4)
    assert patient_names(database_file(owner_db)) == ["Ann", "Bo"]
    assert [p.given_name for p in search_patients(owner_db)] == ["Ann", "Bo"]
    assert patient_names(result.safety_backup) == ["Ann", "Bo", "Cy"]
    assert result.safety_backup.name.endswith("-before-restore.sqlite")
    # ... and exactly one audit event records it, with who and what
    with owner_db.reading() as orm:
        restores = orm.scalars(select(AuditEvent).where(AuditEvent.action == "restore")).all()
    assert len(restores) == 1
    assert restores[0].detail["backup"] == backup.path.name
    assert restores[0].detail["safety_backup"] == result.safety_backup.name
    assert restores[0].actor == "Test Owner / admin"
    with sqlite3.connect(database_file(owner_db)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


def test_the_database_keeps_working_in_wal_mode_after_a_restore(owner_db: Database) -> None:
    add_patients(owner_db, ["Ann"])
    backup = backups.back_up_now(owner_db)
    backups.restore_backup(owner_db, backup.path)
    add_patients(owner_db, ["Dee"])  # writes go to the restored file
    path = database_file(owner_db)
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    check.close()
    assert patient_names(path) == ["Ann", "Dee"]


def test_only_an_owner_may_restore(owner_db: Database) -> None:
    add_patients(owner_db, ["Ann"])
    backup = backups.back_up_now(owner_db)
    before = file_state(database_file(owner_db))
    therapist = owner_db.signed_in_as(person(Role.THERAPIST))
    with pytest.raises(NotAllowedError):
        backups.restore_backup(therapist, backup.path)
    assert file_state(database_file(owner_db)) == before


def test_a_backup_of_another_clinic_is_refused_and_nothing_changes(
        owner_db: Database, tmp_path: Path) -> None:
    # GIVEN another clinic's database and its backup
    other = Database.open(f"sqlite:///{tmp_path / 'other' / 'other.sqlite'}").signed_in_as(person())
    add_patients(other, ["Zed"])
    theirs = backups.back_up_now(other)
    other.close()
    add_patients(owner_db, ["Ann"])
    owner_db.close()
    before = file_state(database_file(owner_db))
    # WHEN it is restored here THEN it is refused and nothing was written, not even a backup
    with pytest.raises(RestoreRefusedError, match="another clinic"):
        backups.restore_backup(owner_db, theirs.path)
    assert file_state(database_file(owner_db)) == before


@pytest.mark.parametrize(("content", "words"), [
    (os.urandom(64 * 1024), "key nobody here has"),  # what an encrypted file looks like
    (b"SQLite format 3\x00" + os.urandom(8192), "damaged"),
])
def test_an_unreadable_backup_is_refused(owner_db: Database, tmp_path: Path, content: bytes,
                                         words: str) -> None:
    add_patients(owner_db, ["Ann"])
    owner_db.close()
    foreign = tmp_path / "stick" / "foreign.sqlite"
    foreign.parent.mkdir()
    foreign.write_bytes(content)
    before = file_state(database_file(owner_db))
    with pytest.raises(RestoreRefusedError, match=words):
        backups.restore_backup(owner_db, foreign)
    assert file_state(database_file(owner_db)) == before


def test_a_backup_of_an_unknown_schema_is_refused(owner_db: Database) -> None:
    add_patients(owner_db, ["Ann"])
    backup = backups.back_up_now(owner_db)
    with sqlite3.connect(backup.path) as edit:
        edit.execute("UPDATE alembic_version SET version_num = '9999'")
    edit.close()
    with pytest.raises(RestoreRefusedError, match="schema 9999"):
        backups.check_backup(owner_db, backup.path)


def test_another_program_with_the_database_open_blocks_the_swap(owner_db: Database) -> None:
    add_patients(owner_db, ["Ann"])
    backup = backups.back_up_now(owner_db)
    add_patients(owner_db, ["Bo"])
    other_program = sqlite3.connect(database_file(owner_db))
    other_program.execute("SELECT count(*) FROM patient").fetchone()
    try:
        with pytest.raises(RestoreRefusedError, match="another program"):
            backups.restore_backup(owner_db, backup.path)
    finally:
        other_program.close()
    assert patient_names(database_file(owner_db)) == ["Ann", "Bo"]
    assert not [p for p in database_file(owner_db).parent.iterdir() if p.suffix == ".tmp"]


def run_child(database: Path, backup: Path, stage: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.services.backups.restore_child", str(database),
         str(backup), stage], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def assert_whole(database: Path, allowed: list[list[str]]) -> None:
    """The database opens, passes its check and holds the old or the new data, nothing else."""
    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()
    assert patient_names(database) in allowed
    Database.open(f"sqlite:///{database}").close()  # and the app opens it


@pytest.mark.parametrize("stage", ["checked", "safety-backup", "prepared", "audited",
                                   "retire-wal", "rename", "renamed"])
def test_a_restore_killed_at_any_stage_leaves_a_whole_database(db: Database,
                                                               stage: str) -> None:
    # GIVEN a backup with Ann, and the database with Ann and Bo (its last write in the WAL)
    add_patients(db, ["Ann"])
    backup = backups.back_up_now(db)
    add_patients(db, ["Bo"])
    database = database_file(db)
    db.close()
    # WHEN a restore is killed -9 at the stage
    child = run_child(database, backup.path, stage)
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == f"at {stage}", child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait()
    # THEN the database is whole: the old one before the rename, the restored one after it
    expected = [["Ann"]] if stage == "renamed" else [["Ann", "Bo"]]
    assert_whole(database, expected)


def test_a_restore_killed_at_random_moments_leaves_a_whole_database(db: Database) -> None:
    letters = "abcdefghij"
    add_patients(db, [f"P{letters[n // 10]}{letters[n % 10]}" for n in range(100)],
                 sessions_each=0)
    backup = backups.back_up_now(db)
    add_patients(db, ["Zoe"])
    database = database_file(db)
    db.close()
    old = patient_names(database)
    new = [n for n in old if n != "Zoe"]
    rng = random.Random(14)
    for _ in range(4):
        child = run_child(database, backup.path, "none")
        time.sleep(rng.uniform(0.3, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert_whole(database, [old, new])
        old = patient_names(database)  # the next kill starts from whichever it was


FIXTURES = REPO / "tests" / "fixtures" / "db"


def test_a_backup_of_an_older_schema_is_brought_to_this_one(tmp_path: Path) -> None:
    # GIVEN this clinic's database, upgraded from the previous release's file, and that file
    # kept as a backup (same clinic: the same first audit event)
    import shutil

    from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD

    # (the newest fixture below this schema: 0006 and 0007 came in the same release)
    previous = max(f.stem for f in FIXTURES.glob("*.sqlite") if f.stem < SCHEMA_HEAD)
    assert previous in KNOWN_REVISIONS
    kept = tmp_path / "stick" / "old-release.sqlite"
    kept.parent.mkdir()
    shutil.copy(FIXTURES / f"{previous}.sqlite", kept)
    current = tmp_path / "chart.sqlite"
    shutil.copy(kept, current)
    db = Database.open(f"sqlite:///{current}").signed_in_as(person())
    add_patients(db, ["Newcomer"], sessions_each=0)
    # WHEN the old-schema backup is restored
    result = backups.restore_backup(db, kept)
    # THEN the database is at this version's schema with the backup's data, and it opens
    with sqlite3.connect(current) as check:
        assert check.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_HEAD,)
        assert check.execute("SELECT count(*) FROM patient").fetchone() == (5,)
    check.close()
    assert result.patient_count == 5
    assert "Newcomer" in patient_names(result.safety_backup)
    db.close()
    Database.open(f"sqlite:///{current}").close()


def test_the_database_itself_is_not_a_backup(owner_db: Database) -> None:
    with pytest.raises(RestoreRefusedError, match="the database itself"):
        backups.check_backup(owner_db, database_file(owner_db))
