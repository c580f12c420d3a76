"""The program itself as the actor: building the demo clinic, which nobody signs in to do.

Never handed to a person: sign-in (services/sign_in.py) is the only way a person gets a handle.
"""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson

_PROGRAM_ACCOUNTS = uuid.UUID("0b6f8f0e-7a52-4c57-8d4e-3f1f6ad0c9a1")


def program_person(display_name: str, therapist_uid: uuid.UUID | None = None) -> SignedInPerson:
    """An owner-rights actor named `display_name`, charting as `therapist_uid` if given."""
    return SignedInPerson(
        account_uid=uuid.uuid5(_PROGRAM_ACCOUNTS, f"{display_name}:{therapist_uid}"),
        user_name="", display_name=display_name, role=Role.OWNER, therapist_uid=therapist_uid,
        authenticated_by=AuthMethod.SYSTEM, authenticated_at=dt.datetime.now(dt.UTC))
