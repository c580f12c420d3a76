"""Opening a database: created fresh, durable settings, refusals that leave the file alone."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    DatabaseUnreachableError,
    ForeignDatabaseError,
    NotADatabaseError,
)
from nmt_desktop.db.schema import SCHEMA_HEAD
from tests.people import TEST_OWNER


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_current_database(path: Path) -> None:
    Database.open(f"sqlite:///{path}").close()


def test_new_file_gets_current_schema_and_durable_settings(tmp_path: Path) -> None:
    # GIVEN no file yet, WHEN the app opens it
    path = tmp_path / "sub" / "chart.sqlite"
    database = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    # THEN the schema is current and every connection is WAL, FULL sync, foreign keys on
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    database.close()
    assert revision == SCHEMA_HEAD


def test_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list: <&> 🙂\n")
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not an NMT Desktop database"):
        Database.open(f"sqlite:///{path}")
    assert digest(path) == before


def test_corrupt_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    make_current_database(path)
    raw = bytearray(path.read_bytes())
    # Smash the second page (the first table's b-tree) but keep the header intact.
    raw[4096:4096 + 600] = b"\xde\xad\xbe\xef" * 150
    path.write_bytes(bytes(raw))
    before = digest(path)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        Database.open(f"sqlite:///{path}")
    assert digest(path) == before


def test_database_from_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    make_current_database(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = digest(path)
    with pytest.raises(DatabaseTooNewError, match="newer version of NMT Desktop"):
        Database.open(f"sqlite:///{path}")
    assert digest(path) == before


def test_other_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = digest(path)
    with pytest.raises(ForeignDatabaseError, match="another program"):
        Database.open(f"sqlite:///{path}")
    assert digest(path) == before


def test_unreachable_server_gives_clear_message() -> None:
    with pytest.raises(DatabaseUnreachableError, match="did not answer"):
        Database.open("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


@pytest.mark.postgres
def test_postgresql_database_gets_current_schema(any_db: Database) -> None:
    with any_db.reading() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_HEAD
