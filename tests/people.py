"""Who the tests act as: signed-in people made for tests, never through a password.

A test database handle is bound to `TEST_OWNER` (conftest.py); a use case that charts or signs
as a given therapist runs on `as_therapist(db, that_therapist_uid)`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson

TEST_ACCOUNTS = uuid.UUID("6d0c7d64-0c43-4f4e-9a55-0f1d2c3b4a59")
#: The audit trail's name for whatever a test does without naming a therapist.
TEST_ACTOR = "test therapist"


def person(role: Role = Role.OWNER, therapist_uid: uuid.UUID | None = None,
           display_name: str = TEST_ACTOR) -> SignedInPerson:
    """A person of `role`, authenticated by the program itself (no password in tests)."""
    key = f"{role.value}:{therapist_uid}:{display_name}"
    return SignedInPerson(
        account_uid=uuid.uuid5(TEST_ACCOUNTS, key), user_name=role.value,
        display_name=display_name, role=role, therapist_uid=therapist_uid,
        authenticated_by=AuthMethod.SYSTEM, authenticated_at=dt.datetime.now(dt.UTC))


TEST_OWNER = person()


def as_therapist(db: Database, therapist_uid: uuid.UUID, role: Role = Role.OWNER) -> Database:
    """`db` as the therapist with that profile (named as the roster names them)."""
    from nmt_desktop.services.therapist_roster import list_therapists

    names = {t.uid: t.full_name for t in list_therapists(db.signed_in_as(TEST_OWNER))}
    return db.signed_in_as(person(role, therapist_uid, names.get(therapist_uid, TEST_ACTOR)))


def as_role(db: Database, role: Role) -> Database:
    return db.signed_in_as(person(role))
