"""Every database failure during a command is one line and a non-zero exit, and loses nothing.

Faults are real where the machine allows it: a tiny tmpfs that fills up, a second sqlite3
connection holding the write lock, a PostgreSQL server that is stopped, a role without write
permission. A failing connection (an engine hook raising the driver's own error) covers the
same words where a real fault cannot be made.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from nmt_desktop.db.write_failures import FailureKind, classify_write_failure
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services.patient_search import search_patients
from nmt_desktop.services.patients import create_patient
from tests.cli_accounts import SHARED_LOGIN_WARNING, cli_sign_in_env, prepare_sign_in
from tests.faults.filesystems import fill, tiny_filesystem
from tests.people import TEST_OWNER
from tests.pg_server import find_pg_bin, running_server

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)

ACTOR = "test"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add(capsys: pytest.CaptureFixture[str], url: str, given: str) -> tuple[int, str, str]:
    return run(capsys, "--db", url, "patients", "add", "--given", given, "--family", "Lee",
               "--dob", "1980-01-01")


def names(url: str) -> list[str]:
    db = Database.open(url).signed_in_as(TEST_OWNER)
    try:
        return sorted(p.given_name for p in search_patients(db, "", True, limit=1000))
    finally:
        db.close()


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("nmt-desktop: error: Not saved: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    with tiny_filesystem(tmp_path / "fs") as mount_point:
        yield mount_point


def test_disk_full_is_one_line_and_loses_nothing(capsys: pytest.CaptureFixture[str],
                                                 mounted: Path) -> None:
    url = f"sqlite:///{mounted / 'chart.sqlite'}"
    assert add(capsys, url, "Ann")[0] == 0
    # The app stays open on the file (its -wal and -shm exist), so the command opens it and
    # fails at its write; a disk full while opening is the open path's own refusal.
    app = sqlite3.connect(mounted / "chart.sqlite")
    app.execute("SELECT count(*) FROM patient").fetchone()
    try:
        filler = fill(mounted)
        code, _, err = add(capsys, url, "Bea")
        assert_one_line(code, err, "the disk is full")
        filler.unlink()
    finally:
        app.close()
    assert add(capsys, url, "Cy")[0] == 0
    assert names(url) == ["Ann", "Cy"]


def _refuse_writes(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def test_read_only_database_is_one_line(capsys: pytest.CaptureFixture[str],
                                        sqlite_url: str) -> None:
    # GIVEN an existing database (creating one is the open path's job, tested in tests/db)
    assert add(capsys, sqlite_url, "Ann")[0] == 0
    # WHEN every new connection refuses writes, as a file without write permission does
    event.listen(Engine, "connect", _refuse_writes)
    try:
        code, _, err = add(capsys, sqlite_url, "Bea")
    finally:
        event.remove(Engine, "connect", _refuse_writes)
    # THEN one line says read-only, and nothing changed
    assert_one_line(code, err, "read-only")
    assert names(sqlite_url) == ["Ann"]


def test_failing_connection_reports_disk_full(capsys: pytest.CaptureFixture[str],
                                              sqlite_url: str) -> None:
    assert add(capsys, sqlite_url, "Ann")[0] == 0
    event.listen(Engine, "before_cursor_execute", _fail_inserts)
    try:
        code, _, err = add(capsys, sqlite_url, "Bea")
    finally:
        event.remove(Engine, "before_cursor_execute", _fail_inserts)
    assert_one_line(code, err, "the disk is full")
    assert names(sqlite_url) == ["Ann"]


def _fail_inserts(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
    if statement.lstrip().upper().startswith("INSERT"):
        raise sqlite3.OperationalError("database or disk is full")


def test_write_lock_held_by_another_program_is_one_line(
        capsys: pytest.CaptureFixture[str], sqlite_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nmt_desktop.cli.common.COMMAND_WRITE_WAIT_MS", 1000)
    assert add(capsys, sqlite_url, "Ann")[0] == 0
    other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = add(capsys, sqlite_url, "Bea")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert_one_line(code, err, "another program is writing to this chart file")
    assert add(capsys, sqlite_url, "Cy")[0] == 0
    assert names(sqlite_url) == ["Ann", "Cy"]


def test_write_waits_for_a_short_lock_and_succeeds(capsys: pytest.CaptureFixture[str],
                                                   sqlite_url: str) -> None:
    assert add(capsys, sqlite_url, "Ann")[0] == 0
    other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None,
                            check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        code, _, err = add(capsys, sqlite_url, "Bea")
    finally:
        release.join()
        other.close()
    assert code == 0, err
    assert names(sqlite_url) == ["Ann", "Bea"]


@pytest.mark.postgres
def test_stopped_server_is_one_line_at_write_time() -> None:
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed")
    with running_server() as url:
        db = Database.open(url).signed_in_as(TEST_OWNER)
        create_patient(db, PatientInput("Ann", "Lee", "1980-01-01"))
    # The server is stopped now; the open database notices at its next write.
    try:
        with pytest.raises(Exception) as caught:
            create_patient(db, PatientInput("Bea", "Lee", "1980-01-01"))
    finally:
        db.close()
    failure = classify_write_failure(caught.value)
    assert failure is not None and failure.kind is FailureKind.UNREACHABLE
    assert failure.transient
    assert "server did not answer" in failure.sentence


@pytest.mark.postgres
def test_stopped_server_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed")
    with running_server() as url:
        assert add(capsys, url, "Ann")[0] == 0
    code, _, err = add(capsys, url, "Bea")
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err, err


@pytest.mark.postgres
def test_permission_denied_says_permission(capsys: pytest.CaptureFixture[str],
                                           any_db_url: str) -> None:
    if not any_db_url.startswith("postgresql"):
        pytest.skip("roles exist on PostgreSQL only")
    from sqlalchemy import create_engine, text

    assert add(capsys, any_db_url, "Ann")[0] == 0
    admin = create_engine(any_db_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP ROLE IF EXISTS reader"))
        connection.execute(text("CREATE ROLE reader LOGIN"))
        connection.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader"))
    admin.dispose()
    reader_url = any_db_url.replace("://nmt@", "://reader@")
    code, _, err = add(capsys, reader_url, "Bea")
    # the shared-login warning (this database was not set up by `server init`), then one line
    assert err.startswith(SHARED_LOGIN_WARNING), err
    err = err.removeprefix(SHARED_LOGIN_WARNING)
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "permission" in err and "did not answer" not in err, err
    assert names(any_db_url) == ["Ann"]
