"""What every command module shares: the failure type and the open database."""

from __future__ import annotations

import argparse
import getpass
import sys
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


def _command_line_name() -> str:
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

    db = Database.open(database_url(args.db, paths=user_paths()),
                       new_database_in_empty_file=getattr(args, "new_database", False))
    change = db.schema_change
    if change is not None and change.from_revision is not None:
        # An upgrade names its backup; stderr, so stdout stays the command's output (JSON).
        print(f"nmt-desktop: {change.message()}", file=sys.stderr)
    db.wait_for_writers_in_this_thread(COMMAND_WRITE_WAIT_MS)
    # TRANSITIONAL (replaced by --user sign-in, #13): the command acts with owner rights.
    from nmt_desktop.services.program_person import program_person

    try:
        yield db.signed_in_as(program_person(_command_line_name()))
    finally:
        db.close()
