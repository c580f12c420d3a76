"""What the sign-in window and the accounts pages are shown of an account: never a secret.

Its own module because the sign-in window (the first paint) needs these two records and
nothing else of services/records.py, which re-exports them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from nmt_desktop.domain.access import Role

__all__ = ["AccountRecord", "SignInChoices"]


@dataclass(frozen=True)
class AccountRecord:
    """One person's account as the window shows it: never a hash, never a secret."""

    uid: uuid.UUID
    user_name: str
    display_name: str
    role: Role
    therapist_uid: uuid.UUID | None
    has_password: bool
    must_change_password: bool
    disabled: bool
    server_login: str | None


@dataclass(frozen=True)
class SignInChoices:
    """What the sign-in window shows, readable without signing in."""

    accounts: tuple[AccountRecord, ...]  # active accounts, by display name
    owner_setup_needed: bool  # nobody has a password yet: first start (new or upgraded database)
    owner: AccountRecord | None  # who sets up the first password (upgraded: earliest therapist)
    demo_password: str | None  # only on a demo database: the documented demo password
    lock_after_minutes: int  # clinic setting, 1-30
