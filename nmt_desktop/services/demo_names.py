"""The demo clinic's fixed names, apart from the code that writes it (no SQLAlchemy here).

The sign-in window, at its first paint, tells a demo database by its owner's fixed uid;
services/demo_accounts.py creates those accounts.
"""

from __future__ import annotations

import uuid

#: Documented in README.md. Only ever valid on a demo database, which holds no real patient.
DEMO_PASSWORD = "nmt-demo-clinic"
DEMO_OWNER_USER_NAME = "alex"
#: Also the namespace of the demo therapists without a profile uid (services/demo_accounts.py).
DEMO_ACCOUNT_NAMESPACE = uuid.UUID("0b6c56a4-2f0e-4d8e-9a53-7d5b0c1e4f21")


def demo_account_uid(user_name: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_ACCOUNT_NAMESPACE, f"account:{user_name}")
