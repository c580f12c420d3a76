"""Shared fixtures: headless Qt, a private data folder, a fresh database per test.

The offscreen platform is set here, before anything imports Qt, so `pytest` works the same on a
laptop, over SSH and in CI without anyone exporting variables by hand.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must never touch a real chart in the user's data folder.
os.environ["NMT_DATA_DIR"] = tempfile.mkdtemp(prefix="nmt-test-data-")
os.environ.pop("NMT_DATABASE_URL", None)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from nmt_desktop.db.database import Database  # noqa: E402
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
def db(sqlite_url: str) -> Iterator[Database]:
    database = Database.open(sqlite_url)
    yield database.signed_in_as(TEST_OWNER)
    database.close()


@pytest.fixture
def any_db(any_db_url: str) -> Iterator[Database]:
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
