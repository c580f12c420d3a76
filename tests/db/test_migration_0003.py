"""Revision 0003 (signed is immutable) upgrades older databases on SQLite and PostgreSQL.

Sessions signed before the revision get their signer and goal words frozen from the rows as
they read at upgrade time, and from then on the triggers refuse changes to them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import DateTime, Uuid, bindparam, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from nmt_desktop.db.database import Database
from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations
from tests.people import TEST_OWNER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
# The revision under test and the newest fixture written before it (re-chaining: change here).
REVISION = "0003"
PREVIOUS = "0002"


def _seed_signed_session(engine: Engine) -> None:
    now = dt.datetime(2026, 1, 5, 9, 0)
    rows = [
        "INSERT INTO therapist (id, uid, full_name, credentials, licence_number, active, "
        "created_at, updated_at) VALUES (1, :uid, 'Alex Morgan', 'LMT', 'MA-1', true, :now, :now)",
        "INSERT INTO patient (id, uid, chart_number, given_name, family_name, given_key, "
        "family_key, date_of_birth, phone, email, address, referring_physician, referral_reason, "
        "archived, created_at, updated_at) VALUES (1, :uid, 'C1', 'Zoë', 'Yamada', 'zoe', "
        "'yamada', '1980-02-03', '', '', '', '', '', false, :now, :now)",
        "INSERT INTO treatment_session (id, uid, patient_id, therapist_id, started_at, "
        "duration_minutes, status, signed_at, signed_by_id, atlas_version, created_at, "
        "updated_at) VALUES (1, :uid, 1, 1, :now, 60, 'signed', :now, 1, '1', :now, :now)",
        "INSERT INTO treatment_session (id, uid, patient_id, therapist_id, started_at, "
        "duration_minutes, status, atlas_version, created_at, updated_at) VALUES "
        "(2, :uid, 1, 1, :now, 60, 'draft', '1', :now, :now)",
        "INSERT INTO goal (id, uid, patient_id, position, text, created_at, updated_at) VALUES "
        "(1, :uid, 1, 1, 'Sleep through the night', :now, :now)",
        "INSERT INTO goal_progress (id, uid, session_id, goal_id, status, note, created_at, "
        "updated_at) VALUES (1, :uid, 1, 1, 'met', '', :now, :now)",
        "INSERT INTO goal_progress (id, uid, session_id, goal_id, status, note, created_at, "
        "updated_at) VALUES (2, :uid, 2, 1, 'partly_met', '', :now, :now)",
    ]
    with engine.begin() as connection:
        for sql in rows:
            connection.execute(text(sql).bindparams(bindparam("uid", type_=Uuid()),
                                                    bindparam("now", type_=DateTime())),
                               {"uid": uuid.uuid4(), "now": now})


def test_upgrade_freezes_signed_sessions_and_guards_them(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        run_migrations(engine, PREVIOUS)
        _seed_signed_session(engine)
        run_migrations(engine, REVISION)
        with engine.connect() as connection:
            signers = connection.execute(text(
                "SELECT id, signer_name, signer_credentials, signer_licence_number "
                "FROM treatment_session ORDER BY id")).all()
            goals = connection.execute(text(
                "SELECT session_id, goal_text FROM goal_progress ORDER BY id")).all()
        assert [tuple(r) for r in signers] == [(1, "Alex Morgan", "LMT", "MA-1"),
                                               (2, None, None, None)]
        assert [tuple(r) for r in goals] == [(1, "Sleep through the night"), (2, None)]
        with pytest.raises(IntegrityError, match="signed session"), engine.begin() as c:
            c.execute(text("UPDATE goal_progress SET status = 'not_met' WHERE id = 1"))
        with engine.begin() as connection:  # the draft's progress stays editable
            connection.execute(text("UPDATE goal_progress SET status = 'met' WHERE id = 2"))
    finally:
        engine.dispose()


def test_previous_release_file_upgrades_with_snapshots(tmp_path: Path) -> None:
    copy = tmp_path / f"{PREVIOUS}.sqlite"
    shutil.copy(FIXTURES / f"{PREVIOUS}.sqlite", copy)
    with sqlite3.connect(copy) as connection:
        signed_before = connection.execute(
            "SELECT count(*) FROM treatment_session WHERE status = 'signed'").fetchone()[0]
    db = Database.open(f"sqlite:///{copy}").signed_in_as(TEST_OWNER)
    try:
        with db.engine.connect() as connection:
            frozen = connection.scalar(text(
                "SELECT count(*) FROM treatment_session s JOIN therapist t ON t.id = "
                "s.signed_by_id WHERE s.status = 'signed' AND s.signer_name = t.full_name"))
            goal_words = connection.scalar(text(
                "SELECT count(*) FROM goal_progress p JOIN treatment_session s ON s.id = "
                "p.session_id WHERE s.status = 'signed' AND p.goal_text IS NULL"))
        assert frozen == signed_before == 17
        assert goal_words == 0
        with pytest.raises(IntegrityError, match="signed session"), db.engine.begin() as c:
            c.execute(text("DELETE FROM trigger_point WHERE session_id IN "
                           "(SELECT id FROM treatment_session WHERE status = 'signed')"))
    finally:
        db.close()


def test_committed_0003_fixture_is_intact() -> None:
    path = FIXTURES / f"{REVISION}.sqlite"
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            REVISION,)
        triggers = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"guard_audit_event_update", "guard_signed_treatment_session_delete",
                "guard_signed_amendment_update"} <= triggers
        unfrozen = connection.execute(
            "SELECT count(*) FROM treatment_session WHERE status = 'signed' AND "
            "(signer_name IS NULL OR signer_name = '')").fetchone()[0]
        assert unfrozen == 0
    finally:
        connection.close()
