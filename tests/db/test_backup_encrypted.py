"""With SQLCipher's keyed connections the same backup and restore code keeps the data encrypted.

The app's database is not encrypted yet (the SQLCipher work plugs its keyed connection factory
into services/backups.py `_connector_for`); this checks that the backup and restore building
blocks need nothing else: the backup is written with the database's key, and a backup whose key
nobody here has is refused. Skipped where the sqlcipher3 wheel is not installed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from nmt_desktop.db.backup_copy import write_verified_backup
from nmt_desktop.db.backup_restore import (
    RestoreRefusedError,
    prepare_copy,
    read_backup,
    swap_in,
)
from nmt_desktop.db.schema import SCHEMA_HEAD

sqlcipher3 = pytest.importorskip("sqlcipher3")

SECRET_NAME = "Wilhelmina Zabriskie"


def keyed(key: bytes) -> Callable[[Path], sqlite3.Connection]:
    def connect(path: Path) -> sqlite3.Connection:
        connection = sqlcipher3.connect(str(path), check_same_thread=False)
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        return connection  # type: ignore[no-any-return]

    return connect


def make_clinic(path: Path, connect: Callable[[Path], sqlite3.Connection],
                names: list[str]) -> None:
    connection = connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))
    connection.execute("CREATE TABLE patient (id INTEGER PRIMARY KEY, given_name TEXT)")
    connection.execute("CREATE TABLE treatment_session (id INTEGER PRIMARY KEY)")
    connection.execute("CREATE TABLE audit_event (id INTEGER PRIMARY KEY, occurred_at TEXT, "
                       "action TEXT, entity_type TEXT, entity_uid TEXT)")
    connection.execute("INSERT INTO audit_event VALUES (1, '2026-01-01', 'create', 'patient', "
                       "'a1')")
    connection.executemany("INSERT INTO patient (given_name) VALUES (?)",
                           [(name,) for name in names])
    connection.commit()
    connection.close()


def test_the_backup_is_written_with_the_database_key(tmp_path: Path) -> None:
    # GIVEN an encrypted database
    connect = keyed(bytes(range(32)))
    database = tmp_path / "chart.sqlite"
    make_clinic(database, connect, [SECRET_NAME] * 50)
    # WHEN it is backed up through its keyed connections
    written = write_verified_backup(database, tmp_path / "backups", connect=connect,
                                    taken_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    # THEN the backup holds no readable name, plain SQLite cannot read it, the key can
    assert SECRET_NAME.encode() not in written.path.read_bytes()
    assert not written.path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(written.path).execute("SELECT count(*) FROM patient").fetchone()
    contents = read_backup(written.path, connect)
    assert contents.patient_count == 50


def test_a_backup_with_a_key_nobody_here_has_is_refused(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.sqlite"
    make_clinic(theirs, keyed(b"\x01" * 32), ["Other"])
    with pytest.raises(RestoreRefusedError, match="key nobody here has"):
        read_backup(theirs, keyed(b"\x02" * 32))


def test_an_encrypted_backup_is_swapped_in_and_stays_encrypted(tmp_path: Path) -> None:
    connect = keyed(bytes(range(32)))
    database = tmp_path / "chart.sqlite"
    make_clinic(database, connect, [SECRET_NAME])
    written = write_verified_backup(database, tmp_path / "backups", connect=connect,
                                    taken_at=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    extra = connect(database)
    extra.execute("INSERT INTO patient (given_name) VALUES ('Later')")
    extra.commit()
    extra.close()

    work = prepare_copy(written.path, database, connect, migrate=lambda _work: None)
    swap_in(work, database, connect)

    check = connect(database)
    assert check.execute("SELECT given_name FROM patient").fetchall() == [(SECRET_NAME,)]
    check.close()
    assert SECRET_NAME.encode() not in database.read_bytes()
