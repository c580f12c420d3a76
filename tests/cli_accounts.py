"""Signing in for command-line tests: the demo clinic's accounts and documented password.

Commands that read or change charts need a sign-in. Tests of those commands sign in as the
demo owner (NMT_USER / NMT_PASSWORD, one of the real credential sources) on a database that
has the demo accounts: from `demo` itself, or added by `give_demo_accounts` to a database the
test builds otherwise. The credential sources themselves are tested in tests/test_cli_users.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select

from nmt_desktop.config import database_url
from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import DatabaseRefusedError
from nmt_desktop.db.models import AuditEvent
from nmt_desktop.db.models.accounts import Account
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD, add_demo_accounts

DEMO_USER = "alex"

#: The one line a command prints first on a server database that `server init` did not set up
#: (cli/common.py `_personal_logins`): the tests' PostgreSQL databases share the login `nmt`.
SHARED_LOGIN_WARNING = (
    "nmt-desktop: warning: this server database is shared by one login; its IT person should "
    "run `nmt-desktop server init` (one login per person).\n")


def shared_login_warning(url: str) -> str:
    """What stderr starts with for a command on `url`: the warning on PostgreSQL, else nothing."""
    return SHARED_LOGIN_WARNING if url.startswith("postgresql") else ""


@pytest.fixture
def cli_sign_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NMT_USER", DEMO_USER)
    monkeypatch.setenv("NMT_PASSWORD", DEMO_PASSWORD)


def give_demo_accounts(url: str) -> None:
    """Add the demo accounts (not the demo patients) to a database that has no accounts."""
    db = Database.open(url)
    try:
        with db.reading() as orm:
            if orm.scalar(select(Account.id).limit(1)) is not None:
                return
        add_demo_accounts(db, {"therapist": demo_uid("therapist")})
    finally:
        db.close()


def prepare_sign_in(argv: Sequence[str]) -> None:
    """Before a command in a test: demo accounts on its database, unless it is `demo` itself
    (or a database the test expects to be refused, which opening leaves as it is)."""
    if "--db" not in argv or {"demo", "--help", "--new-database"} & set(argv):
        return
    try:
        give_demo_accounts(database_url(argv[list(argv).index("--db") + 1]))
    except DatabaseRefusedError:
        return


def sign_ins(db: Database) -> int:
    """How many sign-in events the audit trail holds (a command's own trace)."""
    with db.reading() as orm:
        return len(orm.scalars(select(AuditEvent.id).where(AuditEvent.action == "sign_in")).all())
