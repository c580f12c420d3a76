"""Accounts in the window: a fresh database with its owner set up through the contract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.ui.accounts import contract

OWNER_PASSWORD = "plum tree in the yard"
OWNER = {"display_name": "Alex Morgan", "user_name": "alex", "credentials": "LMT",
         "licence_number": "MA-1"}


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """A new database nobody is signed in to (the start of a first run)."""
    database = Database.open(f"sqlite:///{tmp_path / 'clinic.sqlite'}")
    yield database
    database.close()


@pytest.fixture
def owner_handle(fresh_db: Database) -> Database:
    """The owner, set up and signed in with OWNER_PASSWORD (the first start done)."""
    handle, _code = contract.call("set_up_owner")(fresh_db, OWNER_PASSWORD, **OWNER)
    return handle
