"""Passwords for commands: never a command-line argument (any local user can read those).

In order: `--password-file FILE` (its first line), the `NMT_PASSWORD` environment variable, or
a prompt without echo when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nmt_desktop.cli.errors import CommandError

if TYPE_CHECKING:
    from nmt_desktop.db.key_material import DatabaseKey

PASSWORD_VARIABLE = "NMT_PASSWORD"
USER_VARIABLE = "NMT_USER"


def add_password_options(parser: argparse.ArgumentParser) -> None:
    """`--user` and `--password-file`, for the commands that unlock or encrypt a database."""
    parser.add_argument(
        "--user", metavar="NAME",
        help=f"your user name, to unlock an encrypted database (default: {USER_VARIABLE})")
    parser.add_argument(
        "--password-file", metavar="FILE", type=Path,
        help=f"read your password from the first line of FILE (else {PASSWORD_VARIABLE}, else "
        "a prompt); never give a password as an argument")


def user_name(args: argparse.Namespace, why: str) -> str:
    name = getattr(args, "user", None) or os.environ.get(USER_VARIABLE, "")
    if not name.strip():
        raise CommandError(f"{why}: give your user name with --user NAME (or {USER_VARIABLE}).")
    return name.strip()


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    """The password from --password-file, NMT_PASSWORD, or a prompt without echo."""
    file: Path | None = getattr(args, "password_file", None)
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"cannot read the password file {file} "
                               f"({error.strerror or error}).") from error
        if not lines or not lines[0]:
            raise CommandError(f"the password file {file} is empty.")
        return lines[0]
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    if not sys.stdin.isatty():
        raise CommandError(f"a password is needed: give --password-file FILE or set "
                           f"{PASSWORD_VARIABLE} (there is no terminal to ask at).")
    return getpass.getpass(prompt)


def read_new_password(args: argparse.Namespace) -> str:
    """A password being set: typed twice at a prompt (a file or variable is taken as is)."""
    if getattr(args, "password_file", None) is not None or os.environ.get(PASSWORD_VARIABLE):
        return read_password(args)
    first = read_password(args, "New password: ")
    if getpass.getpass("The same password again: ") != first:
        raise CommandError("the two passwords differ; nothing was changed.")
    return first


def unlock_key(args: argparse.Namespace, url: str) -> DatabaseKey | None:
    """The database key of an encrypted file, unwrapped with the user's password; else None."""
    from nmt_desktop.services.encryption import DatabaseLock, database_lock, unlock

    lock = database_lock(url)
    if lock is DatabaseLock.RECOVERY_CODE:
        raise CommandError("the database is encrypted (or not an NMT Desktop database at all) "
                           "and its key file is missing or damaged: open it in the app with "
                           "the owner's recovery code.")
    if lock is not DatabaseLock.PASSWORD:
        return None
    name = user_name(args, "the database is encrypted")
    return unlock(url, name, read_password(args))
