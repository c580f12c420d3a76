"""The database guards signed sessions and the audit trail itself (revision 0003 triggers).

Raw SQL, bypassing every service, on SQLite and PostgreSQL: an UPDATE or DELETE of a signed
session, of any record belonging to one, or of an audit event is refused; drafts stay editable
and signing a draft passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import ForeignKey, text
from sqlalchemy.exc import IntegrityError

from nmt_desktop.db.base import Base
from nmt_desktop.db.database import Database
from nmt_desktop.services.demo import load_demo_clinic

# Session references that are not part of the session's own record: a referral belongs to
# the intake (it names the visit it was made at), a copy-forward source is another session.
NOT_SESSION_PARTS = {("referral", "session_id"), ("treatment_session", "copied_from_id")}


def session_parts() -> list[tuple[str, str]]:
    """Every (table, column) whose foreign key names the session a row belongs to."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            keys: set[ForeignKey] = column.foreign_keys
            if any(k.column.table.name == "treatment_session" for k in keys):
                found.append((table.name, column.name))
    return [part for part in found if part not in NOT_SESSION_PARTS]


@pytest.fixture
def demo_db(any_db: Database) -> Iterator[Database]:
    load_demo_clinic(any_db, today=dt.date(2026, 11, 21))
    yield any_db


def _run(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)


def _refused(db: Database, sql: str, **params: object) -> None:
    with pytest.raises(IntegrityError) as raised:
        _run(db, sql, **params)
    message = str(raised.value.orig)
    assert "signed session" in message or "audit trail" in message, message


def _one(db: Database, sql: str) -> object:
    with db.engine.connect() as connection:
        value = connection.execute(text(sql)).scalar()
    assert value is not None, sql
    return value


def test_every_session_part_is_guarded_by_the_migration() -> None:
    import importlib

    # Each migration that adds a table belonging to a session lists it in SIGNED_SESSION_PARTS.
    guarded: set[tuple[str, str]] = set()
    for name in ("0003_signed_is_immutable", "0004_today_check"):
        migration = importlib.import_module(f"nmt_desktop.db.migrations.versions.{name}")
        guarded |= set(migration.SIGNED_SESSION_PARTS)
    assert set(session_parts()) == guarded


def test_signed_sessions_their_records_and_audit_events_refuse_raw_sql(
        demo_db: Database) -> None:
    # Each part of a signed session: no UPDATE (even one that changes nothing), no DELETE.
    for table, column in session_parts():
        row_id = _one(demo_db, f"SELECT t.id FROM {table} t JOIN treatment_session s ON "
                               f"s.id = t.{column} WHERE s.status = 'signed' ORDER BY t.id")
        before = _one(demo_db, f"SELECT count(*) FROM {table}")
        _refused(demo_db, f"UPDATE {table} SET {column} = {column} WHERE id = :id", id=row_id)
        _refused(demo_db, f"DELETE FROM {table} WHERE id = :id", id=row_id)
        assert _one(demo_db, f"SELECT count(*) FROM {table}") == before, table
    # The signed session itself: not unsigned, not re-attributed, not deleted.
    signed = _one(demo_db, "SELECT id FROM treatment_session WHERE status = 'signed'")
    _refused(demo_db, "UPDATE treatment_session SET status = 'draft', signed_at = NULL "
                      "WHERE id = :id", id=signed)
    _refused(demo_db, "UPDATE treatment_session SET signer_name = 'Someone Else' WHERE id = :id",
             id=signed)
    _refused(demo_db, "DELETE FROM treatment_session WHERE id = :id", id=signed)
    assert _one(demo_db, "SELECT status FROM treatment_session WHERE id = "
                         f"{signed}") == "signed"
    # A draft's record cannot be moved into a signed session either.
    draft = _one(demo_db, "SELECT id FROM treatment_session WHERE status = 'draft'")
    rom = _one(demo_db, f"SELECT id FROM rom_measure WHERE session_id = {draft}")
    _refused(demo_db, "UPDATE rom_measure SET session_id = :signed WHERE id = :id",
             signed=signed, id=rom)
    # The audit trail is append-only.
    events = _one(demo_db, "SELECT count(*) FROM audit_event")
    first = _one(demo_db, "SELECT min(id) FROM audit_event")
    _refused(demo_db, "UPDATE audit_event SET actor = 'nobody' WHERE id = :id", id=first)
    _refused(demo_db, "DELETE FROM audit_event WHERE id = :id", id=first)
    _refused(demo_db, "DELETE FROM audit_event")
    _run(demo_db, "INSERT INTO audit_event (occurred_at, actor, action, entity_type, detail) "
                  "VALUES (CURRENT_TIMESTAMP, 'x', 'test', 'test', '{}')")
    assert _one(demo_db, "SELECT count(*) FROM audit_event") == events + 1  # type: ignore[operator]


def test_a_draft_stays_editable_and_can_be_signed_with_raw_sql(demo_db: Database) -> None:
    draft = _one(demo_db, "SELECT id FROM treatment_session WHERE status = 'draft'")
    mark = _one(demo_db, f"SELECT id FROM pain_zone WHERE session_id = {draft}")
    _run(demo_db, "UPDATE pain_zone SET nrs = 1 WHERE id = :id", id=mark)
    _run(demo_db, "DELETE FROM pain_zone WHERE id = :id", id=mark)
    _run(demo_db, "UPDATE treatment_session SET status = 'signed', signed_at = started_at, "
                  "signed_by_id = therapist_id WHERE id = :id", id=draft)
    # Signed now: its remaining parts are guarded from here on.
    note = _one(demo_db, f"SELECT id FROM session_note WHERE session_id = {draft}")
    _refused(demo_db, "UPDATE session_note SET plan = 'rewritten' WHERE id = :id", id=note)


def test_a_signed_session_refuses_a_change_of_any_column_but_its_mark_count(
        demo_db: Database) -> None:
    # Every column the models define, so a column added later must be guarded too (on SQLite
    # the guard lists its columns: revision 0008's GUARDED_SESSION_COLUMNS).
    signed = _one(demo_db, "SELECT s.id FROM treatment_session s WHERE s.status = 'signed' "
                           "AND s.mark_count > 0")
    for column in Base.metadata.tables["treatment_session"].columns:
        if column.name != "mark_count":
            _refused(demo_db, f"UPDATE treatment_session SET {column.name} = {column.name} "
                              "WHERE id = :id", id=signed)
    # The count is the database's own, moved by its triggers when a mark arrives (an import
    # brings a signed session's marks after the session itself).
    before = _one(demo_db, f"SELECT mark_count FROM treatment_session WHERE id = {signed}")
    _run(demo_db, "UPDATE treatment_session SET mark_count = mark_count + 1 WHERE id = :id",
         id=signed)
    assert _one(demo_db, f"SELECT mark_count FROM treatment_session WHERE id = "
                         f"{signed}") == before + 1  # type: ignore[operator]
