"""Revision 0007 (row versions) upgrades the newest earlier fixture and keeps every guard.

Each table edited in place gains `row_version` = 1 on every existing row. The columns are
added with plain ALTER TABLE: the signed-session guards (triggers of 0003/0004) and the audit
trail's append-only guard must still refuse changes afterwards, on both engines.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.db.fixture_rows import downgrade_to, fixture_copy, upgrade_fixture_on_postgresql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
PREVIOUS = "0005"  # the newest released fixture (0006 and 0007 come in one release)
THIS = "0007"
VERSIONED_TABLES = importlib.import_module(
    "nmt_desktop.db.migrations.versions.0007_row_versions").VERSIONED_TABLES


def _signed_session_id(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.scalar(text(
            "SELECT s.id FROM treatment_session s WHERE s.status = 'signed' AND EXISTS "
            "(SELECT 1 FROM trigger_point t WHERE t.session_id = s.id) AND EXISTS "
            "(SELECT 1 FROM session_note n WHERE n.session_id = s.id) ORDER BY s.id"))
    assert found is not None, "the fixture holds a signed session with marks and notes"
    return int(found)


def _refused(engine: Engine, statement: str, **params: object) -> None:
    with pytest.raises(Exception, match="cannot be changed or deleted"), engine.begin() as c:
        c.execute(text(statement), params)


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        run_migrations(engine, THIS)
        inspector = inspect(engine)
        for table in VERSIONED_TABLES:
            columns = {c["name"]: c for c in inspector.get_columns(table)}
            assert "row_version" in columns and not columns["row_version"]["nullable"], table
        with engine.connect() as connection:
            for table in VERSIONED_TABLES:
                versions = set(connection.scalars(text(f"SELECT row_version FROM {table}")))
                assert versions <= {1}, table
        signed = _signed_session_id(engine)
        # The guards of signed sessions and of the audit trail survived the new columns.
        _refused(engine, "UPDATE treatment_session SET duration_minutes = 1 WHERE id = :s",
                 s=signed)
        _refused(engine, "UPDATE trigger_point SET note = 'x', row_version = row_version + 1 "
                 "WHERE session_id = :s", s=signed)
        _refused(engine, "UPDATE session_note SET plan = 'x' WHERE session_id = :s", s=signed)
        _refused(engine, "DELETE FROM trigger_point WHERE session_id = :s", s=signed)
        _refused(engine, "UPDATE audit_event SET actor = 'someone else'")
    finally:
        engine.dispose()


def test_upgrade_of_the_previous_fixture_on_sqlite(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    _upgrade_and_check(copy)


def test_the_previous_fixture_upgrades_on_postgresql_too(any_db_url: str,
                                                         tmp_path: Path) -> None:
    upgrade_fixture_on_postgresql(any_db_url, PREVIOUS, tmp_path, _upgrade_and_check)


def test_downgrade_removes_the_columns_and_keeps_the_guards(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    engine = make_engine(copy)
    try:
        run_migrations(engine, THIS)
        downgrade_to(engine, "0006")
        assert "row_version" not in {c["name"] for c in inspect(engine).get_columns("patient")}
        _refused(engine, "DELETE FROM trigger_point WHERE session_id = :s",
                 s=_signed_session_id(engine))
    finally:
        engine.dispose()
