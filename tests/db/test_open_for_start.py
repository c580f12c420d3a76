"""Opening for the app's start: an up-to-date SQLite file is checked at once, connected later.

The refusals must be exactly those of `Database.open`, raised before anything is written, and
what the window reads before the engine exists must equal what it reads afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    ForeignDatabaseError,
    NotADatabaseError,
)
from nmt_desktop.db.preflight import backend_name, sqlite_path
from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patient_search, therapist_roster
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import therapists as therapist_service
from tests.people import TEST_OWNER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"

URLS = [
    "sqlite:///chart.sqlite",
    "sqlite:////var/clinic/chart.sqlite",
    "sqlite+pysqlite:////var/clinic/chart.sqlite",
    "sqlite:////tmp/Zo%C3%AB%20%E5%B1%B1%E7%94%B0/chart.sqlite",
    "sqlite:////tmp/Zoë 山田/<&>.sqlite",
    "sqlite:////tmp/chart.sqlite?timeout=5",
    "sqlite://",
    "sqlite:///:memory:",
    "sqlite:///",
    "postgresql+psycopg://therapist:s3cr%2Ft@db.clinic.local:5432/nmt",
    "postgresql+psycopg://db.clinic.local/nmt?sslmode=require",
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _current_clinic(path: Path) -> None:
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    therapist_service.create_therapist(db, "Zoë 山田", "LMT & RMT", "MA-1")
    therapist_service.create_therapist(db, "Alex Morgan", "", "")
    for given, family in (("Maria", "García"), ("Zoë", "山田"), ("Tom", "O'Neil-Smith")):
        patient_service.create_patient(db, PatientInput(given, family, "1980-05-17"))
    db.close()


@pytest.mark.parametrize("url", URLS)
def test_urls_are_read_as_sqlalchemy_reads_them(url: str) -> None:
    parsed = make_url(url)
    assert backend_name(url) == parsed.get_backend_name()
    expected = (Path(parsed.database) if parsed.get_backend_name() == "sqlite"
                and parsed.database not in (None, "", ":memory:") else None)
    assert sqlite_path(url) == expected


def test_an_up_to_date_file_is_read_before_its_engine_exists(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    _current_clinic(path)
    early = Database.open_for_start(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    assert not early.connected
    patients = patient_search.search_patients(early)
    therapists = therapist_roster.list_therapists(early)
    assert not early.connected, "the first reads must not need SQLAlchemy's engine"
    early.connect()
    assert early.connected
    assert patient_search.search_patients(early) == patients
    assert therapist_roster.list_therapists(early) == therapists
    assert [t.full_name for t in therapists] == ["Alex Morgan", "Zoë 山田"]
    assert {p.family_name for p in patients} == {"García", "山田", "O'Neil-Smith"}
    early.close()


def test_a_write_before_the_engine_exists_creates_it_and_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    _current_clinic(path)
    db = Database.open_for_start(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    assert len(patient_search.search_patients(db, "zoe")) == 1
    patient_service.create_patient(db, PatientInput("Zoë", "Ng", "1990-01-02"))
    assert db.connected
    db.close()
    reopened = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    assert len(patient_search.search_patients(reopened, "zoe")) == 2
    reopened.close()


def test_a_new_file_is_created_and_connected(tmp_path: Path) -> None:
    new_file = tmp_path / "new" / "chart.sqlite"
    db = Database.open_for_start(f"sqlite:///{new_file}").signed_in_as(TEST_OWNER)
    assert db.connected
    assert patient_search.search_patients(db) == []
    db.close()


def test_an_old_file_is_upgraded_at_once_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "chart.sqlite"
    shutil.copy(FIXTURES / "0001.sqlite", path)
    db = Database.open_for_start(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    assert db.connected
    db.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_HEAD,)
    connection.close()
    assert list((tmp_path / "backups").iterdir())


def _smashed(path: Path) -> None:
    _current_clinic(path)
    raw = bytearray(path.read_bytes())
    raw[4096:4096 + 600] = b"\xde\xad\xbe\xef" * 150
    path.write_bytes(bytes(raw))


def _too_new(path: Path) -> None:
    _current_clinic(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()


def _text(path: Path) -> None:
    path.write_text("shopping list: <&> 🙂\n")


@pytest.mark.parametrize(("make", "error", "words"), [
    (_smashed, CorruptDatabaseError, "damaged"),
    (_too_new, DatabaseTooNewError, "newer version of NMT Desktop"),
    (_foreign, ForeignDatabaseError, "another program"),
    (_text, NotADatabaseError, "not an NMT Desktop database"),
])
def test_refusals_are_those_of_open_and_leave_the_file_alone(
        tmp_path: Path, make: object, error: type[Exception], words: str) -> None:
    path = tmp_path / "chart.sqlite"
    make(path)  # type: ignore[operator]
    before = digest(path)
    with pytest.raises(error, match=words) as by_open:
        Database.open(f"sqlite:///{path}")
    with pytest.raises(error, match=words) as by_start:
        Database.open_for_start(f"sqlite:///{path}")
    assert str(by_start.value) == str(by_open.value)
    assert digest(path) == before
