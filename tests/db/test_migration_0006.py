"""Revision 0006 (accounts) upgrades the newest earlier fixture.

Each therapist profile becomes an account without a password; the earliest-created is the owner.
Nothing else of the chart changes, and the audit trail keeps its append-only guard on SQLite
(the new column is added without a table copy, which would drop the triggers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.db.fixture_rows import fixture_copy, row_counts, upgrade_fixture_on_postgresql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
PREVIOUS = "0005"
THIS = "0006"
COUNTED = ("patient", "treatment_session", "therapist", "audit_event", "clinic_settings")


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        run_migrations(engine, THIS)
        inspector = inspect(engine)
        assert {"account", "chart_share"} <= set(inspector.get_table_names())
        settings = {c["name"] for c in inspector.get_columns("clinic_settings")}
        assert {"lock_after_minutes", "backup_folder", "chart_visibility",
                "exchange_recipient"} <= settings
        with engine.connect() as connection:
            accounts = connection.execute(text(
                "SELECT a.user_name, a.display_name, a.role, a.password_hash, t.full_name"
                " FROM account a JOIN therapist t ON t.id = a.therapist_id"
                " ORDER BY t.created_at, t.id")).all()
            therapists = connection.scalar(text("SELECT count(*) FROM therapist"))
            settings_row = connection.execute(text(
                "SELECT lock_after_minutes, backup_keep_daily, chart_visibility"
                " FROM clinic_settings")).one()
    finally:
        engine.dispose()
    assert len(accounts) == therapists >= 1
    assert [a.role for a in accounts] == ["owner"] + ["therapist"] * (len(accounts) - 1)
    assert all(a.password_hash is None for a in accounts), "nobody has a password yet"
    assert all(a.display_name == a.full_name for a in accounts)
    assert len({a.user_name for a in accounts}) == len(accounts)
    assert tuple(settings_row) == (5, 12, "all")


def test_upgrade_of_the_previous_fixture_on_sqlite(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    before = row_counts(copy, COUNTED)
    _upgrade_and_check(copy)
    assert row_counts(copy, COUNTED) == before
    engine = make_engine(copy)
    try:
        with (engine.connect() as connection,
              pytest.raises(Exception, match="cannot be changed or deleted")):
            connection.execute(text("UPDATE audit_event SET actor = 'someone else'"))
    finally:
        engine.dispose()


def test_the_previous_fixture_upgrades_on_postgresql_too(any_db_url: str,
                                                         tmp_path: Path) -> None:
    upgrade_fixture_on_postgresql(any_db_url, PREVIOUS, tmp_path, _upgrade_and_check)
