"""A clinic server out of reach or refusing: said as such, quickly, in one line.

A server that stops under an open app, a port nobody answers on, and a login the server
refuses to let write (SQLSTATE 42501, which must not read as "the server did not answer").
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from nmt_desktop.db.database import Database
from nmt_desktop.db.engine import POSTGRES_TIMEOUTS, make_engine, postgres_connect_args
from nmt_desktop.db.write_failures import FailureKind, classify_write_failure
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients
from tests.conftest import _fresh_postgres_database as fresh_postgres_database
from tests.people import TEST_OWNER
from tests.pg_server import find_pg_bin, running_server

NOBODY_LISTENS = "postgresql+psycopg://nmt@127.0.0.1:1/nmt_test"
#: The window may wait this long at most for a write to a server that is gone.
LONGEST_FREEZE_S = 10.0

needs_postgres = pytest.mark.skipif(find_pg_bin() is None,
                                    reason="PostgreSQL is not installed")


def test_the_engine_bounds_every_wait_on_the_network_unless_the_url_says_otherwise() -> None:
    assert postgres_connect_args(NOBODY_LISTENS) == POSTGRES_TIMEOUTS
    own = postgres_connect_args(NOBODY_LISTENS + "?connect_timeout=9")
    assert "connect_timeout" not in own and own["tcp_user_timeout"] == 8000


@pytest.mark.postgres
@needs_postgres
def test_a_server_that_stops_under_an_open_database_is_said_to_be_unreachable() -> None:
    with running_server() as url:
        db = Database.open(url).signed_in_as(TEST_OWNER)
        patients.create_patient(db, PatientInput("Zoë", "Ode", "1980-01-01"))
    # The server is stopped now; the app still holds its pooled connection.
    try:
        started = time.monotonic()
        with pytest.raises(DBAPIError) as failed:
            patients.create_patient(db, PatientInput("Ann", "Ode", "1980-01-01"))
        assert time.monotonic() - started < LONGEST_FREEZE_S
    finally:
        db.close()
    failure = classify_write_failure(failed.value)
    assert failure is not None and failure.kind is FailureKind.UNREACHABLE and failure.transient
    assert "did not answer" in failure.sentence


def test_a_port_nobody_answers_on_fails_fast_as_unreachable() -> None:
    engine = make_engine(NOBODY_LISTENS)
    started = time.monotonic()
    try:
        with pytest.raises(DBAPIError) as failed, engine.connect():
            pass
    finally:
        engine.dispose()
    assert time.monotonic() - started < LONGEST_FREEZE_S
    failure = classify_write_failure(failed.value)
    assert failure is not None and failure.kind is FailureKind.UNREACHABLE


@pytest.mark.postgres
def test_permission_denied_is_said_as_such_not_as_no_answer(postgres_server: str) -> None:
    any_db_url = fresh_postgres_database(postgres_server)
    Database.open(any_db_url).close()  # the schema, made by the owner
    role = f"nmt_reader_{any_db_url.rsplit('_', 1)[-1]}"
    admin = create_engine(any_db_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE ROLE {role} LOGIN"))
            connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
        reader = make_engine(any_db_url.replace("://nmt@", f"://{role}@"))
        try:
            with pytest.raises(DBAPIError) as refused, reader.begin() as connection:
                connection.execute(text("UPDATE clinic_settings SET name = 'x'"))
        finally:
            reader.dispose()
    finally:
        admin.dispose()
    assert getattr(refused.value.orig, "sqlstate", None) == "42501"
    failure = classify_write_failure(refused.value)
    assert failure is not None and failure.kind is FailureKind.PERMISSION
    assert "refused permission" in failure.sentence and "did not answer" not in failure.sentence


def test_the_command_line_says_an_unreachable_server_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nmt_desktop", "--db", NOBODY_LISTENS, "patients", "add",
         "--given", "Ann", "--family", "Ode", "--dob", "1980-01-01"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "did not answer" in lines[0], done.stderr


@pytest.mark.postgres
def test_a_window_write_waits_only_briefly_for_a_lock_another_client_holds(
        postgres_server: str) -> None:
    """The window's thread bounds lock waits on a server as on SQLite; then it says "waiting"."""
    from nmt_desktop.services.patients import CHART_NUMBER_LOCK_KEY

    url = fresh_postgres_database(postgres_server)
    db = Database.open(url).signed_in_as(TEST_OWNER)
    other = make_engine(url)
    try:
        db.wait_for_writers_in_this_thread(250)
        with other.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": CHART_NUMBER_LOCK_KEY})
            started = time.monotonic()
            with pytest.raises(DBAPIError) as waited:
                patients.create_patient(db, PatientInput("Ann", "Ode", "1980-01-01"))
            assert time.monotonic() - started < 3.0
        # The other client has committed: the same write goes through.
        patients.create_patient(db, PatientInput("Ann", "Ode", "1980-01-01"))
    finally:
        other.dispose()
        db.close()
    failure = classify_write_failure(waited.value)
    assert failure is not None and failure.kind is FailureKind.LOCKED and failure.transient
