"""How long a person must wait after failed sign-ins: slow for guessing, never a lock-out.

The only owner must always be able to get in again, so nothing here ever disables an account.

The first five failures cost nothing; then each failure doubles the wait, from 5 seconds up
to 5 minutes. A correct password resets the count. The service never sleeps: it refuses with
the seconds left, and the window counts them down.
"""

from __future__ import annotations

import datetime as dt

from nmt_desktop.db.models.accounts import Account

FREE_ATTEMPTS = 5
FIRST_DELAY_SECONDS = 5.0
LONGEST_DELAY_SECONDS = 300.0


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` failures in a row."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    steps = min(failures - FREE_ATTEMPTS, 16)  # 2**16 * 5 s is far beyond the cap already
    return min(FIRST_DELAY_SECONDS * (1 << steps), LONGEST_DELAY_SECONDS)


def seconds_to_wait(account: Account, now: dt.datetime) -> float:
    """How long `account` must still wait before its password is checked again.

    A clock set back (the last failure now lies in the future) restarts one delay from now,
    so the wait is never longer than one delay, whatever the clock did.
    """
    delay = delay_after(account.failed_sign_ins)
    if not delay or account.last_failed_at is None:
        return 0.0
    if account.last_failed_at > now:
        account.last_failed_at = now
    elapsed = (now - account.last_failed_at).total_seconds()
    return max(0.0, delay - elapsed)


def count_failure(account: Account, now: dt.datetime) -> float:
    """Record one more failure; the seconds to wait before the next attempt (0: none)."""
    account.failed_sign_ins += 1
    account.last_failed_at = now
    return delay_after(account.failed_sign_ins)


def clear_failures(account: Account) -> None:
    account.failed_sign_ins = 0
    account.last_failed_at = None
