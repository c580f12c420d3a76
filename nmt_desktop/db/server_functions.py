"""The SQL functions and triggers of a clinic server: visibility, the database's audit, access.

Laid out by `apply_security` (db/server_security.py), as the schema owner; every statement is
idempotent (CREATE OR REPLACE, DROP … IF EXISTS then CREATE).
"""

from __future__ import annotations

from nmt_desktop.db.server_names import (
    ACCESS_SCHEMA,
    ACCESS_TABLE,
    ACCESS_TRIGGER,
    AUDIT_TRIGGER,
    BITS_TABLE,
    BITS_TRIGGER,
    DATABASE_ACTION_PREFIX,
    FULL_ACCESS_SETTING,
    GROUPS,
    SCHEMA_OWNER,
    UPKEEP,
)

# --- Functions the policies and triggers call (owned by the schema owner) -------------------

def _definer(signature: str, returns: str, volatility: str, query: str) -> str:
    """A SECURITY DEFINER function running `query` as the schema owner with full access.

    The setting is switched on inside the body (PostgreSQL 15 lets only a superuser name a
    custom setting in a function's SET clause); it stays on until the transaction ends, which
    matters to nobody: only the schema owner's upkeep policy reads it.
    """
    query = query.strip()
    result = "RETURN QUERY " + query if returns.startswith("SETOF") else \
        f"RETURN ({query})"
    return f"""CREATE OR REPLACE FUNCTION {signature} RETURNS {returns}
LANGUAGE plpgsql {volatility} SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('{FULL_ACCESS_SETTING}', 'on', true);
    {result};
END $$"""


def function_statements() -> list[str]:
    """The visibility functions and the audit trigger function."""
    return [
        # SECURITY DEFINER: these read the chart tables without their policies (a policy on
        # patient that read treatment_session under its own policy would recurse). The login
        # is session_user: inside the function current_user is its owner.
        _definer("nmt_my_account_uid()", "uuid", "STABLE",
                 "SELECT uid FROM account WHERE server_login = session_user AND NOT disabled"),
        # Chart numbers are unique across the clinic, also where a therapist sees only their
        # own charts: whether a number is taken, without showing whose it is.
        _definer("nmt_chart_number_taken(candidate text, other_than integer)", "boolean",
                 "STABLE", "SELECT EXISTS (SELECT 1 FROM patient p WHERE p.chart_number = "
                 "candidate AND p.id IS DISTINCT FROM other_than)"),
        # The newest patient id of the clinic: next chart numbers count from it, and a row above
        # the one a statement saw is being inserted by it.
        _definer("nmt_newest_patient_id()", "integer", "STABLE",
                 "SELECT coalesce(max(id), 0) FROM patient"),
        # VOLATILE: sees the creation event the BEFORE INSERT trigger has just written, so a
        # patient a therapist adds in "own" mode is theirs in the same statement (RETURNING).
        # VOLATILE: sees the row the BEFORE INSERT trigger has just added to chart_access (the
        # statement's own snapshot does not), so a patient a therapist adds in "own" mode is
        # theirs in the same statement (INSERT … RETURNING checks the new row like a SELECT).
        f"""CREATE OR REPLACE FUNCTION nmt_created_by_me(added integer) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
    SELECT EXISTS (SELECT 1 FROM {ACCESS_TABLE} a WHERE a.login = current_user
                   AND a.patient_id = added)
$$""",
        # Runs as the person (not SECURITY DEFINER): current_user is their login, and what it
        # reads to name the patient is what they may see anyway.
        f"""CREATE OR REPLACE FUNCTION nmt_audit_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    who record;
    patient_ref uuid;
    session_ref uuid;
BEGIN
    -- The trigger's arguments name columns the database keeps itself (DERIVED_COLUMNS): an
    -- UPDATE that changed only those is recorded by the event of the row that caused it.
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 AND to_jsonb(OLD) <> changed
            AND to_jsonb(OLD) - TG_ARGV = changed - TG_ARGV THEN
        RETURN NULL;
    END IF;
    SELECT uid, display_name INTO who FROM account WHERE server_login = current_user;
    IF TG_TABLE_NAME = 'patient' THEN
        patient_ref := (changed ->> 'uid')::uuid;
    ELSIF changed ? 'patient_id' THEN
        SELECT uid INTO patient_ref FROM patient WHERE id = (changed ->> 'patient_id')::integer;
    ELSIF changed ? 'intake_id' THEN
        SELECT p.uid INTO patient_ref FROM intake i JOIN patient p ON p.id = i.patient_id
            WHERE i.id = (changed ->> 'intake_id')::integer;
    ELSIF changed ? 'session_id' THEN
        SELECT p.uid, s.uid INTO patient_ref, session_ref FROM treatment_session s
            JOIN patient p ON p.id = s.patient_id
            WHERE s.id = (changed ->> 'session_id')::integer;
    END IF;
    INSERT INTO audit_event (occurred_at, actor, action, entity_type, entity_uid, patient_uid,
                             detail, actor_account_uid)
    VALUES (now() AT TIME ZONE 'utc', coalesce(who.display_name, current_user::text),
            '{DATABASE_ACTION_PREFIX}' || lower(TG_OP), TG_TABLE_NAME,
            (changed ->> 'uid')::uuid, patient_ref,
            json_strip_nulls(json_build_object('source', 'database',
                'database_login', current_user::text, 'session', session_ref::text)),
            who.uid);
    RETURN NULL;
END $$""",
        # The creation of a patient is recorded BEFORE the row is checked against the
        # policies, so that "created by me" already holds for it.
        """CREATE OR REPLACE FUNCTION nmt_audit_row_before() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM nmt_audit_row_now(TG_TABLE_NAME, to_jsonb(NEW));
    PERFORM nmt_access_of_creator(NEW.id);
    RETURN NEW;
END $$""",
    ]


