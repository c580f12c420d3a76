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
from nmt_desktop.cli.password_files import read_password_file

PASSWORD_VARIABLE = "NMT_CHART_PASSWORD"


def chart_password(password_file: Path | None, *, new: bool) -> str:
    """The chart file's password: --chart-password-file, else NMT_CHART_PASSWORD, else a prompt.

    Args:
        password_file: The file named by --chart-password-file (its first line is the password;
            cli/password_files.py).
        new: The password is to encrypt with: asked twice at the prompt.

    Raises:
        CommandError: No password, an empty one, or two different ones typed.
    """
    if password_file is not None:
        return read_password_file(password_file, "--chart-password-file")
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
