"""TLS with a clinic's own CA (sslmode=verify-full), and signing in with one's server login.

One throwaway server speaks only TLS, with a certificate for "localhost" signed by a CA made
for the test, and wants a password for every login (conftest.py `tls_postgres_server`).
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from nmt_desktop.db.errors import DatabaseAccessDeniedError, DatabaseRefusedError
from nmt_desktop.db.write_failures import FailureKind, classify_write_failure
from nmt_desktop.domain.access import AuthMethod, Role
from nmt_desktop.domain.errors import NotAllowedError
from nmt_desktop.services.clinic_server import add_server_user, init_server, sign_in_to_server
from tests.conftest import TlsServer

pytestmark = pytest.mark.postgres
PASSWORD = "a long clinic password"


def _verified(server: TlsServer, host: str = "localhost", database: str | None = None) -> str:
    """The URL a laptop uses: verify-full against the clinic's CA, no password in it."""
    parsed = make_url(server.url)
    name = database or parsed.database
    ca = quote(str(server.files.ca_certificate))
    return (f"postgresql+psycopg://{parsed.username}@{host}:{parsed.port}/{name}"
            f"?sslmode=verify-full&sslrootcert={ca}&hostaddr=127.0.0.1")


@pytest.fixture(scope="module")
def clinic(tls_postgres_server: TlsServer) -> tuple[str, dict[str, str]]:
    url = _verified(tls_postgres_server)
    init_server(url, tls_postgres_server.superuser_password)
    suffix = uuid.uuid4().hex[:6]
    logins = {"therapist": f"thea_{suffix}", "front_desk": f"finn_{suffix}"}
    for role, login in logins.items():
        add_server_user(url, tls_postgres_server.superuser_password, login, Role(role),
                        PASSWORD, login.split("_")[0].title())
    return url, logins


def test_verify_full_with_the_clinic_ca_and_the_right_host_name_connects(
        clinic: tuple[str, dict[str, str]]) -> None:
    url, logins = clinic
    db = sign_in_to_server(url, logins["therapist"], PASSWORD)
    try:
        with db.reading() as orm:
            assert orm.scalar(text("SELECT ssl FROM pg_stat_ssl WHERE pid = "
                                   "pg_backend_pid()")) is True
    finally:
        db.close()


def test_a_wrong_host_name_is_refused_in_one_clear_line(
        tls_postgres_server: TlsServer, clinic: tuple[str, dict[str, str]]) -> None:
    url = _verified(tls_postgres_server, host="wrong.example")
    with pytest.raises(DatabaseAccessDeniedError) as refused:
        sign_in_to_server(url, clinic[1]["therapist"], PASSWORD)
    message = str(refused.value)
    assert "\n" not in message
    assert "TLS certificate was not accepted" in message
    assert 'does not match host name "wrong.example"' in message
    assert PASSWORD not in message


def test_a_connection_without_tls_is_refused(tls_postgres_server: TlsServer,
                                             clinic: tuple[str, dict[str, str]]) -> None:
    plain = clinic[0].replace("sslmode=verify-full", "sslmode=disable")
    with pytest.raises(DatabaseRefusedError):
        sign_in_to_server(plain, clinic[1]["therapist"], PASSWORD)


def test_signing_in_gives_the_same_person_object_as_on_a_laptop(
        clinic: tuple[str, dict[str, str]]) -> None:
    url, logins = clinic
    db = sign_in_to_server(url, logins["therapist"].upper(), PASSWORD)
    try:
        person = db.person
        assert (person.user_name, person.role, person.authenticated_by) == (
            logins["therapist"], Role.THERAPIST, AuthMethod.SERVER_LOGIN)
        assert person.therapist_uid is not None
        with db.reading() as orm:
            assert orm.scalar(text("SELECT current_user")) == logins["therapist"]
    finally:
        db.close()


def test_a_wrong_password_is_a_refused_login_and_never_echoed(
        clinic: tuple[str, dict[str, str]]) -> None:
    url, logins = clinic
    with pytest.raises(DatabaseAccessDeniedError) as refused:
        sign_in_to_server(url, logins["therapist"], "not-the-password")
    assert "refused the login" in str(refused.value)
    assert "not-the-password" not in str(refused.value)


def test_a_login_without_an_account_is_not_signed_in(
        tls_postgres_server: TlsServer, clinic: tuple[str, dict[str, str]]) -> None:
    url, _ = clinic
    stray = f"stray_{uuid.uuid4().hex[:6]}"
    from sqlalchemy import create_engine

    admin = create_engine(url, connect_args={"password": tls_postgres_server.superuser_password})
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {stray} LOGIN PASSWORD 'stray-password' "
                                   "IN ROLE nmt_therapist")
    admin.dispose()
    with pytest.raises(NotAllowedError, match="has no NMT Desktop account"):
        sign_in_to_server(url, stray, "stray-password")


def test_a_permission_error_is_reported_as_such(clinic: tuple[str, dict[str, str]]) -> None:
    url, logins = clinic
    db = sign_in_to_server(url, logins["front_desk"], PASSWORD)
    try:
        with pytest.raises(Exception) as denied, db.reading() as orm:
            orm.execute(text("SELECT * FROM treatment_session"))
        failure = classify_write_failure(denied.value)
        assert failure is not None and failure.kind is FailureKind.PERMISSION
        assert "did not answer" not in failure.sentence
    finally:
        db.close()
