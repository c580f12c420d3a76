"""The same account signing in on several laptops at once: every right password gets in.

Each sign-in writes the account's row (its failure count cleared, a password hash renewed to
today's argon2 costs); the version counter makes the later writers lose. They read the row
again and go on (services/_uow/retry.py), on one SQLite file and on a PostgreSQL server.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services.sign_in import set_up_owner, sign_in
from tests.services.accounts.conftest import OWNER_PASSWORD, T0

LAPTOPS = 6


def test_simultaneous_sign_ins_that_all_renew_the_hash_all_succeed(
        any_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    database = Database.open(any_db_url)
    set_up_owner(database, OWNER_PASSWORD, display_name="Alex Morgan", user_name="alex",
                 credentials="LMT", licence_number="MA-1", now=T0)
    database.close()
    # Every stored hash is "older than today's costs": each sign-in writes a new one.
    monkeypatch.setattr("nmt_desktop.services.sign_in.needs_rehash", lambda _stored: True)
    start = threading.Barrier(LAPTOPS)

    def laptop(_index: int) -> str:
        handle = Database.open(any_db_url)
        try:
            start.wait()
            return sign_in(handle, "alex", OWNER_PASSWORD).person.user_name
        finally:
            handle.close()

    with ThreadPoolExecutor(LAPTOPS) as pool:
        signed_in = list(pool.map(laptop, range(LAPTOPS)))
    assert signed_in == ["alex"] * LAPTOPS
