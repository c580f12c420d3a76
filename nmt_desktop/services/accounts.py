"""The owner's accounts window: who may use the app, with which role (Permission.MANAGE_ACCOUNTS).

Nobody chooses another person's password: the owner gives a temporary one, which its holder
must replace at their first sign-in. The clinic always keeps one enabled owner.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import ClinicSettings, Therapist
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.domain.access import RIGHTS_BY_ROLE, Permission, Role, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, ValidationError
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.account_rows import (
    account_named,
    active_owner_count,
    clean_user_name,
    load_account,
    load_own_account,
    record_account_event,
    record_person_event,
    to_record,
)
from nmt_desktop.services._uow.key_file_guard import key_file_follows
from nmt_desktop.services._uow.password_hashing import hash_secret
from nmt_desktop.services._uow.sign_in_throttle import clear_failures
from nmt_desktop.services.account_records import AccountRecord
from nmt_desktop.services.clinic import SETTINGS_ROW_ID, settings_row
from nmt_desktop.services.encryption import drop_account_key, grant_database_key
from nmt_desktop.services.passwords import password_problem
from nmt_desktop.services.records import ChangeSet
from nmt_desktop.services.therapists import _validate as validate_profile

MIN_LOCK_MINUTES, MAX_LOCK_MINUTES = 1, 30


def list_accounts(db: Database) -> list[AccountRecord]:
    """Every account, disabled ones too, by display name."""
    authorize(db, Permission.MANAGE_ACCOUNTS)
    with db.reading() as orm:
        rows = orm.scalars(select(Account).order_by(Account.display_name, Account.id))
        return [to_record(row) for row in rows]


def add_account(db: Database, user_name: str, display_name: str, role: Role,
                temporary_password: str, credentials: str = "",
                licence_number: str = "") -> tuple[AccountRecord, ChangeSet]:
    """A new person, with a temporary password they replace at their first sign-in.

    A therapist or owner gets a therapist profile (the signature on their sessions) from the
    display name, credentials and licence number; front desk gets none.
    """
    person = authorize(db, Permission.MANAGE_ACCOUNTS)
    name = clean_user_name(user_name)
    full_name, creds, licence = validate_profile(display_name, credentials, licence_number)
    _require_good_password(temporary_password, name)
    try:
        with key_file_follows(db), db.transaction() as orm:
            _still_allowed(orm, person)
            if account_named(orm, name) is not None:
                raise ConflictError(f"The user name {name} is taken: choose another.")
            therapist = None if role is Role.FRONT_DESK else Therapist(
                full_name=full_name, credentials=creds, licence_number=licence)
            account = Account(user_name=name, display_name=full_name, role=role,
                              therapist=therapist, password_hash=hash_secret(temporary_password),
                              must_change_password=True, disabled=False, failed_sign_ins=0)
            orm.add(account)
            orm.flush()
            record_account_event(orm, person, "add_account", account, user_name=name,
                                 role=role.value)
            record = to_record(account)
            # An encrypted database: their own copy of its key, under the temporary password.
            grant_database_key(db, name, temporary_password)
    except IntegrityError:
        # Another window took the name between the check and the insert.
        raise ConflictError(f"The user name {name} is taken: choose another.") from None
    return record, ChangeSet(accounts=True, therapists=therapist is not None)


def reset_password(db: Database, account_uid: uuid.UUID,
                   temporary_password: str) -> tuple[AccountRecord, ChangeSet]:
    """A temporary password for someone who forgot theirs (or has none yet after an upgrade)."""
    person = authorize(db, Permission.MANAGE_ACCOUNTS)
    with key_file_follows(db), db.transaction() as orm:
        _still_allowed(orm, person)
        account = load_account(orm, account_uid)
        _require_good_password(temporary_password, account.user_name)
        account.password_hash = hash_secret(temporary_password)
        account.must_change_password = True
        clear_failures(account)
        record_account_event(orm, person, "reset_password", account,
                             user_name=account.user_name)
        record = to_record(account)
        grant_database_key(db, record.user_name, temporary_password)
    return record, ChangeSet(accounts=True)


def set_role(db: Database, account_uid: uuid.UUID,
             role: Role) -> tuple[AccountRecord, ChangeSet]:
    """Change what a person may do; the last enabled owner keeps the owner role."""
    person = authorize(db, Permission.MANAGE_ACCOUNTS)
    with db.transaction() as orm:
        _still_allowed(orm, person)
        account = load_account(orm, account_uid)
        if account.role is role:
            return to_record(account), ChangeSet()
        if account.role is Role.OWNER and not account.disabled and active_owner_count(orm) <= 1:
            raise ConflictError(f"{account.display_name} is the clinic's only owner: make "
                                "someone else owner first.")
        before = account.role
        account.role = role
        if role is Role.THERAPIST and account.therapist is None:
            account.therapist = Therapist(full_name=account.display_name, credentials="",
                                          licence_number="")
        record_account_event(orm, person, "set_role", account, user_name=account.user_name,
                             role=role.value, was=before.value)
        record = to_record(account)
    return record, ChangeSet(accounts=True, therapists=True)


def set_disabled(db: Database, account_uid: uuid.UUID,
                 disabled: bool) -> tuple[AccountRecord, ChangeSet]:
    """Stop (or allow again) a person's sign-ins; their charts and signatures stay."""
    person = authorize(db, Permission.MANAGE_ACCOUNTS)
    with key_file_follows(db), db.transaction() as orm:
        _still_allowed(orm, person)
        account = load_account(orm, account_uid)
        if account.disabled == disabled:
            return to_record(account), ChangeSet()
        if disabled and account.uid == person.account_uid:
            raise ConflictError("You cannot disable the account you are signed in with.")
        if disabled and account.role is Role.OWNER and active_owner_count(orm) <= 1:
            raise ConflictError(f"{account.display_name} is the clinic's only owner and "
                                "cannot be disabled.")
        account.disabled = disabled
        if not disabled:
            clear_failures(account)
        record_account_event(orm, person, "disable_account" if disabled else "enable_account",
                             account, user_name=account.user_name)
        record = to_record(account)
        if disabled:
            # Their copy of an encrypted database's key goes too: the file no longer opens
            # with their password, even outside the app. Enabled again, they get a new one
            # with the temporary password the owner then sets.
            drop_account_key(db, record.user_name)
    return record, ChangeSet(accounts=True)


