"""The demo clinic's accounts and its one documented password (README: "Try it").

A database holding the demo owner's account (its fixed uid) is a demo database: only there
does the sign-in window offer the accounts with the demo password filled in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Therapist
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.services._uow.account_rows import record_account_event
from nmt_desktop.services._uow.password_hashing import hash_secret
from nmt_desktop.services.demo_names import (
    DEMO_ACCOUNT_NAMESPACE,
    DEMO_OWNER_USER_NAME,
    demo_account_uid,
)
from nmt_desktop.services.demo_names import DEMO_PASSWORD as DEMO_PASSWORD  # its old home

#: services/demo.py's namespace: its therapist's uid tells an older demo database.
DEMO_CLINIC_NAMESPACE = uuid.UUID("6f1d7c2e-5a43-4c1b-9a57-0f3c2d1b8e90")
DEMO_ACTOR = "demo data"


@dataclass(frozen=True)
class DemoAccount:
    user_name: str
    display_name: str
    role: Role
    #: The therapist profile: (uid key, credentials, licence); None for front desk.
    profile: tuple[str, str, str] | None


#: Alex Morgan's profile is the demo therapist the demo clinic charts with (services/demo.py).
DEMO_ACCOUNTS = (
    DemoAccount(DEMO_OWNER_USER_NAME, "Alex Morgan", Role.OWNER,
                ("therapist", "LMT, CNMT", "MA-104233")),
    DemoAccount("sam", "Sam Rivera", Role.THERAPIST, ("therapist-sam", "LMT", "MA-118402")),
    DemoAccount("jordan", "Jordan Lee", Role.FRONT_DESK, None),
)


def is_demo_database(orm: Session) -> bool:
    owner_uid = demo_account_uid(DEMO_ACCOUNTS[0].user_name)
    return orm.scalar(select(Account.id).where(Account.uid == owner_uid)) is not None


def ensure_demo_may_load(db: Database) -> None:
    """Refuse the demo on a clinic's own database: its known password would open every chart.

    Allowed on a database without accounts (new), on a demo database (loading again), and on
    a demo database of a release before accounts, which nobody has a password for yet.
    """
    demo_therapist = uuid.uuid5(DEMO_CLINIC_NAMESPACE, "therapist")
    with db.reading() as orm:
        if is_demo_database(orm) or orm.scalar(select(Account.id).limit(1)) is None:
            return
        nobody_signs_in = orm.scalar(select(Account.id).where(
            Account.password_hash.is_not(None)).limit(1)) is None
        older_demo = orm.scalar(select(Therapist.id).where(
            Therapist.uid == demo_therapist)) is not None
        if nobody_signs_in and older_demo:
            return
    raise ConflictError(
        "This database has its own accounts: the demo clinic goes only into a new database "
        "(e.g. --db demo.sqlite) or a demo database, never beside real charts.")


def add_demo_accounts(db: Database, therapist_uid_for: dict[str, uuid.UUID]) -> int:
    """Add the demo accounts not there yet, all with the demo password; how many were added.

    `therapist_uid_for` maps a profile key to its uid; a missing profile is created. On an
    older demo database the upgrade already made a password-less account for the demo
    therapist: it becomes the demo owner's account.
    """
    added = 0
    with db.transaction() as orm:
        existing = set(orm.scalars(select(Account.uid)))
        missing = [a for a in DEMO_ACCOUNTS if demo_account_uid(a.user_name) not in existing]
        # One hash for all: the password is the same and documented, the salt hides nothing.
        password_hash = hash_secret(DEMO_PASSWORD) if missing else None
        for demo in missing:
            therapist = _profile(orm, demo, therapist_uid_for)
            account = None if therapist is None or therapist.id is None else orm.scalar(
                select(Account).where(Account.therapist_id == therapist.id))
            if account is not None and account.password_hash is not None:
                therapist, account = None, None  # someone's real account: leave it alone
            if account is None:
                account = Account(therapist=therapist, failed_sign_ins=0)
                orm.add(account)
            account.uid = demo_account_uid(demo.user_name)
            account.user_name, account.display_name = demo.user_name, demo.display_name
            account.role, account.password_hash = demo.role, password_hash
            account.must_change_password, account.disabled = False, False
            orm.flush()
            record_account_event(orm, DEMO_ACTOR, "add_account", account,
                                 user_name=demo.user_name, role=demo.role.value)
            added += 1
    return added


def _profile(orm: Session, demo: DemoAccount,
             therapist_uid_for: dict[str, uuid.UUID]) -> Therapist | None:
    if demo.profile is None:
        return None
    key, credentials, licence = demo.profile
    uid = therapist_uid_for.get(key) or uuid.uuid5(DEMO_ACCOUNT_NAMESPACE, key)
    therapist = orm.scalar(select(Therapist).where(Therapist.uid == uid))
    if therapist is None:
        therapist = Therapist(uid=uid, full_name=demo.display_name, credentials=credentials,
                              licence_number=licence)
        orm.add(therapist)
        orm.flush()
    return therapist
