"""The clinic server: set it up, add people, upgrade, check it, and sign in against it.

The IT person's use cases (`init_server`, `add_server_user`, `upgrade_server`,
`check_server`) connect with the URL they give (a PostgreSQL superuser, or the database's
owner with CREATEROLE) and act as the schema owner role for everything that creates or alters
tables (db/server_security.py says what is laid out and why). They are not app use cases with
a signed-in person: PostgreSQL itself decides whether that login may do them.

`sign_in_to_server` is how a person signs in on a clinic server: their own login role and
password, checked by PostgreSQL; the result is the same `SignedInPerson` as on a laptop's file.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import DatabaseAccessDeniedError, DatabaseRefusedError
from nmt_desktop.db.migrate import migrate_connection
from nmt_desktop.db.opening import server_refusal
from nmt_desktop.db.preflight import display_location
from nmt_desktop.db.schema import SCHEMA_HEAD
from nmt_desktop.db.server_advice import server_advice
from nmt_desktop.db.server_check import find_drift
from nmt_desktop.db.server_names import (
    FULL_ACCESS_SETTING,
    GROUP_OF_ROLE,
    SCHEMA_OWNER,
    VERSION_TABLE,
    quote,
)
from nmt_desktop.db.server_security import (
    apply_security,
    lift_for_migrations,
    role_statements,
    take_ownership_statements,
)
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: A login name the IT person can type and PostgreSQL takes without surprises.
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_.-]{0,62}")


@dataclass(frozen=True)
class ServerSetup:
    """What `init_server` or `upgrade_server` did."""

    location: str
    from_revision: str | None  # None: the schema was created
    to_revision: str
    secured_tables: int


@dataclass(frozen=True)
class ServerUser:
    """A person added by `add_server_user`."""

    login: str
    role: Role
    display_name: str
    account_uid: uuid.UUID
    new_account: bool  # False: an existing account (same user name) was linked to the login


@dataclass(frozen=True)
class ServerCheck:
    """What `check_server` found."""

    drift: list[str]  # one line per difference from the expected setup; empty: all is right
    advice: list[str]  # the server's own settings worth changing; never a failure


@contextmanager
def _admin(url: str, password: str | None, *, keep: bool = True) -> Iterator[Connection]:
    """One transaction as the IT person's login; a refused login or denied right is one line.

    `keep=False`: the transaction is rolled back even when it succeeds (a check).
    """
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    if not url.startswith("postgresql"):
        raise DatabaseRefusedError(display_location(url), "the clinic server commands need a "
                                   "PostgreSQL URL (postgresql+psycopg://user@host/database).")
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True,
                           connect_args={} if password is None else {"password": password})
    try:
        with engine.connect() as connection, connection.begin() as transaction:
            yield connection
            if not keep:
                transaction.rollback()
    except DBAPIError as error:
        # One transaction: whatever the server refused, nothing was changed.
        raise server_refusal(display_location(url), error, upgrading=False,
                             in_one_transaction=True) from error
    finally:
        engine.dispose()


def _act_as_schema_owner(connection: Connection) -> None:
    connection.exec_driver_sql(f"SET LOCAL ROLE {SCHEMA_OWNER}")
    connection.exec_driver_sql(f"SET LOCAL {FULL_ACCESS_SETTING} = 'on'")


def _require_setup_rights(connection: Connection, location: str) -> None:
    superuser, create_role, owns_database = connection.exec_driver_sql(
        "SELECT r.rolsuper, r.rolcreaterole, d.datdba = r.oid FROM pg_roles r, pg_database d "
        "WHERE r.rolname = current_user AND d.datname = current_database()").one()
    if not (superuser or (create_role and owns_database)):
        raise DatabaseAccessDeniedError(
            location, "setting up the clinic server needs a PostgreSQL superuser, or the "
            "database's owner with the CREATEROLE right; connect as one of them.")


def _revision(connection: Connection) -> str | None:
    exists = connection.exec_driver_sql(
        "SELECT to_regclass('public.alembic_version') IS NOT NULL").scalar()
    if not exists:
        return None
    return connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()


def _migrate_and_secure(connection: Connection, location: str) -> ServerSetup:
    _act_as_schema_owner(connection)
    before = _revision(connection)
    if before != SCHEMA_HEAD:
        lift_for_migrations(connection)
        migrate_connection(connection)
    apply_security(connection)
    secured = connection.exec_driver_sql(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relforcerowsecurity").scalar() or 0
    return ServerSetup(location, before, SCHEMA_HEAD, int(secured))


def init_server(url: str, password: str | None = None) -> ServerSetup:
    """Set up (or repair) a clinic server database: roles, schema, privileges, policies.

    All in one transaction: if anything fails, the database is as it was (roles too).
    Run again on a set-up database, it repairs drift and changes no data.
    """
    location = display_location(url)
    with _admin(url, password) as connection:
        _require_setup_rights(connection, location)
        database = connection.exec_driver_sql("SELECT current_database()").scalar()
        for statement in role_statements(str(database)):
            connection.exec_driver_sql(statement)
        for statement in take_ownership_statements(connection):
            connection.exec_driver_sql(statement)
        return _migrate_and_secure(connection, location)


def upgrade_server(url: str, password: str | None = None) -> ServerSetup:
    """Migrate a set-up clinic server to this version's schema, as the schema owner role."""
    location = display_location(url)
    with _admin(url, password) as connection:
        owner = connection.exec_driver_sql(
            "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = "
            "to_regclass('public.alembic_version')").scalar()
        if owner != SCHEMA_OWNER:
            raise DatabaseRefusedError(location, "this database was not set up as a clinic "
                                       "server: run `nmt-desktop server init` first.")
        if not connection.exec_driver_sql(
                f"SELECT pg_has_role(current_user, '{SCHEMA_OWNER}', 'MEMBER')").scalar():
            raise DatabaseAccessDeniedError(
                location, f"only a login that may act as {SCHEMA_OWNER} (the one that ran "
                "`server init`, or a superuser) can upgrade the clinic server.")
        return _migrate_and_secure(connection, location)


