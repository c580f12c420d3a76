"""The demo clinic for report tests: loaded once per run, copied for every test.

Loading the demo through the real services takes seconds (every change is its own durable
transaction); a file copy takes milliseconds, and each test still gets a database of its own.
Test modules take the fixtures by assignment (`demo_db = report_demo.demo_db`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services.demo import load_demo_clinic
from nmt_desktop.services.maintenance import backup_database
from tests.people import TEST_OWNER

# The demo's visits are dated back from this day, so every number in the tests is fixed.
DEMO_TODAY = dt.date(2025, 6, 30)


# Each module that assigns the fixture gets its own fixture object; the file is made once.
_made: list[Path] = []


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if _made and _made[0].exists():
        return _made[0]
    folder = tmp_path_factory.mktemp("report-demo")
    db = Database.open(f"sqlite:///{folder / 'live.sqlite'}").signed_in_as(TEST_OWNER)
    try:
        load_demo_clinic(db, today=DEMO_TODAY)
        _made.append(backup_database(db, folder / "demo.sqlite"))
        return _made[0]
    finally:
        db.close()


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo clinic's SQLite file."""
    target = tmp_path / "clinic.sqlite"
    shutil.copyfile(demo_template, target)
    return target


@pytest.fixture
def demo_db(demo_file: Path) -> Iterator[Database]:
    """The demo clinic, open, in a database of this test's own."""
    database = Database.open(f"sqlite:///{demo_file}").signed_in_as(TEST_OWNER)
    yield database
    database.close()
