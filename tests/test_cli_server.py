"""`nmt-desktop server init|add-user|upgrade|check` as the clinic's IT person runs them.

`server check` must pass on a database `server init` set up, and name each deliberate break
on one line, exiting non-zero.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from nmt_desktop.__main__ import main
from nmt_desktop.db.server_advice import NO_DELAY, NOT_LOADED, UNKNOWN
from tests.db.server_clinic import fresh_database
from tests.pg_server import find_pg_bin, running_server

pytestmark = pytest.mark.postgres

SET_UP = "The clinic server is set up as expected."
#: `server check` on a set-up server of the test suite: the superuser reads
#: shared_preload_libraries, and the test server does not load auth_delay (advice, exit 0).
AS_EXPECTED = [SET_UP, NOT_LOADED]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sql(url: str, *statements: str) -> None:
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database,
                         user=parsed.username, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def test_init_add_user_check_and_upgrade(postgres_server: str, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    url = fresh_database(postgres_server)
    code, out, err = run(capsys, "--db", url, "server", "init")
    assert (code, err) == (0, "")
    assert "Row-level security is on and forced" in out
    login = f"sam_{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("NMT_NEW_PASSWORD", "sams-long-password")
    code, out, err = run(capsys, "--db", url, "server", "add-user", login, "--role",
                         "therapist", "--display-name", "Sam Rivera")
    assert (code, err) == (0, "")
    assert f"Added login {login} (Therapist, Sam Rivera; new account)" in out
    assert "sams-long-password" not in out
    code, out, err = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines(), err) == (0, AS_EXPECTED, "")
    code, out, _ = run(capsys, "--db", url, "server", "upgrade")
    assert code == 0 and "already at schema" in out
    code, _, err = run(capsys, "--db", url, "server", "add-user", login, "--role", "therapist")
    assert code == 1 and "already has a role" in err


def test_check_names_every_deliberate_break(postgres_server: str,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    url = fresh_database(postgres_server)
    assert run(capsys, "--db", url, "server", "init")[0] == 0
    login = f"bo_{uuid.uuid4().hex[:6]}"
    monkeypatch.setenv("NMT_NEW_PASSWORD", "bos-long-password")
    assert run(capsys, "--db", url, "server", "add-user", login, "--role", "front_desk")[0] == 0
    _sql(url,
         "ALTER TABLE trigger_point NO FORCE ROW LEVEL SECURITY",
         "DROP POLICY nmt_therapist_charts ON session_note",
         "GRANT DELETE ON audit_event TO nmt_therapist",
         "GRANT SELECT ON treatment_session TO nmt_front_desk",
         f"ALTER ROLE {login} CREATEDB",
         "DROP TRIGGER nmt_database_audit ON pain_zone",
         "ALTER TABLE goal OWNER TO nmt",
         "GRANT CREATE ON SCHEMA public TO PUBLIC",
         "CREATE FUNCTION nmt_sees_all_charts() RETURNS boolean LANGUAGE sql AS 'SELECT true'")
    code, out, err = run(capsys, "--db", url, "server", "check")
    assert code == 1
    assert err.count("\n") == 1 and "difference(s) from the expected setup" in err
    expected = ["row-level security is not FORCEd on trigger_point",
                "policy nmt_therapist_charts is missing on session_note",
                "nmt_therapist has DELETE on audit_event, which its role must not have",
                "nmt_front_desk has SELECT on treatment_session, which its role must not have",
                f"login {login} has CREATEDB",
                "the database's audit trigger is missing on pain_zone",
                "goal is owned by nmt, not nmt_schema_owner",
                "every login (PUBLIC) may create objects in schema public",
                "function nmt_sees_all_charts() is left from an older setup"]
    for line in expected:
        assert any(found.startswith(line) for found in out.splitlines()), line
    assert out.splitlines()[-1] == NOT_LOADED  # advice is printed whatever the verdict
    # init repairs the database's side of it; a person's own login is the IT person's call.
    assert run(capsys, "--db", url, "server", "init")[0] == 0
    _sql(url, f"ALTER ROLE {login} NOCREATEDB")
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines()) == (0, AS_EXPECTED)


def test_upgrade_refuses_a_database_that_was_not_set_up(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_database(postgres_server)
    code, _, err = run(capsys, "--db", url, "server", "upgrade")
    assert code == 1 and "run `nmt-desktop server init` first" in err


def test_server_commands_refuse_a_sqlite_file(tmp_path: object,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", "sqlite:////tmp/nowhere.sqlite", "server", "check")
    assert code == 1 and "need a PostgreSQL URL" in err


def test_init_takes_over_a_database_one_shared_role_made_and_upgrades_it(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine

    from nmt_desktop.db.migrate import migrate_connection

    url = fresh_database(postgres_server)
    engine = create_engine(url)
    with engine.begin() as connection:  # the old way: whoever connects first owns it all
        migrate_connection(connection, "0005")
    engine.dispose()
    code, out, err = run(capsys, "--db", url, "server", "init")
    assert (code, err) == (0, "")
    assert "Set up" in out
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines()) == (0, AS_EXPECTED)


def test_the_database_owner_with_createrole_can_set_it_up(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    it_login = f"it_{uuid.uuid4().hex[:6]}"
    name = f"nmt_{uuid.uuid4().hex[:10]}"
    _sql(postgres_server, f"CREATE ROLE {it_login} LOGIN CREATEROLE",
         f'CREATE DATABASE "{name}" OWNER {it_login}')
    parsed = make_url(postgres_server)
    url = f"postgresql+psycopg://{it_login}@{parsed.host}:{parsed.port}/{name}"
    code, out, err = run(capsys, "--db", url, "server", "init")
    assert (code, err) == (0, ""), err
    code, out, _ = run(capsys, "--db", url, "server", "check")
    # Not a superuser: shared_preload_libraries is not theirs to read, which is advice too.
    assert (code, out.splitlines()) == (0, [SET_UP, UNKNOWN])
    code, out, err = run(capsys, "--db", url, "server", "upgrade")
    assert code == 0, err


def test_a_plain_login_cannot_set_up_the_server(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_database(postgres_server)
    plain = f"plain_{uuid.uuid4().hex[:6]}"
    _sql(url, f"CREATE ROLE {plain} LOGIN")
    code, _, err = run(capsys, "--db", url.replace("://nmt@", f"://{plain}@"), "server", "init")
    assert code == 1 and "needs a PostgreSQL superuser" in err


def test_upgrade_migrates_as_the_schema_owner_and_secures_new_tables(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from nmt_desktop.db.server_security import lift_for_migrations

    url = fresh_database(postgres_server)
    assert run(capsys, "--db", url, "server", "init")[0] == 0
    engine = create_engine(url)
    with engine.begin() as connection:  # back to 0005, as the schema owner would have been
        connection.exec_driver_sql("SET LOCAL ROLE nmt_schema_owner")
        connection.exec_driver_sql("SET LOCAL nmt.full_access = 'on'")
        config = Config()
        config.set_main_option("script_location",
                               str(resources.files("nmt_desktop.db") / "migrations"))
        config.attributes["connection"] = connection
        lift_for_migrations(connection)
        command.downgrade(config, "0005")
    engine.dispose()
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert code == 1 and "run `nmt-desktop server upgrade`" in out
    code, out, err = run(capsys, "--db", url, "server", "upgrade")
    assert (code, err) == (0, "") and "from schema 0005 to" in out
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines()) == (0, AS_EXPECTED)


def test_check_names_changed_definitions_and_upgrade_lays_them_out_again(
        postgres_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_database(postgres_server)
    assert run(capsys, "--db", url, "server", "init")[0] == 0
    # As the schema owner could: every name stays, what each thing does changes.
    _sql(url,
         "SET ROLE nmt_schema_owner",
         "ALTER POLICY nmt_therapist_charts ON trigger_point USING (true)",
         "ALTER FUNCTION nmt_my_account_uid() SECURITY INVOKER",
         "DROP TRIGGER nmt_database_audit ON pain_zone",
         "CREATE TRIGGER nmt_database_audit AFTER INSERT OR UPDATE OR DELETE ON pain_zone "
         "FOR EACH ROW EXECUTE FUNCTION nmt_access_from_share()")
    code, out, err = run(capsys, "--db", url, "server", "check")
    assert code == 1 and "3 difference(s) from the expected setup" in err
    assert out.splitlines()[:3] == [
        "policy nmt_therapist_charts on trigger_point has USING (true), not the expected "
        "expression: run `nmt-desktop server upgrade`",
        "function nmt_my_account_uid() differs from the expected one: it is not SECURITY "
        "DEFINER: run `nmt-desktop server upgrade`",
        "trigger nmt_database_audit on pain_zone runs AFTER INSERT OR DELETE OR UPDATE FOR EACH "
        "ROW EXECUTE FUNCTION nmt_access_from_share(), not AFTER INSERT OR DELETE OR UPDATE FOR "
        "EACH ROW EXECUTE FUNCTION nmt_audit_row(): run `nmt-desktop server upgrade`"]
    assert run(capsys, "--db", url, "server", "upgrade")[0] == 0
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines()) == (0, AS_EXPECTED)


@pytest.fixture(scope="module")
def server_with_auth_delay() -> Iterator[str]:
    """A server that loads auth_delay (its delay stays 0 ms until a test sets it)."""
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb found)")
    with running_server(settings={"shared_preload_libraries": "auth_delay"}) as url:
        yield url


def test_check_advises_on_auth_delay_only_until_it_waits(
        server_with_auth_delay: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_database(server_with_auth_delay)
    assert run(capsys, "--db", url, "server", "init")[0] == 0
    code, out, _ = run(capsys, "--db", url, "server", "check")
    assert (code, out.splitlines()) == (0, [SET_UP, NO_DELAY])  # loaded, with its default 0
    _sql(url, "ALTER SYSTEM SET auth_delay.milliseconds = 500", "SELECT pg_reload_conf()")
    try:
        _wait_for_setting(url, "auth_delay.milliseconds", "500")
        code, out, _ = run(capsys, "--db", url, "server", "check")
        assert (code, out.splitlines()) == (0, [SET_UP])
    finally:
        _sql(url, "ALTER SYSTEM RESET auth_delay.milliseconds", "SELECT pg_reload_conf()")


def _wait_for_setting(url: str, name: str, value: str) -> None:
    """Until a new connection sees `value` (the server applies a reload asynchronously)."""
    parsed = make_url(url)
    deadline = time.monotonic() + 10
    while True:
        with psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database,
                             user=parsed.username) as conn:
            row = conn.execute("SELECT setting FROM pg_settings WHERE name = %s",
                               (name,)).fetchone()
        if row == (value,):
            return
        assert time.monotonic() < deadline, f"{name} is still {row} after a reload"
        time.sleep(0.1)