def creation_function() -> str:
    # The BEFORE trigger's body: the same event as nmt_audit_row, for a patient being added.
    return f"""CREATE OR REPLACE FUNCTION nmt_audit_row_now(table_name text, changed jsonb)
RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    who record;
BEGIN
    SELECT uid, display_name INTO who FROM account WHERE server_login = current_user;
    INSERT INTO audit_event (occurred_at, actor, action, entity_type, entity_uid, patient_uid,
                             detail, actor_account_uid)
    VALUES (now() AT TIME ZONE 'utc', coalesce(who.display_name, current_user::text),
            '{DATABASE_ACTION_PREFIX}insert', table_name, (changed ->> 'uid')::uuid,
            (changed ->> 'uid')::uuid,
            json_build_object('source', 'database', 'database_login', current_user::text),
            who.uid);
END $$"""


def function_definitions() -> list[str]:
    """The CREATE statement of every function in `FUNCTIONS` (what `server check` compares)."""
    return [*access_functions(), *bits_functions(), creation_function(), *function_statements()]


#: Dropped by `apply_security` once no policy calls it (a server set up by an older version).
RETIRED_FUNCTIONS = ("nmt_sees_all_charts()",)
FUNCTIONS = ("nmt_my_account_uid()", "nmt_newest_patient_id()",
             "nmt_chart_number_taken(text,integer)",
             "nmt_created_by_me(integer)", "nmt_audit_row()", "nmt_audit_row_before()",
             "nmt_refresh_chart_access(name)", "nmt_access_from_session()",
             "nmt_access_from_share()", "nmt_access_from_account()",
             "nmt_access_of_creator(integer)",
             "nmt_audit_row_now(text,jsonb)", "nmt_with_bits(bit varying,integer[],integer)",
             "nmt_bits_after_insert()", "nmt_bits_after_delete()")


def trigger_statement(name: str, when: str, relation: str, function: str) -> str:
    """CREATE TRIGGER `name` `when` ON `relation`, a row trigger calling `function`."""
    return f"CREATE TRIGGER {name} {when} ON {relation} FOR EACH ROW EXECUTE FUNCTION {function}"


