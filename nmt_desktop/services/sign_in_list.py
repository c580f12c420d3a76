"""Who may sign in to a SQLite file, read before SQLAlchemy is loaded (the first paint).

The sign-in window is the app's first paint: the accounts it lists are read with the file's
own DBAPI connection (`Database.driver_cursor`), the same rows services/sign_in.py
`sign_in_choices` reads through the ORM once the engine exists.
"""

from __future__ import annotations

import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.services.account_records import AccountRecord, SignInChoices
from nmt_desktop.services.demo_names import DEMO_OWNER_USER_NAME, DEMO_PASSWORD, demo_account_uid

#: The clinic's idle limit when its settings row has none.
DEFAULT_LOCK_AFTER_MINUTES = 5

_ACCOUNTS = (
    "SELECT a.uid, a.user_name, a.display_name, a.role, t.uid, a.password_hash IS NOT NULL, "
    "a.must_change_password, a.disabled, a.server_login, a.created_at, a.id "
    "FROM account a LEFT JOIN therapist t ON t.id = a.therapist_id "
    "ORDER BY a.display_name, a.id")


def listed_choices(db: Database) -> SignInChoices:
    """What the sign-in window offers on the SQLite file `db` (no sign-in needed)."""
    with db.driver_cursor() as cursor:
        cursor.execute(_ACCOUNTS)
        rows = cursor.fetchall()
        cursor.execute("SELECT lock_after_minutes FROM clinic_settings LIMIT 1")
        setting = cursor.fetchone()
    accounts = [_record(row) for row in rows]
    setup_needed = not any(account.has_password for account in accounts)
    # The owner of an upgraded database (the earliest therapist), while it has no password.
    waiting = sorted((row[9], row[10], record) for row, record in zip(rows, accounts, strict=True)
                     if record.role is Role.OWNER and not record.has_password
                     and not record.disabled)
    owner = waiting[0][2] if setup_needed and waiting else None
    demo_uid = demo_account_uid(DEMO_OWNER_USER_NAME)
    return SignInChoices(
        accounts=tuple(account for account in accounts if not account.disabled),
        owner_setup_needed=setup_needed,
        owner=owner,
        demo_password=DEMO_PASSWORD if any(a.uid == demo_uid for a in accounts) else None,
        lock_after_minutes=(setting[0] if setting and setting[0] else
                            DEFAULT_LOCK_AFTER_MINUTES))


def _record(row: tuple[object, ...]) -> AccountRecord:
    uid, user_name, display_name, role, therapist_uid, has_password, must_change, disabled, \
        server_login = row[:9]
    return AccountRecord(
        uid=_uuid(uid), user_name=str(user_name), display_name=str(display_name),
        role=Role(str(role)), therapist_uid=_uuid(therapist_uid) if therapist_uid else None,
        has_password=bool(has_password), must_change_password=bool(must_change),
        disabled=bool(disabled), server_login=str(server_login) if server_login else None)


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
