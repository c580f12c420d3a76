"""Accounts in the window: a fresh database with its owner set up through the contract."""

from __future__ import annotations

import importlib
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


def spy_on_record_access(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Note every record_access call (action value, patient uid), then let it be recorded."""
    recorded: list[tuple[str, object]] = []
    real = contract.call("record_access")

    class Spy:
        @staticmethod
        def record_access(db: Database, action: object, patient_uid: object,
                          *args: object, **kwargs: object) -> None:
            recorded.append((str(getattr(action, "value", action)), patient_uid))
            real(db, action, patient_uid, *args, **kwargs)

    if contract._providers is not None:
        behind = list(contract._providers)
    else:
        behind = [importlib.import_module(name) for name in contract.SERVICE_MODULES
                  if importlib.util.find_spec(name) is not None]
    monkeypatch.setattr(contract, "_providers", [Spy, *behind])
    return recorded
