"""Revision 0004 (today check, clearance end dates) upgrades the newest earlier fixture.

The fixture is the committed demo clinic of the release before this revision, upgraded on
SQLite directly and, for PostgreSQL, copied row by row into a database at that revision.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.db.fixture_rows import fixture_copy, upgrade_fixture_on_postgresql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
# The one place that knows which revision this one follows.
PREVIOUS = "0003"
THIS = "0004"


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        run_migrations(engine, THIS)
        inspector = inspect(engine)
        assert "today_check" in inspector.get_table_names()
        assert "valid_until" in {c["name"] for c in inspector.get_columns("medical_clearance")}
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == THIS
            assert connection.scalar(text("SELECT count(*) FROM today_check")) == 0
            assert connection.scalar(text(
                "SELECT count(*) FROM medical_clearance WHERE valid_until IS NOT NULL")) == 0
    finally:
        engine.dispose()


def test_upgrade_of_the_previous_fixture_on_sqlite(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    engine = make_engine(copy)
    with engine.connect() as connection:
        before = {t: connection.scalar(text(f"SELECT count(*) FROM {t}"))
                  for t in ("patient", "treatment_session", "intake", "session_note")}
    engine.dispose()
    _upgrade_and_check(copy)
    engine = make_engine(copy)
    with engine.connect() as connection:
        after = {t: connection.scalar(text(f"SELECT count(*) FROM {t}")) for t in before}
    engine.dispose()
    assert after == before


def test_upgrade_from_the_previous_revision(any_db_url: str) -> None:
    """On PostgreSQL (and SQLite) a database at the previous revision with a clearance."""
    engine = make_engine(any_db_url)
    try:
        run_migrations(engine, PREVIOUS)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO patient (id, uid, chart_number, given_name, family_name, given_key,"
                " family_key, date_of_birth, phone, email, address, referring_physician,"
                " referral_reason, archived, created_at, updated_at) VALUES (1, "
                "'00000000-0000-0000-0000-000000000001', 'C1', 'Ana', 'Ruiz', 'ana', 'ruiz',"
                " '1980-02-03', '', '', '', '', '', false, '2026-01-05 09:00:00',"
                " '2026-01-05 09:00:00')"))
            connection.execute(text(
                "INSERT INTO intake (id, uid, patient_id, version, recorded_on,"
                " presenting_complaint, history, medications, consent_date, consent_scope,"
                " created_at, updated_at) VALUES (1, '00000000-0000-0000-0000-000000000002',"
                " 1, 1, '2026-01-05', '', '', '', NULL, '', '2026-01-05 09:00:00',"
                " '2026-01-05 09:00:00')"))
            connection.execute(text(
                "INSERT INTO medical_clearance (id, uid, intake_id, item_id, cleared_by,"
                " cleared_on, note, created_at, updated_at) VALUES (1,"
                " '00000000-0000-0000-0000-000000000003', 1, 'unstable_cardiac', 'Dr. Okafor',"
                " '2026-01-04', '', '2026-01-05 09:00:00', '2026-01-05 09:00:00')"))
    finally:
        engine.dispose()
    _upgrade_and_check(any_db_url)


def test_the_previous_fixture_upgrades_on_postgresql_too(any_db_url: str,
                                                         tmp_path: Path) -> None:
    """The committed fixture's rows, copied into a database at PREVIOUS, then upgraded."""
    upgrade_fixture_on_postgresql(any_db_url, PREVIOUS, tmp_path, _upgrade_and_check)
