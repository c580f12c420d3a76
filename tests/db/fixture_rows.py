"""Copy a committed fixture's rows into a server database at the same revision, then upgrade.

A migration's PostgreSQL upgrade test uses this: the fixtures are SQLite files, so the server
database is brought to the fixture's revision and filled row by row.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

from nmt_desktop.db.engine import make_engine
from nmt_desktop.db.migrate import run_migrations


def copy_fixture_rows(source_url: str, target_url: str) -> dict[str, int]:
    """Copy every row of the fixture into a database at the same revision (parents first)."""
    import uuid

    from sqlalchemy import Boolean, MetaData, Uuid

    source, target = make_engine(source_url), make_engine(target_url)
    counts: dict[str, int] = {}
    try:
        tables = MetaData()
        tables.reflect(target)
        with source.connect() as reading, target.begin() as writing:
            for table in tables.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(r._mapping) for r in reading.execute(
                    text(f"SELECT * FROM {table.name}"))]
                for row in rows:
                    for column in table.columns:
                        value = row.get(column.name)
                        if value is None:
                            continue
                        if isinstance(column.type, Boolean):
                            row[column.name] = bool(value)
                        elif isinstance(column.type, Uuid) and not isinstance(value, uuid.UUID):
                            row[column.name] = uuid.UUID(str(value))
                if rows:
                    writing.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if writing.dialect.name == "postgresql":
                for table in tables.sorted_tables:
                    if "id" in table.columns and table.name != "alembic_version":
                        writing.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce(max(id), 1)) FROM {table.name}"))
    finally:
        source.dispose()
        target.dispose()
    return counts


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"


def fixture_copy(revision: str, work_dir: Path) -> str:
    """The URL of a copy of the committed fixture `revision` (the tests change the copy)."""
    copy = work_dir / "previous.sqlite"
    shutil.copy(FIXTURES / f"{revision}.sqlite", copy)
    return f"sqlite:///{copy}"


def upgrade_fixture_on_postgresql(any_db_url: str, revision: str, work_dir: Path,
                                  upgrade_and_check: Callable[[str], None]) -> None:
    """A migration's upgrade of the committed fixture `revision`, on a server database.

    Skipped for SQLite: there the migration's first test upgrades the fixture file itself.
    """
    import pytest

    if not any_db_url.startswith("postgresql"):
        pytest.skip("on SQLite the fixture file itself is upgraded (the first test)")
    upgrade_fixture_copy(any_db_url, FIXTURES / f"{revision}.sqlite", revision, work_dir,
                         upgrade_and_check)


def downgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations' downgrades until the database is at `revision`."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location",
                           str(resources.files("nmt_desktop.db") / "migrations"))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()


def upgrade_fixture_copy(server_url: str, fixture: Path, revision: str, work_dir: Path,
                         upgrade_and_check: Callable[[str], None]) -> dict[str, int]:
    """Fill a database at `revision` with the fixture's rows, upgrade it, check nothing is lost.

    Returns the row count of every table, as copied (and found again after the upgrade).
    """
    engine = make_engine(server_url)
    try:
        run_migrations(engine, revision)
    finally:
        engine.dispose()
    copy = work_dir / "previous.sqlite"
    shutil.copy(fixture, copy)
    before = copy_fixture_rows(f"sqlite:///{copy}", server_url)
    assert before["patient"] > 0 and before["treatment_session"] > 0 and before["intake"] > 0
    upgrade_and_check(server_url)
    engine = make_engine(server_url)
    try:
        with engine.connect() as connection:
            for table, count in before.items():
                assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == count, table
    finally:
        engine.dispose()
    return before


def row_counts(url: str, tables: tuple[str, ...]) -> dict[str, int]:
    """How many rows each of `tables` holds: compared before and after a migration."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {t: connection.scalar(text(f"SELECT count(*) FROM {t}")) or 0 for t in tables}
    finally:
        engine.dispose()
