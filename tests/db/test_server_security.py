"""The clinic server's role matrix, proven with plain SQL as each person (no app code).

Each test connects with psycopg as a login made by `server add-user` and tries what its role
must not do; PostgreSQL itself must refuse (SQLSTATE 42501) or show nothing (row-level
security), whatever the client.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors

from nmt_desktop.db.models import Intake, Patient, ScreeningAnswerRow
from tests.db.server_clinic import (
    Clinic,
    as_schema_owner,
    connect_as,
    make_clinic,
    set_visibility,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def clinic(postgres_server: str) -> Iterator[Clinic]:
    yield make_clinic(postgres_server, visibility="own")


def _families(conn: psycopg.Connection, table: str = "patient") -> set[str]:
    if table == "patient":
        return {row[0] for row in conn.execute("SELECT family_name FROM patient")}
    return {row[0] for row in conn.execute(
        "SELECT p.family_name FROM treatment_session s JOIN patient p ON p.id = s.patient_id")}


def test_front_desk_cannot_read_a_session_nor_any_clinical_table(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.fred) as conn:
        for table in ("treatment_session", "trigger_point", "session_note", "intake",
                      "screening_answer", "outcome_score", "goal"):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {table}")
        # Demographics: every patient, but not the clinical referral reason.
        assert {row[0] for row in conn.execute("SELECT family_name FROM patient")} == {
            "Own", "Other", "Shared"}
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT referral_reason FROM patient")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT exchange_identity FROM clinic_settings")


def test_in_own_mode_a_therapist_sees_only_own_and_shared_charts(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.tom) as conn:
        assert _families(conn) == {"Own", "Shared"}
        assert _families(conn, "treatment_session") == {"Own", "Shared"}
        marks = conn.execute("SELECT count(*) FROM trigger_point").fetchone()
        assert marks == (2,)
        # Another's patient cannot be reached by id either, nor changed blindly.
        other = conn.execute("SELECT count(*) FROM patient WHERE family_name = 'Other'")
        assert other.fetchone() == (0,)
        changed = conn.execute("UPDATE patient SET phone = '1' WHERE family_name = 'Other'")
        assert changed.rowcount == 0
    with connect_as(clinic.url, clinic.tess) as conn:
        assert _families(conn) == {"Other", "Shared"}


def test_in_all_mode_every_therapist_sees_every_chart(postgres_server: str) -> None:
    clinic = make_clinic(postgres_server, visibility="all")
    with connect_as(clinic.url, clinic.tom) as conn:
        assert _families(conn) == {"Own", "Other", "Shared"}
        assert conn.execute("SELECT count(*) FROM trigger_point").fetchone() == (3,)
    set_visibility(clinic.url, "own")
    with connect_as(clinic.url, clinic.tom) as conn:
        assert _families(conn) == {"Own", "Shared"}


def _add_intakes(clinic: Clinic) -> dict[int, str]:
    """An intake with one screening answer per patient; {intake id: the patient's family}."""
    intakes = {}
    with as_schema_owner(clinic.url) as orm:
        for patient in orm.query(Patient).filter(Patient.family_name.in_(
                ("Own", "Other", "Shared"))):
            intake = Intake(patient_id=patient.id, version=1, recorded_on=dt.date(2026, 11, 1))
            orm.add(intake)
            orm.flush()
            orm.add(ScreeningAnswerRow(intake_id=intake.id, item_id="fever", present=False,
                                       note=patient.family_name))
            intakes[intake.id] = patient.family_name
    return intakes


def test_in_own_mode_an_intake_and_its_answers_follow_their_chart(
        postgres_server: str) -> None:
    # Each policy names its row's column inside a subquery on another table: an intake's
    # `patient_id` must be the intake's, an answer's `intake_id` the answer's, or every
    # row would pass for a login with any chart at all.
    clinic = make_clinic(postgres_server, visibility="own")
    intakes = _add_intakes(clinic)
    for login, expected in ((clinic.tom, {"Own", "Shared"}), (clinic.tess, {"Other", "Shared"})):
        with connect_as(clinic.url, login) as conn:
            seen = {intakes[row[0]] for row in conn.execute("SELECT id FROM intake")}
            assert seen == expected
            answers = {row[0] for row in conn.execute("SELECT note FROM screening_answer")}
            assert answers == expected
    set_visibility(clinic.url, "all")
    with connect_as(clinic.url, clinic.tom) as conn:
        assert conn.execute("SELECT count(*) FROM intake").fetchone() == (3,)
        assert conn.execute("SELECT count(*) FROM screening_answer").fetchone() == (3,)


def test_without_a_settings_row_every_therapist_sees_every_chart(postgres_server: str) -> None:
    clinic = make_clinic(postgres_server, visibility="own")
    with as_schema_owner(clinic.url) as orm:
        orm.connection().exec_driver_sql("DELETE FROM clinic_settings")
    with connect_as(clinic.url, clinic.tom) as conn:
        assert _families(conn) == {"Own", "Other", "Shared"}
        assert conn.execute("SELECT count(*) FROM trigger_point").fetchone() == (3,)


def test_an_unknown_visibility_setting_shows_only_own_charts(postgres_server: str) -> None:
    # Only the exact word "all" opens every chart: anything else is the narrower "own".
    clinic = make_clinic(postgres_server, visibility="ALL")
    with connect_as(clinic.url, clinic.tom) as conn:
        assert _families(conn) == {"Own", "Shared"}
        assert conn.execute("SELECT count(*) FROM trigger_point").fetchone() == (2,)


def test_the_owner_role_sees_every_chart_in_own_mode(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.owner) as conn:
        assert _families(conn) == {"Own", "Other", "Shared"}


_NEW_MARK = (
    "INSERT INTO trigger_point (uid, session_id, view, x, y, region_id, side, status, "
    "taut_band, hypersensitive_spot, nodule, referred_pain, referral_regions, "
    "pain_recognition, local_twitch, jump_sign, rom_restriction, weakness, key_or_satellite, "
    "techniques, note, created_at, updated_at) VALUES (%s, %s, 'anterior', 1, 1, "
    "'chest_left', 'left', 'active', false, false, false, false, '[]', false, 'none', false, "
    "false, false, 'unknown', '[]', '', now(), now())")


def test_a_therapist_may_not_write_into_another_therapists_chart(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.tom) as conn:
        other_session = _session_of(clinic, "Other")
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(_NEW_MARK, (uuid.uuid4().hex, other_session))


def test_a_therapists_mark_moves_the_session_count_and_is_audited_once(clinic: Clinic) -> None:
    # In "own" mode, as Tom with plain SQL: the count trigger runs as his login, under the
    # session's own policy; the database's audit records the mark, not the count it moved.
    own_session = _session_of(clinic, "Own")
    with connect_as(clinic.url, clinic.tom) as conn:
        count = "SELECT mark_count FROM treatment_session WHERE id = %s"
        before = conn.execute(count, (own_session,)).fetchone()[0]
        events = "SELECT entity_type FROM audit_event WHERE id > %s ORDER BY id"
        last = conn.execute("SELECT max(id) FROM audit_event").fetchone()[0]
        mark = uuid.uuid4().hex
        conn.execute(_NEW_MARK, (mark, own_session))
        assert conn.execute(count, (own_session,)).fetchone()[0] == before + 1
        assert [row[0] for row in conn.execute(events, (last,))] == ["trigger_point"]
        last = conn.execute("SELECT max(id) FROM audit_event").fetchone()[0]
        conn.execute("DELETE FROM trigger_point WHERE uid = %s", (mark,))
        assert conn.execute(count, (own_session,)).fetchone()[0] == before
        assert [row[0] for row in conn.execute(events, (last,))] == ["trigger_point"]
        # A change of the session itself is still recorded.
        conn.execute("UPDATE treatment_session SET duration_minutes = duration_minutes "
                     "WHERE id = %s", (own_session,))
        assert [row[0] for row in conn.execute(events, (last,))][-1] == "treatment_session"


def test_a_patient_a_therapist_adds_in_own_mode_is_theirs_at_once(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.tom) as conn:
        added = conn.execute(
            "INSERT INTO patient (uid, chart_number, given_name, family_name, given_key, "
            "family_key, date_of_birth, phone, email, address, referring_physician, "
            "referral_reason, archived, created_at, updated_at) VALUES (%s, 'C-9', 'New', "
            "'Newcomer', 'new', 'newcomer', '1990-01-01', '', '', '', '', '', false, now(), "
            "now()) RETURNING family_name", (uuid.uuid4().hex,)).fetchone()
        assert added == ("Newcomer",)
        assert "Newcomer" in _families(conn)
    with connect_as(clinic.url, clinic.tess) as conn:
        assert "Newcomer" not in _families(conn)


def test_nobody_can_change_or_delete_audit_events(clinic: Clinic) -> None:
    for login in clinic.people().values():
        with connect_as(clinic.url, login) as conn:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("UPDATE audit_event SET actor = 'nobody'")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("DELETE FROM audit_event")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("TRUNCATE audit_event")


def test_the_database_writes_its_own_audit_event_naming_the_login(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.tom) as conn:
        conn.execute("UPDATE patient SET phone = '555' WHERE family_name = 'Own'")
        actor, action, detail = conn.execute(
            "SELECT actor, action, detail FROM audit_event WHERE entity_type = 'patient' "
            "ORDER BY id DESC LIMIT 1").fetchone()
    assert (actor, action) == ("Tom Therapist", "db update")
    assert detail["database_login"] == clinic.tom


def test_a_persons_login_cannot_alter_drop_or_create(clinic: Clinic) -> None:
    for login in clinic.people().values():
        with connect_as(clinic.url, login) as conn:
            for statement in ("ALTER TABLE patient ADD COLUMN sneaky text",
                              "DROP TABLE trigger_point",
                              "ALTER TABLE patient DISABLE ROW LEVEL SECURITY",
                              "DROP POLICY nmt_therapist_charts ON patient",
                              "CREATE TABLE mine (id int)",
                              "SET ROLE nmt_schema_owner"):
                with pytest.raises(errors.InsufficientPrivilege):
                    conn.execute(statement)


def test_force_applies_row_level_security_to_the_table_owner_too(clinic: Clinic) -> None:
    # The IT person acting as the schema owner reads no chart by accident; only a migration,
    # which switches full access on, sees the rows.
    with psycopg.connect(_superuser_conninfo(clinic.url), autocommit=True) as conn:
        conn.execute("SET ROLE nmt_schema_owner")
        assert conn.execute("SELECT count(*) FROM patient").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM trigger_point").fetchone() == (0,)
        conn.execute("SET nmt.full_access = 'on'")
        assert conn.execute("SELECT count(*) FROM trigger_point").fetchone()[0] >= 3


def test_signed_sessions_stay_immutable_for_a_therapist(clinic: Clinic) -> None:
    with as_schema_owner(clinic.url) as orm:
        orm.connection().exec_driver_sql(
            "UPDATE treatment_session SET status = 'signed' WHERE id = %(id)s",
            {"id": _session_of(clinic, "Own")})
    with connect_as(clinic.url, clinic.tom) as conn, pytest.raises(errors.RestrictViolation):
        conn.execute("DELETE FROM trigger_point WHERE session_id = %s",
                     (_session_of(clinic, "Own"),))


def _session_of(clinic: Clinic, family: str) -> int:
    with as_schema_owner(clinic.url) as orm:
        return int(orm.connection().exec_driver_sql(
            "SELECT s.id FROM treatment_session s JOIN patient p ON p.id = s.patient_id "
            "WHERE p.family_name = %(f)s", {"f": family}).scalar_one())


def _superuser_conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"host={parsed.host} port={parsed.port} dbname={parsed.database} " \
           f"user={parsed.username}"


def test_an_out_of_date_clinic_server_is_not_upgraded_by_opening_it(clinic: Clinic) -> None:
    from nmt_desktop.db.database import Database
    from nmt_desktop.db.errors import SchemaChangeFailedError
    from nmt_desktop.db.schema import SCHEMA_HEAD

    with as_schema_owner(clinic.url) as orm:
        orm.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '0005'")
    try:
        with pytest.raises(SchemaChangeFailedError, match="server upgrade"):
            Database.open(clinic.url)  # even the superuser: upgrades run as the schema owner
    finally:
        with as_schema_owner(clinic.url) as orm:
            orm.connection().exec_driver_sql("UPDATE alembic_version SET version_num = "
                                             f"'{SCHEMA_HEAD}'")


def test_chart_numbers_stay_unique_across_charts_a_therapist_cannot_see(clinic: Clinic) -> None:
    with connect_as(clinic.url, clinic.tom) as conn:
        assert conn.execute("SELECT count(*) FROM patient WHERE chart_number = 'C-2'"
                            ).fetchone() == (0,)  # Tess's patient: invisible to Tom
        assert conn.execute("SELECT nmt_chart_number_taken('C-2', NULL)").fetchone() == (True,)
        assert conn.execute("SELECT nmt_chart_number_taken('C-77', NULL)").fetchone() == (False,)
        newest = conn.execute("SELECT nmt_newest_patient_id()").fetchone()[0]
        assert newest >= 3