def check_server(url: str, password: str | None = None) -> ServerCheck:
    """What differs from the expected setup, and advice on the server's own settings.

    The check lays the expected policies and functions out in scratch copies to compare them
    (db/server_definitions.py); its transaction is rolled back, so it changes nothing.
    """
    with _admin(url, password, keep=False) as connection:
        return ServerCheck(find_drift(connection), server_advice(connection))


def add_server_user(url: str, admin_password: str | None, login: str, role: Role,
                    new_password: str, display_name: str | None = None) -> ServerUser:
    """Create `login` as a PostgreSQL login in `role`'s group, and its app account.

    An existing account with the same user name (a therapist of an upgraded clinic) is linked
    to the login; otherwise a new account is made, with a therapist profile for a therapist.
    The password leaves this process only as a SCRAM-SHA-256 verifier computed here, so it
    is never in a statement the server could log.
    """
    login = login.strip().lower()
    if not LOGIN_NAME.fullmatch(login):
        raise ValidationError({"login": "A login name is 1-63 characters: lower-case letters, "
                                        "digits, '_', '.' or '-', not starting with a digit."})
    if len(new_password) < 8:
        raise ValidationError({"password": "The password must have at least 8 characters."})
    location = display_location(url)
    with _admin(url, admin_password) as connection:
        if connection.exec_driver_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %(login)s", {"login": login}).scalar():
            raise ConflictError(f"The server already has a role named {login}.")
        if not connection.exec_driver_sql(
                f"SELECT to_regrole('{GROUP_OF_ROLE[role]}') IS NOT NULL").scalar():
            raise DatabaseRefusedError(location, "the clinic server is not set up: run "
                                       "`nmt-desktop server init` first.")
        verifier = _scram_verifier(connection, login, new_password)
        connection.exec_driver_sql(
            f"CREATE ROLE {quote(login)} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE "
            f"NOBYPASSRLS PASSWORD '{verifier}' IN ROLE {GROUP_OF_ROLE[role]}")
        _act_as_schema_owner(connection)
        return _link_account(connection, login, role, display_name or login)


