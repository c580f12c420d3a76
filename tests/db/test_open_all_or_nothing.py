"""Creating and upgrading are all-or-nothing; the backup lands beside the file and is named.

Faults are injected into the real sequence of db/opening.py: a migration or check that fails
halfway, a kill -9 at random moments (tools/kill_open.py, a few trials here), a failed upgrade
on a real PostgreSQL server.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect, text

from nmt_desktop.db import engine as engine_module
from nmt_desktop.db import opening, schema_files
from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import SchemaChangeFailedError
from nmt_desktop.db.migrate import run_migrations
from nmt_desktop.db.schema import SCHEMA_HEAD
from tests.people import TEST_OWNER
from tools import kill_open

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
OLDEST = "0001"
REAL_MIGRATE = opening._migrate_work_file


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} - {path.name, "backups"}


def old_copy(tmp_path: Path) -> Path:
    path = tmp_path / "clinic" / "chart.sqlite"
    path.parent.mkdir()
    shutil.copy(FIXTURES / f"{OLDEST}.sqlite", path)
    return path


def test_the_upgrade_backup_is_beside_the_file_and_named(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    before = dump(path)
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    db.close()
    change = db.schema_change
    assert change is not None and change.from_revision == OLDEST
    [backup] = (path.parent / "backups").iterdir()
    assert change.backup == backup
    assert dump(backup) == before
    assert revision_of(backup) == OLDEST and revision_of(path) == SCHEMA_HEAD
    assert str(backup) in change.message() and f"to {SCHEMA_HEAD}" in change.message()
    assert beside(path) == set(), "the upgrade left work or journal files beside the file"


def test_cli_upgrade_message_names_the_backup(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from nmt_desktop.__main__ import main

    path = old_copy(tmp_path)
    assert main(["--db", str(path), "patients", "list", "--json"]) == 0
    captured = capsys.readouterr()
    [backup] = (path.parent / "backups").iterdir()
    assert captured.err == (f"nmt-desktop: Upgraded {path} from schema {OLDEST} to "
                            f"{SCHEMA_HEAD}. The previous version is kept in {backup}.\n")
    assert captured.out.startswith("[")  # stdout stays the command's JSON


@pytest.mark.parametrize("step", ["migrate", "check"])
def test_a_failed_upgrade_leaves_the_file_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    path = old_copy(tmp_path)
    before = digest(path)

    def migrate_then_fail(work: Path) -> None:
        REAL_MIGRATE(work)  # the real migrations ran on the work copy …
        raise OSError(28, "No space left on device", str(work))  # … then the disk filled

    def check_fails(work: Path, location: str) -> None:
        raise SchemaChangeFailedError(location, "upgrading the database failed (the new "
                                      "schema did not check out); the file was not changed.")

    if step == "migrate":
        monkeypatch.setattr(opening, "_migrate_work_file", migrate_then_fail)
    else:
        monkeypatch.setattr(schema_files, "check_built", check_fails)
    with pytest.raises(SchemaChangeFailedError,
                       match="upgrading the database failed .*the file was not changed"):
        Database.open(f"sqlite:///{path}")
    assert digest(path) == before
    assert beside(path) == set(), "a failed upgrade left its work file"
    monkeypatch.undo()
    # and the next open upgrades it
    db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    db.close()
    assert revision_of(path) == SCHEMA_HEAD


def test_a_failed_creation_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    path = tmp_path / "chart.sqlite"

    def fail(work: Path) -> None:
        REAL_MIGRATE(work)
        raise OSError(28, "No space left on device", str(work))

    monkeypatch.setattr(opening, "_migrate_work_file", fail)
    with pytest.raises(SchemaChangeFailedError,
                       match=r"creating the database failed \(No space left on device\)"):
        Database.open(f"sqlite:///{path}")
    assert list(tmp_path.iterdir()) == []


def test_abandoned_work_files_are_removed_young_ones_kept(tmp_path: Path) -> None:
    path = old_copy(tmp_path)
    abandoned = schema_files.work_file(path, "upgrading")
    running = schema_files.work_file(path, "upgrading")
    for work in (abandoned, running):
        shutil.copy(path, work)
    old = abandoned.stat().st_mtime - schema_files.ABANDONED_AFTER_SECONDS - 60
    os.utime(abandoned, (old, old))
    Database.open(f"sqlite:///{path}").close()
    assert schema_files.leftovers(path) == [running]


@pytest.mark.parametrize("kind", ["create", "upgrade"])
def test_kill_at_random_moments_leaves_a_file_that_opens(tmp_path: Path, kind: str) -> None:
    # A few trials of tools/kill_open.py (the closing note has the 50-trial run).
    result = kill_open.run_trials(kind, 3, random.Random(11), tmp_path)
    assert result["unopenable"] == 0, result["problems"]
    assert result["data_lost"] == 0, result["problems"]


def _seeded_0001(url: str) -> None:
    engine = engine_module.make_engine(url)
    try:
        run_migrations(engine, OLDEST)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO therapist (uid, full_name, credentials, licence_number, active, "
                "created_at, updated_at) VALUES ('00000000000000000000000000000001', 'Alex', "
                "'', '', true, '2026-01-01', '2026-01-01')"))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_failed_postgresql_upgrade_keeps_the_old_schema(
        postgres_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _fresh_postgres_database

    url = _fresh_postgres_database(postgres_server)
    _seeded_0001(url)
    real_make_engine = engine_module.make_engine

    def failing_at_the_version_stamp(url: str, **options: Any) -> Any:
        made = real_make_engine(url, **options)

        @event.listens_for(made, "before_cursor_execute")
        def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            # Every table of the new revision exists by now; only the stamp is missing.
            if statement.startswith("UPDATE alembic_version"):
                raise RuntimeError("killed at the last statement of the upgrade")

        return made

    monkeypatch.setattr(engine_module, "make_engine", failing_at_the_version_stamp)
    with pytest.raises(RuntimeError, match="killed"):
        Database.open(url)
    monkeypatch.undo()
    check = engine_module.make_engine(url)
    try:
        with check.connect() as connection:
            assert connection.execute(
                text("SELECT version_num FROM alembic_version")).scalar() == OLDEST
            assert "clinic_settings" not in inspect(connection).get_table_names()
            assert connection.execute(text("SELECT count(*) FROM therapist")).scalar() == 1
    finally:
        check.dispose()
    db = Database.open(url).signed_in_as(TEST_OWNER)
    db.close()
    assert db.schema_change is not None and db.schema_change.from_revision == OLDEST
