"""Where `report physician` gets the report's password: a prompt or a file, never an argument.

A command-line argument is visible to every user of the computer (the process list, shell
history), so the old `--password P` is refused with a line that names the new ways.
`--protect` asks at the terminal without echo, twice; `--report-password-file FILE` reads the
first line of a file a script prepared (cli/password_files.py, the rules of every password file).
Either way the password passes the same rule as in the app (`domain.report_password`) before
the database is opened, so a refused password writes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from nmt_desktop.cli.common import CommandError
from nmt_desktop.cli.password_files import FIRST_LINE_OF_FILE, read_password_file
from nmt_desktop.domain.report_password import check_report_password

RETIRED_PASSWORD_OPTION = (
    "--password is no longer accepted, because other users of this computer can read "
    "command-line arguments: use --protect to be asked for the password (not shown), or "
    "--report-password-file FILE in scripts; nothing was written."
)


def add_password_options(parser: argparse.ArgumentParser) -> None:
    """`--protect` and `--report-password-file`, plus the retired `--password` (hidden, refused)."""
    protection = parser.add_mutually_exclusive_group()
    protection.add_argument(
        "--protect", action="store_true",
        help="encrypt the PDF (AES-256); the password is asked for at the terminal, twice, "
        "and not shown")
    # Not `--password-file`: that global option is the signing-in person's own password.
    protection.add_argument(
        "--report-password-file", metavar="FILE", type=Path,
        help=f"encrypt the PDF (AES-256) with the password on {FIRST_LINE_OF_FILE}, at least 8 "
        "characters, for scripts; keep the file readable by you only")
    # Accepts a value or none, so an old script fails with the explanation, not a usage error.
    parser.add_argument("--password", dest="retired_password", nargs="?", const="",
                        help=argparse.SUPPRESS)


def refuse_password_argument(args: argparse.Namespace) -> None:
    """Stop an old script that passes `--password P`, first, whatever else is wrong.

    Raises:
        CommandError: `--password` was used (its value is not repeated anywhere).
    """
    if args.retired_password is not None:
        raise CommandError(RETIRED_PASSWORD_OPTION)


def report_password(args: argparse.Namespace) -> str | None:
    """The password the command was given, checked; None for an unprotected report.

    Raises:
        CommandError: `--password` was used, or no password could be read.
        ValidationError: The password breaks the report password rule.
    """
    refuse_password_argument(args)
    if args.report_password_file is not None:
        password = read_password_file(args.report_password_file, "--report-password-file")
    elif args.protect:
        password = ask_password()
    else:
        return None
    check_report_password(password)
    return password


def ask_password() -> str:
    """Ask at the terminal, without echo, twice; the rule is checked before the repeat.

    Raises:
        CommandError: No terminal, nothing typed (end of input), or the two entries differ.
        ValidationError: The first entry breaks the report password rule.
    """
    if not sys.stdin.isatty():
        raise CommandError("--protect asks for the password at a terminal, and there is none; "
                           "use --report-password-file FILE in scripts. Nothing was written.")
    try:
        password = getpass.getpass("Password for the report (not shown): ")
        check_report_password(password)
        repeated = getpass.getpass("The same password again: ")
    except EOFError:
        raise CommandError("No password was typed; nothing was written.") from None
    if repeated != password:
        raise CommandError("The two passwords differ; nothing was written.")
    return password
