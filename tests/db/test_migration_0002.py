"""Revision 0002 (clinical record) upgrades a 0001 database on SQLite and PostgreSQL.

The SQLite upgrade recreates `treatment_session` (batch mode) to add two foreign keys; marks
reference that table with ON DELETE CASCADE, so this checks that no mark is lost on the way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Uuid, bindparam, inspect, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations

NEW_TABLES = {"clinic_settings", "intake", "screening_answer", "medical_clearance", "referral",
              "goal", "session_note", "posture_observation", "rom_measure", "goal_progress",
              "home_care_prescription", "outcome_score", "amendment"}


def _seed_0001(connection: object) -> None:
    now = dt.datetime(2026, 1, 5, 9, 0)
    statements = [
        ("INSERT INTO therapist (id, uid, full_name, credentials, licence_number, active, "
         "created_at, updated_at) VALUES (1, :uid, 'Alex Morgan', 'LMT', 'MA-1', true, :now, "
         ":now)", {"uid": uuid.uuid4()}),
        ("INSERT INTO patient (id, uid, chart_number, given_name, family_name, given_key, "
         "family_key, date_of_birth, phone, email, address, referring_physician, "
         "referral_reason, archived, created_at, updated_at) VALUES (1, :uid, 'C1', 'Zoë', "
         "'山田', 'zoe', '山田', '1980-02-03', '', '', '', '', '', false, :now, :now)",
         {"uid": uuid.uuid4()}),
        ("INSERT INTO treatment_session (id, uid, patient_id, therapist_id, started_at, "
         "duration_minutes, status, signed_at, atlas_version, created_at, updated_at) VALUES "
         "(1, :uid, 1, 1, :now, 60, 'draft', NULL, '1', :now, :now)", {"uid": uuid.uuid4()}),
        ("INSERT INTO pain_zone (id, uid, session_id, region_id, nrs, qualities, source, "
         "created_at, updated_at) VALUES (1, :uid, 1, 'temple_left', 6, '[\"aching\"]', "
         "'patient_report', :now, :now)", {"uid": uuid.uuid4()}),
    ]
    for sql, params in statements:
        statement = text(sql).bindparams(bindparam("uid", type_=Uuid()),
                                         bindparam("now", type_=DateTime()))
        connection.execute(statement, {**params, "now": now})  # type: ignore[attr-defined]


def test_upgrade_from_0001_keeps_sessions_and_marks(any_db_url: str) -> None:
    # GIVEN a database at 0001 holding a session with a painted zone
    engine = make_engine(any_db_url)
    try:
        run_migrations(engine, "0001")
        with engine.begin() as connection:
            _seed_0001(connection)
        # WHEN it is upgraded to 0002
        run_migrations(engine, "0002")
        # THEN the new tables exist, the session gained its columns, and nothing was lost
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) >= NEW_TABLES
        columns = {c["name"] for c in inspector.get_columns("treatment_session")}
        assert {"signed_by_id", "copied_from_id"} <= columns
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM pain_zone")) == 1
            row = connection.execute(text(
                "SELECT family_name, signed_by_id, copied_from_id FROM treatment_session "
                "JOIN patient ON patient.id = treatment_session.patient_id")).one()
            assert tuple(row) == ("山田", None, None)
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0002"
    finally:
        engine.dispose()


def test_downgrade_to_0001_removes_the_clinical_tables(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    try:
        run_migrations(engine)
        config = Config()
        config.set_main_option("script_location",
                               str(resources.files("nmt_desktop.db") / "migrations"))
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            connection.commit()
        assert not NEW_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
