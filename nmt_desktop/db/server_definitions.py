"""Whether the clinic server's policies, functions and triggers ARE what `server init` lays out.

A name proves little: whoever holds the schema owner's rights can `ALTER POLICY … USING (true)`
or replace a function's body and keep every name. So `server check` (db/server_check.py) also
compares the definitions: each policy's USING and WITH CHECK expressions (and PERMISSIVE), each
function's body, SECURITY DEFINER flag, settings (`SET search_path`), volatility, language,
result, STRICT and LEAKPROOF, and each audit and chart-access trigger's timing, events,
condition and function. (The signed-session guards are the migrations' own, not laid out
again by `apply_security`: their names are checked, not yet their definitions.)

PostgreSQL keeps a policy's expressions as parse trees and shows them deparsed in its own form
(casts, parentheses, `CURRENT_USER`, `( SELECT f() AS f)`), so the text `apply_security` writes
cannot be compared with `pg_policies` as it stands. Instead the expected layer is laid out once
more, in scratch copies, and both are read through the same catalog functions:

- inside a SAVEPOINT of the check's own transaction, a temporary table of the same name and
  columns (`CREATE TEMP TABLE x (LIKE public.x)`) stands in for each table; the expected
  policies and triggers go on those, the expected functions into `pg_temp`;
- meanwhile `search_path` is `public, pg_temp`: the table names inside the expressions still
  mean the real tables, and both layers are deparsed with the same names;
- once both are read, ROLLBACK TO SAVEPOINT, whatever happened: nothing is left behind, not
  even the session's temporary schema if this created it.

The real tables are only read (`LIKE` takes an ACCESS SHARE lock), where a scratch policy on a
real table would hold an ACCESS EXCLUSIVE lock and stall every laptop meanwhile. It needs the
right to create temporary tables, which a superuser and the database's owner have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nmt_desktop.db.server_functions import (
    ACCESS_TRIGGERS,
    BITS_TRIGGERS,
    FUNCTIONS,
    access_policies,
    audit_triggers,
    bits_trigger_statement,
    function_definitions,
    policy_statement,
    trigger_statement,
)
from nmt_desktop.db.server_names import (
    ACCESS_SCHEMA,
    ACCESS_TABLE,
    ACCESS_TRIGGER,
    BITS_TABLE,
    quote,
)
from nmt_desktop.db.server_security import (
    audited_tables,
    policies,
    table_scopes,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

_UPGRADE = "run `nmt-desktop server upgrade`"
#: SQLSTATEs of a refused right (here: to create temporary tables) and of a read-only server.
_INSUFFICIENT_PRIVILEGE = "42501"
_READ_ONLY = "25006"
#: The access tables (who sees which chart, and the same as bits), by their own names, which
#: their scratch copies in `pg_temp` bear too.
_ACCESS_TABLES = {table.removeprefix(f"{ACCESS_SCHEMA}."): table
                  for table in (ACCESS_TABLE, BITS_TABLE)}
#: Which objects are the server's own (`_read`), and which the scratch copies.
_SERVER = f"n.nspname IN ('public', '{ACCESS_SCHEMA}')"
_SCRATCH = "n.oid = pg_my_temp_schema()"
#: How much of a changed expression a finding shows (the line stays readable).
_LONGEST_SHOWN = 120
_VOLATILITY = {"i": "IMMUTABLE", "s": "STABLE", "v": "VOLATILE"}


@dataclass(frozen=True)
class FunctionShape:
    """What a function does and with which rights, as pg_proc records it."""

    body: str
    security_definer: bool
    settings: tuple[str, ...]
    volatility: str
    language: str
    result: str
    strict: bool
    leakproof: bool  # may run before a policy's check: a leak if it is not truly leak-proof


@dataclass(frozen=True)
class Layer:
    """The policies, functions and triggers of one copy of the security layer."""

    #: (table, policy) -> (USING, WITH CHECK, PERMISSIVE or RESTRICTIVE), deparsed by PostgreSQL.
    policies: dict[tuple[str, str], tuple[str | None, str | None, str]]
    #: "name(argument types)" (without its schema) -> its shape.
    functions: dict[str, FunctionShape]
    #: (table, trigger) -> (timing, events and function; whether it fires, pg_trigger.tgenabled).
    triggers: dict[tuple[str, str], tuple[str, str]]


def definition_drift(connection: Connection, columns: dict[str, set[str]]) -> list[str]:
    """Every policy, function and trigger whose definition differs from the expected one."""
    from sqlalchemy.exc import DBAPIError

    try:
        expected, present = expected_and_present(connection, columns)
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        sqlstate = getattr(error.orig, "sqlstate", None)
        if sqlstate == _INSUFFICIENT_PRIVILEGE:
            return [f"the policies, functions and triggers could not be compared ({reason}): "
                    "run `nmt-desktop server check` as a superuser or the database's owner"]
        if sqlstate == _READ_ONLY:
            return [f"the policies, functions and triggers could not be compared ({reason}): "
                    "run `nmt-desktop server check` on the primary server, not a standby"]
        # Most likely something the layer needs is missing (named above): the definitions
        # could not be compared at all, which is drift in itself.
        return [f"the expected policies, functions and triggers could not be laid out to "
                f"compare them with the server's ({reason}): {_UPGRADE}"]
    return [*_policy_drift(expected, present), *_function_drift(expected, present),
            *_trigger_drift(expected, present)]


def expected_and_present(connection: Connection,
                         columns: dict[str, set[str]]) -> tuple[Layer, Layer]:
    """(the expected layer laid out in scratch copies, the server's own), both as deparsed."""
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql("SET LOCAL search_path = public, pg_temp")
        # Bodies are compared as text; whether they would compile is not the question here.
        connection.exec_driver_sql("SET LOCAL check_function_bodies = off")
        for statement in scratch_statements(columns):
            connection.exec_driver_sql(statement)  # as `apply_security` runs them
        return _read(connection, _SCRATCH), _read(connection, _SERVER)
    finally:
        savepoint.rollback()


def scratch_statements(columns: dict[str, set[str]]) -> list[str]:
    """The expected policies, functions and triggers, on temporary copies of the tables."""
    statements = [f"CREATE TEMP TABLE {quote(table)} (LIKE public.{quote(table)})"
                  for table in sorted(columns)]
    statements += [f"CREATE TEMP TABLE {quote(name)} (LIKE {table})"
                   for name, table in _ACCESS_TABLES.items()]
    for table, scope in table_scopes(columns).items():
        statements += [policy_statement(f"pg_temp.{table}", *policy)
                       for policy in policies(scope, table)]
    statements += [policy_statement(f"pg_temp.{name}", *policy)
                   for name in _ACCESS_TABLES for policy in access_policies()]
    statements += [_in_scratch_schema(definition) for definition in function_definitions()]
    for table in audited_tables(columns):
        statements += [trigger_statement(name, when, f"pg_temp.{table}", function)
                       for name, when, function in audit_triggers(table)]
    statements += [trigger_statement(ACCESS_TRIGGER, when, f"pg_temp.{table}", function)
                   for table, (when, function) in ACCESS_TRIGGERS.items() if table in columns]
    access_copy = "pg_temp." + ACCESS_TABLE.removeprefix(f"{ACCESS_SCHEMA}.")
    statements += [bits_trigger_statement(name, when, rows, access_copy, function)
                   for name, when, rows, function in BITS_TRIGGERS]
    return statements


def _in_scratch_schema(definition: str) -> str:
    """The same CREATE FUNCTION, in `pg_temp` (a schema it names is replaced)."""
    prefix = "CREATE OR REPLACE FUNCTION "
    if not definition.startswith(prefix):
        raise ValueError(f"not a function definition: {definition[:60]}")
    name, arguments = definition.removeprefix(prefix).split("(", 1)
    return f"{prefix}pg_temp.{name.rsplit('.', 1)[-1]}({arguments}"


def _read(connection: Connection, where: str) -> Layer:
    scratch = where == _SCRATCH
    renamed = " ".join(f"WHEN '{name}' THEN '{table}'" for name, table in _ACCESS_TABLES.items())
    table = (f"CASE c.relname {renamed} ELSE c.relname END" if scratch else
             "CASE n.nspname WHEN 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END")
    found_policies = {
        (str(name_of_table), str(name)): (using, check, str(kind))
        for name_of_table, name, using, check, kind in connection.exec_driver_sql(
            f"SELECT {table}, p.polname, pg_get_expr(p.polqual, p.polrelid), "
            "pg_get_expr(p.polwithcheck, p.polrelid), CASE WHEN p.polpermissive THEN "
            "'PERMISSIVE' ELSE 'RESTRICTIVE' END FROM pg_policy p "
            "JOIN pg_class c ON c.oid = p.polrelid "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {where}").all()}
    found_functions = {
        str(signature): FunctionShape(str(body), bool(definer), tuple(settings or ()),
                                      _VOLATILITY.get(str(volatility), str(volatility)),
                                      str(language), str(result), bool(strict),
                                      bool(leakproof))
        for (signature, body, definer, settings, volatility, language, result, strict,
             leakproof) in
        connection.exec_driver_sql(
            "SELECT p.proname || '(' || replace(oidvectortypes(p.proargtypes), ', ', ',') "
            "|| ')', p.prosrc, p.prosecdef, p.proconfig, p.provolatile, l.lanname, "
            "pg_get_function_result(p.oid), p.proisstrict, p.proleakproof FROM pg_proc p "
            "JOIN pg_language l ON l.oid = p.prolang "
            f"JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {where}").all()}
    # pg_get_triggerdef names the trigger and its table, schema-qualified (a temporary one as
    # `pg_temp`): keep what the trigger does.
    found_triggers = {
        (str(name_of_table), str(name)): (str(definition), str(enabled))
        for name_of_table, name, definition, enabled in connection.exec_driver_sql(
            f"SELECT {table}, t.tgname, replace(replace(pg_get_triggerdef(t.oid), "
            "'CREATE TRIGGER ' || quote_ident(t.tgname) || ' ', ''), ' ON ' || CASE WHEN "
            "n.oid = pg_my_temp_schema() THEN 'pg_temp' ELSE quote_ident(n.nspname) END "
            "|| '.' || quote_ident(c.relname) || ' ', ' '), "
            "t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND {where}"
        ).all()}
    return Layer(found_policies, found_functions, found_triggers)


def _policy_drift(expected: Layer, present: Layer) -> list[str]:
    findings = []
    for (table, name), (using, check, kind) in sorted(expected.policies.items()):
        found = present.policies.get((table, name))
        if found is None:
            if table in _ACCESS_TABLES.values():  # a public table's is named already
                findings.append(f"policy {name} is missing on {table}: {_UPGRADE}")
            continue
        for clause, want, have in (("USING", using, found[0]), ("WITH CHECK", check, found[1])):
            if want != have:
                findings.append(f"policy {name} on {table} has {_clause(clause, have, want)}: "
                                f"{_UPGRADE}")
        if found[2] != kind:
            findings.append(f"policy {name} on {table} is {found[2]}, not {kind}: {_UPGRADE}")
    findings += [f"unexpected policy {name} on {table}: {_UPGRADE}"
                 for table, name in sorted(present.policies)
                 if table in _ACCESS_TABLES.values() and (table, name) not in expected.policies]
    return findings


def _clause(clause: str, have: str | None, want: str | None) -> str:
    """How a policy's USING or WITH CHECK differs, on one line (PostgreSQL's own spelling)."""
    if have is None:
        return f"no {clause} expression, where one is expected"
    shown = " ".join(have.split())
    if len(shown) > _LONGEST_SHOWN:
        shown = shown[:_LONGEST_SHOWN] + "…"
    if want is None:
        return f"{clause} ({shown}), where none is expected"
    return f"{clause} ({shown}), not the expected expression"


def _function_drift(expected: Layer, present: Layer) -> list[str]:
    findings = []
    for signature, want in sorted(expected.functions.items()):
        have = present.functions.get(signature)
        if have is None:
            if signature not in FUNCTIONS:  # those are named as missing by the check of names
                findings.append(f"function {signature} is missing: {_UPGRADE}")
            continue
        differences = _function_differences(want, have)
        if differences:
            findings.append(f"function {signature} differs from the expected one: "
                            f"{'; '.join(differences)}: {_UPGRADE}")
    return findings


def _function_differences(want: FunctionShape, have: FunctionShape) -> list[str]:
    differences = []
    if have.body != want.body:
        differences.append("its body was replaced")
    if have.security_definer != want.security_definer:
        differences.append("it is SECURITY DEFINER" if have.security_definer else
                           "it is not SECURITY DEFINER")
    if have.settings != want.settings:
        differences.append(f"its settings are {_settings(have.settings)}, not "
                           f"{_settings(want.settings)}")
    for what, have_value, want_value in (
            ("volatility", have.volatility, want.volatility),
            ("language", have.language, want.language),
            ("result", have.result, want.result)):
        if have_value != want_value:
            differences.append(f"its {what} is {have_value}, not {want_value}")
    if have.strict != want.strict:
        differences.append("it is STRICT" if have.strict else "it is not STRICT")
    if have.leakproof != want.leakproof:
        differences.append("it is LEAKPROOF" if have.leakproof else "it is not LEAKPROOF")
    return differences


def _settings(settings: tuple[str, ...]) -> str:
    return "none" if not settings else ", ".join(f"SET {setting}" for setting in settings)


def _trigger_drift(expected: Layer, present: Layer) -> list[str]:
    findings = []
    for (table, name), (want, want_enabled) in sorted(expected.triggers.items()):
        found = present.triggers.get((table, name))
        if found is None and table in _ACCESS_TABLES.values():  # not checked by name
            findings.append(f"trigger {name} is missing on {table}: {_UPGRADE}")
        if found is None or found[1] == "D":
            continue  # named as missing by the check of names
        have, enabled = found
        if have != want:
            findings.append(f"trigger {name} on {table} runs {have}, not {want}: {_UPGRADE}")
        if enabled != want_enabled:
            findings.append(f"trigger {name} on {table} fires {_firing(enabled)}, not "
                            f"{_firing(want_enabled)}: {_UPGRADE}")
    return findings


def _firing(enabled: str) -> str:
    """pg_trigger.tgenabled in words: when the trigger runs."""
    return {"O": "as usual", "A": "always, also on replicas",
            "R": "only on replicas (never for the laptops)"}.get(enabled, f"in mode {enabled}")
