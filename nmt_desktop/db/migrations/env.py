"""Alembic environment: always run from code with a connection handed in by db.migrate."""

from __future__ import annotations

from alembic import context

from nmt_desktop.db import models  # noqa: F401  (registers every table on Base.metadata)
from nmt_desktop.db.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "NMT Desktop migrations run from the application (nmt_desktop.db.migrate), "
        "not from the alembic command line."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode recreates the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    # All migrations in one transaction: on PostgreSQL a failed or killed upgrade leaves the
    # old schema. SQLite files are upgraded on a work copy instead (db/schema_files.py).
    transaction_per_migration=False,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
