"""The report password rule, shared by the dialog, the command line and the service."""

from __future__ import annotations

import pytest

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.report_password import (
    MAX_REPORT_PASSWORD_BYTES,
    MIN_REPORT_PASSWORD_CHARACTERS,
    check_report_password,
    report_password_problem,
)


@pytest.mark.parametrize("password", [
    "8-chars!",                # exactly the minimum
    "山田太郎山田太郎",          # eight characters, 24 bytes: characters count, not bytes
    "correct horse battery",   # spaces are fine
    "no\u00a0break space",     # so is a no-break space (a Mac's Option+Space)
    "é" * (MAX_REPORT_PASSWORD_BYTES // 2),  # 126 bytes
    "x" * MAX_REPORT_PASSWORD_BYTES,
])
def test_good_passwords_pass(password: str) -> None:
    assert report_password_problem(password) is None
    check_report_password(password)


@pytest.mark.parametrize(("password", "words"), [
    ("", "empty"),
    ("7-chars", f"at least {MIN_REPORT_PASSWORD_CHARACTERS} characters"),
    ("山田太郎山田太", "at least 8 characters"),
    ("x" * (MAX_REPORT_PASSWORD_BYTES + 1), "too long"),
    ("山" * 43, "too long"),   # 43 characters, 129 bytes
    ("tab\there-too", "control character"),
    ("line\nbreak-too", "control character"),
])
def test_bad_passwords_are_refused_without_repeating_them(password: str, words: str) -> None:
    problem = report_password_problem(password)
    assert problem is not None and words in problem
    with pytest.raises(ValidationError) as refused:
        check_report_password(password)
    assert refused.value.field_errors == {"password": problem}
    if password:
        assert password not in problem
