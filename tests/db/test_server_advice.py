"""The advice `server check` gives on auth_delay, from the two settings it reads."""

from __future__ import annotations

from nmt_desktop.db.server_advice import NO_DELAY, NOT_LOADED, UNKNOWN, auth_delay_advice


def test_a_loaded_auth_delay_that_waits_needs_no_advice() -> None:
    assert auth_delay_advice("auth_delay", 500) is None
    # Its setting exists only while it is loaded: proof enough for a login that may not
    # read shared_preload_libraries.
    assert auth_delay_advice(None, 250) is None


def test_a_loaded_auth_delay_that_does_not_wait_is_named() -> None:
    assert auth_delay_advice("pg_stat_statements, auth_delay", 0) == NO_DELAY


def test_an_unloaded_auth_delay_is_named_with_its_one_line_fix() -> None:
    assert auth_delay_advice("", None) == NOT_LOADED
    assert auth_delay_advice("pg_stat_statements", None) == NOT_LOADED
    assert "shared_preload_libraries = 'auth_delay'" in NOT_LOADED
    assert "auth_delay.milliseconds = '500'" in NOT_LOADED


def test_an_unreadable_setting_is_said_to_be_unknown_not_guessed() -> None:
    assert auth_delay_advice(None, None) == UNKNOWN
    assert "could not read shared_preload_libraries" in UNKNOWN


def test_each_advice_is_one_line() -> None:
    for advice in (NO_DELAY, NOT_LOADED, UNKNOWN):
        assert "\n" not in advice and advice.startswith("Advice: ")
