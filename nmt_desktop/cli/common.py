"""What every command module shares: the failure type, the actor name and the open database."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database


# A command has nobody to press Retry: it waits this long for another program's SQLite write
# lock (an import holds it for ~13 s; ten parallel `patients add` queue behind each other).
COMMAND_WRITE_WAIT_MS = 30_000


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
    db.wait_for_writers_in_this_thread(COMMAND_WRITE_WAIT_MS)
    try:
        yield db
    finally:
        db.close()