#: Columns the database keeps itself, by table: a session's mark count, moved by the triggers
#: on the mark tables (revision 0008). The mark's own audit event records that change.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {"treatment_session": ("mark_count",)}


def audit_triggers(table: str) -> list[tuple[str, str, str]]:
    """(name, timing and events, function call) of the database's audit triggers on `table`."""
    if table == "patient":
        return [(f"{AUDIT_TRIGGER}_insert", "BEFORE INSERT", "nmt_audit_row_before()"),
                (AUDIT_TRIGGER, "AFTER UPDATE OR DELETE", "nmt_audit_row()")]
    derived = ", ".join(f"'{column}'" for column in DERIVED_COLUMNS.get(table, ()))
    return [(AUDIT_TRIGGER, "AFTER INSERT OR UPDATE OR DELETE", f"nmt_audit_row({derived})")]


def audit_trigger_statements(table: str) -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS {AUDIT_TRIGGER} ON {table}",
                  f"DROP TRIGGER IF EXISTS {AUDIT_TRIGGER}_insert ON {table}"]
    statements += [trigger_statement(name, when, table, function)
                   for name, when, function in audit_triggers(table)]
    return statements


def policy_statement(relation: str, name: str, command: str, role: str, using: str | None,
                     check: str | None) -> str:
    """CREATE POLICY `name` ON `relation`, with its USING and WITH CHECK expressions."""
    text = f"CREATE POLICY {name} ON {relation} FOR {command} TO {role}"
    if using is not None:
        text += f" USING ({using})"
    if check is not None:
        text += f" WITH CHECK ({check})"
    return text


def access_policies() -> list[tuple[str, str, str, str | None, str | None]]:
    """(name, command, role, USING, WITH CHECK) of the policies on the access table."""
    return [("nmt_schema_owner_upkeep", "ALL", SCHEMA_OWNER, UPKEEP, UPKEEP),
            ("nmt_own_rows", "SELECT", ", ".join(GROUPS), "login = current_user", None)]


def _logins_rows_table(table: str, columns: str) -> list[str]:
    """A table of rows per login in the access schema.

    Each login reads only its own rows; nobody writes them but the schema owner's functions
    (and FORCE keeps even the schema owner from reading them by accident).
    """
    groups = ", ".join(GROUPS)
    return [
        f"CREATE TABLE IF NOT EXISTS {table} ({columns})",
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        *(statement for name, command, role, using, check in access_policies()
          for statement in (f"DROP POLICY IF EXISTS {name} ON {table}",
                            policy_statement(table, name, command, role, using, check))),
        f"REVOKE ALL ON {table} FROM PUBLIC, {groups}",
        f"GRANT SELECT ON {table} TO {groups}",
    ]


def access_statements() -> list[str]:
    """The "own charts" table, its upkeep triggers, and a full rebuild.

    One row per (login, patient) the login may see in "own" mode: a patient with a session by
    the login's therapist profile, shared with its account, or added by the login. Policies
    read it with an index (no function call per row); a therapist reads only their own rows.
    A session deleted later (a discarded draft) leaves the row: the chart stays visible.
    """
    groups = ", ".join(GROUPS)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {ACCESS_SCHEMA}",
        *_logins_rows_table(ACCESS_TABLE, "login name NOT NULL, patient_id integer NOT NULL, "
                            "PRIMARY KEY (login, patient_id)"),
        f"REVOKE ALL ON SCHEMA {ACCESS_SCHEMA} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {ACCESS_SCHEMA} TO {groups}",
        *access_functions(),
        *_access_triggers(),
        *bits_statements(),
        f"TRUNCATE {ACCESS_TABLE}, {BITS_TABLE}",
        f"INSERT INTO {ACCESS_TABLE} (login, patient_id) SELECT DISTINCT login, patient_id "
        f"FROM ({_charts_of(login='a.server_login', creator_login=_CREATOR)}) "
        "AS everyone(login, patient_id) "
        "WHERE login IS NOT NULL",
    ]


