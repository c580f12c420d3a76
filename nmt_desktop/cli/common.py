"""What every command module shares: the failure type and the open database."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nmt_desktop.cli.errors import CommandError
from nmt_desktop.cli.credentials import unlock_key

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database

__all__ = ["COMMAND_WRITE_WAIT_MS", "CommandError", "opened"]


# A command has nobody to press Retry: it waits this long for another program's SQLite write
# lock (an import holds it for ~13 s; ten parallel `patients add` queue behind each other).
COMMAND_WRITE_WAIT_MS = 30_000




@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The chosen database, open for one command and closed whatever happens.

    An encrypted database is unlocked with `--user` and that person's password (cli/credentials).
    """
    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.db.database import Database

    url = database_url(args.db, paths=user_paths())
    db = Database.open(url, new_database_in_empty_file=getattr(args, "new_database", False),
                       key=unlock_key(args, url))
    change = db.schema_change
    if change is not None and change.from_revision is not None:
        # An upgrade names its backup; stderr, so stdout stays the command's output (JSON).
        print(f"nmt-desktop: {change.message()}", file=sys.stderr)
    db.wait_for_writers_in_this_thread(COMMAND_WRITE_WAIT_MS)
    try:
        yield db  # nobody signed in: `credentials.signed_in` signs in for chart commands
    finally:
        db.close()
