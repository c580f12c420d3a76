"""The first line of every public use case: who is acting, and may they do this."""

from __future__ import annotations

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission, SignedInPerson


def authorize(db: Database, permission: Permission) -> SignedInPerson:
    """The person signed in on `db`, if their role has `permission`; NotAllowedError if not."""
    person = db.person
    person.require(permission)
    return person