def _scram_verifier(connection: Connection, login: str, password: str) -> str:
    """Libpq's PQencryptPasswordConn: the verifier the server stores, never the password."""
    driver = connection.connection.driver_connection
    raw = driver.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), login.encode(), b"scram-sha-256")
    text = bytes(raw).decode("ascii")
    if "'" in text:  # a verifier is base64 and '$'/':'; anything else is not one
        raise ValueError("unexpected password verifier")
    return text


def _link_account(connection: Connection, login: str, role: Role,
                  display_name: str) -> ServerUser:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from nmt_desktop.db.models import Therapist
    from nmt_desktop.db.models.accounts import Account

    with Session(bind=connection, join_transaction_mode="create_savepoint") as orm:
        account = orm.scalar(select(Account).where(Account.user_name == login))
        new = account is None
        if account is None:
            therapist = Therapist(full_name=display_name) if role is Role.THERAPIST else None
            account = Account(uid=uuid.uuid4(), user_name=login, display_name=display_name,
                              role=role, therapist=therapist)
            orm.add(account)
        account.server_login = login
        account.role = role
        account.disabled = False
        orm.flush()
        person = ServerUser(login, role, account.display_name, account.uid, new)
        orm.commit()
    return person


def uses_personal_logins(db: Database) -> bool:
    """Whether `server init` set this server database up (its schema owner owns the schema).

    Only then does each person sign in with their own login. A database made the old way,
    with one login shared by everyone, signs people in against the app's own passwords until
    its IT person runs `server init`.
    """
    from sqlalchemy import text

    with db.reading() as orm:
        return orm.scalar(text(
            "SELECT pg_get_userbyid(relowner) = :owner FROM pg_class "
            "WHERE oid = to_regclass('public.alembic_version')"),
            {"owner": SCHEMA_OWNER}) is True


def sign_in_to_server(url: str, user_name: str, password: str) -> Database:
    """Sign `user_name` in on the clinic server at `url` with their own PostgreSQL login.

    `url` names the server and database; a user name or password in it is replaced. The
    password is given to the driver only (never in a URL, message or log). Raises
    DatabaseRefusedError when the server refuses the login, NotAllowedError when the login has
    no usable account.
    """
    from sqlalchemy.engine import make_url

    target = make_url(url).set(username=user_name.strip().lower(), password=None)
    db = Database.open_as_server_login(target.render_as_string(hide_password=False), password)
    try:
        person = _person_of_login(db)
    except BaseException:
        db.close()
        raise
    return db.signed_in_as(person)


def _person_of_login(db: Database) -> SignedInPerson:
    from sqlalchemy import text

    with db.reading() as orm:
        login = orm.scalar(text("SELECT current_user"))
        row = orm.execute(text(
            "SELECT a.uid, a.user_name, a.display_name, a.role, a.disabled, t.uid "
            "FROM account a LEFT JOIN therapist t ON t.id = a.therapist_id "
            "WHERE a.server_login = current_user")).one_or_none()
        if row is None:
            raise NotAllowedError(
                f"The server login {login} has no NMT Desktop account. Ask the clinic's IT "
                f"person to run `nmt-desktop server add-user {login}`.")
        account_uid, user_name, display_name, role_value, disabled, therapist_uid = row
        role = Role(role_value)
        if disabled:
            raise NotAllowedError(f"The account of {display_name} is disabled.")
        in_group = orm.scalar(text("SELECT pg_has_role(current_user, :group, 'MEMBER')"),
                              {"group": GROUP_OF_ROLE[role]})
        if not in_group:
            raise NotAllowedError(
                f"The server login {login} is not in the group of its account's role "
                f"({role.label}); ask the clinic's IT person to run `nmt-desktop server check`.")
    return SignedInPerson(
        account_uid=_as_uuid(account_uid), user_name=user_name, display_name=display_name,
        role=role, therapist_uid=None if therapist_uid is None else _as_uuid(therapist_uid),
        authenticated_by=AuthMethod.SERVER_LOGIN, authenticated_at=dt.datetime.now(dt.UTC))


def _as_uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
