"""The command line: the same services as the app, without a display.

Every command exits 0 on success and non-zero with one line on stderr on failure; clinic
scripts rely on the command names and on the JSON shapes. Each command group lives in its own
module with a `register(commands)` function, listed in COMMAND_MODULES.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from nmt_desktop import __version__
from nmt_desktop.cli.common import CommandError
from nmt_desktop.cli.credentials import add_global_options as add_sign_in_options

if TYPE_CHECKING:
    from nmt_desktop.db.write_failures import WriteFailure

EXIT_FAILURE = 1

#: Command modules in the order `--help` lists them.
COMMAND_MODULES = (
    "nmt_desktop.cli.demo",
    "nmt_desktop.cli.users",
    "nmt_desktop.cli.patients",
    "nmt_desktop.cli.audit",
    "nmt_desktop.cli.database",
    "nmt_desktop.cli.reports",
    "nmt_desktop.cli.exports",
    "nmt_desktop.cli.clinic",
    "nmt_desktop.cli.server",
)


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line: global options and every command group.

    Without commands, only the global options: enough to start the app, and a fifth of the
    time (nmt_desktop/__main__.py uses it when the arguments are only `--db`).
    """
    parser = argparse.ArgumentParser(
        prog="nmt-desktop",
        description="NMT Desktop: charting for neuromuscular and massage therapists. "
        "Without a command, opens the app.",
        # No prefixes: `--password SECRET` must be refused, not read as --password-file SECRET
        # (whose error would print the file name, the password, on the screen).
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database file path or URL (sqlite:///…, postgresql+psycopg://user@host/db); "
        "default: NMT_DATABASE_URL, else the file in the user data folder",
    )
    parser.add_argument(
        "--new-database",
        action="store_true",
        help="the --db file is empty (0 bytes): start a new, empty database in it "
        "(refused otherwise, in case it is a copy that did not finish)",
    )
    parser.add_argument(
        "--take-over-lock",
        action="store_true",
        help="open the app although the database's .lock file names another computer; only "
        "when NMT Desktop is surely not running there",
    )
    # Who signs in, and (for an encrypted database) whose password unlocks it: never an argument.
    add_sign_in_options(parser)
    # Handled by nmt_desktop/__main__.py: the self-test draws with Qt, which the CLI never imports.
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (database, migrations, body map, "
        "patient report PDF) and exit; your own data is not touched",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run one parsed command; turn every expected failure into one line and a non-zero exit."""
    from nmt_desktop.db.cipher import CipherUnavailableError
    from nmt_desktop.db.errors import DatabaseRefusedError
    from nmt_desktop.db.key_file import KeyFileError
    from nmt_desktop.db.key_keychain import KeychainError
    from nmt_desktop.db.key_material import RecoveryCodeError
    from nmt_desktop.domain.errors import (
        ConflictError,
        NotAllowedError,
        NotFoundError,
        ValidationError,
    )

    handler: Callable[[argparse.Namespace], None] = args.handler
    try:
        handler(args)
    except ValidationError as error:
        return _fail(" ".join(error.field_errors.values()))
    except (DatabaseRefusedError, NotFoundError, ConflictError, CommandError,
            NotAllowedError, KeyFileError, KeychainError, RecoveryCodeError,
            CipherUnavailableError) as error:
        return _fail(str(error))
    except Exception as error:
        failure = _write_failure(args, error)
        if failure is not None:
            return _fail(failure.sentence)
        if isinstance(error, OSError):
            return _fail(f"{error.strerror or error} ({error.filename or 'file system'})")
        raise
    return 0


def _write_failure(args: argparse.Namespace, error: Exception) -> WriteFailure | None:
    """A database or disk failure in the words the app uses too (db/write_failures.py)."""
    from nmt_desktop.config import database_url
    from nmt_desktop.db.preflight import sqlite_path
    from nmt_desktop.db.write_failures import classify_write_failure

    if isinstance(error, OSError) and error.filename and \
            error.errno not in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):
        return None  # a named file the command itself reads or writes: say which one
    try:
        sqlite_file = sqlite_path(database_url(getattr(args, "db", None)))
    except ValueError:
        sqlite_file = None
    return classify_write_failure(error, sqlite_file)


def _fail(message: str) -> int:
    print(f"nmt-desktop: error: {message}", file=sys.stderr)
    return EXIT_FAILURE


__all__ = ["EXIT_FAILURE", "CommandError", "build_parser", "run_command"]
