"""Accounts inside an open unit of work: loading, plain records, the person, their events."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.models import AuditEvent
from nmt_desktop.db.models.accounts import USER_NAME_LENGTH, Account
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.services.account_records import AccountRecord

#: Letters of any script, digits, and . _ - (no spaces: the name is typed on the command line).
_USER_NAME = re.compile(r"[^\W_][\w.\-]*")
#: How much of a typed, unknown user name the audit trail keeps.
TYPED_NAME_KEPT = 60


def to_record(account: Account) -> AccountRecord:
    return AccountRecord(
        uid=account.uid, user_name=account.user_name, display_name=account.display_name,
        role=account.role, therapist_uid=account.therapist.uid if account.therapist else None,
        has_password=account.password_hash is not None,
        must_change_password=account.must_change_password, disabled=account.disabled,
        server_login=account.server_login)


def person_of(account: Account, method: AuthMethod, now: dt.datetime) -> SignedInPerson:
    return SignedInPerson(
        account_uid=account.uid, user_name=account.user_name,
        display_name=account.display_name, role=account.role,
        therapist_uid=account.therapist.uid if account.therapist else None,
        authenticated_by=method, authenticated_at=now)


def folded_user_name(typed: str) -> str:
    """User names are stored in lower case: "Alex" and "alex " are one person."""
    return typed.strip().casefold()


def clean_user_name(typed: str) -> str:
    """A new user name, folded, or ValidationError saying what is wrong with it."""
    name = folded_user_name(typed)
    if not name:
        problem = "A user name is required."
    elif len(name) > USER_NAME_LENGTH:
        problem = f"A user name can have at most {USER_NAME_LENGTH} characters."
    elif not _USER_NAME.fullmatch(name):
        problem = "A user name starts with a letter or digit and has only letters, digits, " \
                  "dots, dashes and underscores (no spaces)."
    else:
        return name
    raise ValidationError({"user_name": problem})


def account_named(orm: Session, typed: str) -> Account | None:
    return orm.scalar(select(Account).where(Account.user_name == folded_user_name(typed)))


def load_account(orm: Session, account_uid: uuid.UUID) -> Account:
    account = orm.scalar(select(Account).where(Account.uid == account_uid))
    if account is None:
        raise NotFoundError(f"No account with uid {account_uid}.")
    return account


def load_own_account(orm: Session, person: SignedInPerson) -> Account:
    return load_account(orm, person.account_uid)


def active_owner_count(orm: Session) -> int:
    owners = orm.scalars(select(Account).where(Account.role == Role.OWNER,
                                               Account.disabled.is_(False)))
    return len(owners.all())


def record_account_event(orm: Session, who: SignedInPerson | str | None, action: str,
                         account: Account | None, /, **detail: Any) -> None:
    """One audit event about an account.

    `who`: the signed-in person; None while nobody is signed in (a sign-in attempt); a label
    for the program itself ("demo data"). Never given a password, a hash or a recovery code:
    only names, roles and outcomes.
    """
    record_person_event(orm, who, action, "account", account.uid if account else None, None,
                        **detail)


def record_person_event(orm: Session, who: SignedInPerson | str | None, action: str,
                        entity_type: str, entity_uid: uuid.UUID | None,
                        patient_uid: uuid.UUID | None, /, **detail: Any) -> None:
    """One audit event naming the account that acted (see `record_account_event` for `who`)."""
    signed_in = who if isinstance(who, SignedInPerson) else None
    orm.add(AuditEvent(
        actor=signed_in.display_name if signed_in else (who or "sign-in window"),
        actor_account_uid=signed_in.account_uid if signed_in else None,
        action=action, entity_type=entity_type, entity_uid=entity_uid,
        patient_uid=patient_uid, detail=detail))
