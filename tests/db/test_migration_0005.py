"""Revision 0005 (cancelled and missed visits) upgrades the newest earlier fixture.

The fixture is the committed demo clinic of the release before this revision, upgraded on
SQLite directly and, for PostgreSQL, copied row by row into a database at that revision.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.db.fixture_rows import fixture_copy, row_counts, upgrade_fixture_on_postgresql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
# The one place that knows which revision this one follows.
PREVIOUS = "0004"
THIS = "0005"
COUNTED = ("patient", "treatment_session", "intake", "session_note", "today_check",
           "medical_clearance")


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        run_migrations(engine, THIS)
        inspector = inspect(engine)
        assert "missed_visit" in inspector.get_table_names()
        assert {c["name"] for c in inspector.get_columns("missed_visit")} == {
            "id", "uid", "patient_id", "on_date", "kind", "reason", "created_at", "updated_at"}
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == THIS
            assert connection.scalar(text("SELECT count(*) FROM missed_visit")) == 0
    finally:
        engine.dispose()


def test_upgrade_of_the_previous_fixture_on_sqlite(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    before = row_counts(copy, COUNTED)
    _upgrade_and_check(copy)
    assert row_counts(copy, COUNTED) == before


def test_the_previous_fixture_upgrades_on_postgresql_too(any_db_url: str,
                                                         tmp_path: Path) -> None:
    """The committed fixture's rows, copied into a database at PREVIOUS, then upgraded."""
    upgrade_fixture_on_postgresql(any_db_url, PREVIOUS, tmp_path, _upgrade_and_check)
    engine = make_engine(any_db_url)
    try:
        with engine.connect() as connection:
            # A row of the new kind is accepted, and the kind is checked on this backend too.
            connection.execute(text(
                "INSERT INTO missed_visit (uid, patient_id, on_date, kind, reason, created_at,"
                " updated_at) SELECT '00000000-0000-0000-0000-0000000000aa', min(id),"
                " '2026-01-05', 'no_show', '', '2026-01-05 09:00:00', '2026-01-05 09:00:00'"
                " FROM patient"))
            with pytest.raises(Exception, match="missed_visit_kind|constraint"):
                connection.execute(text(
                    "INSERT INTO missed_visit (uid, patient_id, on_date, kind, reason,"
                    " created_at, updated_at) SELECT '00000000-0000-0000-0000-0000000000ab',"
                    " min(id), '2026-01-05', 'forgot', '', '2026-01-05 09:00:00',"
                    " '2026-01-05 09:00:00' FROM patient"))
    finally:
        engine.dispose()

