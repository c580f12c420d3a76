"""`server check` compares what each policy, function and trigger IS, not only what it is called.

Each case changes one definition the way a login with the schema owner's rights could, keeping
every name, and the check must name exactly that change. The change is made in the test's own
transaction and rolled back afterwards, so one set-up server serves every case. The check
itself must leave the catalog as it found it, also when it cannot finish its comparison.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine

from nmt_desktop.db.server_check import find_drift
from nmt_desktop.db.server_definitions import expected_and_present, scratch_statements
from nmt_desktop.db.server_functions import FUNCTIONS
from nmt_desktop.db.server_security import Scope, database_table_columns, policies
from nmt_desktop.services.clinic_server import check_server, init_server
from tests.db.server_clinic import fresh_database

pytestmark = pytest.mark.postgres

_UPGRADE = ": run `nmt-desktop server upgrade`"
#: The therapist's policy on a mark of a session, as `apply_security` writes it.
_SESSION_CONDITION = next(using for name, _, _, using, _ in
                          policies(Scope.BY_SESSION, "session_note")
                          if name == "nmt_therapist_charts")


@pytest.fixture(scope="module")
def server_url(postgres_server: str) -> str:
    url = fresh_database(postgres_server)
    init_server(url)
    return url


@pytest.fixture
def connection(server_url: str) -> Iterator[Connection]:
    """The IT person's connection, in a transaction rolled back after the test."""
    engine = create_engine(server_url)
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()
    engine.dispose()


def _as_schema_owner(connection: Connection, *statements: str) -> None:
    connection.exec_driver_sql("SET LOCAL ROLE nmt_schema_owner")
    for statement in statements:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql("RESET ROLE")


def _catalog(connection: Connection) -> list[tuple[object, ...]]:
    """What a check must not change: policies, functions, triggers, relations, schemas."""
    rows: list[tuple[object, ...]] = []
    for query in (
            "SELECT schemaname, tablename, policyname, permissive, roles::text, cmd, qual, "
            "with_check FROM pg_policies ORDER BY 1, 2, 3",
            "SELECT oid, proname, prosrc, prosecdef, proconfig::text FROM pg_proc "
            "ORDER BY oid",
            "SELECT oid, tgrelid, tgname, tgenabled, tgfoid FROM pg_trigger ORDER BY oid",
            "SELECT oid, relname, relnamespace, relkind FROM pg_class ORDER BY oid",
            "SELECT oid, nspname FROM pg_namespace ORDER BY oid"):
        rows += [("query", query), *(tuple(row) for row in
                                     connection.exec_driver_sql(query).all())]
    return rows


def test_a_freshly_set_up_server_reports_nothing(server_url: str,
                                                 connection: Connection) -> None:
    before = _catalog(connection)
    assert find_drift(connection) == []
    assert _catalog(connection) == before  # the scratch copies are gone within the transaction
    assert check_server(server_url).drift == []


