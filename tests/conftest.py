"""Shared fixtures: headless Qt, a private data folder, a fresh database per test.

The offscreen platform is set here, before anything imports Qt, so `pytest` works the same on a
laptop, over SSH and in CI without anyone exporting variables by hand.

The suite runs on several pytest-xdist workers at once (tools/dev.py test): everything a test
writes goes to its own tmp_path or to this process's NMT_DATA_DIR, never into the clone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must never touch a real chart in the user's data folder; this process's own folder is
# removed when it ends (each xdist worker has one).
os.environ["NMT_DATA_DIR"] = tempfile.mkdtemp(prefix="nmt-test-data-")
atexit.register(shutil.rmtree, os.environ["NMT_DATA_DIR"], ignore_errors=True)
os.environ.pop("NMT_DATABASE_URL", None)

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from nmt_desktop.db import key_file  # noqa: E402
from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.db.key_file import Argon2Parameters  # noqa: E402
from nmt_desktop.services._uow import password_hashing  # noqa: E402
from tests.people import TEST_OWNER  # noqa: E402
from tests.pg_server import ServerTls, find_pg_bin, running_server  # noqa: E402
from tests.tls_certs import TlsFiles, make_tls_files  # noqa: E402

#: Fixtures kept in modules of their own.
pytest_plugins = ["tests.keychains"]


@dataclass(frozen=True)
class TlsServer:
    url: str  # the superuser's URL, without its password; plain TCP, no TLS options yet
    superuser_password: str
    files: TlsFiles


#: The same algorithms (argon2id) with the smallest costs: the production ones spend 64 MiB and
#: a good part of a second per hash on purpose, and the suite hashes and derives thousands of
#: times. Tests of the production costs themselves are marked `production_argon2`.
CHEAP_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CHEAP_KEY_DERIVATION = Argon2Parameters(time_cost=1, memory_kib=8 * 1024, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_argon2(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap password hashes and key derivations in this process, unless the test is marked."""
    if request.node.get_closest_marker("production_argon2") is not None:
        return
    monkeypatch.setattr(password_hashing, "HASHER", CHEAP_PASSWORD_HASHER)
    monkeypatch.setattr(key_file, "DEFAULT_PARAMETERS", CHEAP_KEY_DERIVATION)


@pytest.fixture(scope="session")
def empty_database_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, empty SQLite database made once per test process (worker).

    Creating one runs every migration (a noticeable fraction of a second); copying the file
    takes milliseconds and gives each test the same empty, up-to-date database.
    """
    path = tmp_path_factory.mktemp("empty-template") / "empty.sqlite"
    Database.open(f"sqlite:///{path}").close()  # closing folds the journal back into the file
    return path


@pytest.fixture(scope="session")
def demo_clinic_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo clinic (dated from today), loaded once per test process for every test folder
    that copies it: loading it takes seconds, copying the file does not. Read it only by copy."""
    from nmt_desktop.services.demo import load_demo_clinic

    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    database = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
    try:
        load_demo_clinic(database)
    finally:
        database.close()  # also folds the WAL back into the file: one file is the whole clinic
    return path


def open_empty_copy(template: Path, url: str) -> Database:
    """Open a fresh copy of the empty template at `url` (a SQLite URL of a file not yet made)."""
    path = Path(url.removeprefix("sqlite:///"))
    if path.exists():
        raise FileExistsError(f"{path} exists already: the empty copy would replace it")
    shutil.copyfile(template, path)
    return Database.open(url)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb found); storage tests ran on SQLite")
    with running_server() as url:
        yield url


def _fresh_postgres_database(server_url: str) -> str:
    name = f"nmt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'chart.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a storage test on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'chart.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return _fresh_postgres_database(server)


@pytest.fixture
def db(sqlite_url: str, empty_database_template: Path) -> Iterator[Database]:
    database = open_empty_copy(empty_database_template, sqlite_url)
    yield database.signed_in_as(TEST_OWNER)
    database.close()


@pytest.fixture(scope="session")
def postgres_empty_template(postgres_server: str) -> str:
    """The name of a new, empty database on this process's server, made once: every migration
    runs on it, then `any_db` clones it (CREATE DATABASE ... TEMPLATE) instead."""
    url = _fresh_postgres_database(postgres_server)
    Database.open(url).close()  # no connection may stay open on a template being cloned
    return url.rsplit("/", 1)[1]


def _replace_with_clone(server_url: str, database_url: str, template: str) -> None:
    """Make the still unused, empty database of `database_url` a copy of `template`."""
    name = database_url.rsplit("/", 1)[1]
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()


@pytest.fixture
def any_db(request: pytest.FixtureRequest, any_db_url: str,
           empty_database_template: Path) -> Iterator[Database]:
    """`any_db_url` opened: on SQLite a copy of the empty file, on PostgreSQL a clone of the
    empty database; either way the same schema every migration makes, without running them."""
    if any_db_url.startswith("sqlite:///"):
        database = open_empty_copy(empty_database_template, any_db_url)
    else:
        _replace_with_clone(request.getfixturevalue("postgres_server"), any_db_url,
                            request.getfixturevalue("postgres_empty_template"))
        database = Database.open(any_db_url)
    yield database.signed_in_as(TEST_OWNER)
    database.close()


@pytest.fixture(scope="session")
def tls_postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    """One more throwaway server: TLS only (a self-signed clinic CA), passwords required."""
    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb found)")
    files = make_tls_files(tmp_path_factory.mktemp("tls"))
    password = uuid.uuid4().hex
    with running_server(password, ServerTls(files.server_certificate, files.server_key)) as url:
        yield TlsServer(url, password, files)
