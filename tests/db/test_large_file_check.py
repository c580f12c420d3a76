"""A large database file is checked by its schema and small tables at start, not page by page."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from nmt_desktop.db import preflight
from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import CorruptDatabaseError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patient_search
from nmt_desktop.services import patients as patient_service
from tests.people import TEST_OWNER


def _clinic(path: Path) -> None:
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    for index in range(40):
        patient_service.create_patient(
            db, PatientInput("Zoë", f"山田 {chr(65 + index % 26)}", "1980-05-17"))
    db.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def large_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat every file as large."""
    monkeypatch.setattr(preflight, "FULL_CHECK_LIMIT_BYTES", 0)


@pytest.mark.usefixtures("large_limit")
def test_a_healthy_large_file_opens(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    assert len(patient_search.search_patients(db, "zoe")) == 40
    db.close()


@pytest.mark.usefixtures("large_limit")
def test_a_damaged_patient_table_in_a_large_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite"
    _clinic(path)
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'patient'").fetchone()[0]
    connection.close()
    raw = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    raw[start:start + 600] = b"\xde\xad\xbe\xef" * 150
    path.write_bytes(bytes(raw))
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        Database.open(f"sqlite:///{path}")
    assert _digest(path) == before