BREAKS = {
    "policy loosened to true": (
        ["ALTER POLICY nmt_therapist_charts ON trigger_point USING (true)"],
        "policy nmt_therapist_charts on trigger_point has USING (true), not the expected "
        "expression"),
    "with check changed": (
        ["ALTER POLICY nmt_therapist_charts ON pain_zone WITH CHECK (true)"],
        "policy nmt_therapist_charts on pain_zone has WITH CHECK (true), not the expected "
        "expression"),
    "with check removed": (
        ["DROP POLICY nmt_therapist_charts ON session_note",
         "CREATE POLICY nmt_therapist_charts ON session_note FOR ALL TO nmt_therapist "
         f"USING ({_SESSION_CONDITION})"],
        "policy nmt_therapist_charts on session_note has no WITH CHECK expression, where one "
        "is expected"),
    "audit trail opened to the front desk": (
        ["ALTER POLICY nmt_front_desk_reads ON audit_event USING (true)"],
        "policy nmt_front_desk_reads on audit_event has USING (true), not the expected "
        "expression"),
    "access table opened": (
        ["ALTER POLICY nmt_own_rows ON nmt_access.chart_access USING (true)"],
        "policy nmt_own_rows on nmt_access.chart_access has USING (true), not the expected "
        "expression"),
    "permissive policy made restrictive": (
        ["DROP POLICY nmt_owner_all ON goal",
         "CREATE POLICY nmt_owner_all ON goal AS RESTRICTIVE FOR ALL TO nmt_owner "
         "USING (true) WITH CHECK (true)"],
        "policy nmt_owner_all on goal is RESTRICTIVE, not PERMISSIVE"),
    "function body replaced": (
        ["CREATE OR REPLACE FUNCTION nmt_chart_number_taken(candidate text, other_than integer)"
         " RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, "
         "pg_temp AS $$ BEGIN RETURN false; END $$"],
        "function nmt_chart_number_taken(text,integer) differs from the expected one: its body "
        "was replaced"),
    "audit function emptied": (
        ["CREATE OR REPLACE FUNCTION nmt_audit_row() RETURNS trigger LANGUAGE plpgsql "
         "SET search_path = public, pg_temp AS $$ BEGIN RETURN NULL; END $$"],
        "function nmt_audit_row() differs from the expected one: its body was replaced"),
    "security definer dropped": (
        ["ALTER FUNCTION nmt_my_account_uid() SECURITY INVOKER"],
        "function nmt_my_account_uid() differs from the expected one: it is not SECURITY "
        "DEFINER"),
    "function marked leak-proof": (
        ["RESET ROLE", "ALTER FUNCTION nmt_created_by_me(integer) LEAKPROOF"],
        "function nmt_created_by_me(integer) differs from the expected one: it is LEAKPROOF"),
    "search path of a definer function removed": (
        ["ALTER FUNCTION nmt_refresh_chart_access(name) RESET search_path"],
        "function nmt_refresh_chart_access(name) differs from the expected one: its settings "
        "are none, not SET search_path=public, pg_temp"),
    "trigger calls another function": (
        ["DROP TRIGGER nmt_database_audit ON goal",
         "CREATE TRIGGER nmt_database_audit AFTER INSERT OR UPDATE OR DELETE ON goal "
         "FOR EACH ROW EXECUTE FUNCTION nmt_access_from_share()"],
        "trigger nmt_database_audit on goal runs AFTER INSERT OR DELETE OR UPDATE FOR EACH ROW "
        "EXECUTE FUNCTION nmt_access_from_share(), not AFTER INSERT OR DELETE OR UPDATE FOR "
        "EACH ROW EXECUTE FUNCTION nmt_audit_row()"),
    "trigger misses events": (
        ["DROP TRIGGER nmt_database_audit ON intake",
         "CREATE TRIGGER nmt_database_audit AFTER INSERT ON intake "
         "FOR EACH ROW EXECUTE FUNCTION nmt_audit_row()"],
        "trigger nmt_database_audit on intake runs AFTER INSERT FOR EACH ROW EXECUTE FUNCTION "
        "nmt_audit_row(), not AFTER INSERT OR DELETE OR UPDATE"),
    "access trigger misses a column": (
        ["DROP TRIGGER nmt_chart_access ON account",
         "CREATE TRIGGER nmt_chart_access AFTER INSERT OR DELETE OR UPDATE OF therapist_id "
         "ON account FOR EACH ROW EXECUTE FUNCTION nmt_access_from_account()"],
        "trigger nmt_chart_access on account runs AFTER INSERT OR DELETE OR UPDATE OF "
        "therapist_id FOR EACH ROW"),
    "bits table opened": (
        ["ALTER POLICY nmt_own_rows ON nmt_access.chart_bits USING (true)"],
        "policy nmt_own_rows on nmt_access.chart_bits has USING (true), not the expected "
        "expression"),
    "bits trigger dropped": (
        ["DROP TRIGGER nmt_chart_bits_delete ON nmt_access.chart_access"],
        "trigger nmt_chart_bits_delete is missing on nmt_access.chart_access"),
    "bits set by hand": (
        # A superuser's UPDATE (the schema owner's own needs full access): one chart more.
        ["RESET ROLE", "INSERT INTO nmt_access.chart_bits VALUES ('someone', B'0001')"],
        "the bit string of \"own\" chart access of someone differs from the access table"),
    "bits function emptied": (
        ["CREATE OR REPLACE FUNCTION nmt_with_bits(bits bit varying, positions integer[], "
         "value integer) RETURNS bit varying LANGUAGE plpgsql IMMUTABLE SET search_path = "
         "pg_catalog, pg_temp AS $$ BEGIN RETURN bits; END $$"],
        "function nmt_with_bits(bit varying,integer[],integer) differs from the expected one: "
        "its body was replaced"),
    "trigger fires on replicas only": (
        ["ALTER TABLE referral ENABLE REPLICA TRIGGER nmt_database_audit"],
        "trigger nmt_database_audit on referral fires only on replicas (never for the "
        "laptops), not as usual"),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_check_names_each_changed_definition(case: str, connection: Connection) -> None:
    statements, expected = BREAKS[case]
    _as_schema_owner(connection, *statements)
    findings = find_drift(connection)
    assert len(findings) == 1, findings
    assert findings[0].startswith(expected), findings
    assert findings[0].endswith(_UPGRADE)
    assert "\n" not in findings[0]


def test_check_changes_nothing_in_the_catalog(server_url: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SET ROLE nmt_schema_owner")
            connection.exec_driver_sql(
                "ALTER POLICY nmt_therapist_charts ON trigger_point USING (true)")
            connection.exec_driver_sql("RESET ROLE")
            before = _catalog(connection)
            drift = check_server(server_url).drift
            after = _catalog(connection)
    finally:
        init_server(server_url)  # lays the policy out again for the other tests
        engine.dispose()
    assert any(line.startswith("policy nmt_therapist_charts on trigger_point has USING (true)")
               for line in drift), drift
    assert after == before
    assert check_server(server_url).drift == []


def test_a_check_that_cannot_lay_out_the_expected_layer_says_so_and_leaves_nothing(
        connection: Connection) -> None:
    # Without this function the expected policies on patient cannot be created: the check
    # says it could not compare, and its half-made scratch copies are gone.
    _as_schema_owner(connection, "DROP FUNCTION nmt_newest_patient_id() CASCADE")
    before = _catalog(connection)
    findings = find_drift(connection)
    assert "function nmt_newest_patient_id() is missing" in findings
    assert any(line.startswith("the expected policies, functions and triggers could not be "
                               "laid out to compare them") and "nmt_newest_patient_id" in line
               for line in findings), findings
    assert _catalog(connection) == before
    assert connection.exec_driver_sql("SELECT count(*) FROM pg_class WHERE relnamespace = "
                                      "pg_my_temp_schema()").scalar() == 0


def test_a_login_that_may_not_make_scratch_copies_is_told_who_can(
        connection: Connection) -> None:
    # The schema owner has no TEMP right on the database (`server init` gives it none).
    connection.exec_driver_sql("SET LOCAL ROLE nmt_schema_owner")
    findings = find_drift(connection)
    assert any(line.startswith("the policies, functions and triggers could not be compared (")
               and "temporary tables" in line and line.endswith(
                   "run `nmt-desktop server check` as a superuser or the database's owner")
               for line in findings), findings


def test_a_read_only_server_is_named_as_such(connection: Connection) -> None:
    # A standby answers every transaction as read-only, where no scratch copy can be made.
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
    findings = find_drift(connection)
    assert any(line.endswith("run `nmt-desktop server check` on the primary server, not a "
                             "standby") for line in findings), findings


def test_every_function_the_check_names_has_an_expected_definition(
        connection: Connection) -> None:
    # A function `apply_security` lays out must be in function_definitions() too, or what it
    # does would go unchecked.
    expected, present = expected_and_present(connection, database_table_columns(connection))
    assert set(FUNCTIONS) <= set(expected.functions)
    assert set(expected.functions) <= set(present.functions)


def test_the_scratch_copies_touch_no_real_table(connection: Connection) -> None:
    columns = database_table_columns(connection)
    statements = scratch_statements(columns)
    for table in columns:
        assert f'CREATE TEMP TABLE "{table}" (LIKE public."{table}")' in statements
    for statement in statements:
        assert statement.startswith("CREATE TEMP TABLE ") or (
            " ON pg_temp." in statement or " FUNCTION pg_temp." in statement), statement
