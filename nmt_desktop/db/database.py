"""The open database: short-lived ORM sessions, one transaction per use case.

SQLAlchemy costs about 300 ms to import, twice the time a bare window needs to appear. So an
up-to-date SQLite file can be opened *checked but not yet connected* (`open_for_start`): its
refusals are decided at once by db/preflight.py, the first reads of the window (patient list,
therapists) go through `driver_cursor` on a plain sqlite3 connection with the engine's own
settings, and the engine is created at its first real use, right after the first paint
(ui/startup.py) and in any case before anything can be written.

An encrypted file is opened with its database key (`key=`), unwrapped once at sign-in. The
handle keeps the raw key in its connection factory (db/cipher.py): the early reads, the engine's
pool and every later connection are keyed from it, and nothing derives a key per connection.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nmt_desktop.db.cipher import PLAIN, SqliteConnector
from nmt_desktop.db.engine import SQLITE_BUSY_TIMEOUT_MS, apply_sqlite_pragmas, make_engine
from nmt_desktop.db.opening import SchemaChange, open_database
from nmt_desktop.db.preflight import backend_name, display_location, sqlite_path
from nmt_desktop.domain.access import SignedInPerson
from nmt_desktop.domain.errors import NotSignedInError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session, sessionmaker

    from nmt_desktop.db.key_material import DatabaseKey

_NAMED_PLACEHOLDER = re.compile(r"(?<![:\w]):(\w+)")


class _Store:
    """What every handle on one database shares: the engine, its sessions, early reads."""

    def __init__(self, engine: Engine | None, connector: SqliteConnector = PLAIN) -> None:
        self.engine = engine
        self.connector = connector
        self.session_factory: sessionmaker[Session] | None = None
        self.early: Any = None  # a DBAPI connection (sqlite3 or SQLCipher) before the engine
        self.joined: Connection | None = None  # set on a `one_transaction` view
        self.lock = threading.RLock()
        self.short_wait: tuple[int, int] | None = None  # (thread id, milliseconds)


class Database:
    """Owns the engine. Nothing outside services ever holds one of its ORM sessions."""

    def __init__(self, engine: Engine | None, url: str,
                 schema_change: SchemaChange | None = None,
                 person: SignedInPerson | None = None,
                 connector: SqliteConnector = PLAIN) -> None:
        """`engine` None: created at first use (only for an up-to-date SQLite file)."""
        self.url = url
        #: What opening did to the schema (created, upgraded and where the backup is), or None.
        self.schema_change = schema_change
        self._store = _Store(engine, connector)
        self._person = person

    def signed_in_as(self, person: SignedInPerson) -> Database:
        """This database as `person` sees it: the handle every use case of theirs receives.

        It shares the engine and connections with this handle; only who is acting differs.
        """
        view = Database.__new__(Database)
        view.url, view.schema_change = self.url, self.schema_change
        view._store, view._person = self._store, person
        return view

    @property
    def person(self) -> SignedInPerson:
        """Who is acting; NotSignedInError on a handle nobody signed in to."""
        if self._person is None:
            raise NotSignedInError("Nobody is signed in: sign in first.")
        return self._person

    @property
    def signed_in(self) -> bool:
        return self._person is not None

    @classmethod
    def open(cls, url: str, *, new_database_in_empty_file: bool = False,
             key: DatabaseKey | None = None) -> Database:
        """Open (creating or upgrading if needed) the database at `url` (db/opening.py).

        `key`: the database key of an encrypted file (a new file is created encrypted).
        """
        opened = open_database(url, new_database_in_empty_file=new_database_in_empty_file,
                               key=key)
        return cls(opened.engine, url, opened.change, connector=opened.connector)

    @classmethod
    def open_as_server_login(cls, url: str, password: str) -> Database:
        """Connect to a clinic server as a person's own login; never upgrades the schema.

        `url` names the server, the database and the login but no password: the password goes
        to the driver as a connection argument, so no URL, message or log ever holds it.
        """
        opened = open_database(url, server_password=password, upgrade_server=False)
        return cls(opened.engine, url, opened.change, connector=opened.connector)

    @classmethod
    def open_for_start(cls, url: str, *, new_database_in_empty_file: bool = False,
                       key: DatabaseKey | None = None) -> Database:
        """Like `open`, but an up-to-date SQLite file is only checked, not yet connected.

        Raises the same refusals as `open`, before anything is written. A new file, one that
        needs an upgrade, or a server database is connected at once.
        """
        opened = open_database(url, defer_engine=True,
                               new_database_in_empty_file=new_database_in_empty_file, key=key)
        return cls(opened.engine, url, opened.change, connector=opened.connector)

    @property
    def encrypted(self) -> bool:
        """Whether the SQLite file is encrypted (False for a plain file and for a server)."""
        return self._store.connector.encrypted

    @property
    def connector(self) -> SqliteConnector:
        """Makes connections to this SQLite file, keyed if it is encrypted (db/cipher.py)."""
        return self._store.connector

    def use_connector(self, connector: SqliteConnector) -> None:
        """Connect from now on with `connector`: after the file was encrypted in place.

        The old engine's connections are closed; the next use creates a new, keyed engine.
        """
        with self._store.lock:
            self._close_connections()
            self._store.engine = None
            self._store.session_factory = None
            self._store.connector = connector

    @property
    def engine(self) -> Engine:
        with self._store.lock:
            if self._store.engine is None:
                self._store.engine = make_engine(self.url, connector=self._store.connector)
                if self._store.early is not None:
                    self._store.early.close()
                    self._store.early = None
            return self._store.engine

    @property
    def connected(self) -> bool:
        """Whether the engine exists yet (SQLAlchemy is loaded)."""
        return self._store.engine is not None

    def connect(self) -> None:
        """Create the engine now rather than at its first use."""
        self.engine  # noqa: B018 - the property creates it

    @property
    def location(self) -> str:
        return display_location(self.url)

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def dialect(self) -> str:
        if self._store.engine is None:
            return backend_name(self.url) or ""
        return self._store.engine.dialect.name

    @property
    def _sessions(self) -> sessionmaker[Session]:
        if self._store.session_factory is None:
            from sqlalchemy.orm import sessionmaker

            # Results outlive the transaction as plain values; nothing is lazily reloaded later.
            self._store.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._store.session_factory

    def wait_for_writers_in_this_thread(self, milliseconds: int) -> None:
        """Writes from the calling thread wait at most `milliseconds` for another writer.

        The window's thread must not freeze for the engine's 5 s busy timeout while another
        program holds the SQLite write lock: its writes fail fast with "database is locked",
        and the UI retries them from a timer with a visible "Waiting" state. A command, with
        nobody to retry for it, waits longer. Other threads keep the engine's 5 s. On a
        PostgreSQL server the same bound is each transaction's `lock_timeout`.
        """
        self._store.short_wait = (threading.get_ident(), milliseconds)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as orm:
            if self._store.short_wait is not None:
                thread, short = self._store.short_wait
                wait = short if thread == threading.get_ident() else SQLITE_BUSY_TIMEOUT_MS
                # Pooled connections are shared between threads: set it for every transaction.
                if self.dialect == "sqlite":
                    orm.connection().exec_driver_sql(f"PRAGMA busy_timeout={int(wait)}")
                elif self.dialect == "postgresql":
                    # The same on a server: a row or advisory lock another client holds fails
                    # (SQLSTATE 55P03, "waiting") instead of freezing the window; for this
                    # transaction only.
                    orm.connection().exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait)}")
            yield orm

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look; nothing is committed."""
        with self._sessions() as orm:
            yield orm

    @contextmanager
    def driver_cursor(self) -> Iterator[Any]:
        """A plain DBAPI cursor on a pooled connection, for reads on every keystroke.

        SQLAlchemy spends about 0.3 ms on each statement it runs, and the ORM more per row; the
        patient search runs at every keystroke, so it skips both. SQL given to this cursor
        must be written for both backends and pass through `driver_sql` for its placeholders.
        Only reads: on SQLite the connection is rolled back when it goes back to the pool; on
        PostgreSQL a block that ends normally ends its reads' transaction with COMMIT (there
        is nothing to commit), because psycopg forgets its prepared statements at every
        ROLLBACK: each read was then planned anew, and on a clinic server planning the
        row-level policies is most of what a short read costs (bench/server_rls.py).
        Before the engine exists, the cursor is on a DBAPI connection of the file's connector.
        """
        if self._store.joined is not None:
            cursor = self._store.joined.connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        if self._store.engine is None:
            with self._store.lock:
                if self._store.engine is None:
                    with self._early_cursor() as early:
                        yield early
                    return
        with self.engine.connect() as connection:
            cursor = connection.connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            if self.dialect == "postgresql":
                connection.connection.dbapi_connection.commit()  # type: ignore[union-attr]

    def execute_planned_for(self, cursor: Any, sql: str, params: dict[str, Any]) -> None:
        """Run `sql` on a driver cursor with a plan made for these very values.

        On PostgreSQL never a prepared statement's generic plan: where the best plan depends on
        the values (a search: which index a typed prefix narrows most), the generic plan chosen
        after five runs was up to eight times slower for some prefixes.
        """
        if self.dialect == "postgresql":
            cursor.execute(sql, params, prepare=False)
        else:
            cursor.execute(sql, params)

    @contextmanager
    def _early_cursor(self) -> Iterator[Any]:
        if self._store.early is None:
            path = sqlite_path(self.url)
            assert path is not None, "only a SQLite file is opened without its engine"
            self._store.early = self._store.connector.connect(path, check_same_thread=False)
            apply_sqlite_pragmas(self._store.early)
        cursor = self._store.early.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            self._store.early.rollback()

    @contextmanager
    def one_transaction(self) -> Iterator[Database]:
        """A view of this database on which every use case joins ONE transaction.

        For a job of many use cases that must complete or leave nothing (the demo clinic):
        each use case's own transaction becomes a SAVEPOINT inside it, and everything is
        committed when the block ends, or rolled back if it raises or the process dies.
        """
        from sqlalchemy.orm import sessionmaker

        sqlite = self.sqlite_file is not None
        engine = make_engine(self.url, explicit_transactions=True,
                             connector=self._store.connector) if sqlite else self.engine
        try:
            with engine.connect() as connection, connection.begin():
                view = Database(engine, self.url, person=self._person,
                                connector=self._store.connector)
                view._store.session_factory = sessionmaker(
                    bind=connection, expire_on_commit=False,
                    join_transaction_mode="create_savepoint")
                view._store.joined = connection
                yield view
        finally:
            if engine is not self._store.engine:
                engine.dispose()

    def driver_sql(self, sql: str) -> str:
        """`sql` with `:name` placeholders in the driver's own style (sqlite3 named, psycopg %)."""
        if self._store.engine is not None and self._store.engine.dialect.paramstyle == "pyformat":
            return _NAMED_PLACEHOLDER.sub(r"%(\1)s", sql)
        return sql

    def close(self) -> None:
        with self._store.lock:
            self._close_connections()

    def _close_connections(self) -> None:
        if self._store.early is not None:
            self._store.early.close()
            self._store.early = None
        if self._store.engine is not None:
            self._store.engine.dispose()
