"""A source database beside `any_db`, so that a chart can travel from one to the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from tests.conftest import open_empty_copy
from tests.people import TEST_OWNER


@pytest.fixture
def source(tmp_path: Path, empty_database_template: Path) -> Iterator[Database]:
    """The laptop a chart is exported from (SQLite; `any_db` is where it is imported)."""
    url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    database = open_empty_copy(empty_database_template, url).signed_in_as(TEST_OWNER)
    yield database
    database.close()
