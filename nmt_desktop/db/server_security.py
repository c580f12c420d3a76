"""A clinic server's own guard: roles, privileges, row-level security and the database's audit.

On a clinic server every laptop holds credentials, so what the app checks is not a boundary:
PostgreSQL must refuse by itself. `server init` (services/clinic_server.py) lays this out once:

- one **schema owner** role (`nmt_schema_owner`, NOLOGIN) owns every table; only migrations
  and this setup act as it (`SET ROLE` by the clinic's IT person), never a person's login;
- one **group role** per app role (`nmt_owner`, `nmt_therapist`, `nmt_front_desk`,
  domain/access.py Role); each person has their own LOGIN role, a member of one group;
- **privileges** per group: front desk gets the patient table's demographic columns and no
  clinical table; only owners read the clinic's secret exchange key (`COLUMN_READS`); nobody
  gets UPDATE or DELETE on `audit_event`; nobody but the schema owner can create or alter
  anything;
- **row-level security**, ENABLE and FORCE, on every clinical table: FORCE so that even the
  schema owner reads nothing by accident; it reads and writes everything only while the
  session setting `nmt.full_access` is on, which migrations set;
- **who sees which chart**: with the clinic setting `chart_visibility` "all" every therapist
  sees every chart; with "own", a therapist sees the patients they created, those with a
  session of theirs, and those shared with them (`chart_share`); owners see everything;
- **the database's own audit**: a trigger on every table writes an audit event naming the
  login (`current_user`) and its account (`account.server_login`), so a client that skips
  the app's own (richer) event still leaves a trace.

Everything here is idempotent and re-applied after every `server upgrade`, so a table added by
a later migration is covered as soon as it exists; `server check` (db/server_check.py)
reports any difference. The tables are classified from the models (`table_scopes`): a new
table with a `patient_id`, `intake_id` or `session_id` column is clinical by construction.

Performance (bench/server_rls.py): the clinic's "all"/"own" switch is an uncorrelated EXISTS
in the policy itself, an InitPlan run once per statement; "own" charts are one bit each in the
login's bit string, also read once per statement (`_my_chart`). A row of a session's table is
checked through its session (an index probe per row): statements that would read thousands of
marks read each session's mark count instead (revision 0008).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nmt_desktop.db.server_functions import (
    RETIRED_FUNCTIONS,
    access_statements,
    audit_trigger_statements,
    creation_function,
    function_statements,
    policy_statement,
)
from nmt_desktop.db.server_names import (
    ACCESS_SCHEMA,
    ACCESS_TRIGGER,
    AUDIT_TABLE,
    AUDIT_TRIGGER,
    BITS_TABLE,
    GROUPS,
    SCHEMA_OWNER,
    UPKEEP,
    VERSION_TABLE,
    quote,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: Tables with no patient data in their rows: readable by every group, written by owners.
REFERENCE_TABLES = frozenset({"therapist", "clinic_settings", "account"})
#: The clinic's exchange identity: the age secret key that opens every chart file sent to the
#: clinic. Only owners/admins read it (the role matrix's MANAGE_CLINIC: they make it, and it is
#: the clinic's, not one chart's): a therapist's or the front desk's login could otherwise
#: copy it and open any file meant for the clinic outside the app and outside their charts.
SECRET_SETTING = "exchange_identity"
#: Tables each group reads column by column (not with a table-level SELECT), and the columns
#: it may not read there: front desk, the patient's clinical referral reason and the secret
#: key; therapists, the secret key.
COLUMN_READS: dict[str, dict[str, frozenset[str]]] = {
    "nmt_front_desk": {"patient": frozenset({"referral_reason"}), "therapist": frozenset(),
                       "account": frozenset(), "chart_share": frozenset(),
                       "clinic_settings": frozenset({SECRET_SETTING})},
    "nmt_therapist": {"clinic_settings": frozenset({SECRET_SETTING})},
}


class Scope(enum.Enum):
    """Which chart a row belongs to, and so who may see it."""

    PATIENT = "patient"  # the patient row itself
    BY_PATIENT = "patient_id"
    BY_INTAKE = "intake_id"
    BY_SESSION = "session_id"
    AUDIT = "audit"


def table_scopes(table_columns: dict[str, set[str]]) -> dict[str, Scope]:
    """The row-level-secured tables and their scope, from {table: column names}."""
    scopes: dict[str, Scope] = {}
    for table, columns in sorted(table_columns.items()):
        if table == "patient":
            scopes[table] = Scope.PATIENT
        elif table == AUDIT_TABLE:
            scopes[table] = Scope.AUDIT
        elif table in REFERENCE_TABLES or table == VERSION_TABLE:
            continue
        else:
            scope = next((s for s in (Scope.BY_PATIENT, Scope.BY_INTAKE, Scope.BY_SESSION)
                          if s.value in columns), None)
            if scope is None:
                raise ValueError(f"table {table} belongs to no chart and is not a reference "
                                 "table: classify it in db/server_security.py")
            scopes[table] = scope
    return scopes


def model_table_columns() -> dict[str, set[str]]:
    """{table: column names} of every table the models define."""
    from nmt_desktop.db import models  # noqa: F401 - registers every table
    from nmt_desktop.db.base import Base

    return {table.name: {column.name for column in table.columns}
            for table in Base.metadata.sorted_tables}



# --- Roles (run by the IT person's own login: superuser or CREATEROLE) ------------------

def role_statements(database: str) -> list[str]:
    """Create the schema owner and the groups if missing; give the database to nobody else."""
    statements = []
    for role in (SCHEMA_OWNER, *GROUPS):
        statements.append(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
    # The IT person acts as the schema owner (SET ROLE) for migrations; nobody else does.
    statements.append(f"GRANT {SCHEMA_OWNER} TO CURRENT_USER")
    db = quote(database)
    statements += [
        f"REVOKE ALL ON DATABASE {db} FROM PUBLIC, {', '.join(GROUPS)}",
        f"GRANT CONNECT ON DATABASE {db} TO {', '.join(GROUPS)}",
        f"GRANT CONNECT, CREATE ON DATABASE {db} TO {SCHEMA_OWNER}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {SCHEMA_OWNER}",
        f"GRANT USAGE ON SCHEMA public TO {', '.join(GROUPS)}",
    ]
    return statements


def take_ownership_statements(connection: Connection) -> list[str]:
    """ALTER … OWNER for every object in `public` that another role owns (an older setup)."""
    rows = connection.exec_driver_sql(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = "
        "c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S', 'v', 'p') "
        f"AND pg_get_userbyid(c.relowner) <> '{SCHEMA_OWNER}' "
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
        "AND d.deptype IN ('a', 'i')))").all()
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "S": "SEQUENCE"}
    statements = [f"ALTER {kinds[kind]} {quote(name)} OWNER TO {SCHEMA_OWNER}"
                  for name, kind in rows]
    functions = connection.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = "
        "p.pronamespace WHERE n.nspname = 'public' "
        f"AND pg_get_userbyid(p.proowner) <> '{SCHEMA_OWNER}'").scalars().all()
    statements += [f"ALTER FUNCTION {signature} OWNER TO {SCHEMA_OWNER}"
                   for signature in functions]
    return statements


# --- Privileges -------------------------------------------------------------------------

WRITE = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})


def expected_table_privileges(table_columns: dict[str, set[str]]
                              ) -> dict[tuple[str, str], frozenset[str]]:
    """{(group, table): table-level privileges}; absent pairs have none.

    Front desk reads its tables, and therapists the clinic settings, through column
    privileges (`readable_columns`).
    """
    scopes = table_scopes(table_columns)
    granted: dict[tuple[str, str], frozenset[str]] = {}
    for group in GROUPS:
        granted[group, VERSION_TABLE] = frozenset({"SELECT"})
    granted["nmt_owner", AUDIT_TABLE] = frozenset({"SELECT", "INSERT"})
    granted["nmt_therapist", AUDIT_TABLE] = frozenset({"SELECT", "INSERT"})
    granted["nmt_front_desk", AUDIT_TABLE] = frozenset({"SELECT", "INSERT"})
    for table in table_columns:
        if table in (VERSION_TABLE, AUDIT_TABLE):
            continue
        granted["nmt_owner", table] = WRITE
        if table in COLUMN_READS["nmt_therapist"]:
            continue  # read column by column (`readable_columns`)
        if table in REFERENCE_TABLES:
            granted["nmt_therapist", table] = frozenset({"SELECT"})
        elif table in scopes:
            granted["nmt_therapist", table] = WRITE
    granted["nmt_front_desk", "patient"] = frozenset({"INSERT", "UPDATE"})
    granted["nmt_front_desk", "chart_share"] = frozenset({"INSERT", "DELETE"})
    return granted


def readable_columns(group: str, table_columns: dict[str, set[str]]) -> dict[str, set[str]]:
    """{table: columns} `group` may SELECT through column privileges (`COLUMN_READS`)."""
    return {table: table_columns[table] - hidden
            for table, hidden in COLUMN_READS.get(group, {}).items() if table in table_columns}


def privilege_statements(table_columns: dict[str, set[str]]) -> list[str]:
    """Start from nothing, then grant each group exactly what its role needs."""
    everyone = ", ".join(GROUPS)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {everyone}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {everyone}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, {everyone}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {everyone}",
    ]
    # Column privileges are not removed by REVOKE … ON ALL TABLES.
    for table, columns in sorted(table_columns.items()):
        listed = ", ".join(quote(column) for column in sorted(columns))
        statements.append(f"REVOKE ALL ({listed}) ON {quote(table)} FROM PUBLIC, {everyone}")
    for (group, table), privileges in sorted(expected_table_privileges(table_columns).items()):
        statements.append(f"GRANT {', '.join(sorted(privileges))} ON {quote(table)} TO {group}")
    for group in sorted(COLUMN_READS):
        for table, columns in sorted(readable_columns(group, table_columns).items()):
            listed = ", ".join(quote(column) for column in sorted(columns))
            statements.append(f"GRANT SELECT ({listed}) ON {quote(table)} TO {group}")
    return statements


# --- Row-level security -----------------------------------------------------------------

# The clinic's switch ("all" unless the settings row says otherwise), written out rather than
# called: an uncorrelated EXISTS is an InitPlan, run once per statement. Through a SQL function
# it was not inlined (its body has a subquery), so each policy of each statement planned and ran
# the function's own query: most of what "all" mode cost over the floor.
_SEES_ALL = ("(NOT EXISTS (SELECT 1 FROM public.clinic_settings s WHERE s.id = 1 "
             "AND s.chart_visibility <> 'all'))")


def _my_chart(patient_column: str) -> str:
    """The login may see the chart `patient_column` names ("own" mode): its bit is set.

    The login's bit string (BITS_TABLE, kept from the access table) is read once per statement
    (an uncorrelated subquery: an InitPlan); each row checked then costs one `get_bit`, where a
    lookup in the access table cost an index probe per row or a hashed set of all the login's
    charts per statement. `|| B''` hands the InitPlan a decompressed copy: the stored string is
    compressed, and `get_bit` on it would decompress it again for every row. CASE keeps
    `get_bit` from an id past the string's end (no bit: not visible, never an error).
    """
    bits = (f"(SELECT b.bits || B'' FROM {BITS_TABLE} b WHERE b.login = current_user)")
    return (f"(CASE WHEN {patient_column} < length({bits}) "
            f"THEN get_bit({bits}, {patient_column}) = 1 ELSE false END)")


def _therapist_condition(scope: Scope, table: str) -> str:
    # Columns of the row are qualified with the table's name: inside the subqueries an
    # unqualified `patient_id` would name the access table's own column.
    if scope is Scope.PATIENT:
        return (f"{_SEES_ALL} OR {_my_chart(f'{table}.id')} "
                f"OR ({table}.id > (SELECT nmt_newest_patient_id()) "
                f"AND nmt_created_by_me({table}.id))")
    if scope is Scope.BY_PATIENT:
        return f"{_SEES_ALL} OR {_my_chart(f'{table}.patient_id')}"
    # The parent's own policy filters the subquery: a row is visible with its intake/session.
    if scope is Scope.BY_INTAKE:
        return (f"{_SEES_ALL} OR EXISTS (SELECT 1 FROM intake i "
                f"WHERE i.id = {table}.intake_id)")
    if scope is Scope.BY_SESSION:
        return (f"{_SEES_ALL} OR EXISTS (SELECT 1 FROM treatment_session s "
                f"WHERE s.id = {table}.session_id)")
    raise AssertionError(scope)


def policies(scope: Scope, table: str) -> Iterator[tuple[str, str, str, str | None, str | None]]:
    """(name, command, role, USING, WITH CHECK) of every policy on a table of `scope`."""
    upkeep = UPKEEP
    yield "nmt_schema_owner_upkeep", "ALL", SCHEMA_OWNER, upkeep, upkeep
    if scope is Scope.AUDIT:
        mine = "actor_account_uid = (SELECT nmt_my_account_uid())"
        yield "nmt_owner_reads", "SELECT", "nmt_owner", "true", None
        yield ("nmt_therapist_reads", "SELECT", "nmt_therapist",
               f"{_SEES_ALL} OR {mine} OR patient_uid IS NULL "
               "OR patient_uid IN (SELECT p.uid FROM patient p)", None)
        yield "nmt_front_desk_reads", "SELECT", "nmt_front_desk", mine, None
        yield "nmt_everyone_appends", "INSERT", ", ".join(GROUPS), None, "true"
        return
    yield "nmt_owner_all", "ALL", "nmt_owner", "true", "true"
    condition = _therapist_condition(scope, table)
    yield "nmt_therapist_charts", "ALL", "nmt_therapist", condition, condition
    if scope is Scope.PATIENT:
        yield "nmt_front_desk_demographics", "ALL", "nmt_front_desk", "true", "true"


def rls_statements(table: str, scope: Scope) -> list[str]:
    statements = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                  f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"]
    for name, command, role, using, check in policies(scope, table):
        statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
        statements.append(policy_statement(table, name, command, role, using, check))
    return statements


def audited_tables(table_columns: dict[str, set[str]]) -> list[str]:
    """Every table whose changes the database records itself: all but the trail itself."""
    return sorted(set(table_columns) - {AUDIT_TABLE, VERSION_TABLE})


def lift_for_migrations(connection: Connection) -> None:
    """Drop the policies and triggers that name columns, before migrations run.

    A migration may drop or change a column a policy or an `UPDATE OF` trigger depends on
    (PostgreSQL refuses that); `apply_security` lays them all out again afterwards, in the same
    transaction, so nobody ever sees the database without them. The schema owner's upkeep
    policies stay: with FORCE, a data migration would otherwise see no rows.
    """
    policies_found = connection.exec_driver_sql(
        "SELECT schemaname, tablename, policyname FROM pg_policies WHERE schemaname IN "
        f"('public', '{ACCESS_SCHEMA}') AND policyname LIKE 'nmt%%' "
        "AND policyname <> 'nmt_schema_owner_upkeep'").all()
    for schema, table, name in policies_found:
        connection.exec_driver_sql(f"DROP POLICY {quote(name)} ON {quote(schema)}.{quote(table)}")
    triggers = connection.exec_driver_sql(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
        f"t.tgname IN ('{AUDIT_TRIGGER}', '{AUDIT_TRIGGER}_insert', '{ACCESS_TRIGGER}')").all()
    for table, name in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {quote(name)} ON {quote(table)}")


def apply_security(connection: Connection) -> None:
    """Lay out functions, privileges, policies and audit triggers; run as the schema owner.

    Idempotent: run by `server init` and again after every `server upgrade`.
    """
    columns = database_table_columns(connection)
    statements = [*access_statements(), creation_function(), *function_statements(),
                  *privilege_statements(columns)]
    for table, scope in table_scopes(columns).items():
        statements += rls_statements(table, scope)
    for table in audited_tables(columns):
        statements += audit_trigger_statements(table)
    # After the policies: an older setup's policies called these.
    statements += [f"DROP FUNCTION IF EXISTS {signature}" for signature in RETIRED_FUNCTIONS]
    for statement in statements:
        connection.exec_driver_sql(statement)


def database_table_columns(connection: Connection) -> dict[str, set[str]]:
    """{table: column names} of the tables in schema `public`."""
    rows = connection.exec_driver_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name IN (SELECT tablename FROM pg_tables "
        "WHERE schemaname = 'public')").all()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables
