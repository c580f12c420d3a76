"""Signing in: who may use this database, and proving it with a password.

These use cases take a database handle nobody is signed in to and hand back one bound to the
person (`Database.signed_in_as`). Every attempt, good or bad, is one audit event written in
its own transaction; a refusal is raised only after that transaction is committed, so failed
attempts are counted even though the caller sees an error. No password, hash or recovery code
ever reaches the audit trail, a log or an exception message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.key_material import RecoveryCode, RecoveryCodeError
from nmt_desktop.db.models import ClinicSettings, Therapist
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.db.types import utc_now
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, ValidationError
from nmt_desktop.services._uow.account_rows import (
    TYPED_NAME_KEPT,
    account_named,
    clean_user_name,
    load_own_account,
    person_of,
    record_account_event,
    to_record,
)
from nmt_desktop.services._uow.key_file_guard import key_file_follows
from nmt_desktop.services._uow.password_hashing import hash_secret, needs_rehash, secret_matches
from nmt_desktop.services._uow.retry import retry_races
from nmt_desktop.services._uow.sign_in_throttle import (
    clear_failures,
    count_failure,
    seconds_to_wait,
)
from nmt_desktop.services.account_records import SignInChoices
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD, is_demo_database
from nmt_desktop.services.encryption import rewrap_database_key
from nmt_desktop.services.passwords import password_problem
from nmt_desktop.services.therapists import _validate as validate_profile

#: One message for an unknown user name and a wrong password: neither is confirmed.
WRONG_NAME_OR_PASSWORD = "That user name and password do not match an account of this clinic."
DEFAULT_LOCK_AFTER_MINUTES = 5
SERVER_PASSWORD_CHANGE = ("On a clinic server your password is your server login's: the "
                          "clinic's IT person changes it (docs/clinic-server.md, People).")


class SignInRefusedError(NotAllowedError):
    """Wrong password, unknown user, disabled account, or too many failures in a row."""

    def __init__(self, message: str, retry_after_seconds: float = 0.0) -> None:
        super().__init__(message)
        #: >0 after five failures: the growing wait before the next attempt is checked.
        self.retry_after_seconds = retry_after_seconds


class OwnerSetupNeededError(SignInRefusedError):
    """Nobody has a password on this database yet: the owner sets one up first."""


class PasswordChangeRequiredError(NotAllowedError):
    """Signed in with a temporary password: a new one must be chosen before anything else."""

    def __init__(self, handle: Database) -> None:
        super().__init__("This is a temporary password: choose a new one to go on.")
        #: Signed in; good only for `change_own_password`.
        self.handle = handle


def sign_in_choices(db: Database) -> SignInChoices:
    """What the sign-in window offers; needs no signed-in person and shows no secret."""
    with db.reading() as orm:
        accounts = orm.scalars(select(Account).order_by(Account.display_name, Account.id)).all()
        setup_needed = not any(a.password_hash is not None for a in accounts)
        owner = _owner_to_set_up(orm) if setup_needed else None
        lock_after = orm.scalar(select(ClinicSettings.lock_after_minutes))
        demo = is_demo_database(orm)
        return SignInChoices(
            accounts=tuple(to_record(a) for a in accounts if not a.disabled),
            owner_setup_needed=setup_needed,
            owner=to_record(owner) if owner is not None else None,
            demo_password=DEMO_PASSWORD if demo else None,
            lock_after_minutes=lock_after or DEFAULT_LOCK_AFTER_MINUTES)


def sign_in(db: Database, user_name: str, password: str, *,
            now: dt.datetime | None = None) -> Database:
    """The handle of the person whose user name and password these are.

    Raises:
        SignInRefusedError: Unknown name or wrong password (one message), a disabled account,
            or a wait still running after five failures (`retry_after_seconds`).
        OwnerSetupNeededError: Nobody has a password yet.
        PasswordChangeRequiredError: The password was temporary; `.handle` is signed in.
    """
    now = now or utc_now()

    def attempt() -> tuple[SignInRefusedError | None, SignedInPerson | None, bool]:
        with db.transaction() as orm:
            account = account_named(orm, user_name)
            if account is None:
                secret_matches(None, password)  # as long as a known name takes
                return _refuse_unknown(orm, user_name), None, False
            refusal = _check_password(orm, account, password, now, "sign_in")
            if refusal is not None:
                return refusal, None, False
            person = person_of(account, AuthMethod.PASSWORD, now)
            record_account_event(orm, person, "sign_in", account,
                                 temporary_password=account.must_change_password or None)
            return None, person, account.must_change_password

    # The same account signing in on two laptops at once both write its row (failure count,
    # a password hash renewed to today's argon2 costs): the loser reads it again and goes on,
    # instead of failing a sign-in whose password was right.
    refusal, person, must_change = retry_races(attempt, "sign-in", blind=True)
    if refusal is not None:
        raise refusal
    assert person is not None
    handle = db.signed_in_as(person)
    if must_change:
        raise PasswordChangeRequiredError(handle)
    return handle


def verify_password(db: Database, password: str, *,
                    now: dt.datetime | None = None) -> SignedInPerson:
    """Re-authenticate the signed-in person (unlocking, signing): failures count as sign-ins.

    On a clinic server PostgreSQL checks the password (the person's own login), as at
    sign-in. Returns the person, authenticated now. Raises SignInRefusedError.
    """
    person = db.person
    now = now or utc_now()
    on_server = person.authenticated_by is AuthMethod.SERVER_LOGIN
    # Asked before the transaction: no connection of the pool waits on the server's answer.
    accepted = on_server and _server_accepts(db.url, password)
    with db.transaction() as orm:
        refusal = (_server_refusal(orm, person, accepted) if on_server
                   else check_password_of(db, orm, person, password, now))
        if refusal is None:
            record_account_event(orm, person, "reauthenticate", load_own_account(orm, person))
    if refusal is not None:
        raise refusal
    return dataclasses.replace(person, authenticated_at=now)


def check_password_of(db: Database, orm: Session, person: SignedInPerson, password: str,
                      now: dt.datetime) -> SignInRefusedError | None:
    """Inside a use case's transaction: the refusal if `password` is not the person's, else None.

    A failure is audited in `orm` (and, on a file, counted towards the wait after five): the
    caller commits and raises the refusal after (signing a session re-authenticates this way,
    in its own transaction). A person signed in with their server login is checked by the
    server (`db.url` names it, with the session's TLS options), never against a local hash.
    """
    if person.authenticated_by is AuthMethod.SERVER_LOGIN:
        return _server_refusal(orm, person, _server_accepts(db.url, password))
    return _check_password(orm, load_own_account(orm, person), password, now, "reauthenticate")


def reauthentication_refusal(db: Database, orm: Session, person: SignedInPerson,
                             password: str | None,
                             now: dt.datetime) -> SignInRefusedError | None:
    """Signing: the refusal unless `password` is the signer's own (checked in `orm`), or None.

    Only the program itself (AuthMethod.SYSTEM: the demo builder, tests) signs without typing
    a password again. A failure is counted and audited in `orm`; the caller commits, then raises.
    """
    if person.authenticated_by is AuthMethod.SYSTEM:
        return None
    if not password:
        return SignInRefusedError("Type your password again to sign: a signature is proof "
                                  "that it was you.")
    return check_password_of(db, orm, person, password, now)


def change_own_password(db: Database, current_password: str, new_password: str, *,
                        now: dt.datetime | None = None) -> None:
    """The signed-in person replaces their password (a temporary one first of all)."""
    person = db.person
    now = now or utc_now()
    if person.authenticated_by is AuthMethod.SERVER_LOGIN:
        # The password is the server login's: changing the app's copy would change nothing.
        raise NotAllowedError(SERVER_PASSWORD_CHANGE)
    with key_file_follows(db), db.transaction() as orm:
        account = load_own_account(orm, person)
        refusal = _check_password(orm, account, current_password, now, "change_password")
        if refusal is None:
            _require_good_password(new_password, account.user_name)
            if secret_matches(account.password_hash, new_password):
                raise ValidationError({"password": "Choose a password different from the "
                                                   "current one."})
            account.password_hash = hash_secret(new_password)
            account.must_change_password = False
            record_account_event(orm, person, "change_password", account)
            # An encrypted database: their copy of its key now opens with the new password.
            rewrap_database_key(db, person.user_name, current_password, new_password)
    if refusal is not None:
        raise refusal


def set_up_owner(db: Database, password: str, *, display_name: str = "", user_name: str = "",
                 credentials: str = "", licence_number: str = "",
                 recovery_code: str | None = None,
                 now: dt.datetime | None = None) -> tuple[Database, str]:
    """First start: the owner's password, and the one-time recovery code (shown once).

    Upgraded database: the owner account the upgrade made (the earliest therapist) gets the
    password; the names given are ignored. New database: the owner account is created, with a
    therapist profile from the names. Only the owner can be set up this way, and only while
    nobody has a password: the others get temporary passwords from the owner, so nobody can
    claim another person's account by setting its password first.
    """
    now = now or utc_now()
    # An encrypted database's first owner keeps the code its key was derived from.
    code = recovery_code or new_recovery_code()
    with db.transaction() as orm:
        if orm.scalar(select(Account.id).where(Account.password_hash.is_not(None)).limit(1)):
            raise ConflictError("The owner's password is already set: sign in instead.")
        owner = _owner_to_set_up(orm)
        if owner is None:
            if orm.scalar(select(Account.id).limit(1)) is not None:
                raise ConflictError("This database has accounts but no owner to set up; "
                                    "restore a backup or ask for help.")
            owner = _new_owner(orm, display_name, user_name, credentials, licence_number)
        _require_good_password(password, owner.user_name)
        # Only if still without a password: a second window setting up at the same moment
        # changes nothing and is refused.
        claimed = orm.execute(
            update(Account).where(Account.id == owner.id, Account.password_hash.is_(None))
            .values(password_hash=hash_secret(password), recovery_code_hash=hash_secret(code),
                    must_change_password=False, failed_sign_ins=0, last_failed_at=None)
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError("The owner's password was set meanwhile: sign in instead.")
        orm.refresh(owner)
        person = person_of(owner, AuthMethod.PASSWORD, now)
        record_account_event(orm, person, "set_up_owner", owner, user_name=owner.user_name)
    return db.signed_in_as(person), code


def reset_with_recovery_code(db: Database, recovery_code: str, new_password: str, *,
                             now: dt.datetime | None = None) -> tuple[Database, str]:
    """The owner forgot their password: the printed code sets a new one, offline.

    Returns the owner's handle and a NEW recovery code: the old one is spent. Wrong codes
    count as failed sign-ins of the owner(s) and are slowed down the same way.
    """
    now = now or utc_now()
    typed = normalized_recovery_code(recovery_code)
    refusal: SignInRefusedError | None = None
    # An encrypted database's key is derived from its code: the code stays what it was.
    new_code = typed if db.encrypted else new_recovery_code()
    with db.transaction() as orm:
        owners = orm.scalars(select(Account).where(Account.role == Role.OWNER,
                                                   Account.recovery_code_hash.is_not(None))
                             .order_by(Account.id)).all()
        wait = max((seconds_to_wait(o, now) for o in owners), default=0.0)
        owner = None if wait else next(
            (o for o in owners if secret_matches(o.recovery_code_hash, typed)), None)
        if owner is None:
            delay = max([count_failure(o, now) for o in owners] if not wait else [wait])
            record_account_event(orm, None, "recovery_code_refused", None,
                                 reason="waiting" if wait else "wrong code")
            refusal = _too_soon(wait) if wait else SignInRefusedError(
                "That recovery code is not right. Type it as printed, groups in order.",
                retry_after_seconds=delay)
        elif owner.disabled:
            record_account_event(orm, None, "recovery_code_refused", owner, reason="disabled")
            refusal = SignInRefusedError("This owner account is disabled: another owner can "
                                         "enable it again.")
        else:
            _require_good_password(new_password, owner.user_name)
            owner.password_hash = hash_secret(new_password)
            owner.recovery_code_hash = hash_secret(new_code)
            owner.must_change_password = False
            clear_failures(owner)
            person = person_of(owner, AuthMethod.RECOVERY_CODE, now)
            record_account_event(orm, person, "reset_with_recovery_code", owner)
    if refusal is not None:
        raise refusal
    return db.signed_in_as(person), new_code


def new_recovery_code() -> str:
    """200 random bits and a check group (db/key_material.py).

    The same code derives an encrypted database's key, so one printed code serves both.
    """
    return RecoveryCode.new().text


def normalized_recovery_code(typed: str) -> str:
    """What was typed, in the printed form (case, spaces, dashes and 0/1/8 forgiven).

    A typo that the check group catches gives a text that matches no code.
    """
    try:
        return RecoveryCode.parse(typed).text
    except RecoveryCodeError:
        return "".join(c for c in typed.upper() if c.isalnum())


def _check_password(orm: Session, account: Account, password: str, now: dt.datetime,
                    attempt: str) -> SignInRefusedError | None:
    """The refusal for this attempt (recorded), or None when the password is right."""
    wait = seconds_to_wait(account, now)
    if wait:
        record_account_event(orm, None, f"{attempt}_refused", account,
                             user_name=account.user_name, reason="waiting")
        return _too_soon(wait)
    if account.password_hash is None:
        secret_matches(None, password)
        record_account_event(orm, None, f"{attempt}_refused", account,
                             user_name=account.user_name, reason="no password yet")
        if _nobody_has_password(orm):
            return OwnerSetupNeededError(
                "Nobody has a password on this database yet: the owner sets one up first.")
        return SignInRefusedError(f"{account.display_name} has no password yet: the clinic's "
                                  "owner sets a temporary one (Accounts).")
    if not secret_matches(account.password_hash, password):
        delay = count_failure(account, now)
        record_account_event(orm, None, f"{attempt}_refused", account,
                             user_name=account.user_name, reason="wrong password",
                             failures_in_a_row=account.failed_sign_ins)
        return SignInRefusedError(WRONG_NAME_OR_PASSWORD, retry_after_seconds=delay)
    if account.disabled:
        record_account_event(orm, None, f"{attempt}_refused", account,
                             user_name=account.user_name, reason="disabled")
        return SignInRefusedError(f"The account {account.user_name} is disabled: ask the "
                                  "clinic's owner.")
    clear_failures(account)
    if needs_rehash(account.password_hash):
        account.password_hash = hash_secret(password)
    return None


def _server_accepts(url: str, password: str) -> bool:
    """Ask the clinic server whether `password` is the login's of `url` (one short connection).

    False for a wrong password. Raises SignInRefusedError when the server cannot be asked
    (gone, or its TLS certificate refused): that is not a wrong password, and says so.
    """
    from nmt_desktop.db.errors import DatabaseRefusedError, LoginRefusedError
    from nmt_desktop.db.server_login import check_server_login

    try:
        check_server_login(url, password)
    except LoginRefusedError:
        return False
    except DatabaseRefusedError as problem:
        raise SignInRefusedError(f"Your password could not be checked: {problem.reason}") from None
    return True


def _server_refusal(orm: Session, person: SignedInPerson,
                    accepted: bool) -> SignInRefusedError | None:
    """The server's answer as a refusal (audited in `orm`, the same words as on a file).

    The account row is not counted towards a wait: a person's login may not change it, and
    anyone could try the login directly anyway; the server's own log and its administrator
    limit guessing there.
    """
    if accepted:
        return None
    record_account_event(orm, None, "reauthenticate_refused", load_own_account(orm, person),
                         user_name=person.user_name, reason="wrong password")
    return SignInRefusedError(WRONG_NAME_OR_PASSWORD)


def _refuse_unknown(orm: Session, typed: str) -> SignInRefusedError:
    record_account_event(orm, None, "sign_in_refused", None,
                         user_name=typed.strip()[:TYPED_NAME_KEPT], reason="unknown user")
    if _nobody_has_password(orm):
        return OwnerSetupNeededError(
            "Nobody has a password on this database yet: the owner sets one up first.")
    return SignInRefusedError(WRONG_NAME_OR_PASSWORD)


def _too_soon(wait: float) -> SignInRefusedError:
    seconds = math.ceil(wait)
    return SignInRefusedError(
        f"Too many wrong passwords in a row: try again in {seconds} second"
        f"{'' if seconds == 1 else 's'}.", retry_after_seconds=wait)


def _nobody_has_password(orm: Session) -> bool:
    return orm.scalar(select(Account.id).where(Account.password_hash.is_not(None))
                      .limit(1)) is None


def _owner_to_set_up(orm: Session) -> Account | None:
    """The upgraded database's owner (the earliest therapist), while it has no password."""
    return orm.scalar(select(Account).where(Account.role == Role.OWNER,
                                            Account.password_hash.is_(None),
                                            Account.disabled.is_(False))
                      .order_by(Account.created_at, Account.id).limit(1))


def _new_owner(orm: Session, display_name: str, user_name: str, credentials: str,
               licence_number: str) -> Account:
    name = clean_user_name(user_name)
    full_name, creds, licence = validate_profile(display_name, credentials, licence_number)
    therapist = Therapist(full_name=full_name, credentials=creds, licence_number=licence)
    owner = Account(user_name=name, display_name=full_name, role=Role.OWNER,
                    therapist=therapist, must_change_password=False, disabled=False,
                    failed_sign_ins=0)
    orm.add(owner)
    orm.flush()
    return owner


def _require_good_password(password: str, user_name: str) -> None:
    problem = password_problem(password, user_name)
    if problem:
        raise ValidationError({"password": problem})
