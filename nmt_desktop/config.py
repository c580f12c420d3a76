"""Where things live: the user data folder, the default database, and overrides.

The copy taken before a schema upgrade goes into `backups/` beside the database file
(db/opening.py), wherever that file is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nmt_desktop import APP_NAME

DATABASE_ENV = "NMT_DATABASE_URL"
DATA_DIR_ENV = "NMT_DATA_DIR"
DEFAULT_DB_NAME = "nmt-desktop.sqlite"


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def default_database(self) -> Path:
        return self.data_dir / DEFAULT_DB_NAME


def user_paths(environ: Mapping[str, str] = os.environ) -> Paths:
    """The platform's user data folder, or NMT_DATA_DIR (tests, portable installs)."""
    override = environ.get(DATA_DIR_ENV)
    if override:
        return Paths(Path(override).expanduser())
    from platformdirs import user_data_path  # deferred: only needed without an override

    return Paths(user_data_path(APP_NAME, appauthor=False, roaming=False))


def database_url(
    choice: str | None, environ: Mapping[str, str] = os.environ, paths: Paths | None = None
) -> str:
    """Resolve --db (a path or URL), then NMT_DATABASE_URL, then the default SQLite file."""
    value = choice or environ.get(DATABASE_ENV) or ""
    if not value:
        value = str((paths or user_paths(environ)).default_database)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        # The app ships the psycopg 3 driver only; plain PostgreSQL URLs should just work.
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value
