"""The first line of every use case: who is acting, and may they do this?

The signed-in person travels on the database handle (`Database.signed_in_as`), so a use case
cannot be called without one: an unbound handle raises NotSignedInError here, and a role without
the right raises NotAllowedError, before anything is read or written.
"""

from __future__ import annotations

import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.domain.errors import NotAllowedError


def authorize(db: Database, permission: Permission) -> SignedInPerson:
    """The signed-in person, if their role has `permission`; NotAllowedError otherwise."""
    person = db.person
    person.require(permission)
    return person


def signed_in(db: Database) -> SignedInPerson:
    """The signed-in person, whatever their role (reads every role needs: the clinic's name)."""
    return db.person


def acting_therapist_uid(person: SignedInPerson) -> uuid.UUID:
    """The therapist profile the person charts and signs as; refused if they have none."""
    if person.therapist_uid is None:
        raise NotAllowedError(
            f"{person.display_name} has no therapist profile: only a therapist can start, "
            "sign or amend a session.")
    return person.therapist_uid