#: Who added a patient: the login its database creation event names.
_CREATOR = "(e.detail ->> 'database_login')::name"


def _charts_of(login: str, creator_login: str) -> str:
    """(login, patient id) of the charts `login` may see in "own" mode (a query)."""
    return f"""
        SELECT a.server_login, s.patient_id FROM treatment_session s
            JOIN account a ON a.therapist_id = s.therapist_id WHERE a.server_login = {login}
        UNION SELECT a.server_login, c.patient_id FROM chart_share c
            JOIN account a ON a.id = c.account_id WHERE a.server_login = {login}
        UNION SELECT {_CREATOR}, p.id FROM audit_event e
            JOIN patient p ON p.uid = e.patient_uid
            WHERE e.entity_type = 'patient' AND e.action = '{DATABASE_ACTION_PREFIX}insert'
            AND {_CREATOR} = {creator_login}"""


def access_functions() -> list[str]:
    """The SECURITY DEFINER functions that keep the access table (`access_statements`)."""
    return [
        _access_function("nmt_refresh_chart_access(who name)", "void", f"""
    DELETE FROM {ACCESS_TABLE} WHERE login = who;
    INSERT INTO {ACCESS_TABLE} (login, patient_id) {
        _charts_of(login="who", creator_login="who")}
        ON CONFLICT DO NOTHING;"""),
        _access_function("nmt_access_of_creator(added integer)", "void", f"""
    INSERT INTO {ACCESS_TABLE} (login, patient_id) VALUES (session_user, added)
        ON CONFLICT DO NOTHING;"""),
        _access_function("nmt_access_from_session()", "trigger", f"""
    INSERT INTO {ACCESS_TABLE} (login, patient_id) SELECT a.server_login, NEW.patient_id
        FROM account a WHERE a.therapist_id = NEW.therapist_id AND a.server_login IS NOT NULL
        ON CONFLICT DO NOTHING;
    RETURN NULL;"""),
        _access_function("nmt_access_from_share()", "trigger", f"""
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {ACCESS_TABLE} (login, patient_id) SELECT a.server_login, NEW.patient_id
            FROM account a WHERE a.id = NEW.account_id AND a.server_login IS NOT NULL
            ON CONFLICT DO NOTHING;
    ELSE
        PERFORM nmt_refresh_chart_access(a.server_login) FROM account a
            WHERE a.id = OLD.account_id AND a.server_login IS NOT NULL;
    END IF;
    RETURN NULL;"""),
        _access_function("nmt_access_from_account()", "trigger", """
    IF TG_OP <> 'INSERT' AND OLD.server_login IS NOT NULL THEN
        PERFORM nmt_refresh_chart_access(OLD.server_login);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.server_login IS NOT NULL THEN
        PERFORM nmt_refresh_chart_access(NEW.server_login);
    END IF;
    RETURN NULL;"""),
    ]


#: A login's bit string grows in steps of this many bits (a kilobyte), not one chart at a time.
BITS_STEP = 8192
#: Up to this many charts changed at once, bits are set one by one; more (a rebuild), in one pass.
BITS_ONE_BY_ONE = 64


def bits_statements() -> list[str]:
    """The per-login bit strings of the access table, and the triggers that keep them.

    Derived from the access table only: statement triggers (with the rows a statement added or
    removed) set or clear the bits of each login concerned, so a rebuild of thousands of rows
    rewrites each login's string once. The UPDATE re-reads a row another transaction changed
    meanwhile, so two writers never lose each other's bits. A missing bit hides a chart; it can
    never show one: a login without a row, or a patient id past its string, sees nothing.
    """
    return [
        *_logins_rows_table(BITS_TABLE, "login name PRIMARY KEY, bits bit varying NOT NULL"),
        *bits_functions(),
        *(statement for name, when, rows, function in BITS_TRIGGERS
          for statement in (f"DROP TRIGGER IF EXISTS {name} ON {ACCESS_TABLE}",
                            bits_trigger_statement(name, when, rows, ACCESS_TABLE, function))),
    ]


