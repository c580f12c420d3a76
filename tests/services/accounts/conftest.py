"""Accounts tests: a database nobody is signed in to, and a fast password hasher.

The real hasher spends ~64 MiB and a noticeable fraction of a second per hash on purpose;
these tests hash hundreds of times, so they use the same algorithm with tiny costs (the
rehash test checks that a stored hash with other costs is replaced).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from nmt_desktop.db.database import Database
from nmt_desktop.services._uow import password_hashing
from nmt_desktop.services.sign_in import set_up_owner

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "db"
OWNER_PASSWORD = "correct horse battery"
T0 = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    monkeypatch.setattr(password_hashing, "HASHER", FAST_HASHER)
    return FAST_HASHER


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """A new database: no accounts, nobody signed in."""
    database = Database.open(f"sqlite:///{tmp_path / 'new.sqlite'}")
    yield database
    database.close()


@pytest.fixture
def owner_db(fresh_db: Database) -> tuple[Database, str]:
    """The new database after its first start: the owner's handle and recovery code."""
    return set_up_owner(fresh_db, OWNER_PASSWORD, display_name="Alex Morgan",
                        user_name="alex", credentials="LMT", licence_number="MA-1", now=T0)


def upgraded_copy(tmp_path: Path) -> Path:
    """The 0005 release's demo clinic with two more therapists, created after Alex Morgan
    (Aaron Adams sorts first by name, but the earliest-created therapist becomes the owner)."""
    copy = tmp_path / "0005.sqlite"
    shutil.copy(FIXTURES / "0005.sqlite", copy)
    with sqlite3.connect(copy) as connection:
        for name, created in (("Aaron Adams", "2026-12-03 08:00:00"),
                              ("Sam Rivera", "2026-12-04 08:00:00")):
            connection.execute(
                "INSERT INTO therapist (uid, full_name, credentials, licence_number, active, "
                "created_at, updated_at) VALUES (?, ?, 'LMT', '', 1, ?, ?)",
                (uuid.uuid4().hex, name, created, created))
    connection.close()
    return copy


@pytest.fixture
def upgraded_db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{upgraded_copy(tmp_path)}")
    yield database
    database.close()
