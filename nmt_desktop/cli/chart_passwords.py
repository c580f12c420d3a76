"""The password of a chart file, for a command: from a file, the environment or a prompt.

Never from an argument: every local user can read a process's arguments. The environment
variable is NMT_CHART_PASSWORD, not the NMT_PASSWORD a command may sign in with, so that a
script that signs in never hands its account password to a chart file by mistake.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from nmt_desktop.cli.common import CommandError

PASSWORD_VARIABLE = "NMT_CHART_PASSWORD"
#: A password file holds one line; anything longer is not a password file.
MAX_PASSWORD_FILE_BYTES = 4096


def chart_password(password_file: Path | None, *, new: bool) -> str:
    """The chart file's password: --chart-password-file, else NMT_CHART_PASSWORD, else a prompt.

    Args:
        password_file: The file named by --chart-password-file (its first line is the password).
        new: The password is to encrypt with: asked twice at the prompt.

    Raises:
        CommandError: No password, an empty one, or two different ones typed.
    """
    if password_file is not None:
        return _from_file(password_file)
    from_environment = os.environ.get(PASSWORD_VARIABLE)
    if from_environment is not None:
        if not from_environment:
            raise CommandError(f"{PASSWORD_VARIABLE} is set but empty.")
        return from_environment
    if not sys.stdin.isatty():
        raise CommandError("the chart file's password is needed: give --chart-password-file FILE "
                           f"or set {PASSWORD_VARIABLE}, or run the command in a terminal "
                           "to be asked.")
    password = getpass.getpass("Chart file password: ")
    if not password:
        raise CommandError("no password typed; nothing was done.")
    if new and getpass.getpass("The same password again: ") != password:
        raise CommandError("the two passwords differ; nothing was done.")
    return password


def _from_file(path: Path) -> str:
    if not path.is_file():
        # Not named: whoever typed the password itself here would see it echoed (and logged).
        raise CommandError("the --chart-password-file was not found: give the name of a file that "
                           "holds the password, never the password itself.")
    if path.stat().st_size > MAX_PASSWORD_FILE_BYTES:
        raise CommandError(f"{path} is not a password file (it is larger than "
                           f"{MAX_PASSWORD_FILE_BYTES} bytes).")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a password file (not UTF-8 text).") from None
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise CommandError(f"the password file {path} is empty.")
    return password
