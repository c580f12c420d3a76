"""Who may do what: the roles of a clinic, what each may do, and the signed-in person.

The services check these rules on every use case (`services/_uow/access.py`); the window only
mirrors them by hiding what a role cannot use. On a clinic server the same rules are enforced a
second time by PostgreSQL itself (group roles and row-level security), because the
credentials sit on every laptop.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from nmt_desktop.domain.errors import NotAllowedError


class Role(enum.StrEnum):
    """A person's role in the clinic. The value is stored; the label is shown."""

    OWNER = "owner"
    THERAPIST = "therapist"
    FRONT_DESK = "front_desk"

    @property
    def label(self) -> str:
        return {Role.OWNER: "Owner / admin", Role.THERAPIST: "Therapist",
                Role.FRONT_DESK: "Front desk"}[self]


class Permission(enum.StrEnum):
    """One right a use case needs. Each public use case names exactly one."""

    #: Find patients and read their demographics and contact details.
    SEE_PATIENTS = "see_patients"
    #: Add patients, change demographics and contact details, archive.
    EDIT_PATIENTS = "edit_patients"
    #: Read clinical content: intakes, sessions, marks, notes, outcomes, progress.
    READ_CHARTS = "read_charts"
    #: Chart: start sessions, place marks, write notes and intakes, amend.
    CHART = "chart"
    #: Sign one's own sessions (with a therapist profile; re-authenticated in the window).
    SIGN = "sign"
    #: Preview, print and save reports.
    REPORTS = "reports"
    #: Export charts and data; import charts.
    EXCHANGE = "exchange"
    #: Read the audit trail.
    READ_AUDIT = "read_audit"
    #: Accounts: add, reset passwords, change roles, disable.
    MANAGE_ACCOUNTS = "manage_accounts"
    #: Clinic settings, backups and restore, database upkeep.
    MANAGE_CLINIC = "manage_clinic"


_THERAPIST_RIGHTS = frozenset({
    Permission.SEE_PATIENTS, Permission.EDIT_PATIENTS, Permission.READ_CHARTS,
    Permission.CHART, Permission.SIGN, Permission.REPORTS, Permission.EXCHANGE,
})

#: The role matrix. An owner does everything a therapist does, plus the clinic's upkeep.
RIGHTS_BY_ROLE: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.THERAPIST: _THERAPIST_RIGHTS,
    Role.FRONT_DESK: frozenset({Permission.SEE_PATIENTS, Permission.EDIT_PATIENTS}),
}

_REFUSALS: dict[Permission, str] = {
    Permission.SEE_PATIENTS: "see the patient list",
    Permission.EDIT_PATIENTS: "change patients' details",
    Permission.READ_CHARTS: "read clinical charts",
    Permission.CHART: "chart",
    Permission.SIGN: "sign sessions",
    Permission.REPORTS: "open, print or save reports",
    Permission.EXCHANGE: "export or import charts",
    Permission.READ_AUDIT: "read the audit trail",
    Permission.MANAGE_ACCOUNTS: "manage accounts",
    Permission.MANAGE_CLINIC: "change the clinic's settings, backups or database",
}


class AuthMethod(enum.StrEnum):
    """How the person proved who they are."""

    PASSWORD = "password"  # argon2id hash in this database
    SERVER_LOGIN = "server_login"  # their own PostgreSQL login role
    RECOVERY_CODE = "recovery_code"  # the owner's printed code, to set a new password
    SYSTEM = "system"  # the program itself: building the demo clinic, tests


@dataclass(frozen=True)
class SignedInPerson:
    """The one object every use case receives (through its database handle): who is acting.

    Created only by signing in (services/accounts.py) or, on a clinic server, by a successful
    login as the person's own role. Nothing in it is secret.
    """

    account_uid: uuid.UUID
    user_name: str
    display_name: str
    role: Role
    therapist_uid: uuid.UUID | None
    authenticated_by: AuthMethod
    authenticated_at: dt.datetime

    def may(self, permission: Permission) -> bool:
        return permission in RIGHTS_BY_ROLE[self.role]

    def require(self, permission: Permission) -> None:
        """Raise NotAllowedError unless the person's role has `permission`."""
        if not self.may(permission):
            raise NotAllowedError(
                f"{self.display_name} is signed in as {self.role.label.lower()}, who may not "
                f"{_REFUSALS[permission]}.")
