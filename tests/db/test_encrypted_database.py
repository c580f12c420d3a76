"""A SQLCipher-encrypted chart file: created, reopened, refused, damaged, upgraded, encrypted."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from nmt_desktop.db import preflight
from nmt_desktop.db.cipher import SqliteConnector
from nmt_desktop.db.database import Database
from nmt_desktop.db.encrypting import (
    EncryptionFailedError,
    delete_plaintext_copies,
    encrypt_file,
    plaintext_copies,
)
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    EncryptedDatabaseError,
    NotADatabaseError,
    WrongDatabaseKeyError,
)
from nmt_desktop.db.key_material import new_database_key
from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.services.maintenance import check_database
from tests.people import TEST_OWNER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
#: The newest committed plain fixture of a schema older than this one (opening upgrades it).
PLAIN_FIXTURE = max(path for path in FIXTURES.glob("0*.sqlite") if path.stem < SCHEMA_HEAD)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def private_texts(connection: sqlite3.Connection | object) -> set[str]:
    """Names and clinical text that must never be readable in the raw file."""
    queries = ("SELECT given_name FROM patient", "SELECT family_name FROM patient",
               "SELECT chief_complaint FROM session_note", "SELECT assessment FROM session_note",
               "SELECT presenting_complaint FROM intake", "SELECT text FROM goal")
    found: set[str] = set()
    for query in queries:
        found |= {row[0] for row in connection.execute(query)  # type: ignore[attr-defined]
                  if isinstance(row[0], str) and len(row[0]) >= 5}
    return found


def assert_unreadable(texts: set[str], *files: Path) -> None:
    assert texts, "nothing to look for"
    for file in files:
        raw = file.read_bytes()
        leaked = sorted(t for t in texts if t.encode("utf-8") in raw)
        assert not leaked, f"{file.name} holds {leaked[:3]} in clear"


def test_a_new_database_with_a_key_is_encrypted_and_reopens_with_it(tmp_path: Path) -> None:
    # GIVEN a new database created with a key
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    db = Database.open(f"sqlite:///{path}", key=key)
    assert db.encrypted and check_database(db.signed_in_as(TEST_OWNER)).ok
    db.close()
    # THEN the file is not a plain SQLite file, and the key opens it again (also for start-up)
    assert not preflight.is_plain_sqlite_file(path)
    for opener in (Database.open, Database.open_for_start):
        again = opener(f"sqlite:///{path}", key=key)
        with again.driver_cursor() as cursor:  # the early, pre-engine read is keyed too
            cursor.execute("SELECT version_num FROM alembic_version")
            assert cursor.fetchall() == [(SCHEMA_HEAD,)]
        assert check_database(again.signed_in_as(TEST_OWNER)).ok
        again.close()


def test_without_the_key_an_encrypted_file_is_refused_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    Database.open(f"sqlite:///{path}", key=key).close()
    before = digest(path)
    for opener in (Database.open, Database.open_for_start):
        with pytest.raises(EncryptedDatabaseError, match="it is encrypted .*sign in to unlock"):
            opener(f"sqlite:///{path}")
    assert digest(path) == before and sorted(tmp_path.iterdir()) == [path]


def test_a_wrong_key_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    Database.open(f"sqlite:///{path}", key=key).close()
    before = digest(path)
    other, _ = new_database_key()
    with pytest.raises(WrongDatabaseKeyError, match="the database key does not open it"):
        Database.open(f"sqlite:///{path}", key=other)
    assert digest(path) == before and sorted(tmp_path.iterdir()) == [path]


def test_a_build_without_sqlcipher_says_so_in_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    Database.open(f"sqlite:///{path}", key=key).close()
    monkeypatch.setattr(preflight, "cipher_available", lambda: False)
    with pytest.raises(EncryptedDatabaseError) as refused:
        Database.open(f"sqlite:///{path}", key=key)
    assert "cannot open encrypted databases" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_damaged_encrypted_file_is_refused_as_damaged(tmp_path: Path) -> None:
    # GIVEN an encrypted database with data on several pages, one page then overwritten
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    db = Database.open(f"sqlite:///{path}", key=key)
    from nmt_desktop.services.demo import load_demo_clinic

    load_demo_clinic(db.signed_in_as(TEST_OWNER))
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[5 * page + 100: 5 * page + 200] = bytes(100)
    path.write_bytes(bytes(data))
    before = digest(path)
    # THEN opening says it is damaged (the page's authentication code fails), and changes nothing
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        Database.open(f"sqlite:///{path}", key=key)
    assert digest(path) == before


def test_random_bytes_of_no_page_size_are_still_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"\x93garbage" * 77)
    with pytest.raises(NotADatabaseError, match="not an NMT Desktop database"):
        Database.open(f"sqlite:///{path}")


def test_the_demo_clinic_written_encrypted_leaves_no_name_or_note_in_the_file_or_wal(
        tmp_path: Path) -> None:
    # GIVEN the demo clinic written into an encrypted database, still open (its WAL in use)
    path = tmp_path / "chart.sqlite"
    key, _ = new_database_key()
    db = Database.open(f"sqlite:///{path}", key=key)
    from nmt_desktop.services.demo import load_demo_clinic

    load_demo_clinic(db.signed_in_as(TEST_OWNER))
    with db.transaction() as orm:  # rewrites the pages of the names into the WAL
        for table in ("patient", "therapist"):
            orm.execute(text(f"UPDATE {table} SET id = id"))
    with db.driver_cursor() as cursor:
        texts = private_texts(cursor)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    # THEN neither the file nor its write-ahead log holds any name or note in clear
    assert_unreadable(texts, path, wal)
    db.close()
    assert_unreadable(texts, path)
    # … while the same text is plainly readable in an unencrypted database (the search works)
    plain = tmp_path / "plain.sqlite"
    plain_db = Database.open(f"sqlite:///{plain}")
    load_demo_clinic(plain_db.signed_in_as(TEST_OWNER))
    plain_db.close()
    with pytest.raises(AssertionError, match="in clear"):
        assert_unreadable(texts, plain)


def test_the_committed_plain_fixture_upgrades_then_encrypts_with_all_rows(
        tmp_path: Path) -> None:
    # GIVEN the committed plain database of a previous schema, upgraded by opening it
    path = tmp_path / "chart.sqlite"
    shutil.copy(PLAIN_FIXTURE, path)
    db = Database.open(f"sqlite:///{path}")
    assert not db.encrypted
    with db.driver_cursor() as cursor:
        texts = private_texts(cursor)
        cursor.execute("SELECT count(*) FROM trigger_point")
        marks = cursor.fetchone()[0]
    before = check_database(db.signed_in_as(TEST_OWNER))
    db.close()
    # WHEN it is encrypted in place
    key, _ = new_database_key()
    done = encrypt_file(path, key)
    # THEN every row is there behind the key, the names are gone from the bytes,
    # and the plain copy is kept until it is deleted on purpose
    encrypted = Database.open(f"sqlite:///{path}", key=key)
    after = check_database(encrypted.signed_in_as(TEST_OWNER))
    with encrypted.driver_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM trigger_point")
        assert cursor.fetchone()[0] == marks > 0
    encrypted.close()
    assert after.ok and after.schema_revision == SCHEMA_HEAD
    assert (after.patient_count, after.session_count) == (before.patient_count,
                                                         before.session_count)
    assert done.rows > 0 and done.tables >= 20
    assert_unreadable(texts, path)
    assert preflight.is_plain_sqlite_file(done.plaintext_copy)
    assert done.plaintext_copy in plaintext_copies(path)
    # the pre-upgrade copy that opening took is plain too: listed and deleted with the rest
    upgrade_backups = list((tmp_path / "backups").iterdir())
    assert upgrade_backups and set(upgrade_backups) <= set(plaintext_copies(path))
    deleted = delete_plaintext_copies(path)
    assert done.plaintext_copy in deleted and not done.plaintext_copy.exists()
    assert plaintext_copies(path) == []
    assert Database.open(f"sqlite:///{path}", key=key).encrypted  # untouched by the deletion


def test_an_encrypted_database_of_an_old_schema_is_upgraded_with_its_key(
        tmp_path: Path) -> None:
    # GIVEN the oldest committed fixture, encrypted at its own schema
    path = tmp_path / "chart.sqlite"
    shutil.copy(FIXTURES / "0001.sqlite", path)
    key, _ = new_database_key()
    encrypt_file(path, key)
    # WHEN it is opened with its key
    db = Database.open(f"sqlite:///{path}", key=key)
    # THEN it was upgraded, the copy before the upgrade is encrypted too
    assert db.schema_change is not None and db.schema_change.backup is not None
    assert check_database(db.signed_in_as(TEST_OWNER)).ok
    db.close()
    backup = db.schema_change.backup
    assert not preflight.is_plain_sqlite_file(backup)
    copy = SqliteConnector(key.raw).connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    copy.close()


def test_encrypting_refuses_while_another_program_holds_the_file(tmp_path: Path) -> None:
    # GIVEN another process in the middle of a write (in this process, sqlite3 and SQLCipher
    # are two SQLite libraries whose POSIX locks do not see each other: a real other program)
    path = tmp_path / "chart.sqlite"
    Database.open(f"sqlite:///{path}").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('BEGIN IMMEDIATE'); print('ready', flush=True); sys.stdin.read()",
         str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        key, _ = new_database_key()
        before = digest(path)
        # THEN encrypting refuses and changes nothing
        with pytest.raises(EncryptionFailedError, match="another program has the database open"):
            encrypt_file(path, key)
    finally:
        holder.communicate("")
    assert digest(path) == before
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name or "plaintext" in p.name]