def set_lock_after_minutes(db: Database, minutes: int) -> ChangeSet:
    """Minutes without input before the window locks (clinic setting, 1-30)."""
    person = authorize(db, Permission.MANAGE_CLINIC)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or \
            not MIN_LOCK_MINUTES <= minutes <= MAX_LOCK_MINUTES:
        raise ValidationError({"lock_after_minutes": f"Lock after {MIN_LOCK_MINUTES} to "
                                                     f"{MAX_LOCK_MINUTES} minutes."})
    with db.transaction() as orm:
        settings = settings_row(orm)
        if settings is None:
            settings = ClinicSettings(id=SETTINGS_ROW_ID, name="", address="", phone="",
                                      email="", logo_png=None, disabled_techniques=[])
            orm.add(settings)
        before = settings.lock_after_minutes
        settings.lock_after_minutes = minutes
        record_person_event(orm, person, "change", "clinic_settings", None, None,
                            fields=["lock_after_minutes"], lock_after_minutes=minutes,
                            was=before)
    return ChangeSet(settings=True)


def _still_allowed(orm: Session, person: SignedInPerson) -> None:
    """Refuse an owner demoted or disabled since signing in (in another window).

    The handle carries the role the person had at sign-in; for accounts, the stored one counts.
    """
    account = load_own_account(orm, person)
    if account.disabled or Permission.MANAGE_ACCOUNTS not in RIGHTS_BY_ROLE[account.role]:
        raise NotAllowedError(f"{account.display_name} may no longer manage accounts (the role "
                              "changed since signing in): sign in again.")


def _require_good_password(password: str, user_name: str) -> None:
    problem = password_problem(password, user_name)
    if problem:
        raise ValidationError({"temporary_password": problem})
