"""A clinic on the TLS-only, password-only test server, as the laptops reach it.

`tls_postgres_server` (conftest.py) wants a password for every login and refuses TCP without
TLS, so a password that is checked anywhere but by that server, or a connection that drops
the URL's TLS options, fails here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from nmt_desktop.domain.access import Role
from nmt_desktop.services.clinic_server import add_server_user, init_server
from tests.conftest import TlsServer

PASSWORD = "a long clinic password"


@dataclass(frozen=True)
class TlsClinic:
    url: str  # verify-full against the clinic's CA; the IT person's login, no password in it
    superuser_password: str
    therapist: str
    owner: str


def verified_url(server: TlsServer, database: str | None = None, host: str = "localhost") -> str:
    """The URL a laptop uses: verify-full against the clinic's CA, no password in it."""
    parsed = make_url(server.url)
    ca = quote(str(server.files.ca_certificate))
    return (f"postgresql+psycopg://{parsed.username}@{host}:{parsed.port}/"
            f"{database or parsed.database}?sslmode=verify-full&sslrootcert={ca}"
            "&hostaddr=127.0.0.1")


def make_tls_clinic(server: TlsServer) -> TlsClinic:
    """A fresh database set up by `server init`, with one therapist and one owner login."""
    name = f"nmt_{uuid.uuid4().hex[:12]}"
    run_as_superuser(server, verified_url(server), f'CREATE DATABASE "{name}"')
    url = verified_url(server, name)
    init_server(url, server.superuser_password)
    suffix = uuid.uuid4().hex[:6]
    clinic = TlsClinic(url, server.superuser_password, f"tina_{suffix}", f"otto_{suffix}")
    add_server_user(url, server.superuser_password, clinic.therapist, Role.THERAPIST, PASSWORD,
                    "Tina Therapist")
    add_server_user(url, server.superuser_password, clinic.owner, Role.OWNER, PASSWORD,
                    "Otto Owner")
    return clinic


def run_as_superuser(server: TlsServer, url: str, *statements: str) -> list[tuple[object, ...]]:
    """Run `statements` as the server's superuser (autocommit); the last one's rows."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT",
                           connect_args={"password": server.superuser_password})
    rows: list[tuple[object, ...]] = []
    try:
        with engine.connect() as connection:
            for statement in statements:
                result = connection.exec_driver_sql(statement)
                rows = [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()
    return rows
