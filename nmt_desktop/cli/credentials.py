"""Who is at the command line: signing in, with passwords from safe sources only.

A password never comes from a command-line argument (other users can read the process list).
It comes from `--password-file FILE` (its first line, or standard input for `-`: the rules
are cli/password_files.py's), else the `NMT_PASSWORD` environment
variable, else a prompt without echo. A new password (a temporary one for someone else, or
one's own new one) comes likewise from `--new-password-file`, `NMT_NEW_PASSWORD` or a prompt
asked twice.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nmt_desktop.cli.errors import CommandError
from nmt_desktop.cli.password_files import FIRST_LINE_OF_FILE, read_password_file

if TYPE_CHECKING:
    from nmt_desktop.db.key_material import DatabaseKey

PASSWORD_ENV = "NMT_PASSWORD"
NEW_PASSWORD_ENV = "NMT_NEW_PASSWORD"
USER_ENV = "NMT_USER"
SOURCES = f"a prompt, {PASSWORD_ENV} or --password-file FILE"


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", metavar="NAME",
        help=f"sign in as this user for commands that read or change charts (default: "
        f"{USER_ENV}); the password comes from a prompt without echo, {PASSWORD_ENV} or "
        "--password-file, never from the command line")
    parser.add_argument(
        "--password-file", metavar="FILE", type=Path,
        help=f"read the password from {FIRST_LINE_OF_FILE}; keep the file readable only by "
        "you")


def add_new_password_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--new-password-file", metavar="FILE", type=Path,
        help=f"read {what} from {FIRST_LINE_OF_FILE}, else {NEW_PASSWORD_ENV}, else a prompt")


def user_name(args: argparse.Namespace) -> str:
    name = (getattr(args, "user", None) or os.environ.get(USER_ENV, "")).strip()
    if not name:
        raise CommandError(f"sign in first: give --user NAME (or {USER_ENV}); the password "
                           f"comes from {SOURCES}.")
    return name


# Where the password one command already read is kept for its second use (an encrypted
# database is unlocked, then the person signs in with the same password): asked once.
_TYPED = "_password_once"


def password(args: argparse.Namespace, prompt: str = "Password: ", *,
             confirm: bool = False) -> str:
    """The person's own password, from the file, the environment or the prompt; read once.

    `confirm`: a password being chosen (the owner's first); the prompt asks twice.
    """
    typed = getattr(args, _TYPED, None)
    if typed is None:
        typed = _secret(getattr(args, "password_file", None), "--password-file", PASSWORD_ENV,
                        prompt, confirm=confirm)
        setattr(args, _TYPED, typed)
    return str(typed)


def new_password(args: argparse.Namespace, prompt: str) -> str:
    """A password being chosen: asked twice at the prompt, so a typo does not lock anyone out."""
    return _secret(getattr(args, "new_password_file", None), "--new-password-file",
                   NEW_PASSWORD_ENV, prompt, confirm=True)


def _secret(path: Path | None, option: str, env: str, prompt: str, *, confirm: bool) -> str:
    if path is not None:
        return read_password_file(path, option)
    from_env = os.environ.get(env)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise CommandError(f"a password is needed: give a password file or set {env} (there "
                           "is no terminal to ask at).")
    try:
        import getpass  # here: the window, which never prompts, starts without it

        typed = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again, to be sure: ") != typed:
            raise CommandError("the two passwords differ; nothing was changed.")
    except EOFError:
        raise CommandError(f"no password given: type it at the prompt, or use {env} or a "
                           "password file.") from None
    return typed


def unlock_key(args: argparse.Namespace, url: str) -> DatabaseKey | None:
    """The key of an encrypted database, unwrapped with `--user`'s password; None if plain.

    The password read here is the one the sign-in then checks: the person types it once.
    """
    from nmt_desktop.services.encryption import DatabaseLock, database_lock, unlock

    lock = database_lock(url)
    if lock is DatabaseLock.RECOVERY_CODE:
        raise CommandError("the database is encrypted (or not an NMT Desktop database at all) "
                           "and its key file is missing or damaged: open it in the app with "
                           "the owner's recovery code.")
    if lock is not DatabaseLock.PASSWORD:
        return None
    return unlock(url, user_name(args), password(args))
