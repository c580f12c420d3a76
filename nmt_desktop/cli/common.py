"""What every command module shares: the failure type, the actor name and the open database."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database


class CommandError(Exception):
    """A failure with a message for the person who typed the command."""


def actor() -> str:
    """Who the audit trail names for a command: the operating-system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return f"command line ({user})"


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The chosen database, open for one command and closed whatever happens."""
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.database import Database

    paths = user_paths()
    db = Database.open(database_url(args.db, paths=paths), backup_dir=paths.backup_dir)
    try:
        yield db
    finally:
        db.close()
