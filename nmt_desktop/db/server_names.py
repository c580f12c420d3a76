"""The names a clinic server's set-up gives its roles, settings and objects (db/server_security.py).

Kept apart so that the set-up, its SQL functions (db/server_functions.py) and the drift check
(db/server_check.py) share one spelling of each.
"""

from __future__ import annotations

from nmt_desktop.domain.access import Role

SCHEMA_OWNER = "nmt_schema_owner"
GROUP_OF_ROLE: dict[Role, str] = {
    Role.OWNER: "nmt_owner",
    Role.THERAPIST: "nmt_therapist",
    Role.FRONT_DESK: "nmt_front_desk",
}
GROUPS = tuple(GROUP_OF_ROLE.values())
ROLE_OF_GROUP = {group: role for role, group in GROUP_OF_ROLE.items()}
#: The session setting under which the schema owner sees every row (migrations set it).
FULL_ACCESS_SETTING = "nmt.full_access"
VERSION_TABLE = "alembic_version"
AUDIT_TABLE = "audit_event"
AUDIT_TRIGGER = "nmt_database_audit"
#: Which charts each login may see in "own" mode, derived from sessions, shares and who added
#: a patient; kept by triggers, rebuilt by every `server init` and `server upgrade`.
ACCESS_SCHEMA = "nmt_access"
ACCESS_TABLE = f"{ACCESS_SCHEMA}.chart_access"
ACCESS_TRIGGER = "nmt_chart_access"
#: The same, one row per login: a bit string whose bit n is set when the login may see the
#: patient with id n. The policies read it once per statement (no probe per row checked);
#: triggers on the access table keep it.
BITS_TABLE = f"{ACCESS_SCHEMA}.chart_bits"
BITS_TRIGGER = "nmt_chart_bits"
UPKEEP = f"(SELECT current_setting('{FULL_ACCESS_SETTING}', true)) = 'on'"
#: The action of an audit event written by the database itself ("db insert", …).
DATABASE_ACTION_PREFIX = "db "


def quote(identifier: str) -> str:
    """An identifier quoted for PostgreSQL (role and login names come from the IT person)."""
    return '"' + identifier.replace('"', '""') + '"'

