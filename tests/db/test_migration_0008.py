"""Revision 0008 (session mark count) upgrades the newest fixture and keeps every guard.

Every session's `mark_count` starts as the number of its marks, signed sessions included, and
the database's triggers keep it whoever writes a mark. A signed session still refuses every
change but that number, on both engines.
"""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.db.fixture_rows import downgrade_to, fixture_copy, upgrade_fixture_on_postgresql

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
PREVIOUS = "0007"
THIS = "0008"
MIGRATION = importlib.import_module("nmt_desktop.db.migrations.versions.0008_session_mark_count")
COUNTED = " + ".join(f"(SELECT count(*) FROM {table} m WHERE m.session_id = s.id)"
                     for table in MIGRATION.MARK_TABLES)


def _one(connection: Connection, sql: str, **params: object) -> int:
    value = connection.scalar(text(sql), params)
    assert value is not None, sql
    return int(value)


def _refused(connection: Connection, sql: str, **params: object) -> None:
    with pytest.raises(Exception, match="cannot be changed or deleted"), \
            connection.begin_nested():
        connection.execute(text(sql), params)


def counts_differ(connection: Connection) -> list[tuple[int, int, int]]:
    """(session, stored count, counted marks) of every session whose count is wrong."""
    return [(row[0], row[1], row[2]) for row in connection.execute(text(
        f"SELECT s.id, s.mark_count, {COUNTED} AS counted FROM treatment_session s "
        f"WHERE s.mark_count <> {COUNTED}"))]


def _signed_with_marks(connection: Connection) -> int:
    return _one(connection, "SELECT s.id FROM treatment_session s WHERE s.status = 'signed' "
                            "AND EXISTS (SELECT 1 FROM trigger_point t WHERE t.session_id = "
                            "s.id) ORDER BY s.id")


def _insert_pain_zone(connection: Connection, session: int, region: str) -> None:
    value = uuid.uuid4()
    connection.execute(text(
        "INSERT INTO pain_zone (uid, session_id, region_id, nrs, qualities, source, "
        "created_at, updated_at) VALUES (:uid, :s, :region, 3, '[]', 'patient_report', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
        {"uid": value if connection.dialect.name == "postgresql" else value.hex,
         "s": session, "region": region})


def _count_of(connection: Connection, session: int) -> int:
    return _one(connection, "SELECT mark_count FROM treatment_session WHERE id = :s", s=session)


def _check_counts_and_guards(connection: Connection) -> None:
    """Writes marks, then is rolled back by the caller: the fixture's rows stay as they were."""
    signed = _signed_with_marks(connection)
    draft, other = [int(row[0]) for row in connection.execute(text(
        "SELECT id FROM treatment_session s WHERE status = 'draft' AND NOT EXISTS (SELECT 1 "
        "FROM treatment_session c WHERE c.copied_from_id = s.id) ORDER BY id LIMIT 2"))]
    # The triggers keep the count: a new mark, one moved between drafts, a deleted one.
    before = _count_of(connection, draft)
    _insert_pain_zone(connection, draft, "test_region_a")
    assert _count_of(connection, draft) == before + 1
    connection.execute(text("UPDATE pain_zone SET session_id = :o WHERE region_id = "
                            "'test_region_a'"), {"o": other})
    connection.execute(text("DELETE FROM tension_rating WHERE id = (SELECT min(id) FROM "
                            "tension_rating WHERE session_id = :s)"), {"s": draft})
    # A mark arriving in a signed session (how an import brings one) counts there too.
    _insert_pain_zone(connection, signed, "test_region_b")
    assert counts_differ(connection) == []
    # Everything else about a signed session is refused as before.
    for name in MIGRATION.GUARDED_SESSION_COLUMNS:
        _refused(connection, f"UPDATE treatment_session SET {name} = {name} WHERE id = :s",
                 s=signed)
    _refused(connection, "UPDATE treatment_session SET duration_minutes = 1, mark_count = 0 "
                         "WHERE id = :s", s=signed)
    _refused(connection, "DELETE FROM treatment_session WHERE id = :s", s=signed)
    _refused(connection, "DELETE FROM trigger_point WHERE session_id = :s", s=signed)
    _refused(connection, "UPDATE audit_event SET actor = 'someone else'")
    # A discarded draft takes its marks with it.
    connection.execute(text("DELETE FROM treatment_session WHERE id = :s"), {"s": other})
    assert counts_differ(connection) == []


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        run_migrations(engine, THIS)
        column = {c["name"]: c for c in inspect(engine).get_columns("treatment_session")}
        assert not column["mark_count"]["nullable"]
        with engine.connect() as connection, connection.begin() as changes:
            assert counts_differ(connection) == []
            assert _one(connection, "SELECT sum(mark_count) FROM treatment_session") > 0
            _check_counts_and_guards(connection)
            changes.rollback()
    finally:
        engine.dispose()


def test_upgrade_of_the_previous_fixture_on_sqlite(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    _upgrade_and_check(copy)


def test_the_previous_fixture_upgrades_on_postgresql_too(any_db_url: str,
                                                         tmp_path: Path) -> None:
    upgrade_fixture_on_postgresql(any_db_url, PREVIOUS, tmp_path, _upgrade_and_check)


def test_downgrade_removes_the_count_and_restores_the_guard_of_0003(tmp_path: Path) -> None:
    copy = fixture_copy(PREVIOUS, tmp_path)
    engine = make_engine(copy)
    try:
        run_migrations(engine, THIS)
        downgrade_to(engine, PREVIOUS)
        assert "mark_count" not in {c["name"] for c in
                                    inspect(engine).get_columns("treatment_session")}
        with engine.begin() as connection:
            signed = _signed_with_marks(connection)
            _refused(connection, "UPDATE treatment_session SET duration_minutes = 1 WHERE "
                                 "id = :s", s=signed)
            _refused(connection, "DELETE FROM treatment_session WHERE id = :s", s=signed)
            _insert_pain_zone(connection, signed, "test_region_c")  # no count trigger left
    finally:
        engine.dispose()