#: (name, timing, event and transition table, function) of the triggers keeping the bits.
BITS_TRIGGERS = (
    (f"{BITS_TRIGGER}_insert", "AFTER INSERT", "NEW TABLE AS added",
     "nmt_bits_after_insert()"),
    (f"{BITS_TRIGGER}_delete", "AFTER DELETE", "OLD TABLE AS removed",
     "nmt_bits_after_delete()"),
)


def bits_trigger_statement(name: str, when: str, rows: str, relation: str, function: str
                           ) -> str:
    """A statement trigger on the access table, with the rows its statement changed."""
    return (f"CREATE TRIGGER {name} {when} ON {relation} REFERENCING {rows} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}")


def bits_functions() -> list[str]:
    return [
        # `positions` set to `value` (1 or 0); the string first grows to hold the highest.
        f"""CREATE OR REPLACE FUNCTION nmt_with_bits(bits bit varying, positions integer[],
    value integer) RETURNS bit varying
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    position integer;
    top integer := (SELECT max(p) FROM unnest(positions) p);
    changed bit varying;
BEGIN
    IF value = 1 AND top >= length(bits) THEN
        bits := bits || repeat('0', (top / {BITS_STEP} + 1) * {BITS_STEP} - length(bits))
            ::bit varying;
    END IF;
    IF cardinality(positions) <= {BITS_ONE_BY_ONE} THEN
        FOREACH position IN ARRAY positions LOOP
            IF position >= 0 AND position < length(bits) THEN
                bits := set_bit(bits, position, value);
            END IF;
        END LOOP;
        RETURN bits;
    END IF;
    SELECT string_agg(CASE WHEN c.p IS NULL THEN '0' ELSE '1' END, '' ORDER BY g.n)
        INTO changed FROM generate_series(0, length(bits) - 1) g(n)
        LEFT JOIN (SELECT DISTINCT p FROM unnest(positions) p) c ON c.p = g.n;
    IF value = 1 THEN
        RETURN bits | changed;
    END IF;
    RETURN bits & ~changed;
END $$""",
        _access_function("nmt_bits_after_insert()", "trigger", f"""
    INSERT INTO {BITS_TABLE} (login, bits) SELECT DISTINCT login, B'' FROM added
        ON CONFLICT DO NOTHING;
    UPDATE {BITS_TABLE} b SET bits = nmt_with_bits(b.bits, c.positions, 1)
        FROM (SELECT login, array_agg(patient_id) AS positions FROM added GROUP BY login) c
        WHERE b.login = c.login;
    RETURN NULL;"""),
        _access_function("nmt_bits_after_delete()", "trigger", f"""
    UPDATE {BITS_TABLE} b SET bits = nmt_with_bits(b.bits, c.positions, 0)
        FROM (SELECT login, array_agg(patient_id) AS positions FROM removed GROUP BY login) c
        WHERE b.login = c.login;
    RETURN NULL;"""),
    ]


def _access_function(signature: str, returns: str, body: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {signature} RETURNS {returns}
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('{FULL_ACCESS_SETTING}', 'on', true);{body}
END $$"""


ACCESS_TRIGGERS = {"treatment_session": ("AFTER INSERT OR UPDATE OF therapist_id, patient_id",
                                         "nmt_access_from_session()"),
                   "chart_share": ("AFTER INSERT OR DELETE", "nmt_access_from_share()"),
                   "account": ("AFTER INSERT OR DELETE OR UPDATE OF server_login, therapist_id",
                               "nmt_access_from_account()")}


def _access_triggers() -> list[str]:
    statements = []
    for table, (when, function) in ACCESS_TRIGGERS.items():
        statements += [f"DROP TRIGGER IF EXISTS {ACCESS_TRIGGER} ON {table}",
                       trigger_statement(ACCESS_TRIGGER, when, table, function)]
    return statements


