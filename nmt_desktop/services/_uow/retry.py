"""Concurrent creates on one database: run a use case's transaction again instead of failing.

Two laptops on one clinic server (or two programs on one SQLite file) may create the same thing
at the same moment: the first notes row of a session, the pain zone of one region, the next
chart number. The loser of that race hits a unique violation, a serialization failure or
deadlock (PostgreSQL), or SQLite's "database is locked" when its read snapshot went stale
before it could write. Each is rolled back whole, so the use case can simply run again: it then
reads what the winner committed and updates it (or takes the next number). Bounded: after
`attempts` the last failure goes to the caller, who reports it like any failed write.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from nmt_desktop.db.write_failures import FailureKind, classify_write_failure

T = TypeVar("T")

log = logging.getLogger(__name__)

ATTEMPTS = 6
FIRST_PAUSE_S = 0.01
#: PostgreSQL: serialization failure and deadlock (the loser of a race is rolled back).
_PG_RACES = frozenset({"40001", "40P01"})
#: SQLite: a transaction whose read snapshot another writer made stale before it could write.
_SQLITE_BUSY_SNAPSHOT = 5 | (2 << 8)


def lost_race(error: BaseException) -> bool:
    """A unique violation, serialization failure, deadlock or stale snapshot: run it again.

    Not a busy database (another program holding the lock, a lock timeout): the window and
    the command line already wait for that in their own way, and a full disk, a refused
    permission or a server gone are not helped by trying again at once.
    """
    failure = classify_write_failure(error)
    if failure is not None and failure.kind is FailureKind.DUPLICATE:
        return True
    driver_error = getattr(error, "orig", None)
    if isinstance(driver_error, sqlite3.Error):
        return getattr(driver_error, "sqlite_errorcode", None) == _SQLITE_BUSY_SNAPSHOT
    return getattr(driver_error, "sqlstate", None) in _PG_RACES


def retry_races(work: Callable[[], T], what: str, attempts: int = ATTEMPTS, *,
                blind: bool = False) -> T:
    """`work()` (one whole transaction), run again when it lost a race with another writer.

    `blind`: the write was not made from a known version of the record (a command without
    `--version`, a stroke that replaces what was there), so another writer's commit between
    its read and its UPDATE (the version counter's StaleDataError) is a race too, not a
    conflict to show. The pauses grow (10, 20, 40 … ms, with jitter so that two losers do
    not meet again).
    """
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except (DBAPIError, StaleDataError) as error:
            race = blind if isinstance(error, StaleDataError) else lost_race(error)
            if attempt == attempts or not race:
                raise
            pause = FIRST_PAUSE_S * 2 ** (attempt - 1) * (0.5 + random.random())  # noqa: S311
            cause = type(getattr(error, "orig", error)).__name__
            log.info("%s lost a race with another writer (%s); attempt %d of %d in %.0f ms",
                     what, cause, attempt + 1, attempts, pause * 1000)
            time.sleep(pause)
    raise AssertionError("unreachable: the last attempt returns or raises")
