"""Engine factory: durable SQLite settings, or a PostgreSQL server.

SQLAlchemy is imported inside `make_engine`, so that the SQLite connection settings can be
applied by the first paint's plain sqlite3 connection (db/database.py) without loading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nmt_desktop.db.cipher import PLAIN, SqliteConnector
from nmt_desktop.db.preflight import backend_name, sqlite_path

if TYPE_CHECKING:
    from sqlalchemy import Engine


SQLITE_BUSY_TIMEOUT_MS = 5000


def is_sqlite(url: str) -> bool:
    return backend_name(url) == "sqlite"


def apply_sqlite_pragmas(dbapi_connection: Any, _record: Any = None) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the CLI back up while the app writes. synchronous=FULL makes every commit
        # durable on power loss (NORMAL in WAL mode may lose the last transactions), and a mark
        # is one transaction, so FULL is what "never lose a mark" needs.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _leave_transactions_to_sqlalchemy(dbapi_connection: Any, _record: Any = None) -> None:
    # pysqlite begins a transaction only before DML, so SAVEPOINTs and DDL would run outside
    # one; with its own handling off, the "begin" event below starts every transaction.
    dbapi_connection.isolation_level = None


def _begin_immediate(connection: Any) -> None:
    # IMMEDIATE: take the write lock at the start (waiting up to busy_timeout), so a long job
    # never fails halfway because another program wrote first.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, explicit_transactions: bool = False,
                connector: SqliteConnector = PLAIN, password: str | None = None) -> Engine:
    """Create an engine for `url` with the settings the app relies on.

    `explicit_transactions` (SQLite): every transaction is a real `BEGIN IMMEDIATE`, so that
    SAVEPOINTs nest inside it (SQLAlchemy's documented pysqlite recipe); for jobs that must
    complete or leave nothing (Database.one_transaction).
    `connector` (SQLite file): an encrypted file's connections come from its keyed connector.
    `password` (PostgreSQL): the login's password, when the URL carries none.
    """
    from sqlalchemy import create_engine, event

    # hide_parameters: an error's text (logged, or shown as a last resort) must never carry
    # the clinical text or names that were being written.
    if is_sqlite(url):
        engine = create_engine(url, hide_parameters=True, **_keyed_connections(url, connector))
        event.listen(engine, "connect", apply_sqlite_pragmas)
        if explicit_transactions:
            event.listen(engine, "connect", _leave_transactions_to_sqlalchemy)
            event.listen(engine, "begin", _begin_immediate)
        return engine
    # A person's password (sign-in on a clinic server) goes to the driver as a connection
    # argument: never into the URL, which is shown in messages and logs.
    connect_args: dict[str, int | str] = postgres_connect_args(url)
    if password is not None:
        connect_args["password"] = password
    return create_engine(url, pool_pre_ping=True, hide_parameters=True,
                         connect_args=connect_args)


def _keyed_connections(url: str, connector: SqliteConnector) -> dict[str, Any]:
    """For an encrypted file: SQLCipher's DBAPI module and a `creator` that keys each connection.

    The pysqlite dialect runs on SQLCipher's module unchanged (it is a fork of sqlite3), and
    SQLAlchemy then recognises SQLCipher's exceptions as the driver's. The key goes to the
    creator as raw bytes: it is never part of the URL, so never in a logged or shown URL.
    """
    path = sqlite_path(url)
    if not connector.encrypted or path is None:
        return {}

    def keyed_connection() -> Any:
        # pysqlite's own default for a file: pooled connections move between threads.
        return connector.connect(path, check_same_thread=False)

    return {"module": connector.module, "creator": keyed_connection}


# A server that went away must not freeze the window for minutes: the app writes from the
# window's thread, and without these a dropped network waits for the operating system's TCP
# timeout (about 15 minutes on Linux) before the write fails and the app can say so.
POSTGRES_TIMEOUTS: dict[str, int | str] = {
    "connect_timeout": 4,  # seconds to reach the server (libpq)
    "keepalives": 1,  # notice a dead connection in the pool
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 8000,  # ms a sent query may stay unacknowledged before it fails
}
# Lock waits are bounded per thread instead (Database.wait_for_writers_in_this_thread): the
# window waits briefly and retries from a timer, a command queues behind other writers.


def postgres_connect_args(url: str) -> dict[str, int | str]:
    """The timeouts above, except those the URL sets itself (its query string wins)."""
    from sqlalchemy.engine import make_url

    given = set(make_url(url).query)
    return {name: value for name, value in POSTGRES_TIMEOUTS.items() if name not in given}
