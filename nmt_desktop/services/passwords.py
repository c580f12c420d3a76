"""The one password rule of the clinic, used wherever a password is chosen.

Long enough, not absurdly long, not on a list of common passwords, not the user name. No
composition rules (NIST SP 800-63B): any characters, emoji included, count.
"""

from __future__ import annotations

import functools
import gzip
from importlib import resources

MIN_PASSWORD_LENGTH = 8
#: Long passphrases are welcome; a 10,000-character paste is refused with a clear reason
#: before hashing it.
MAX_PASSWORD_LENGTH = 1024


def password_problem(password: str, user_name: str = "") -> str | None:
    """Why `password` cannot be used, in one sentence for the person choosing it; None if fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"A password can have at most {MAX_PASSWORD_LENGTH:,} characters."
    if user_name.strip() and password.strip().casefold() == user_name.strip().casefold():
        return "The password cannot be the user name."
    if password.lower() in common_passwords():
        return "This password is on a list of common passwords that are guessed first: " \
               "choose another."
    return None


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (assets/passwords/README.md says where it comes from), lower case."""
    packed = resources.files("nmt_desktop.assets").joinpath(
        "passwords").joinpath("common-passwords.txt.gz").read_bytes()
    return frozenset(line.strip() for line in gzip.decompress(packed).decode("utf-8").splitlines()
                     if line.strip())
