"""The one password rule: length, the common list, the user name; no composition rules."""

from __future__ import annotations

import pytest

from nmt_desktop.services.passwords import (
    MAX_PASSWORD_LENGTH,
    common_passwords,
    password_problem,
)


def test_the_shipped_common_list_is_read_from_the_package() -> None:
    listed = common_passwords()
    assert len(listed) > 19_000
    assert {"password", "123456789", "qwertyuiop"} <= listed


@pytest.mark.parametrize("password", [
    "eight ch", "correct horse battery", "🙂🙂🙂🙂🙂🙂🙂🙂", "Łódź–山田–Δημήτρης",
    "a" * MAX_PASSWORD_LENGTH, "nocapitals", "ALLCAPITALS",
])
def test_good_passwords_pass_without_composition_rules(password: str) -> None:
    assert password_problem(password, "alex") is None


@pytest.mark.parametrize(("password", "words"), [
    ("", "at least 8"),
    ("short", "at least 8"),
    ("🙂🙂🙂🙂🙂🙂🙂", "at least 8"),
    ("x" * (MAX_PASSWORD_LENGTH + 1), "at most 1,024"),
    ("x" * 10_000, "at most 1,024"),
    ("password1", "common passwords"),
    ("Password1", "common passwords"),
    ("qwertyuiop", "common passwords"),
])
def test_bad_passwords_get_one_clear_sentence(password: str, words: str) -> None:
    problem = password_problem(password, "alex")
    assert problem is not None and words in problem
    assert password not in problem or len(password) < 8  # never echoed back


@pytest.mark.parametrize("user_name", ["alex.morgan", "Alex.Morgan", " alex.morgan "])
def test_the_user_name_is_not_a_password(user_name: str) -> None:
    assert password_problem("alex.morgan", user_name) == "The password cannot be the user name."
    assert password_problem("ALEX.MORGAN", user_name) == "The password cannot be the user name."
