"""Run the schema migrations, and copy a SQLite file consistently.

The order in which a database is checked, backed up and upgraded lives in db/opening.py.
Alembic is imported only when a migration really runs, which keeps it off the start-up path
of an up-to-date database.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine

from nmt_desktop.db.cipher import PLAIN, SqliteConnector

__all__ = ["backup_sqlite", "migrate_connection", "run_migrations"]


def backup_sqlite(source: Path, destination: Path, connector: SqliteConnector = PLAIN) -> None:
    """Copy a live SQLite database consistently (the online backup API), even while in use.

    An encrypted database's copy is encrypted with the same key (`connector`'s).
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    source_connection = connector.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target_connection = connector.connect(destination)
    try:
        source_connection.backup(target_connection)
    finally:
        target_connection.close()
        source_connection.close()


def run_migrations(engine: Engine, target: str = "head") -> None:
    """Upgrade the schema with the Alembic scripts shipped inside the package."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy tables; foreign keys must not fire halfway through.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        migrate_connection(connection, target)
        connection.commit()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def migrate_connection(connection: Connection, target: str = "head") -> None:
    """Run the migrations on `connection` inside its transaction; the caller commits.

    A clinic server's upgrade (services/clinic_server.py) runs them as the schema owner role
    and lays the security setup out again in the same transaction.
    """
    from alembic import command  # heavy: imported only when a migration runs
    from alembic.config import Config

    config = Config()
    scripts = resources.files("nmt_desktop.db") / "migrations"
    config.set_main_option("script_location", str(scripts))
    config.attributes["connection"] = connection
    command.upgrade(config, target)
