"""Advice on the PostgreSQL server's own configuration, printed by `server check`.

Not drift: `server init` lays out the database, while these are the server's settings
(postgresql.conf), the IT person's to choose. So advice never makes `server check` fail; it
is printed after the verdict, one line each.

Wrong passwords: on a laptop's file the app waits after five wrong passwords, but a server
login can be tried with any client, so slowing guesses down is the server's job: the
`auth_delay` module (a contrib module shipped with PostgreSQL) waits before answering a failed
login. It works only when loaded at start (`shared_preload_libraries`) and with a delay above
its default of 0 ms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

AUTH_DELAY_CONFIGURATION = ("shared_preload_libraries = 'auth_delay' and "
                            "auth_delay.milliseconds = '500'")
NOT_LOADED = ("Advice: the server answers a wrong password at once (auth_delay is not loaded), "
              "so a login's password can be guessed quickly: add "
              f"{AUTH_DELAY_CONFIGURATION} to postgresql.conf and restart PostgreSQL.")
NO_DELAY = ("Advice: auth_delay is loaded but waits 0 ms after a wrong password: set "
            "auth_delay.milliseconds = '500' in postgresql.conf and reload PostgreSQL.")
UNKNOWN = ("Advice: could not read shared_preload_libraries (that needs a superuser or "
           "pg_read_all_settings), so whether the server slows down wrong passwords is "
           f"unknown; if it does not, add {AUTH_DELAY_CONFIGURATION} to postgresql.conf and "
           "restart PostgreSQL.")


def server_advice(connection: Connection) -> list[str]:
    """One line per server setting worth changing; empty when there is nothing to advise."""
    # pg_settings, not SHOW: a login that may not read a setting gets no row, not an error
    # (an error would end the check's transaction). A module's setting has a row only while
    # the module is loaded, and anyone may read it.
    libraries = connection.exec_driver_sql(
        "SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'").scalar()
    delay = connection.exec_driver_sql(
        "SELECT setting FROM pg_settings WHERE name = 'auth_delay.milliseconds'").scalar()
    advice = auth_delay_advice(None if libraries is None else str(libraries),
                               None if delay is None else int(delay))
    return [] if advice is None else [advice]


def auth_delay_advice(libraries: str | None, delay_ms: int | None) -> str | None:
    """What to say about auth_delay.

    `delay_ms` is auth_delay.milliseconds, None when the server has no such setting: the
    module defines it when it is loaded, so its absence means it is not. `libraries` is
    shared_preload_libraries, None when this login may not read it: then the absent setting is
    reported as unknown rather than as a fact.
    """
    if delay_ms is not None:
        return NO_DELAY if delay_ms <= 0 else None
    return UNKNOWN if libraries is None else NOT_LOADED
