"""Asking a clinic server whether a password is a login's own, without keeping a connection.

Re-authentication on a server (unlocking the window, signing a session) must ask PostgreSQL,
which alone knows the person's password: the app's own `account.password_hash` is empty there.
One short connection as the login, with the URL's own options (TLS mode, CA file, host
address, timeouts), answers it; it is closed at once. The password goes to the driver as a
connection argument only, never into a URL, a message or a log.
"""

from __future__ import annotations

from nmt_desktop.db.engine import postgres_connect_args
from nmt_desktop.db.opening import server_refusal
from nmt_desktop.db.preflight import display_location


def check_server_login(url: str, password: str) -> None:
    """Return when the server at `url` accepts `password` for the URL's login.

    Raises:
        LoginRefusedError: The server refused the login (a wrong password, a login that no
            longer exists or may no longer log in).
        DatabaseRefusedError: The server did not answer, or its TLS certificate was refused.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool, hide_parameters=True,
                           connect_args={**postgres_connect_args(url), "password": password})
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        # `from None`: the driver's own exception has nothing the refusal does not say.
        raise server_refusal(display_location(url), error, upgrading=False) from None
    finally:
        engine.dispose()
