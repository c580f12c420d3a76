"""A stand-in for the accounts services, for the window's tests only, while they are not merged.

The accounts API contract (/work/notes/accounts-api.md) is implemented by the services in
another branch. Until that branch is merged, the window's tests run against this module: the
same names and behaviour the contract describes, kept in memory per database. It is used only
when `nmt_desktop.ui.accounts.contract.missing_names()` is not empty (tests/ui/conftest.py);
once the services exist, every test runs against them instead. Passwords here are compared in
clear because this lives in memory for one test; the real services hash them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from nmt_desktop.domain.access import AuthMethod, Permission, Role, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, NotAllowedError, NotFoundError
from nmt_desktop.services.database import Database
from nmt_desktop.services.records import ChangeSet

COMMON = {"password", "12345678", "password1", "qwertyui", "iloveyou"}
DELAY_AFTER = 5


@dataclass(frozen=True)
class AccountRecord:
    uid: uuid.UUID
    user_name: str
    display_name: str
    role: Role
    therapist_uid: uuid.UUID | None
    has_password: bool
    must_change_password: bool
    disabled: bool
    server_login: str | None = None


@dataclass(frozen=True)
class SignInChoices:
    accounts: tuple[AccountRecord, ...]
    owner_setup_needed: bool
    owner: AccountRecord | None
    demo_password: str | None
    lock_after_minutes: int


class SignInRefusedError(NotAllowedError):
    def __init__(self, message: str, retry_after_seconds: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class PasswordChangeRequiredError(NotAllowedError):
    def __init__(self, handle: Database) -> None:
        super().__init__("Choose a new password first.")
        self.handle = handle


class AccessAction(enum.StrEnum):
    CHART_OPENED = "open_chart"
    REPORT_PREVIEWED = "preview_report"
    PRINTED = "print"
    PDF_SAVED = "save_pdf"
    LOCKED = "lock"
    UNLOCKED = "unlock"
    SIGNED_OUT = "sign_out"


@dataclass
class _Clinic:
    accounts: dict[uuid.UUID, AccountRecord] = field(default_factory=dict)
    passwords: dict[uuid.UUID, str] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    recovery_code: str = ""
    demo_password: str | None = None
    lock_after_minutes: int = 5
    events: list[tuple[str, str, Any]] = field(default_factory=list)


_CLINICS: dict[str, _Clinic] = {}


def clinic(db: Database) -> _Clinic:
    return _CLINICS.setdefault(db.url, _Clinic())


def forget_all() -> None:
    _CLINICS.clear()


def make_demo(db: Database, password: str) -> None:
    """What `demo` does (accounts-api.md): three accounts sharing one documented password."""
    state = clinic(db)
    state.demo_password = password
    for user, name, role in (("alex", "Alex Morgan", Role.OWNER),
                             ("sam", "Sam Rivera", Role.THERAPIST),
                             ("jordan", "Jordan Lee", Role.FRONT_DESK)):
        _add(state, user, name, role, password, must_change=False)


def _add(state: _Clinic, user_name: str, display_name: str, role: Role, password: str | None,
         must_change: bool, therapist_uid: uuid.UUID | None = None) -> AccountRecord:
    if any(a.user_name == user_name for a in state.accounts.values()):
        raise ConflictError(f"The user name “{user_name}” is taken.")
    record = AccountRecord(uuid.uuid4(), user_name, display_name, role, therapist_uid,
                           password is not None, must_change, False)
    state.accounts[record.uid] = record
    if password is not None:
        state.passwords[record.uid] = password
    return record


def _handle(db: Database, account: AccountRecord, how: AuthMethod) -> Database:
    return db.signed_in_as(SignedInPerson(
        account.uid, account.user_name, account.display_name, account.role,
        account.therapist_uid, how, dt.datetime.now(dt.UTC)))


def sign_in_choices(db: Database) -> SignInChoices:
    state = clinic(db)
    accounts = tuple(a for a in state.accounts.values() if not a.disabled)
    setup = not any(a.has_password for a in state.accounts.values())
    owner = next((a for a in accounts if a.role is Role.OWNER), None) if setup else None
    return SignInChoices(accounts, setup, owner, state.demo_password, state.lock_after_minutes)


def _refuse(state: _Clinic, user_name: str) -> SignInRefusedError:
    count = state.failures.get(user_name, 0) + 1
    state.failures[user_name] = count
    state.events.append(("failed_sign_in", user_name, None))
    wait = float(2 ** (count - DELAY_AFTER)) if count >= DELAY_AFTER else 0.0
    return SignInRefusedError("Wrong user name or password.", wait)


def sign_in(db: Database, user_name: str, password: str) -> Database:
    state = clinic(db)
    account = next((a for a in state.accounts.values() if a.user_name == user_name), None)
    if account is None or account.disabled or state.passwords.get(account.uid) != password:
        raise _refuse(state, user_name)
    state.failures.pop(user_name, None)
    state.events.append(("sign_in", user_name, None))
    handle = _handle(db, account, AuthMethod.PASSWORD)
    if account.must_change_password:
        raise PasswordChangeRequiredError(handle)
    return handle


def set_up_owner(db: Database, password: str, *, display_name: str = "", user_name: str = "",
                 credentials: str = "", licence_number: str = "") -> tuple[Database, str]:
    state = clinic(db)
    problem = password_problem(password, user_name)
    if problem:
        raise NotAllowedError(problem)
    owner = next((a for a in state.accounts.values() if a.role is Role.OWNER), None)
    if owner is None:
        # Imported here: like the real sign-in, the start window's reads stay off SQLAlchemy.
        from nmt_desktop.services import therapists as therapist_service
        from nmt_desktop.services.program_person import program_person

        therapist, _ = therapist_service.create_therapist(
            db.signed_in_as(program_person("set-up")), display_name, credentials,
            licence_number)
        owner = _add(state, user_name or display_name.split()[0].lower(), display_name,
                     Role.OWNER, password, False, therapist.uid)
    else:
        owner = replace(owner, has_password=True)
        state.accounts[owner.uid] = owner
        state.passwords[owner.uid] = password
    state.recovery_code = "FAKE-" + uuid.uuid4().hex[:16].upper()
    return _handle(db, owner, AuthMethod.PASSWORD), state.recovery_code


def reset_with_recovery_code(db: Database, recovery_code: str,
                             new_password: str) -> tuple[Database, str]:
    state = clinic(db)
    if not state.recovery_code or recovery_code != state.recovery_code:
        raise SignInRefusedError("That recovery code is not right.")
    owner = next(a for a in state.accounts.values() if a.role is Role.OWNER)
    state.passwords[owner.uid] = new_password
    state.recovery_code = "FAKE-" + uuid.uuid4().hex[:16].upper()
    return _handle(db, owner, AuthMethod.RECOVERY_CODE), state.recovery_code


def change_own_password(db: Database, current_password: str, new_password: str) -> None:
    state = clinic(db)
    uid = db.person.account_uid
    if state.passwords.get(uid) != current_password:
        raise SignInRefusedError("The current password is not right.")
    state.passwords[uid] = new_password
    state.accounts[uid] = replace(state.accounts[uid], must_change_password=False)


def verify_password(db: Database, password: str) -> SignedInPerson:
    state = clinic(db)
    person = db.person
    if state.passwords.get(person.account_uid) != password:
        raise _refuse(state, person.user_name)
    return person


def password_problem(password: str, user_name: str = "") -> str | None:
    if len(password) < 8:
        return "A password needs at least 8 characters."
    if len(password) > 1024:
        return "A password can have at most 1024 characters."
    if password.lower() in COMMON:
        return "That password is one of the most common ones: choose another."
    if user_name and password.lower() == user_name.lower():
        return "The password cannot be the user name."
    return None


def _owner_only(db: Database) -> _Clinic:
    db.person.require(Permission.MANAGE_ACCOUNTS)
    return clinic(db)


def list_accounts(db: Database) -> list[AccountRecord]:
    return sorted(_owner_only(db).accounts.values(), key=lambda a: a.display_name)


def add_account(db: Database, user_name: str, display_name: str, role: Role,
                temporary_password: str, credentials: str = "",
                licence_number: str = "") -> tuple[AccountRecord, ChangeSet]:
    state = _owner_only(db)
    problem = password_problem(temporary_password, user_name)
    if problem:
        raise NotAllowedError(problem)
    record = _add(state, user_name, display_name, role, temporary_password, True)
    return record, ChangeSet()


def _account(state: _Clinic, uid: uuid.UUID) -> AccountRecord:
    if uid not in state.accounts:
        raise NotFoundError("No such account.")
    return state.accounts[uid]


def reset_password(db: Database, account_uid: uuid.UUID,
                   temporary_password: str) -> tuple[AccountRecord, ChangeSet]:
    state = _owner_only(db)
    record = replace(_account(state, account_uid), has_password=True,
                     must_change_password=True)
    state.accounts[account_uid] = record
    state.passwords[account_uid] = temporary_password
    return record, ChangeSet()


def _other_owners(state: _Clinic, uid: uuid.UUID) -> int:
    return sum(1 for a in state.accounts.values()
               if a.role is Role.OWNER and not a.disabled and a.uid != uid)


def set_role(db: Database, account_uid: uuid.UUID,
             role: Role) -> tuple[AccountRecord, ChangeSet]:
    state = _owner_only(db)
    record = _account(state, account_uid)
    if record.role is Role.OWNER and role is not Role.OWNER and not _other_owners(state,
                                                                                  account_uid):
        raise ConflictError("The clinic's last owner cannot give up the owner role.")
    record = replace(record, role=role)
    state.accounts[account_uid] = record
    return record, ChangeSet()


def set_disabled(db: Database, account_uid: uuid.UUID,
                 disabled: bool) -> tuple[AccountRecord, ChangeSet]:
    state = _owner_only(db)
    record = _account(state, account_uid)
    if disabled and record.role is Role.OWNER and not _other_owners(state, account_uid):
        raise ConflictError("The clinic's last owner cannot be disabled.")
    record = replace(record, disabled=disabled)
    state.accounts[account_uid] = record
    return record, ChangeSet()


def set_lock_after_minutes(db: Database, minutes: int) -> ChangeSet:
    state = _owner_only(db)
    if not 1 <= minutes <= 30:
        raise NotAllowedError("Between 1 and 30 minutes.")
    state.lock_after_minutes = minutes
    return ChangeSet(settings=True)


def record_access(db: Database, action: AccessAction, patient_uid: uuid.UUID | None,
                  entity_uid: uuid.UUID | None = None, **detail: Any) -> None:
    clinic(db).events.append((AccessAction(action).value, db.person.user_name, patient_uid))
