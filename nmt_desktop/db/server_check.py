"""Compare a clinic server with what `server init` lays out (db/server_security.py).

Each finding is one line naming what differs and what to do, for `nmt-desktop server check`;
an empty list means the setup is as it should be. Names, owners, flags and privileges are read
from the catalogs and the account table; what each policy, function and trigger does is
compared with scratch copies laid out in a savepoint and rolled back (db/server_definitions.py).
Nothing is changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.db.server_definitions import definition_drift
from nmt_desktop.db.server_functions import ACCESS_TRIGGERS, FUNCTIONS, RETIRED_FUNCTIONS
from nmt_desktop.db.server_names import (
    ACCESS_TABLE,
    ACCESS_TRIGGER,
    AUDIT_TABLE,
    AUDIT_TRIGGER,
    BITS_TABLE,
    FULL_ACCESS_SETTING,
    GROUP_OF_ROLE,
    GROUPS,
    SCHEMA_OWNER,
    VERSION_TABLE,
)
from nmt_desktop.db.server_security import (
    COLUMN_READS,
    audited_tables,
    database_table_columns,
    expected_table_privileges,
    policies,
    readable_columns,
    table_scopes,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: The signed-immutable guards of migrations 0003 and 0004 (db/migrations/signed_guards.py).
#: (table, trigger) of the migrations' own triggers: the guards of signed sessions and of the
#: audit trail, and the count of each session's marks (revision 0008).
SIGNED_GUARDS = (
    ("treatment_session", "guard_signed_treatment_session_update"),
    ("treatment_session", "guard_signed_treatment_session_delete"),
    (AUDIT_TABLE, "guard_audit_event"),
    *((table, f"guard_signed_{table}") for table in (
        "trigger_point", "pain_zone", "tension_rating", "session_note", "posture_observation",
        "rom_measure", "goal_progress", "home_care_prescription", "outcome_score", "amendment",
        "today_check")),
    *((table, f"count_{table}") for table in ("trigger_point", "pain_zone", "tension_rating")),
)
_CHECKED_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES",
                       "TRIGGER")


def find_drift(connection: Connection) -> list[str]:
    """Every difference from the expected setup, one line each."""
    missing_roles = _roles(connection)
    if SCHEMA_OWNER in missing_roles or set(GROUPS) & set(missing_roles):
        return [f"role {role} is missing: run `nmt-desktop server init`"
                for role in missing_roles]
    columns = database_table_columns(connection)
    if VERSION_TABLE not in columns:
        return ["the database has no NMT Desktop schema: run `nmt-desktop server init`"]
    outdated = _revision(connection)
    if outdated:  # the rest is checked against this version's schema: upgrade first
        return outdated
    findings = [*_ownership(connection), *_public(connection),
                *_row_security(connection, columns), *_privileges(connection, columns),
                *_triggers(connection, columns), *_functions(connection),
                *definition_drift(connection, columns), *_bits_in_step(connection),
                *_logins(connection), *_accounts(connection)]
    return findings


def _bits_in_step(connection: Connection) -> list[str]:
    """The logins whose bit string names other charts than the access table.

    A bit too many shows a chart in "own" mode (db/server_functions.py `bits_statements`).
    """
    from sqlalchemy.exc import DBAPIError

    savepoint = connection.begin_nested()
    try:
        # Both tables are under forced row-level security: read them as their owner.
        connection.exec_driver_sql(f"SET LOCAL ROLE {SCHEMA_OWNER}")
        connection.exec_driver_sql(f"SET LOCAL {FULL_ACCESS_SETTING} = 'on'")
        logins = connection.exec_driver_sql(f"""
            WITH by_bits AS (SELECT b.login, g.n AS patient_id FROM {BITS_TABLE} b,
                    generate_series(0, length(b.bits) - 1) g(n) WHERE get_bit(b.bits, g.n) = 1),
                 by_rows AS (SELECT login, patient_id FROM {ACCESS_TABLE}),
                 different AS ((SELECT * FROM by_bits EXCEPT SELECT * FROM by_rows)
                               UNION (SELECT * FROM by_rows EXCEPT SELECT * FROM by_bits))
            SELECT DISTINCT login FROM different ORDER BY login""").scalars().all()
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        return [f"the bit strings of \"own\" chart access could not be compared with the "
                f"access table ({reason}): run `nmt-desktop server upgrade`"]
    finally:
        savepoint.rollback()
    return [f"the bit string of \"own\" chart access of {login} differs from the access "
            "table: run `nmt-desktop server upgrade`" for login in logins]


def _roles(connection: Connection) -> list[str]:
    existing = set(connection.exec_driver_sql(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(%(names)s)",
        {"names": [SCHEMA_OWNER, *GROUPS]}).scalars())
    return [role for role in (SCHEMA_OWNER, *GROUPS) if role not in existing]


def _revision(connection: Connection) -> list[str]:
    revision = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    if revision != SCHEMA_HEAD:
        return [f"schema is at revision {revision}, this version needs {SCHEMA_HEAD}: run "
                "`nmt-desktop server upgrade`"]
    return []


def _ownership(connection: Connection) -> list[str]:
    rows: list[tuple[str, str]] = [(str(name), str(owner)) for name, owner in
                                   connection.exec_driver_sql(
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','S')"
        " AND pg_get_userbyid(c.relowner) <> %(owner)s ORDER BY 1",
        {"owner": SCHEMA_OWNER}).all()]
    rows += [(str(name), str(owner)) for name, owner in connection.exec_driver_sql(
        "SELECT p.oid::regprocedure::text, pg_get_userbyid(p.proowner) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
        "AND pg_get_userbyid(p.proowner) <> %(owner)s ORDER BY 1",
        {"owner": SCHEMA_OWNER}).all()]
    return [f"{name} is owned by {owner}, not {SCHEMA_OWNER}: run `nmt-desktop server init`"
            for name, owner in rows]


def _public(connection: Connection) -> list[str]:
    findings = []
    if connection.exec_driver_sql(
            "SELECT has_schema_privilege('public', 'public', 'CREATE')").scalar():
        findings.append("every login (PUBLIC) may create objects in schema public")
    if connection.exec_driver_sql(
            "SELECT has_database_privilege('public', current_database(), 'CONNECT')").scalar():
        findings.append("every login (PUBLIC) may connect to the database, not only the "
                        "clinic's groups")
    return findings


def _row_security(connection: Connection, columns: dict[str, set[str]]) -> list[str]:
    flags: dict[str, str] = dict(connection.exec_driver_sql(
        "SELECT c.relname, (c.relrowsecurity, c.relforcerowsecurity)::text FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
        "AND c.relkind = 'r'").all())
    present = {(table, name): (command, roles) for table, name, command, roles in
               connection.exec_driver_sql(
                   "SELECT tablename, policyname, cmd, array_to_string(ARRAY(SELECT unnest("
                   "roles) ORDER BY 1), ', ') FROM pg_policies WHERE schemaname = 'public'"
               ).all()}
    findings = []
    for table, scope in table_scopes(columns).items():
        if flags.get(table) != "(t,t)":
            enabled, forced = (flags.get(table) or "(f,f)").strip("()").split(",")
            if enabled != "t":
                findings.append(f"row-level security is not enabled on {table}")
            if forced != "t":
                findings.append(f"row-level security is not FORCEd on {table} (its owner "
                                "would bypass it)")
        expected = set()
        for name, command, role, _, _ in policies(scope, table):
            expected.add((table, name))
            found = present.get((table, name))
            if found is None:
                findings.append(f"policy {name} is missing on {table}")
            elif found != (command, ", ".join(sorted(role.split(", ")))):
                findings.append(f"policy {name} on {table} applies to {found[0]} for "
                                f"{found[1]}, expected {command} for {role}")
        findings += [f"unexpected policy {name} on {table}" for (other, name) in present
                     if other == table and (other, name) not in expected]
    return findings


def _privileges(connection: Connection, columns: dict[str, set[str]]) -> list[str]:
    expected = expected_table_privileges(columns)
    actual: dict[tuple[str, str], set[str]] = {}
    for grantee, table, privilege in connection.exec_driver_sql(
            "SELECT coalesce(r.rolname, 'PUBLIC'), c.relname, a.privilege_type FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a"
            " LEFT JOIN pg_roles r ON r.oid = a.grantee"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'p')").all():
        actual.setdefault((grantee, table), set()).add(privilege)
    findings = []
    for grantee in (*GROUPS, "PUBLIC"):
        for table in sorted(columns):
            want = expected.get((grantee, table), frozenset())
            have = actual.get((grantee, table), set())
            extra = sorted(set(have) - want)
            missing = sorted(want - set(have))
            if extra:
                findings.append(f"{grantee} has {', '.join(extra)} on {table}, which its role "
                                "must not have")
            if missing:
                findings.append(f"{grantee} lacks {', '.join(missing)} on {table}")
    for group in sorted(COLUMN_READS):
        findings += _column_reads(connection, group, columns, expected)
    return findings


def _column_reads(connection: Connection, group: str, columns: dict[str, set[str]],
                  expected: dict[tuple[str, str], frozenset[str]]) -> list[str]:
    """What `group` can read column by column that it must not, or cannot that it must."""
    readable = readable_columns(group, columns)
    for (grantee, table), privileges in expected.items():
        if grantee == group and "SELECT" in privileges:
            readable[table] = columns[table]
    findings = []
    for table, table_columns in sorted(columns.items()):
        for column in sorted(table_columns):
            may = connection.exec_driver_sql(
                "SELECT has_column_privilege(%(g)s, %(t)s, %(c)s, 'SELECT')",
                {"g": group, "t": f"public.{table}", "c": column}).scalar()
            if may and column not in readable.get(table, set()):
                findings.append(f"{group} can read {table}.{column}")
            elif not may and column in readable.get(table, set()):
                findings.append(f"{group} cannot read {table}.{column}")
    return findings


def _triggers(connection: Connection, columns: dict[str, set[str]]) -> list[str]:
    triggers = set(connection.exec_driver_sql(
        "SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON "
        "c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
        "'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D'").scalars())
    findings = []
    for table in audited_tables(columns):
        if f"{table}.{AUDIT_TRIGGER}" not in triggers:
            findings.append(f"the database's audit trigger is missing on {table}")
    for table in ACCESS_TRIGGERS:
        if f"{table}.{ACCESS_TRIGGER}" not in triggers:
            findings.append(f"the trigger keeping \"own\" chart access is missing on {table}")
    for access_table in (ACCESS_TABLE, BITS_TABLE):
        secured = connection.exec_driver_sql(
            "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = "
            f"to_regclass('{access_table}')").scalar()
        if not secured:
            findings.append(f"{access_table} is missing or not under forced row-level security")
    if f"patient.{AUDIT_TRIGGER}_insert" not in triggers:
        findings.append("the database's audit trigger for new patients is missing")
    for table, trigger in SIGNED_GUARDS:
        if f"{table}.{trigger}" not in triggers:
            findings.append(f"the migrations' trigger {trigger} is missing on {table}")
    return findings


def _functions(connection: Connection) -> list[str]:
    present = set(connection.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON "
        "n.oid = p.pronamespace WHERE n.nspname = 'public'").scalars())
    findings = [f"function {name} is missing" for name in FUNCTIONS if name not in present]
    # Left by an older setup whose policies called it: they are out of date too.
    findings += [f"function {name} is left from an older setup (its policies are out of "
                 "date: run `server upgrade`)" for name in RETIRED_FUNCTIONS if name in present]
    return findings


def _logins(connection: Connection) -> list[str]:
    """A person's login: member of one group, no power over the schema or the server."""
    rows = connection.exec_driver_sql(
        "SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,"
        " pg_has_role(r.oid, %(owner)s, 'USAGE'),"
        " has_schema_privilege(r.oid, 'public', 'CREATE'),"
        " has_database_privilege(r.oid, current_database(), 'CREATE'),"
        " array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
        "       WHERE m.member = r.oid AND g.rolname = ANY(%(groups)s))"
        " FROM pg_roles r WHERE r.rolcanlogin AND EXISTS (SELECT 1 FROM pg_auth_members m"
        " JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid"
        " AND g.rolname = ANY(%(groups)s)) ORDER BY r.rolname",
        {"owner": SCHEMA_OWNER, "groups": list(GROUPS)}).all()
    findings = []
    for (login, superuser, createrole, createdb, bypass, owner, create_in_schema,
         create_in_db, groups) in rows:
        powers = [name for name, has in (
            ("superuser", superuser), ("CREATEROLE", createrole), ("CREATEDB", createdb),
            ("BYPASSRLS", bypass), (f"the rights of {SCHEMA_OWNER}", owner),
            ("CREATE in schema public", create_in_schema),
            ("CREATE in the database", create_in_db)) if has]
        if powers:
            findings.append(f"login {login} has {', '.join(powers)}: a person's login must not "
                            "change the schema or bypass row-level security")
        if len(groups) > 1:
            findings.append(f"login {login} is in several groups ({', '.join(groups)}); "
                            "it should be in one")
    return findings


def _accounts(connection: Connection) -> list[str]:
    """Each account with a server login: that login exists and sits in its role's group."""
    logins: dict[str, list[str]] = dict(connection.exec_driver_sql(
        "SELECT r.rolname, array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g"
        " ON g.oid = m.roleid WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolcanlogin"
    ).all())
    findings = []
    for login, role in connection.exec_driver_sql(
            "SELECT server_login, role FROM account WHERE server_login IS NOT NULL "
            "AND NOT disabled ORDER BY server_login").all():
        group = next((g for r, g in GROUP_OF_ROLE.items() if r.value == role), None)
        if login not in logins:
            findings.append(f"account {login} has no login role on the server: run "
                            f"`nmt-desktop server add-user {login}`")
        elif group not in logins[login]:
            findings.append(f"login {login} is not in group {group} (its account's role)")
    return findings
