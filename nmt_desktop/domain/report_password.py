"""The rule for a password that protects a report sent outside the clinic.

One rule for every way a password arrives (the report dialog, the command line's prompt or
password file), checked again by the service that encrypts, so no path can lock a report with a
password the others would refuse. The messages never repeat the password or its length.
"""

from __future__ import annotations

import unicodedata

from nmt_desktop.domain.errors import ValidationError

#: Short passwords fall to guessing offline: whoever holds the file can try as often as they like.
MIN_REPORT_PASSWORD_CHARACTERS = 8
#: A PDF 2.0 reader uses only the first 127 bytes (UTF-8) of a password (ISO 32000-2, 7.6.4.3.3);
#: refused rather than cut, so that the password the physician is told is the one that opens.
MAX_REPORT_PASSWORD_BYTES = 127


def report_password_problem(password: str) -> str | None:
    """What is wrong with `password` as a report password, in words for the user; None if fine."""
    if not password:
        return "The password is empty; type one, or send the report unprotected."
    if len(password) < MIN_REPORT_PASSWORD_CHARACTERS:
        return (f"The password is too short: use at least {MIN_REPORT_PASSWORD_CHARACTERS} "
                "characters (a few words are easy to say on the phone and hard to guess).")
    if len(password.encode("utf-8")) > MAX_REPORT_PASSWORD_BYTES:
        return (f"The password is too long: PDF readers use at most {MAX_REPORT_PASSWORD_BYTES} "
                "bytes of it; choose a shorter one.")
    if any(unicodedata.category(character) == "Cc" for character in password):
        return "The password contains a control character (a tab or line break); remove it."
    return None


def check_report_password(password: str) -> None:
    """Refuse a password that breaks the rule.

    Raises:
        ValidationError: For the field "password", with the message of `report_password_problem`.
    """
    problem = report_password_problem(password)
    if problem is not None:
        raise ValidationError({"password": problem})
